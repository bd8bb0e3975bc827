"""Putting things right as the Ombudsman would, and the complaint file the Ombudsman asks for.

* The landlord's policies as dated versions (complaints policy, compensation policy with its rates),
  so the complaint file shows what was in force on the day of each step.
* Failures the handler found on a complaint, and the handler's decision on the calculator's
  proposal for each: accepted, or departed from with a recorded reason. Accepting agrees a remedy
  through ``putright.complaints.services.agree_remedy`` (2024 7.3); the decision keeps its number.
* Staff-only notes, which the complaint file includes only when asked.
* Each complaint file produced, with its hashes (an audit record; the complaint's history is not
  touched: producing a file is not a step under the Code).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from putright.code.compensation import Basis
from putright.complaints.models import Complaint

BASIS_CHOICES = [
    (Basis.PER_DAY.value, "Per day"),
    (Basis.PER_WEEK.value, "Per week"),
    (Basis.EACH.value, "Each time"),
    (Basis.JUDGEMENT.value, "Judgement (no defined sum)"),
]


def policy_path(instance: PolicyVersion, filename: str) -> str:
    return f"policies/{instance.kind}/{instance.effective_from:%Y-%m-%d}-{filename}"


class PolicyVersion(models.Model):
    """One dated version of one of the landlord's policies. A version is in force from its date
    until the next version of the same policy takes effect."""

    class Kind(models.TextChoices):
        COMPLAINTS = "complaints", "Complaints policy"
        COMPENSATION = "compensation", "Compensation policy"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=50, help_text="The landlord's own version label, e.g. 3.1")
    effective_from = models.DateField()
    summary = models.TextField(blank=True, help_text="What the policy says, or what changed in this version")
    document = models.FileField(upload_to=policy_path, blank=True, max_length=300)
    document_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="one_policy_version_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version} (from {self.effective_from:%-d %B %Y})"


class CompensationRate(models.Model):
    """One line of the landlord's compensation policy (for example a Right to Repair schedule)."""

    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="rates")
    kind = models.SlugField(
        max_length=60, help_text="The kind of failure: a kind from the Ombudsman's guidance, or your own"
    )
    label = models.CharField(max_length=200)
    basis = models.CharField(max_length=20, choices=BASIS_CHOICES)
    amount_pence = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for judgement")
    rule = models.CharField(
        max_length=300, help_text="The rule in the policy's words, e.g. £20 per missed appointment"
    )

    class Meta:
        ordering = ["policy", "kind"]
        constraints = [models.UniqueConstraint(fields=["policy", "kind"], name="one_rate_a_kind_per_policy")]

    def __str__(self) -> str:
        return f"{self.label}: {self.rule}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.basis == Basis.JUDGEMENT and self.amount_pence is not None:
            raise ValidationError({"amount_pence": "A sum left to judgement has no amount: leave it empty"})
        if self.basis != Basis.JUDGEMENT and not self.amount_pence:
            raise ValidationError({"amount_pence": "Enter the amount in pence, for example 1500 for £15"})


class StaffNote(models.Model):
    """A note for staff only: kept on the case, left out of the complaint file unless asked for."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="staff_notes")
    body = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["complaint", "written_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class FailureFound(models.Model):
    """A failure the handler found: what, from when to when, how many (2024 7.1, 7.2)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="failures_found")
    number = models.PositiveSmallIntegerField()
    kind = models.SlugField(max_length=60)
    description = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    days = models.PositiveIntegerField(null=True, blank=True)
    weeks = models.PositiveIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [models.UniqueConstraint(fields=["complaint", "number"], name="one_failure_number")]

    def __str__(self) -> str:
        return f"{self.complaint_id} failure {self.number}: {self.kind}"


class RemedyDecision(models.Model):
    """The handler's decision on the calculator's proposal for one failure: the proposal as it was
    (sum, rule, source, workings), what was offered, and the reason for any departure. The remedy it
    agreed is ``Remedy`` number ``remedy_number`` of the complaint."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted the proposal"
        DEPARTED = "departed", "Departed from the proposal"
        JUDGED = "judged", "Sum decided by judgement (no defined sum)"

    failure = models.OneToOneField(FailureFound, on_delete=models.PROTECT, related_name="decision")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="remedy_decisions")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    proposed_pence = models.PositiveIntegerField(null=True, blank=True)
    defined_pence = models.PositiveIntegerField(
        null=True, blank=True, help_text="The Ombudsman's defined sum, where the guidance defines one"
    )
    offered_pence = models.PositiveIntegerField()
    rule = models.TextField()
    source = models.TextField()
    workings = models.TextField()
    provisions = models.CharField(max_length=200)
    departure_reason = models.TextField(blank=True)
    remedy_number = models.PositiveSmallIntegerField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["complaint", "failure__number"]
        indexes = [models.Index(fields=["complaint", "remedy_number"], name="decision_remedy")]

    def __str__(self) -> str:
        return f"{self.failure}: {self.get_decision_display()}"

    @property
    def below_defined_sum(self) -> bool:
        return self.defined_pence is not None and self.offered_pence < self.defined_pence


def file_path(instance: ComplaintFileProduced, filename: str) -> str:
    return f"ombudsman-files/{instance.complaint.reference}/{filename}"


class ComplaintFileProduced(models.Model):
    """Each time the Ombudsman's complaint file was produced for a complaint, by whom, with what."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="ombudsman_files")
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    produced_at = models.DateTimeField(default=timezone.now)
    staff_notes_included = models.BooleanField(default=False)
    #: the references of the other complaints the file names (linked by new issues, 2024 6.8: named
    #: only where its producer may open them): it is served only to a reader who may open them all
    complaints_named = models.JSONField(default=list, blank=True)
    pdf_sha256 = models.CharField(max_length=64)
    zip_sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField()
    letters = models.PositiveIntegerField()
    originals = models.PositiveIntegerField()
    pdf = models.FileField(upload_to=file_path, max_length=300)
    zip = models.FileField(upload_to=file_path, max_length=300)

    class Meta:
        ordering = ["complaint", "-produced_at"]

    def __str__(self) -> str:
        return f"Complaint file for {self.complaint_id} at {self.produced_at:%Y-%m-%d %H:%M}"


class OmbudsmanReminderSent(models.Model):
    """A reminder sent about an Ombudsman case's evidence request or one of its orders, kept so a
    second run never resends it; a new due date is reminded afresh."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence for the Ombudsman due"
        ORDER = "order", "Ombudsman order or recommendation due"

    case = models.ForeignKey("governance.OmbudsmanCase", on_delete=models.CASCADE, related_name="reminders")
    order = models.ForeignKey(
        "governance.OmbudsmanOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due = models.DateField()
    sent_to = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "order", "kind", "due"], name="one_ombudsman_reminder"),
            models.UniqueConstraint(
                fields=["case", "kind", "due"],
                condition=models.Q(order__isnull=True),
                name="one_evidence_reminder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due}"
