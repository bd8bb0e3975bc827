"""Sending a security code to follow a complaint, off the request.

The ``/track/`` page does exactly the same work whether or not the reference and email address belong
together: it queues this task and shows the same page. Only here, in the worker, is the pair looked
up, the code issued (within the send limit) and the email sent, so neither the page's words nor its
timing can tell anyone who has complained."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from putright.portal import access

log = logging.getLogger(__name__)


def code_email(reference: str, issued: access.Issued, base_url: str) -> str:
    link = base_url.rstrip("/") + reverse("portal:track-link", args=[issued.token])
    return (
        f"Your security code to follow complaint {reference} is:\n\n{issued.code}\n\n"
        f"Or use this link: {link}\n\n"
        "The code and the link expire in 15 minutes and can be used once.\n\n"
        "If you did not ask for this, you can ignore this email: nobody can see your complaint without it."
    )


@task()
def send_track_code(reference: str, email: str, base_url: str) -> str:
    """Issue and email a code if ``email`` may follow ``reference``; returns what happened (for the log)."""
    complaint = access.find_complaint(reference, email)
    if complaint is None:
        return "no match"
    try:
        issued = access.issue(complaint, email)
    except access.TooManyCodes:
        log.info("security code for %s not sent: %s already sent in the window", reference, access.MAX_SENDS)
        return "limit"
    EmailMessage(
        subject=f"Your security code for complaint {complaint.reference}",
        body=code_email(complaint.reference, issued, base_url),
        to=[email],
    ).send()
    return "sent"
