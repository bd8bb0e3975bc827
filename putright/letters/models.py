"""Letters: the landlord's templates and letterhead, drafts, issued letters (kept as issued) and their
email deliveries."""

from __future__ import annotations

import re
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from putright.code.letters import KIND_DESCRIPTIONS, LetterKind
from putright.complaints.models import Complaint, Correspondence
from putright.letters.placeholders import problems


def kind_name(kind: str) -> str:
    """The kind as a name: stage1-response is "Stage 1 response"."""
    return re.sub(r"stage(\d)", r"stage \1", kind).replace("-", " ").capitalize()


KIND_CHOICES = [(k.value, kind_name(k.value)) for k in LetterKind]


def _validate_placeholders(value: str) -> None:
    found = problems(value)
    if found:
        raise ValidationError("; ".join(p.message for p in found))


class LetterTemplate(models.Model):
    """The landlord's wording for one kind of letter, with the parts the Code requires marked
    (``[6.9 g] Heading``) and values named by ``{{ placeholders }}`` only (no template code)."""

    kind = models.CharField(max_length=40, choices=KIND_CHOICES, unique=True)
    title = models.CharField(max_length=300, validators=[_validate_placeholders])
    body = models.TextField(validators=[_validate_placeholders])
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return kind_name(self.kind)

    @property
    def description(self) -> str:
        return KIND_DESCRIPTIONS[LetterKind(self.kind)]


class LetterTemplateVersion(models.Model):
    """A template as it was saved: each save adds one, so a letter and the complaint file can show
    the wording in force on a day. Never changed afterwards."""

    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    title = models.CharField(max_length=300)
    body = models.TextField()
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-saved_at", "-id"]
        indexes = [models.Index(fields=["kind", "saved_at"], name="template_version_day")]

    def __str__(self) -> str:
        return f"{kind_name(self.kind)} as saved {self.saved_at:%Y-%m-%d %H:%M}"


def logo_path(instance: LetterheadSettings, filename: str) -> str:
    return f"letters/letterhead/{filename}"


class LetterheadSettings(models.Model):
    """The landlord's letterhead and sign-off, one row (edited at /letters/letterhead/ or in the admin)."""

    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="Leave blank to use the landlord's name"
    )
    address = models.TextField(blank=True, help_text="One line per line of the address")
    phone = models.CharField("Complaints telephone", max_length=40, blank=True)
    email = models.EmailField("Complaints email", blank=True)
    website = models.CharField(max_length=200, blank=True)
    signoff_name = models.CharField("Sign-off name", max_length=200, blank=True)
    signoff_role = models.CharField("Sign-off role", max_length=200, blank=True)
    logo = models.FileField(upload_to=logo_path, blank=True, help_text="PNG or JPEG, shown at the top right")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "letterhead"

    def __str__(self) -> str:
        return self.organisation_name or "Letterhead"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> LetterheadSettings:
        found, _ = cls.objects.get_or_create(pk=1)
        return found


class LetterDraft(models.Model):
    """A letter being written: checked against the Code as often as needed, issued once."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="letter_drafts")
    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    edition = models.CharField(max_length=4)
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    #: the held step this letter tells the resident of: issuing the letter records the step, dated
    #: the day of issue (a step the Code requires to be communicated counts only then)
    pending_step = models.ForeignKey(
        "complaints.PendingStep", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.complaint.reference} {self.kind} draft {self.pk}"

    @property
    def kind_name(self) -> str:
        return kind_name(self.kind)


class ElementConfirmation(models.Model):
    """A person's confirmation that the sentence the Code check relied on for an element it was unsure
    of ("confirm") does what the Code requires. It holds for that sentence only: if the draft changes
    so the check relies on another sentence, the element needs confirming again."""

    draft = models.ForeignKey(LetterDraft, on_delete=models.CASCADE, related_name="confirmations")
    element = models.CharField(max_length=40)
    evidence = models.TextField(help_text="The sentence the check relied on, as confirmed")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["draft", "confirmed_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["draft", "element", "evidence"], name="confirmation_once")
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} {self.element} confirmed"


class LetterIsIssued(Exception):
    """Raised on any attempt to change or remove an issued letter (2024 5.12: a full record)."""


class IssuedLetterQuerySet(models.QuerySet["IssuedLetter"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise LetterIsIssued("an issued letter cannot be changed")

    def delete(self) -> NoReturn:
        raise LetterIsIssued("an issued letter cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LetterIsIssued("an issued letter cannot be changed")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LetterIsIssued("an issued letter cannot be changed")


def issued_path(instance: IssuedLetter, filename: str) -> str:
    return f"letters/{instance.complaint.reference}/{filename}"


class IssuedLetter(models.Model):
    """A letter as it was issued: the text, HTML, PDF and DOCX with the SHA-256 of each, and the Code
    check it passed. Never changed, never regenerated: the stored files are what is served."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="issued_letters")
    draft = models.OneToOneField(
        LetterDraft, null=True, blank=True, on_delete=models.PROTECT, related_name="issued"
    )
    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    edition = models.CharField(max_length=4)
    stage = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    addressee = models.CharField(max_length=200)
    preferred_format = models.CharField(max_length=20, blank=True)
    source = models.TextField(help_text="The letter as checked, with its Code markers")
    rendered_html = models.TextField()
    rendered_text = models.TextField()
    html_sha256 = models.CharField(max_length=64)
    text_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to=issued_path, max_length=300)
    pdf_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to=issued_path, max_length=300)
    docx_sha256 = models.CharField(max_length=64)
    check_result = models.JSONField()
    response_date_given = models.DateField(
        null=True,
        blank=True,
        help_text="The response date an acknowledgement letter gives the resident: the Code's date, or "
        "sooner (2024 6.3, 6.14). Empty if it gives none (e.g. 'within 10 working days').",
    )
    correspondence = models.OneToOneField(
        Correspondence, null=True, blank=True, on_delete=models.PROTECT, related_name="issued_letter"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)

    objects = IssuedLetterQuerySet.as_manager()

    class Meta:
        ordering = ["complaint", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.reference} {self.kind} issued {self.issued_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise LetterIsIssued("an issued letter cannot be changed once issued")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise LetterIsIssued("an issued letter cannot be deleted")

    @property
    def kind_name(self) -> str:
        return kind_name(self.kind)

    @property
    def confirmed_elements(self) -> list[dict[str, str]]:
        """The elements the Code check was unsure of that a person confirmed before the letter was
        issued (label, provision, by, at: the check result as issued): "Code check passed" alone
        would say the check found what a person vouched for."""
        elements = (self.check_result or {}).get("elements") or []
        return [
            {
                "element": str(e.get("element") or ""),
                "label": str(e.get("label") or e.get("element") or ""),
                "provision": str(e.get("provision") or ""),
                "by": str(e["confirmed_by"]),
                "at": str(e.get("confirmed_at") or ""),
            }
            for e in elements
            if isinstance(e, dict) and e.get("confirmed_by")
        ]


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    #: not to be sent: the step its letter told of was discarded before the email went
    CANCELLED = "cancelled", "Cancelled"


#: an email not (yet) sent, that may still go: stopped when the letter is no longer to be emailed
UNSENT = (DeliveryStatus.QUEUED, DeliveryStatus.FAILED)


class LetterDelivery(models.Model):
    """Sending an issued letter by email (SMTP, or GOV.UK Notify): every attempt counted, the last
    error kept and shown on the case until a retry succeeds."""

    letter = models.ForeignKey(IssuedLetter, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=20, default="email")
    provider = models.CharField(max_length=20, default="smtp")
    to = models.CharField(max_length=254)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_reference = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "letter deliveries"
        ordering = ["letter", "created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["status", "next_attempt_at"], name="letter_delivery_due")]

    def __str__(self) -> str:
        return f"{self.letter} to {self.to}: {self.status}"


class LetterPosting(models.Model):
    """The day a letter issued for printing (no email address recorded) was posted or handed to the
    resident: the day they were sent it (2024 5.12). A step the letter tells the resident of counts
    from this day, not the day the PDF was made: until it is recorded, the step waits."""

    class How(models.TextChoices):
        POST = "post", "Posted"
        HAND = "hand", "Handed to the resident"

    letter = models.OneToOneField(IssuedLetter, on_delete=models.PROTECT, related_name="posting")
    how = models.CharField(max_length=10, choices=How.choices, default=How.POST)
    sent_on = models.DateField()
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.letter} {self.get_how_display().lower()} {self.sent_on:%Y-%m-%d}"


class ResponseDateInTextSent(models.Model):
    """The response date an acknowledgement sent to the resident another way gave them: an email or
    letter from another system, its text kept as correspondence (2024 5.12), read by the same Code
    check as a PutRight letter when the step is recorded. A letter may promise the response sooner
    than the Code's limit (2024 6.3, 6.14: "within"), and the landlord keeps to what it told the
    resident however it told them: the case, the queue and "My work today" keep this date beside
    the Code's as they keep an issued letter's (``IssuedLetter.response_date_given``). Before, a
    promise made in another system's letter was on the record only as text, and the case looked
    as timely as the Code's date when the resident had been told to expect the response sooner.

    Where the check reads no date, or the wrong one, a person who reads the text records the date it
    gave (``putright.workspace.promised_dates``, by the rules of ``putright.code.promises``): the row
    then holds their date, or none if the text gave none sooner than the Code's, with who recorded
    it, and the amendment on the case's timeline keeps what it replaced and why."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    #: the stage whose response the acknowledgement promised
    stage = models.PositiveSmallIntegerField()
    correspondence = models.OneToOneField(
        Correspondence, on_delete=models.PROTECT, related_name="response_date_given"
    )
    #: ``None``: a person who read the text recorded that it gave no response date sooner than the
    #: Code's (``recorded_by``), where PutRight had read one; the lists then keep to the Code's date
    response_date_given = models.DateField(null=True, blank=True)
    #: the day the resident was sent it (the step's day)
    sent_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    #: the person who recorded the date from the text (``workspace.promised_dates``), each change an
    #: amendment on the case's timeline saying what it replaced and why; ``None``: read by PutRight
    #: when the step was recorded
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["complaint", "sent_on", "id"]
        indexes: ClassVar = [
            models.Index(fields=["complaint", "response_date_given"], name="response_date_in_text_sent")
        ]

    def __str__(self) -> str:
        given = f"{self.response_date_given:%Y-%m-%d}" if self.response_date_given else "none"
        return f"{self.complaint_id} stage {self.stage} response by {given}"
