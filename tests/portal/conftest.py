"""The online form's answers, a media root per test and mail kept in memory."""

from __future__ import annotations

import re
from typing import Any

import pytest
from complaints.conftest import build, handler_1, handler_2, officer, resident
from django.core import mail

from putright.complaints.models import Complaint

__all__ = ["build", "handler_1", "handler_2", "officer", "resident"]

ANSWERS: dict[str, str] = {
    "what_happened": "The bathroom extractor fan has not worked since March. I reported it twice.",
    "wanted_outcome": "Fix the fan and treat the mould on the ceiling.",
    "on_behalf": "self",
    "resident_name": "Rita Resident",
    "resident_email": "rita@example.org",
    "resident_phone": "07700 900123",
    "address": "4 Elm Road",
    "postcode": "AB1 2CD",
    "preferred_contact_method": "email",
    "preferred_format": "large_print",
    "language": "",
    "adjustments": "Please call after 2pm; I need letters in large print.",
    "disability": "Partial sight",
}

REPRESENTATIVE: dict[str, str] = {
    "on_behalf": "other",
    "representative_name": "Dan Resident",
    "representative_relationship": "Son",
    "representative_email": "dan@example.org",
    "representative_phone": "",
    "consent": "on",
    "consent_how": "My mother is with me and asked me to do this",
}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Security codes are sent by a queued task (putright/portal/tasks.py); run it in the request here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def answers() -> dict[str, str]:
    return dict(ANSWERS)


def sent(client: Any, answers: dict[str, str]) -> Complaint:
    """The complaint the online form makes from ``answers``."""
    assert client.post("/complain/", answers).status_code == 302
    return Complaint.objects.select_related("resident", "representative").latest("pk")


def sign_in(client: Any, complaint: Complaint, email: str) -> None:
    """Sign in at /track/ with ``email`` and the code emailed to it."""
    client.post("/track/", {"reference": complaint.reference, "email": email})
    code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE)
    assert code is not None
    response = client.post("/track/code/", {"code": code.group(1)})
    assert response["Location"] == "/track/complaint/"
