"""The case page's view of emails read by intake: what of each message was held back or could not
be kept as sent (with the reason), and the emails that may be about this complaint."""

from __future__ import annotations

from django import template
from django.db.models import Q

from putright.complaints.models import Complaint
from putright.intake.models import InboundEmail
from putright.workspace.presence import known_absent

register = template.Library()


@register.inclusion_tag("intake/case_emails.html")
def email_intake_notes(complaint: Complaint) -> dict[str, object]:
    if known_absent(complaint, "emails"):  # the case page asked first: no email read for it
        return {"complaint": complaint, "emails": []}
    emails = (
        InboundEmail.objects.filter(Q(complaint=complaint) | Q(possibly_about=complaint))
        .select_related("complaint", "possibly_about", "possible_duplicate_of__complaint")
        .order_by("read_at", "id")
    )
    shown = [
        email for email in emails if email.notes or email.possibly_about_id or email.possible_duplicate_of_id
    ]
    return {"complaint": complaint, "emails": shown}
