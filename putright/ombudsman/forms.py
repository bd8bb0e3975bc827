"""Forms for failures found, the decision on the proposal, staff-only notes and the complaint file."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.code.compensation import Rate
from putright.web.dates import DateInputField
from putright.web.widgets import Textarea

MAX_PENCE = 100_000_000


def _date(label: str, help_text: str = "") -> DateInputField:
    return DateInputField(label=label, required=False, help_text=help_text)


def _whole(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=3660,
        help_text=help_text,
        error_messages={"invalid": f"Enter {label.lower()} as a whole number"},
    )


class FailureForm(forms.Form):
    kind = forms.ChoiceField(label="What went wrong", error_messages={"required": "Choose what went wrong"})
    description = forms.CharField(
        label="Details", required=False, max_length=2000, widget=Textarea(attrs={"rows": 3})
    )
    started_on = _date("From", "The first day of the failure")
    ended_on = _date(
        "To", "The last day of the failure; days are counted from the first to the last, both included"
    )
    days = _whole("Days", "Only if you did not give the dates")
    weeks = _whole("Weeks", "For weekly sums, if you did not give the dates")
    count = _whole("How many times", "For example, how many appointments were missed")

    def __init__(self, *args: Any, rates: tuple[Rate, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Choose")] + [(r.kind, f"{r.label} ({r.rule})") for r in rates]


class DecisionForm(forms.Form):
    """The remedy's what, by when and agreement (2024 7.3); offers per failure come as
    ``offer-<n>`` (pounds) and ``reason-<n>`` fields, read by the view."""

    what = forms.CharField(
        label="What will happen",
        required=False,
        max_length=2000,
        help_text="Added before the list of sums, e.g. how the payment will be made",
        widget=Textarea(attrs={"rows": 2}),
    )
    due = DateInputField(label="Date it will be paid by")
    agreed_with_resident = forms.BooleanField(label="Agreed with the resident", required=False)


class StaffNoteForm(forms.Form):
    body = forms.CharField(
        label="Staff-only note",
        max_length=10000,
        widget=Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the note"},
    )


class ComplaintFileForm(forms.Form):
    include_staff_notes = forms.BooleanField(
        label="Include staff-only notes",
        required=False,
        help_text="Left out unless you tick this",
    )


def correction_reason() -> forms.CharField:
    """Why a date already recorded on an Ombudsman case is changed: asked only then (2024 9.7 c, the
    case's history keeps what was recorded before, and why it changed)."""
    return forms.CharField(
        label="Why is a date already recorded being changed?",
        help_text="Only needed when you change a date already recorded. The earlier date stays in "
        "the case's history.",
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 2}),
    )


class EvidenceRequestForm(forms.Form):
    """What the Ombudsman asked for evidence by, and when (2024 9.7 c)."""

    requested_on = DateInputField(label="Date the Ombudsman asked")
    due = DateInputField(label="Date the evidence is due")
    reason = correction_reason()


class EvidenceSentForm(forms.Form):
    sent_on = DateInputField(label="Date the evidence was sent")
    reason = correction_reason()


class ComplianceSentForm(forms.Form):
    sent_on = DateInputField(label="Date the evidence of compliance was sent")
