"""The residents' forms, in plain English, with GOV.UK error messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from putright.complaints.models import ContactMethod, Format
from putright.intake.filecheck import ACCEPT_ATTRIBUTE, ACCEPTED_LABEL, MAX_LABEL, FileRefused, check_file
from putright.web.dates import conditional
from putright.web.widgets import Textarea

MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``MAX_FILES`` photos or documents, each checked by its content (``filecheck``)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"multiple": True, "accept": ACCEPT_ATTRIBUTE})

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Select up to {MAX_FILES} files")
        problems = []
        for upload in files:
            try:
                check_file(upload.name or "", upload.size or 0, upload.file)
            except FileRefused as refused:
                problems.append(str(refused))
        if problems:
            raise forms.ValidationError(problems)
        return files


def _text(label: str, *, required: bool = True, help_text: str = "", max_length: int = 200, **kw: Any) -> Any:
    field = forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length, **kw)
    field.error_messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return field


class ComplaintForm(forms.Form):
    """Everything the online form asks, in the order a resident thinks about it."""

    # ---- what happened ---------------------------------------------------------------------------
    what_happened = forms.CharField(
        label="What happened?",
        help_text="Tell us what went wrong, when it started and anything you have already told us. "
        "You do not need to use the word 'complaint'.",
        widget=Textarea(attrs={"rows": 8}),
        max_length=10_000,
        error_messages={"required": "Tell us what happened"},
    )
    wanted_outcome = forms.CharField(
        label="What would you like us to do to put things right?",
        help_text="For example, finish a repair by a date, an apology, or compensation.",
        widget=Textarea(attrs={"rows": 4}),
        max_length=5_000,
        error_messages={"required": "Tell us what you would like us to do"},
    )
    attachments = AttachmentsField(
        label="Photos or documents",
        help_text=f"{ACCEPTED_LABEL}. Each file must be smaller than {MAX_LABEL}.",
    )

    # ---- who it is for ---------------------------------------------------------------------------
    on_behalf = forms.ChoiceField(
        label="Who is this complaint for?",
        choices=[("self", "Me, I am the resident"), ("other", "Someone else: I am their representative")],
        widget=forms.RadioSelect,
        initial="self",
        error_messages={"required": "Select who this complaint is for"},
        help_text="A relative, friend, advocate, councillor or MP can make a complaint for a resident if "
        "they have agreed, and can come with them, or for them, to any meeting with us.",
    )

    # ---- a representative (2024 3.6) -------------------------------------------------------------
    # asked under "Someone else" only, and needed there (:meth:`clean`): not labelled "(optional)";
    # declared here, before the resident's details, as the page shows them (the error summary lists
    # errors in this order)
    representative_name = conditional(_text("Your full name", required=False))
    representative_relationship = conditional(
        _text(
            "Your relationship to the resident",
            required=False,
            max_length=100,
            help_text="For example, daughter, support worker, advocate, councillor or MP.",
        )
    )
    representative_email = forms.EmailField(
        label="Your email address",
        required=False,
        error_messages={"invalid": "Enter your email address in the correct format, like name@example.com"},
    )
    representative_phone = _text("Your telephone number", required=False, max_length=40)
    # needed when they ask for letters (:meth:`clean`): where letters to them go (2024 3.6)
    representative_address = conditional(
        _text(
            "Your postal address",
            required=False,
            max_length=300,
            help_text="If you would like letters: the address to write to you at, including the postcode.",
            widget=Textarea(attrs={"rows": 3}),
        )
    )
    consent = forms.BooleanField(
        label="The resident has agreed that I can make this complaint for them",
        required=False,
        help_text="If you cannot confirm this yet, send the complaint anyway: we will ask the resident.",
    )
    consent_how = conditional(
        _text(
            "How did the resident agree?",
            required=False,
            max_length=1000,
            help_text="If you ticked the box: for example, 'they are with me now', 'signed letter attached' "
            "or 'lasting power of attorney'.",
            widget=Textarea(attrs={"rows": 2}),
        )
    )

    # ---- the resident ----------------------------------------------------------------------------
    resident_name = _text(
        "Resident's full name", error_messages={"required": "Enter the resident's full name"}
    )
    resident_email = forms.EmailField(
        label="Resident's email address",
        required=False,
        help_text="We will send the reference number and updates here.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    resident_phone = _text("Resident's telephone number", required=False, max_length=40)
    address = _text("Address of the home", required=False, max_length=300)
    postcode = _text("Postcode", required=False, max_length=10)

    # ---- contact and support (2024 3.1, 5.10) ----------------------------------------------------
    preferred_contact_method = forms.ChoiceField(
        label="How should we contact you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=ContactMethod.EMAIL,
        error_messages={"required": "Select how we should contact you"},
    )
    preferred_format = forms.ChoiceField(
        label="What format would you like our letters in?",
        choices=Format.choices,
        initial=Format.STANDARD,
        error_messages={"required": "Select a format for our letters"},
    )
    language = _text("Language, if not English", required=False, max_length=50)
    adjustments = _text(
        "Do you need us to do anything differently because of a disability, health condition or other need?",
        required=False,
        max_length=2000,
        help_text="For example, calling at a certain time, letters in large print, a longer time to reply, "
        "or meeting at home. We will record what you ask for and keep it under review.",
        widget=Textarea(attrs={"rows": 3}),
    )
    disability = _text(
        "Is there a disability or health condition you would like us to know about?",
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("on_behalf") == "other":
            if not (data.get("representative_name") or "").strip():
                self.add_error("representative_name", "Enter your full name")
            if not (data.get("representative_relationship") or "").strip():
                self.add_error("representative_relationship", "Enter your relationship to the resident")
            # the complaint is logged whether or not the resident's agreement can be confirmed yet
            # (2024 3.6 does not make it a condition); if it has been given, say how
            if data.get("consent") and not (data.get("consent_how") or "").strip():
                self.add_error("consent_how", "Tell us how the resident agreed")
        method = data.get("preferred_contact_method")
        if method == ContactMethod.EMAIL and not (
            data.get("resident_email") or data.get("representative_email")
        ):
            self.add_error(
                "resident_email", "Enter an email address, or choose another way for us to contact you"
            )
        if method in (ContactMethod.PHONE, ContactMethod.TEXT_MESSAGE) and not (
            data.get("resident_phone") or data.get("representative_phone")
        ):
            self.add_error(
                "resident_phone", "Enter a telephone number, or choose another way for us to contact you"
            )
        if method == ContactMethod.LETTER:
            # "How should we contact you?" is the representative's own question when they answer it
            if data.get("on_behalf") == "other":
                if not (data.get("representative_address") or "").strip():
                    self.add_error(
                        "representative_address",
                        "Enter your postal address, or choose another way for us to contact you",
                    )
            elif not (data.get("address") or "").strip():
                self.add_error("address", "Enter the address, or choose another way for us to contact you")
        return data


class FindComplaintForm(forms.Form):
    reference = _text(
        "Reference number",
        max_length=20,
        help_text="This is on the email or letter we sent you, for example PR-000123.",
        error_messages={"required": "Enter your reference number"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="The email address you gave us, or your representative's.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_reference(self) -> str:
        value = str(self.cleaned_data["reference"]).strip().upper().replace(" ", "")
        if value.isdigit():
            value = f"PR-{int(value):06d}"
        return value


class CodeForm(forms.Form):
    code = _text(
        "Security code",
        max_length=12,
        help_text="The 6-digit code in the email we just sent you. It expires after 15 minutes.",
        error_messages={"required": "Enter the security code"},
    )

    def clean_code(self) -> str:
        value = "".join(str(self.cleaned_data["code"]).split())
        if not (value.isdigit() and len(value) == 6):
            raise forms.ValidationError("Enter the 6-digit security code")
        return value


class AddInformationForm(forms.Form):
    message = _text(
        "Your message",
        required=False,
        max_length=10_000,
        widget=Textarea(attrs={"rows": 5}),
        help_text="Anything you want to add or ask.",
    )
    attachments = AttachmentsField(
        label="Photos or documents",
        help_text=f"{ACCEPTED_LABEL}. Each file must be smaller than {MAX_LABEL}.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("message") or "").strip() and not data.get("attachments"):
            self.add_error("message", "Enter a message or choose a file to send")
        return data


class EscalateForm(forms.Form):
    reason = _text(
        "Tell us why you are still unhappy",
        required=False,
        max_length=5_000,
        widget=Textarea(attrs={"rows": 4}),
        help_text="You do not have to give a reason. If you do, it helps us look at what matters to you.",
    )
