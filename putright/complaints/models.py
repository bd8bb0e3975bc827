"""The system of record around the core (``putright.code``).

A complaint's history is its ``ComplaintEvent`` rows: append-only, in order, each the plain data of
one core event (``event_to_data``) with who, when, why and the provision it applied. Everything
else about a complaint's progress (its state, deadlines, stages, remedies...) is a *projection*:
rebuilt from the events by ``putright.complaints.projection.project`` after every step, and by
``putright rebuild`` for all complaints at once. Projections are for queries; the events are the
record (2024 5.12).
"""

from __future__ import annotations

import builtins
import re
import uuid
from datetime import time
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone

from putright.code.exclusions import ExclusionGround
from putright.code.lifecycle import Channel, Outcome, RemedyKind, RemedyWithdrawal, Status


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


CHANNEL_CHOICES = _choices(Channel)
STATUS_CHOICES = _choices(Status)
OUTCOME_CHOICES = _choices(Outcome)
REMEDY_KIND_CHOICES = _choices(RemedyKind)
GROUND_CHOICES = _choices(ExclusionGround)
REMEDY_WITHDRAWAL_CHOICES = [(ground.value, ground.describe) for ground in RemedyWithdrawal]

STATES = (
    "received",
    "service_request",
    "complaint",
    "stage_1_acknowledged",
    "stage_1_responded",
    "escalation_requested",
    "stage_2_acknowledged",
    "stage_2_responded",
    "stage_3_requested",
    "stage_3_acknowledged",
    "stage_3_responded",
    "closed",
    "referred_to_ombudsman",
    "declined",
    "withdrawn",
)
STATE_CHOICES = [(state, state.replace("_", " ").capitalize()) for state in STATES]


# --------------------------------------------------------------------------------------------------
# The landlord and its calendar


class Landlord(models.Model):
    """The landlord's settings: one row (``Landlord.load()``)."""

    name = models.CharField(max_length=200, default="Our landlord")
    homes = models.PositiveIntegerField(default=0, help_text="Number of homes owned or managed")
    edition = models.CharField(
        max_length=4,
        blank=True,
        choices=[("2022", "2022 Code"), ("2024", "2024 Code")],
        help_text="Edition for new complaints; blank means the edition in force on the day received",
    )
    third_stage = models.BooleanField(
        default=False, help_text="A third stage (2022 Code only; the 2024 Code allows two, 5.3)"
    )
    escalation_window_working_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days after a stage 1 response in which residents are asked to escalate"
    )
    time_limit_months = models.PositiveSmallIntegerField(
        default=6,
        help_text=(
            "2022 Code only: the policy's time limit, in months after the issue, for accepting a complaint "
            "(1.8 gives six months as an example; it may not be appropriate to exclude complaints about "
            "safeguarding or health and safety). The 2024 Code sets 12 months (2.3)."
        ),
    )

    class Meta:
        constraints: ClassVar = [models.CheckConstraint(condition=models.Q(id=1), name="landlord_singleton")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> Landlord:
        landlord, _ = cls.objects.get_or_create(pk=1)
        return landlord


class ClosureDay(models.Model):
    """A day the landlord is closed (not a working day for any timescale), beyond bank holidays."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}" + (f" ({self.reason})" if self.reason else "")


# --------------------------------------------------------------------------------------------------
# Homes and people


class Property(models.Model):
    reference = models.CharField(max_length=50, unique=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    area = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        verbose_name_plural = "properties"
        ordering = ["reference"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address_line_1, self.postcode) if part)

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(p for p in (self.address_line_1, self.address_line_2, self.town, self.postcode) if p)


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Telephone"
    TEXT_MESSAGE = "text_message", "Text message"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Format(models.TextChoices):
    """How the resident wants to receive letters (2024 3.1, 5.10)."""

    STANDARD = "standard", "Standard"
    LARGE_PRINT = "large_print", "Large print"
    PLAIN_TEXT = "plain_text", "Plain text"
    EASY_READ = "easy_read", "Easy read"
    EMAIL = "email", "Email"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    TRANSLATED = "translated", "Translated"


class Resident(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.SET_NULL, related_name="residents"
    )
    #: the address the resident (or their representative) gave that matches no home we know: kept as
    #: given, for staff to match to a home (never a property invented from it), and used for letters
    #: until they do (2024 5.12: the record keeps what the resident told us)
    address_given = models.CharField(max_length=300, blank=True)
    postcode_given = models.CharField(max_length=10, blank=True)
    #: blank when the resident has not said (a representative's answer on the residents' form is
    #: the representative's own, 2024 3.6)
    preferred_contact_method = models.CharField(
        max_length=20, choices=ContactMethod.choices, default=ContactMethod.EMAIL, blank=True
    )
    preferred_format = models.CharField(max_length=20, choices=Format.choices, default=Format.STANDARD)
    language = models.CharField(max_length=50, blank=True, help_text="Where letters should be translated")
    support_needs = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @builtins.property  # ``property`` here is the resident's home
    def postal_address(self) -> tuple[str, ...]:
        """Where letters to the resident go: their home, or the address they gave that is not yet
        matched to a home; () when we have neither."""
        home = self.property
        if home is not None:
            return home.address_lines
        return tuple(p for p in (self.address_given, self.postcode_given) if p)

    @builtins.property  # ``property`` here is the resident's home
    def address_unmatched(self) -> bool:
        """Whether the address the resident gave is still to be matched to a home."""
        return self.property_id is None and bool(self.address_given or self.postcode_given)


class Representative(models.Model):
    """Someone the resident has chosen to deal with the complaint for them (2024 3.6, 1.3)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, help_text="e.g. daughter, advocate, councillor, MP")
    contact = models.CharField(max_length=200, blank=True, help_text="Email, telephone or address")
    consent_recorded_on = models.DateField(null=True, blank=True)
    consent_evidence = models.TextField(blank=True, help_text="How the resident's consent was given")
    #: how the representative asked to be contacted, where they said (the residents' form asks the
    #: person filling it in): theirs, never the resident's
    preferred_contact_method = models.CharField(max_length=20, choices=ContactMethod.choices, blank=True)
    #: the representative's own postal address, one line each, where they gave one (the residents'
    #: form asks for it when they want letters): where letters to them go, never the resident's home
    address_given = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship}) for {self.resident}"

    @builtins.property
    def postal_address(self) -> tuple[str, ...]:
        """The lines of the representative's own postal address, () when they gave none."""
        return tuple(line.strip() for line in self.address_given.splitlines() if line.strip())

    @property
    def email(self) -> str:
        """The email address in ``contact``, which is free text ("Email, telephone or address", and the
        residents' form writes ``email / telephone``): the first part that is an email address, or ""."""
        return contact_email(self.contact)

    @property
    def consented(self) -> bool:
        """Whether the resident's consent to this person acting for them is recorded (2024 3.6: the
        resident chooses to have a representative). Until it is, nothing about the complaint is sent
        to them, and they cannot follow it on the residents' pages."""
        return self.consent_recorded_on is not None


def contact_email(contact: str) -> str:
    """The first email address in free-text contact details (``"sam@example.org / 07700 900123"``)."""
    for part in re.split(r"[\s,;/<>()]+", contact):
        part = part.strip(".:'\"")
        if "@" in part:
            try:
                validate_email(part)
            except ValidationError:
                continue
            return part
    return ""


class ReasonableAdjustment(models.Model):
    """An agreed reasonable adjustment and any disability disclosed, kept under review (2024 5.10)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="reasonable_adjustments")
    adjustment = models.TextField()
    disclosed_disability = models.TextField(blank=True)
    agreed_on = models.DateField()
    review_due = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    #: when it was entered, so a past self-assessment reads only those on the record then (5.10); null
    #: for one recorded before this was kept (migration 0019): when, the records cannot tell
    recorded_at = models.DateTimeField(default=timezone.now, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-agreed_on"]

    def __str__(self) -> str:
        return self.adjustment[:60]


class ContactRestriction(models.Model):
    """A restriction on contact for unacceptable behaviour: evidenced, proportionate, with regard to
    the Equality Act 2010, and kept under regular review (2024 5.14, 5.15)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="contact_restrictions")
    restriction = models.TextField()
    reason = models.TextField(help_text="The evidence for the restriction (5.14)")
    equality_considerations = models.TextField(
        blank=True, help_text="Regard for the Equality Act 2010 (5.15)"
    )
    starts_on = models.DateField()
    review_due = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.restriction[:60]


class Category(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------------------------------
# The complaint


class Complaint(models.Model):
    """A contact from a resident and, once accepted, a complaint. Fields below the line are kept in
    step with the core ``Case`` by ``project`` after every event; never write them directly."""

    reference = models.CharField(max_length=20, unique=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="complaints")
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    #: the representative who made the complaint for the resident, set at receipt (2024 3.6): what it
    #: says as made is what they told us (5.12), whoever acts for the resident since; ``None`` when the
    #: resident made it
    made_by_representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    property = models.ForeignKey(
        Property, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    #: an address given with this complaint that is on no one's record: the address a contact typed
    #: on the online form, matching no home, when the contact was matched to a known resident
    #: (``records.matching.same_person``). Kept as given, one line each, for staff to decide; the
    #: known resident's home is never replaced by it unasked (2024 5.12)
    address_given = models.TextField(blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    channel = models.CharField(max_length=20, choices=CHANNEL_CHOICES)
    summary = models.TextField()
    edition = models.CharField(max_length=4)
    received_on = models.DateField(db_index=True, help_text="The day the complaint was made (2024 1.5)")
    contact_received_on = models.DateField(
        null=True, blank=True, help_text="The day the contact was first received (a service request's day)"
    )
    #: projected: the day received as first recorded, once it has been corrected (2024 5.12); reports
    #: as at a moment before the correction read it (``governance.facts.received_as_at``)
    received_first_recorded = models.DateField(
        null=True, blank=True, help_text="The day received as first recorded, when it was corrected since"
    )
    about_service_request = models.CharField(max_length=100, blank=True)
    restricted = models.BooleanField(default=False, help_text="Only the named staff may see it")
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_complaints"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # ---- projected from the core Case ----------------------------------------------------------
    state = models.CharField(max_length=30, choices=STATE_CHOICES, default="received", db_index=True)
    status = models.CharField(max_length=30, choices=STATUS_CHOICES, default=Status.RECEIVED.value)
    stage = models.PositiveSmallIntegerField(default=0)
    is_open = models.BooleanField(default=True)
    current_due = models.DateField(null=True, blank=True, db_index=True)
    current_due_provision = models.CharField(max_length=20, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage_1_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage_2_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage_1_acknowledged_on = models.DateField(null=True, blank=True)
    stage_1_responded_on = models.DateField(null=True, blank=True)
    stage_2_acknowledged_on = models.DateField(null=True, blank=True)
    stage_2_responded_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ombudsman_reference = models.CharField(max_length=50, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    #: a step recorded but not yet sent to the resident (a ``PendingStep``): "acknowledgement",
    #: "response", "extension", "decision"; kept by the services that hold and complete steps
    not_yet_sent = models.CharField(max_length=40, blank=True, default="")

    PROJECTED_FIELDS: ClassVar[tuple[str, ...]] = (
        "state",
        "status",
        "stage",
        "is_open",
        "current_due",
        "current_due_provision",
        "handler",
        "stage_1_handler",
        "stage_2_handler",
        "stage_1_acknowledged_on",
        "stage_1_responded_on",
        "stage_2_acknowledged_on",
        "stage_2_responded_on",
        "ended_on",
        "ombudsman_reference",
        "last_event_at",
        "contact_received_on",
        "received_first_recorded",
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["state", "current_due"], name="complaint_state_due"),
            models.Index(fields=["handler", "state"], name="complaint_handler_state"),
            models.Index(fields=["is_open", "current_due"], name="complaint_open_due"),
            # The queue's count of contacts already late if they are complaints (waiting for triage,
            # by the day received, 2024 6.2) from the index alone, not by reading each waiting
            # contact's row to see whether it is restricted (100,000 complaints on SQLite: 4 -> 0.4 ms;
            # ``id`` for PostgreSQL, where it is not the row's own address as on SQLite)
            models.Index(
                fields=["state", "received_on", "restricted", "is_open", "id"], name="complaint_waiting"
            ),
            # A page of the list or of the (open) queue is found on these alone (order, tie-break,
            # visibility, open), without reading the complaint rows it skips: offset 50,000 of
            # 100,000 in 5-8 ms, not 60-170.
            models.Index(fields=["current_due", "id", "restricted", "is_open"], name="complaint_page_due"),
            models.Index(
                fields=["received_on", "id", "restricted", "is_open"], name="complaint_page_received"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


# --------------------------------------------------------------------------------------------------
# The history: append-only


class HistoryIsAppendOnly(Exception):
    """Raised on any attempt to change or remove a recorded event (2024 5.12: a full record)."""


class ComplaintEventQuerySet(models.QuerySet["ComplaintEvent"]):
    def _fetch_all(self) -> None:
        """Loaded events read with their words (``putright.complaints.personal``): one query for the
        personal texts of all of them. ``iterator()`` and ``values()`` give the stored form."""
        resolve = self._result_cache is None and self._iterable_class is models.query.ModelIterable
        super()._fetch_all()
        if resolve and self._result_cache:
            from putright.complaints.personal import resolve_rows

            resolve_rows(self._result_cache)

    def update(self, **kwargs: Any) -> NoReturn:
        raise HistoryIsAppendOnly("a complaint's events cannot be changed")

    def delete(self) -> NoReturn:
        raise HistoryIsAppendOnly("a complaint's events cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise HistoryIsAppendOnly("a complaint's events cannot be changed")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise HistoryIsAppendOnly("a complaint's events cannot be changed")


class ComplaintEvent(models.Model):
    """One step in a complaint's life: what (``kind`` and ``data``), when (``on``, ``recorded_at``),
    who (``actor``), why (``reason``) and under which provision. Never updated, never deleted:
    the model, its manager and database triggers all refuse."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=40, db_index=True)
    on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField()
    reason = models.TextField(blank=True)
    provision = models.CharField(max_length=20, blank=True)
    # Tamper evidence: SHA-256 of this event's content and the previous event's chain_hash
    # (putright.complaints.history.event_hash); checked by ``putright verify history``.
    chain_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = ComplaintEventQuerySet.as_manager()

    class Meta:
        ordering = ["complaint", "sequence"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["complaint", "sequence"], name="complaint_event_sequence")
        ]
        indexes: ClassVar = [models.Index(fields=["kind", "on"], name="complaint_event_kind_on")]

    def __str__(self) -> str:
        return f"{self.complaint_id} #{self.sequence} {self.kind} on {self.on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise HistoryIsAppendOnly("a complaint's events cannot be changed once recorded")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise HistoryIsAppendOnly("a complaint's events cannot be deleted")


class PersonalText(models.Model):
    """One personal value taken out of an event (``putright.complaints.personal``): the event holds a
    token with this row's id and the value's HMAC under ``key``. Erasure blanks ``value`` and ``key``
    and says when and by whom; the database refuses any other change (migration
    ``0010_s2erase_personal_text``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="personal_texts")
    value = models.TextField(blank=True)
    key = models.CharField(max_length=64, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    erased_by = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "personal text in the history"
        verbose_name_plural = "personal texts in the history"

    def __str__(self) -> str:
        return f"{self.complaint_id} text {self.id.hex[:8]}" + (" (erased)" if self.erased_at else "")


class PendingStep(models.Model):
    """A Code step recorded by staff but not yet sent to the resident.

    Steps the Code requires to be communicated (acknowledgement with the complaint definition,
    responses, extensions, decisions not to accept or escalate) count only once the resident has been
    told, on the day they were told. Until then the step waits here, outside the history, with what
    the handler wrote (``fields``, the step's arguments); issuing its letter (or recording how it was
    sent) decides it again on that day and appends its event. The complaint shows it as "not yet sent"
    and its deadline keeps running."""

    class State(models.TextChoices):
        PENDING = "pending", "Not yet sent"
        SENT = "sent", "Sent"
        REPLACED = "replaced", "Replaced by a later version"
        DISCARDED = "discarded", "Discarded"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="pending_steps")
    step = models.CharField(max_length=40)
    stage = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    fields = models.JSONField(default=dict)
    decided_on = models.DateField()
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    event = models.ForeignKey(
        ComplaintEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["complaint", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.label} ({self.state})"


# --------------------------------------------------------------------------------------------------
# Projections: rebuilt from the events by ``project``; never written anywhere else


class Stage(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handler_ref = models.CharField(max_length=100, blank=True, help_text="The handler as the core knows them")
    escalation_requested_on = models.DateField(null=True, blank=True)
    acknowledgement_due = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    response_due = models.DateField(null=True, blank=True)
    original_response_due = models.DateField(null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=OUTCOME_CHOICES, blank=True)
    complaint_definition = models.TextField(blank=True)
    outcomes_sought = models.TextField(blank=True)
    responsible_for = models.TextField(blank=True)
    not_responsible_for = models.TextField(blank=True)
    response = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["complaint", "number"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["complaint", "number"], name="stage_number")]

    def __str__(self) -> str:
        return f"{self.complaint_id} stage {self.number}"


class Extension(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="extensions")
    stage = models.PositiveSmallIntegerField()
    granted_on = models.DateField()
    previous_due = models.DateField()
    new_due = models.DateField()
    working_days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    good_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["complaint", "granted_on", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} stage {self.stage} +{self.working_days}"


class Remedy(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="remedies")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=REMEDY_KIND_CHOICES)
    description = models.TextField()
    agreed_on = models.DateField()
    due = models.DateField(db_index=True)
    agreed_with_resident = models.BooleanField(default=False)
    amount_pence = models.PositiveIntegerField(default=0)
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    #: a remedy that will not be carried out, and why (``RemedyWithdrawal``; 2024 7.3)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_ground = models.CharField(
        max_length=30,
        blank=True,
        choices=REMEDY_WITHDRAWAL_CHOICES,
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "remedies"
        ordering = ["complaint", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["complaint", "number"], name="remedy_number")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} remedy {self.number}"


class OutstandingAction(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="outstanding_actions")
    number = models.PositiveSmallIntegerField()
    description = models.TextField()
    owner = models.CharField(max_length=200)
    added_on = models.DateField()
    due = models.DateField(db_index=True)
    completed_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["complaint", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["complaint", "number"], name="outstanding_action_number")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} action {self.number}"


class ExclusionApplied(models.Model):
    """A decision not to accept (or not to escalate) a complaint, on a ground the Code allows."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="exclusions")
    stage = models.PositiveSmallIntegerField()
    ground = models.CharField(max_length=30, choices=GROUND_CHOICES)
    explanation = models.TextField()
    considered_on_merits = models.TextField(blank=True)
    provision = models.CharField(max_length=20)
    applied_on = models.DateField()

    class Meta:
        verbose_name_plural = "exclusions applied"
        ordering = ["complaint", "applied_on"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.ground}"


# --------------------------------------------------------------------------------------------------
# The rest of the full record (2024 5.12): correspondence and documents


class Direction(models.TextChoices):
    IN = "in", "Received"
    OUT = "out", "Sent"


class Party(models.TextChoices):
    RESIDENT = "resident", "Resident"
    REPRESENTATIVE = "representative", "Representative"
    #: an address the resident and their representative share: the record cannot tell which of them
    #: it was, and says so rather than claiming one (2024 5.12)
    RESIDENT_OR_REPRESENTATIVE = "either", "Resident or representative (same address)"
    OTHER = "other", "Other party"


#: the parties who are the resident's side of the complaint: contact with any of them is contact with
#: the resident (2024 5.9 "keep the resident regularly updated"; 3.6 a representative acts for them)
THE_RESIDENTS_SIDE = (Party.RESIDENT, Party.REPRESENTATIVE, Party.RESIDENT_OR_REPRESENTATIVE)


def party_of(complaint: Complaint, address: str) -> Party | None:
    """Who the email address ``address`` is on ``complaint``: the resident, their representative,
    either of them (one address both gave, 2024 5.12), or ``None``."""
    address = address.strip().lower()
    if not address:
        return None
    representative = complaint.representative
    is_resident = address == complaint.resident.email.strip().lower()
    is_representative = representative is not None and address == representative.email.strip().lower()
    if is_resident and is_representative:
        return Party.RESIDENT_OR_REPRESENTATIVE
    if is_resident:
        return Party.RESIDENT
    return Party.REPRESENTATIVE if is_representative else None


#: the time of day a record of correspondence is kept at when only its day was given
NOON = time(12)


class Correspondence(models.Model):
    """A letter, email, call or meeting with the resident or another party (2024 5.12)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="correspondence")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    party = models.CharField(max_length=20, choices=Party.choices, default=Party.RESIDENT)
    correspondent = models.CharField(max_length=200, blank=True, help_text="Who it was to or from")
    channel = models.CharField(max_length=20, choices=CHANNEL_CHOICES)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    occurred_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "correspondence"
        ordering = ["complaint", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.direction} {self.subject or self.channel}"

    @property
    def time_given(self) -> bool:
        """Whether ``occurred_at`` holds a time of day that was known. Something sent another way
        and recorded with its day only is kept at noon exactly (``services._communication``), a
        moment no clock-stamped record falls on to the microsecond: shown with its day alone, not
        "4 December 2026 12:00", a time nobody gave (found in a browser walk)."""
        return timezone.localtime(self.occurred_at).time() != NOON


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"complaints/{instance.complaint.reference}/{instance.sha256[:16]}-{filename}"


class Attachment(models.Model):
    """A supporting document (report, survey, photo, letter) kept with the record (2024 5.12)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    correspondence = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_filename = models.CharField(max_length=255)
    description = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["complaint", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename


class LearningPoint(models.Model):
    """Learning from a complaint beyond its own circumstances, to act on and report (2024 9.1, 9.3)."""

    class Progress(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="learning_points")
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Progress.choices, default=Progress.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["complaint", "created_at"]

    def __str__(self) -> str:
        return self.description[:60]
