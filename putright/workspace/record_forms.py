"""Forms for keeping the record right and talking to the resident (not Code steps): each change asks
why, and every date is the GOV.UK date input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from putright.accounts.models import User
from putright.code.lifecycle import SUMMARY_MOST
from putright.complaints.models import Category, ContactMethod, Format
from putright.web.dates import DateInputField, conditional
from putright.web.widgets import Textarea
from putright.workspace.forms import (
    KnownHomes,
    consent_box,
    consent_evidence_field,
    known_homes_field,
    missing,
    new_home_box,
    summary_bounded,
)
from putright.workspace.models import Vulnerability


def _line(
    label: str, *, required: bool = False, help_text: str = "", max_length: int = 200
) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length)


def _text(
    label: str, *, required: bool = True, help_text: str = "", rows: int = 3, missing: str = ""
) -> forms.CharField:
    """A text area; ``missing`` is the GOV.UK error when it is left empty ("Enter ...")."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=Textarea(attrs={"rows": rows}),
        error_messages={"required": missing} if missing else None,
    )


def _reason(
    help_text: str = "For example: the resident phoned to tell us; it was recorded wrongly",
) -> forms.CharField:
    return _text(
        "Why are you making this change?",
        missing="Enter why you are making this change",
        help_text=help_text,
        rows=2,
    )


class ContactDetailsForm(forms.Form):
    email = forms.EmailField(label="Email address", required=False)
    phone = _line("Phone number", max_length=40)
    preferred_contact_method = forms.ChoiceField(
        label="How do they prefer to be contacted?", widget=forms.RadioSelect, choices=ContactMethod.choices
    )
    reason = _reason()


class AddressForm(KnownHomes):
    home = known_homes_field("Choose the resident's home, or the address below if it is none of these.")
    address_line_1 = _line("Address line 1", required=True)
    address_line_2 = _line("Address line 2")
    town = _line("Town or city", max_length=100)
    postcode = _line("Postcode", required=True, max_length=10)
    new_home = new_home_box(
        "Only if no home we know has this address. Without it, an address that matches no "
        "home is not saved: an address the resident gave stays as given, and one they moved from stays."
    )
    reason = _reason("For example: the resident has moved; the address was recorded wrongly")


class PreferencesForm(forms.Form):
    preferred_format = forms.ChoiceField(
        label="What format do they want letters in?", widget=forms.RadioSelect, choices=Format.choices
    )
    language = _line(
        "Language",
        max_length=50,
        help_text="If letters should be translated, the language. Leave blank for English.",
    )
    reason = _reason()


class ComplaintDetailsForm(KnownHomes):
    category = forms.ModelChoiceField(
        label="Category",
        required=False,
        queryset=Category.objects.filter(active=True),
        empty_label="Not chosen",
    )
    home = known_homes_field("Choose the home it is about, or the address below if it is none of these.")
    address_line_1 = _line(
        "Address line 1 of the home it is about", help_text="Leave blank if it is not about a home"
    )
    postcode = _line("Postcode of the home it is about", max_length=10)
    new_home = new_home_box(
        "Only if no home we know has this address. Without it, an address that matches no home is not "
        "saved, and the complaint's details stay as they were."
    )
    summary = summary_bounded(
        _text(
            "Summary",
            missing="Enter the summary of the complaint",
            rows=6,
            help_text="The resident's own words as first made stay on the record and on their tracking page.",
        ),
        "Summary",
    )
    reason = _reason()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kept = str(self.initial.get("summary") or "")
        if len(kept) > SUMMARY_MOST:
            # a summary saved before the bound is kept as it is while the category or the home is put
            # right: refusing it made staff cut the resident's own words first (helper-120)
            field = self.fields["summary"]
            bound = next(v for v in field.validators if getattr(v, "__name__", "") == "summary_bound")

            def unchanged_or_bounded(text: str) -> None:
                if text.strip() != kept.strip():
                    bound(text)

            field.validators = [v for v in field.validators if v is not bound] + [unchanged_or_bounded]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("address_line_1") or "").strip() and not (data.get("postcode") or "").strip():
            missing(self, "postcode", "Enter the postcode of the home it is about")
        return data


class AdjustmentForm(forms.Form):
    adjustment = _text(
        "What adjustment has been agreed?",
        missing="Enter the adjustment agreed",
        help_text="For example: letters in large print; calls only after 2pm (2024 5.10)",
    )
    disclosed_disability = _text(
        "Disability the resident has disclosed",
        required=False,
        help_text="Only what the resident has told us. Leave blank if none.",
    )
    agreed_on = DateInputField(label="Date agreed")
    review_due = DateInputField(
        label="Date of the first review",
        help_text="Adjustments must be kept under active review (2024 5.10).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("agreed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class AdjustmentReviewForm(forms.Form):
    adjustment = _text(
        "The adjustment as it now stands",
        missing="Enter the adjustment as it now stands",
        help_text="Keep the wording to continue it unchanged, or change it.",
    )
    reviewed_on = DateInputField(label="Date of the review")
    next_review_due = DateInputField(label="Date of the next review", required=False)
    reason = _text(
        "What did the review find?",
        missing="Enter what the review found",
        help_text="For example: spoke to the resident; still needed",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("reviewed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class VulnerabilityForm(forms.Form):
    reason = _text(
        "What is the vulnerability?",
        missing="Enter what the vulnerability is",
        help_text="As the resident told us or as staff assessed it. This reason is shown wherever the "
        "Vulnerable tag is.",
    )
    source = forms.ChoiceField(
        label="Who recorded it?", widget=forms.RadioSelect, choices=Vulnerability.Source.choices
    )


class EndRepresentativeForm(forms.Form):
    reason = _text(
        "Why do they no longer act for the resident?",
        missing="Enter why they no longer act for the resident",
        help_text="For example: the resident withdrew their consent when we called on 3 December",
    )


class RepresentativeForm(forms.Form):
    """Corrections to the details of the person who acts for the resident (2024 3.6)."""

    name = _line("Representative's name", required=True)
    relationship = _line(
        "Relationship to the resident", required=True, help_text="For example daughter, advocate, councillor"
    )
    contact = _line(
        "Representative's contact details",
        help_text="Email, telephone or address. Emails about the complaint go to an email address here",
    )
    preferred_contact_method = forms.ChoiceField(
        label="How do they prefer to be contacted?",
        widget=forms.RadioSelect,
        choices=[*ContactMethod.choices, ("", "They have not said")],
        required=False,
    )
    address_given = _text(
        "Representative's postal address",
        required=False,
        help_text="Their own address, one line each, never the resident's: letters to them go here",
        rows=4,
    )
    reason = _reason("For example: the representative told us their new address; it was recorded wrongly")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the representative's name"
        self.fields["relationship"].error_messages["required"] = (
            "Enter the representative's relationship to the resident"
        )


class AddRepresentativeForm(forms.Form):
    """Someone who now acts for the resident on a complaint that has no representative (2024 3.6)."""

    name = _line("Representative's name", required=True)
    relationship = _line(
        "Relationship to the resident", required=True, help_text="For example daughter, advocate, councillor"
    )
    contact = _line(
        "Representative's contact details",
        help_text="Email, telephone or address. Emails about the complaint go to an email address here "
        "once the resident's consent is recorded",
    )
    consent = consent_box(
        "If not yet, add them anyway: nothing goes to them until the case records the consent"
    )
    consent_evidence = consent_evidence_field()
    reason = _text(
        "Why do they now act for the resident?",
        missing="Enter why they now act for the resident",
        help_text="For example: the resident asked on 4 December for their daughter to deal with it",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the representative's name"
        self.fields["relationship"].error_messages["required"] = (
            "Enter the representative's relationship to the resident"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") and not (data.get("consent_evidence") or "").strip():
            self.add_error(
                "consent_evidence",
                "Say how the resident gave consent (2024 3.6), or untick it and record it when they do",
            )
        if not data.get("consent"):
            data["consent_evidence"] = ""  # evidence without the box ticked is not consent
        return data


conditional(AddRepresentativeForm.base_fields["consent_evidence"])


class EndVulnerabilityForm(forms.Form):
    reason = _text("Why does it no longer apply?", missing="Enter why it no longer applies")


class RestrictionForm(forms.Form):
    restriction = _text(
        "What is the restriction, and how can the resident still contact us?",
        missing="Enter the restriction and how the resident can still contact us",
        help_text="For example: contact by email to one named officer only (2024 5.15)",
    )
    reason = _text(
        "The evidence for the restriction",
        missing="Enter the evidence for the restriction",
        help_text="What happened, when, and how it is recorded (2024 5.14)",
    )
    equality_considerations = _text(
        "How has the Equality Act 2010 been considered?",
        missing="Enter how the Equality Act 2010 has been considered",
        help_text="The resident's needs, any disability, and why the restriction is proportionate (2024 5.15)",
    )
    starts_on = DateInputField(label="Date it starts")
    review_due = DateInputField(
        label="Date of the review", help_text="Restrictions must be kept under regular review (2024 5.14)."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class RestrictionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="What did the review decide?",
        widget=forms.RadioSelect,
        choices=[("continue", "The restriction continues"), ("end", "The restriction ends")],
    )
    reviewed_on = DateInputField(label="Date of the review")
    next_review_due = conditional(
        DateInputField(
            label="Date of the next review", required=False, help_text="Needed if the restriction continues."
        )
    )
    reason = _text(
        "Why?",
        missing="Enter why the review decided this",
        help_text="The evidence considered and why the decision is proportionate",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("reviewed_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") == "continue"
            and not data.get("next_review_due")
            and "next_review_due" not in self.errors
        ):
            self.add_error("next_review_due", "Enter the date of the next review")
        return data


class NoteForm(forms.Form):
    body = _text(
        "Internal note",
        missing="Enter the note",
        rows=5,
        help_text="Seen by staff only: never shown to the resident and never put in a letter.",
    )


class ReplyForm(forms.Form):
    to = forms.EmailField(label="To")
    subject = _line("Subject", required=True, max_length=300)
    body = _text("Message", missing="Enter the message", rows=10)


class ReassignForm(forms.Form):
    """Move one handler's open complaints to another (each still checked against 2024 6.13)."""

    from_handler: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Whose open complaints?", queryset=User.objects.none(), empty_label="Choose a handler"
    )
    to_handler: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Allocate them to", queryset=User.objects.none(), empty_label="Choose a handler"
    )
    reason = _text(
        "Why?",
        missing="Enter why they are being moved",
        help_text="For example: on leave until 12 January",
        rows=2,
    )

    def __init__(self, *args: Any, staff: Any, labels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_handler", "to_handler"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = staff
            field.label_from_instance = lambda obj: f"{obj} ({labels.get(obj.pk, 'no open complaints')})"  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_handler") and data.get("from_handler") == data.get("to_handler"):
            self.add_error(
                "to_handler", "Choose someone other than the handler whose complaints are being moved"
            )
        return data


class ResponseDateGivenForm(forms.Form):
    """The response date an acknowledgement sent another way gave the resident, read from its text
    (``workspace.promised_dates``)."""

    gave = forms.ChoiceField(
        label="What response date did the text give the resident?",
        widget=forms.RadioSelect,
        choices=[
            ("date", "It gave a date"),
            ("none", "It gave no date, or none sooner than the Code's"),
        ],
        error_messages={"required": "Select whether the text gave a date"},
    )
    response_date_given = conditional(
        DateInputField(
            label="The date it gave",
            required=False,
            help_text="Only if it gave a date: the earliest it told the resident to expect the response by.",
        )
    )
    reason = _text(
        "How do you know?",
        missing="Enter how you know the date the text gave",
        help_text="For example: the email says 'by Friday' and was sent on Monday 7 December; the date "
        "PutRight read is the visit's",
        rows=2,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("gave") == "date"
            and not data.get("response_date_given")
            and "response_date_given" not in self.errors
        ):
            self.add_error("response_date_given", "Enter the date the text gave")
        if data.get("gave") == "none":
            # a date half typed before choosing "no date" is not what is recorded
            self.errors.pop("response_date_given", None)
            data["response_date_given"] = None
        return data
