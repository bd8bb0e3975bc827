"""Following a complaint on the complaints website as a resident (or someone claiming to be one)."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from putright.complaints.models import Complaint


def track(email: str, complaint: Complaint) -> Client | None:
    """Follow ``complaint`` with ``email``: the signed-in client, or None when no code was sent to
    that address (the page's answer is the same either way). Needs the locmem mail backend and the
    task queue run in the request."""
    client = Client(REMOTE_ADDR="203.0.113.9")
    sent = len(mail.outbox)
    client.post("/track/", {"reference": complaint.reference, "email": email})
    codes = [m for m in mail.outbox[sent:] if email in m.to]
    if not codes:
        return None
    code = re.search(r"^(\d{6})$", codes[-1].body, re.MULTILINE)
    assert code is not None
    assert client.post("/track/code/", {"code": code.group(1)}).status_code == 302
    return client
