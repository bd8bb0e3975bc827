"""Governance records (2024 Code sections 8 and 9).

The complaint record (``putright.complaints``) is the source of every figure; these models hold what
the complaint record does not: service improvements that answer many complaints (9.1-9.3), the
senior lead's reviews of systemic issues (9.4), the Ombudsman's process after a referral, the
self-assessment with its evidence and approval (8.1-8.4), exceptional circumstances (8.5), reports
as they were run, and the Ombudsman's publications about the landlord (8.1 e, f).

Each row keeps when it was recorded (``recorded_at``), so reports run "as at" a past moment leave out
what was recorded after it.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from putright.complaints.models import Category, Complaint, LearningPoint

# --------------------------------------------------------------------------------------------------
# Learning (9.1-9.4)


class ServiceImprovement(models.Model):
    """A change to services made because of what complaints showed (2024 9.1-9.3, 8.1 d). Linked to
    every complaint that raised it and to the learning points recorded on them."""

    class Progress(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    title = models.CharField(max_length=200)
    description = models.TextField()
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Progress.choices, default=Progress.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="What changed, and how we know")
    complaints = models.ManyToManyField(Complaint, related_name="service_improvements", blank=True)
    learning_points = models.ManyToManyField(LearningPoint, related_name="service_improvements", blank=True)
    reported_to = models.CharField(
        max_length=300, blank=True, help_text="Residents' panel, staff, committees told (9.3)"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class SystemicReview(models.Model):
    """The senior lead's assessment of themes and trends for systemic issues, serious risks and
    policies or procedures to revise (2024 9.4)."""

    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField()
    period_to = models.DateField()
    findings = models.TextField()
    systemic_issues = models.TextField(blank=True)
    serious_risks = models.TextField(blank=True)
    policies_to_revise = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.period_from:%d %b %Y} to {self.period_to:%d %b %Y}"


# --------------------------------------------------------------------------------------------------
# The Ombudsman's process after a referral


class OmbudsmanCase(models.Model):
    """The Housing Ombudsman's handling of a complaint the resident referred. The referral itself is
    an event on the complaint (``refer_to_ombudsman``); this holds what the Ombudsman then did."""

    class Progress(models.TextChoices):
        REFERRED = "referred", "Referred"
        ASSESSMENT = "assessment", "Being assessed"
        INVESTIGATION = "investigation", "Under investigation"
        DETERMINED = "determined", "Determined"
        CLOSED = "closed", "Closed"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="ombudsman_cases")
    reference = models.CharField(max_length=50, blank=True)
    referred_on = models.DateField()
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.REFERRED)
    investigation_started_on = models.DateField(null=True, blank=True)
    determined_on = models.DateField(null=True, blank=True)
    self_assessment_requested = models.BooleanField(
        default=False, help_text="The Ombudsman asked us to review our self-assessment (2024 8.4)"
    )
    evidence_requested_on = models.DateField(null=True, blank=True)
    evidence_due = models.DateField(
        null=True, blank=True, help_text="When the Ombudsman wants our evidence by"
    )
    evidence_sent_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return self.reference or f"Ombudsman case for {self.complaint}"


class OmbudsmanCaseProgress(models.Model):
    """One change to how far the Ombudsman has got with a case, kept as recorded (2024 9.7 c: what
    the governing body is told of the Ombudsman's investigations is what the record said on the day
    it was told). Append-only: the case's own columns are the latest of these, and a figure taken as
    at a past moment reads the latest row recorded by then. A date already recorded that is changed
    carries its reason, and who changed it."""

    case = models.ForeignKey(OmbudsmanCase, on_delete=models.CASCADE, related_name="progress_history")
    progress = models.CharField(max_length=20, choices=OmbudsmanCase.Progress.choices)
    investigation_started_on = models.DateField(null=True, blank=True)
    determined_on = models.DateField(null=True, blank=True)
    evidence_requested_on = models.DateField(null=True, blank=True)
    evidence_due = models.DateField(null=True, blank=True)
    evidence_sent_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True, help_text="Why a date already recorded was changed")
    before_history = models.BooleanField(
        default=False,
        help_text="The case's values as they stood when this history began: what was recorded before "
        "then, and when, is not known",
    )

    #: the values each row keeps, as the case's columns of the same names
    VALUES: ClassVar[tuple[str, ...]] = (
        "progress",
        "investigation_started_on",
        "determined_on",
        "evidence_requested_on",
        "evidence_due",
        "evidence_sent_on",
    )

    class Meta:
        ordering = ["case", "recorded_at", "id"]
        indexes: ClassVar = [models.Index(fields=["case", "recorded_at"], name="gov_omb_progress_case_at")]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_progress_display()} (recorded {self.recorded_at:%d %b %Y %H:%M})"


class Finding(models.TextChoices):
    SEVERE_MALADMINISTRATION = "severe_maladministration", "Severe maladministration"
    MALADMINISTRATION = "maladministration", "Maladministration"
    SERVICE_FAILURE = "service_failure", "Service failure"
    REASONABLE_REDRESS = "reasonable_redress", "Reasonable redress"
    NO_MALADMINISTRATION = "no_maladministration", "No maladministration"
    OUTSIDE_JURISDICTION = "outside_jurisdiction", "Outside jurisdiction"


#: findings that are failures by the landlord
ADVERSE_FINDINGS = (Finding.SEVERE_MALADMINISTRATION, Finding.MALADMINISTRATION, Finding.SERVICE_FAILURE)


class OmbudsmanFinding(models.Model):
    """The Ombudsman's determination on one element of the complaint. A finding about complaint
    handling is a finding of non-compliance with the Code (2024 8.1 c)."""

    case = models.ForeignKey(OmbudsmanCase, on_delete=models.CASCADE, related_name="findings")
    element = models.CharField(max_length=300, help_text="The element of the complaint it is about")
    finding = models.CharField(max_length=30, choices=Finding.choices)
    complaint_handling = models.BooleanField(
        default=False, help_text="About our complaint handling (a finding of non-compliance with the Code)"
    )
    determined_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "determined_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_finding_display()}: {self.element}"


class OmbudsmanOrder(models.Model):
    """An order or recommendation the Ombudsman made, with its due date and evidence of compliance
    (2024 9.7 c)."""

    class Kind(models.TextChoices):
        ORDER = "order", "Order"
        RECOMMENDATION = "recommendation", "Recommendation"

    case = models.ForeignKey(OmbudsmanCase, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORDER)
    description = models.TextField()
    amount_pence = models.PositiveIntegerField(default=0)
    due = models.DateField()
    complied_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    evidence_file = models.FileField(upload_to="ombudsman/evidence/", blank=True, max_length=300)
    evidence_sent_on = models.DateField(
        null=True, blank=True, help_text="When the evidence of compliance was sent to the Ombudsman"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    complied_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class OrderCompliance(models.Model):
    """One record of compliance with an Ombudsman's order or recommendation, kept as recorded (2024
    9.7 c: what the governing body is told of orders complied with is what the record said on the day
    it was told). Append-only: the order's own columns are the latest of these, and a figure taken as
    at a past moment reads the latest row recorded by then. A changed date of compliance carries its
    reason, and who changed it."""

    order = models.ForeignKey(OmbudsmanOrder, on_delete=models.CASCADE, related_name="compliance_history")
    complied_on = models.DateField()
    evidence = models.TextField()
    evidence_file = models.FileField(upload_to="ombudsman/evidence/", blank=True, max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True, help_text="Why a date of compliance already recorded was changed")
    before_history = models.BooleanField(
        default=False,
        help_text="The compliance as it stood when this history began: any earlier compliance recorded "
        "is not known",
    )

    class Meta:
        ordering = ["order", "recorded_at", "id"]
        indexes: ClassVar = [models.Index(fields=["order", "recorded_at"], name="gov_order_compliance_at")]

    def __str__(self) -> str:
        recorded = f"{self.recorded_at:%d %b %Y %H:%M}"
        return f"{self.order}: complied {self.complied_on:%d %b %Y} (recorded {recorded})"


class OmbudsmanPublication(models.Model):
    """The Ombudsman's annual report on the landlord or another publication about it (2024 8.1 e, f)."""

    class Kind(models.TextChoices):
        ANNUAL_LANDLORD_REPORT = "annual_landlord_report", "Annual report on our performance"
        SPECIAL_REPORT = "special_report", "Special report"
        OTHER = "other", "Other publication"

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(help_text="The reporting year it covers (starting April)")
    published_on = models.DateField()
    summary = models.TextField(blank=True)
    file = models.FileField(upload_to="ombudsman/publications/", max_length=300)
    original_filename = models.CharField(max_length=255)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


# --------------------------------------------------------------------------------------------------
# Compliance: changes that prompt a new self-assessment, and exceptional circumstances


class ComplianceTrigger(models.Model):
    """Something after which a new self-assessment is due: a significant restructure, merger or
    change in procedures (2024 8.3), or the Ombudsman asking for a review (8.4)."""

    class Kind(models.TextChoices):
        RESTRUCTURE = "restructure", "Significant restructure"
        MERGER = "merger", "Merger"
        PROCEDURE_CHANGE = "procedure_change", "Change in procedures"
        OMBUDSMAN_REQUEST = "ombudsman_request", "Ombudsman asked for a review"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    on = models.DateField()
    description = models.TextField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%-d %B %Y}"

    @property
    def provision(self) -> str:
        return "2024 8.4" if self.kind == self.Kind.OMBUDSMAN_REQUEST else "2024 8.3"


class ExceptionalCircumstance(models.Model):
    """An incident that stops the landlord complying with the Code (2024 8.5): what the Ombudsman
    and residents were told, and the timescale for returning to compliance."""

    title = models.CharField(max_length=200)
    description = models.TextField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="When compliance was restored")
    return_to_compliance_by = models.DateField(help_text="The timescale given for returning to compliance")
    ombudsman_informed_on = models.DateField()
    told_ombudsman = models.TextField()
    residents_informed_on = models.DateField()
    told_residents = models.TextField()
    published_on = models.DateField(null=True, blank=True, help_text="Published on our website")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


# --------------------------------------------------------------------------------------------------
# The self-assessment (8.1 a) and its approval


class Comply(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


class RecordsShow(models.TextChoices):
    """What the records propose for a provision (``putright.governance.evidence``)."""

    COMPLIANCE = "compliance", "Records show compliance"
    NON_COMPLIANCE = "non_compliance", "Records show non-compliance"
    CANNOT_SHOW = "cannot_show", "Records cannot show this"


class SelfAssessment(models.Model):
    edition = models.CharField(max_length=4, choices=[("2024", "2024 Code"), ("2022", "2022 Code")])
    year = models.PositiveSmallIntegerField(help_text="The reporting year, starting 1 April")
    period_from = models.DateField()
    period_to = models.DateField()
    as_at_day = models.DateField(help_text="Records up to this day")
    as_at_moment = models.DateTimeField(help_text="As the records stood at this moment")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(
        max_length=300, blank=True, help_text="The governing body and meeting, e.g. Board, minute 12"
    )
    governing_body_response = models.TextField(blank=True)
    published = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year", "-recorded_at"]

    def __str__(self) -> str:
        return f"Self-assessment {self.year}/{str(self.year + 1)[2:]} ({self.edition} Code)"

    @property
    def year_label(self) -> str:
        return f"{self.year}/{str(self.year + 1)[2:]}"

    def progress(self) -> tuple[int, int]:
        """(provisions answered, provisions on the form): complete when the two are equal, as approval
        requires (2024 8.1 a, 8.2). A draft's answers are a count of answers, never of compliance."""
        entries = list(self.entries.values_list("comply", flat=True))
        return sum(1 for comply in entries if comply), len(entries)


class SelfAssessmentEntry(models.Model):
    """One provision of the form: what the records prove (``proposed`` with ``evidence``), and the
    complaints officer's answer, policy reference and commentary."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="entries")
    provision = models.CharField(max_length=10)
    order = models.PositiveSmallIntegerField()
    proposed = models.CharField(max_length=3, choices=Comply.choices, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    comply = models.CharField(max_length=3, choices=Comply.choices, blank=True)
    policy_reference = models.CharField(max_length=300, blank=True)
    commentary = models.TextField(blank=True)
    contradiction_explanation = models.TextField(
        blank=True, help_text="Why Yes when the records show otherwise"
    )
    state = models.CharField(max_length=20, choices=RecordsShow.choices, blank=True)
    actions = models.TextField(blank=True, help_text="For a No: what will be done to comply")
    actions_by = models.DateField(null=True, blank=True, help_text="For a No: when it will comply by")
    not_applicable_reason = models.TextField(blank=True)
    carried_forward = models.BooleanField(
        default=False, help_text="Commentary and evidence carried from last year, not yet reviewed"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "order"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["assessment", "provision"], name="self_assessment_provision")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.provision}"


# --------------------------------------------------------------------------------------------------
# Reports as they were run


class ReportRun(models.Model):
    """A report as it was produced: its inputs (period, as-at day and moment) and its figures, so it
    can be shown to give the same figures when re-run as at that moment."""

    class Kind(models.TextChoices):
        DASHBOARD = "dashboard", "Performance dashboard"
        TSM = "tsm", "Tenant Satisfaction Measures"
        MRC_QUARTERLY = "mrc_quarterly", "MRC quarterly report"
        ANNUAL = "annual", "Annual complaints performance and service improvement report"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    period_from = models.DateField()
    period_to = models.DateField()
    as_at_day = models.DateField()
    as_at_moment = models.DateTimeField()
    figures = models.JSONField()
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_from} to {self.period_to}"


class AnnualReport(models.Model):
    """The annual complaints performance and service improvement report (2024 8.1), reported to the
    governing body and published with its response (8.2)."""

    year = models.PositiveSmallIntegerField(unique=True)
    self_assessment = models.ForeignKey(
        SelfAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    run = models.ForeignKey(ReportRun, on_delete=models.PROTECT, related_name="+")
    analysis = models.TextField(blank=True, help_text="Qualitative analysis of performance (8.1 b)")
    reported_to_governing_body_on = models.DateField(null=True, blank=True)
    governing_body_response = models.TextField(blank=True)
    published = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Annual complaints report {self.year}/{str(self.year + 1)[2:]}"

    @property
    def year_label(self) -> str:
        return f"{self.year}/{str(self.year + 1)[2:]}"

    def response_recorded_by(self, moment: datetime | None) -> GoverningBodyResponse | None:
        """The latest governing body's response recorded by ``moment`` (``None``: now), or ``None``
        (2024 8.2): what a self-assessment or a pack of that moment read."""
        rows = self.governing_body_responses.all()
        if moment is not None:
            rows = rows.filter(recorded_at__lte=moment)
        return rows.order_by("-recorded_at", "-id").first()

    def earlier_responses(self) -> list[GoverningBodyResponse]:
        """Every response recorded before the latest, latest first (the annual report page)."""
        return list(
            self.governing_body_responses.order_by("-recorded_at", "-id").select_related("recorded_by")
        )[1:]


class GoverningBodyResponse(models.Model):
    """One record of the annual report reported to the governing body and its response (2024 8.2: "The
    response of the governing body must be published alongside this"). Append-only: a second response
    is a new row, the first kept; the report's own columns are the latest, and the self-assessment and
    the submission pack read the latest row recorded by their own moment."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="governing_body_responses"
    )
    reported_on = models.DateField()
    response = models.TextField()
    published = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    before_history = models.BooleanField(
        default=False,
        help_text="The response as it stood when this history began: any earlier response, and when "
        "this one was recorded, is not known",
    )

    class Meta:
        ordering = ["report", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"The governing body's response of {self.reported_on:%d %b %Y} to {self.report}"


class FactSnapshot(models.Model):
    """A set of :class:`ComplaintFact` rows: the facts of every complaint that can count in a period,
    as the history stood at an as-at day and moment. The history is append-only, so a snapshot for the
    same inputs never changes; it is a cache, rebuilt whenever it is missing."""

    key = models.CharField(max_length=200, unique=True)
    built_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key


class ComplaintFact(models.Model):
    """One complaint's facts in a snapshot (the columns of ``facts.FACT_COLUMNS``)."""

    snapshot = models.ForeignKey(FactSnapshot, on_delete=models.CASCADE, related_name="facts")
    complaint = models.ForeignKey(
        Complaint, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    received_on = models.DateField()
    category = models.ForeignKey(
        Category, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    property = models.ForeignKey(
        "complaints.Property", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    resident = models.ForeignKey(
        "complaints.Resident", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    s1 = models.BooleanField()
    s1_ack_due = models.DateField(null=True)
    s1_ack_on = models.DateField(null=True)
    s1_resp_due = models.DateField(null=True)
    s1_resp_on = models.DateField(null=True)
    s1_outcome = models.CharField(max_length=20, null=True)  # noqa: DJ001 -- NULL: the step has not happened
    s2 = models.BooleanField()
    s2_req_on = models.DateField(null=True)
    s2_ack_due = models.DateField(null=True)
    s2_ack_on = models.DateField(null=True)
    s2_resp_due = models.DateField(null=True)
    s2_resp_on = models.DateField(null=True)
    s2_outcome = models.CharField(max_length=20, null=True)  # noqa: DJ001 -- NULL: the step has not happened
    declined_stage = models.PositiveSmallIntegerField(null=True)
    declined_on = models.DateField(null=True)
    declined_ground = models.CharField(max_length=30, null=True)  # noqa: DJ001 -- NULL: the step has not happened
    withdrawn = models.BooleanField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["snapshot", "received_on"], name="gov_fact_snapshot_received")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_id}: complaint {self.complaint_id}"


# --------------------------------------------------------------------------------------------------
# The dashboard's figures, kept while the data they come from is unchanged (``dashboard_cache``)


class DataMarker(models.Model):
    """One row whose token changes whenever a row the dashboard reads is edited or deleted in place
    (signals in ``dashboard_cache``); inserts are caught by row counts and highest ids instead."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.token


class DashboardFigures(models.Model):
    """The dashboard's figures for one scope and day, with the data version they were computed at.
    Used only while the version read with it is the same; otherwise recomputed and overwritten."""

    key = models.CharField(max_length=200, unique=True)
    version = models.TextField()
    figures = models.BinaryField()
    day = models.DateField()
    stored_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


# --------------------------------------------------------------------------------------------------
# Who is responsible (2024 4.1, 9.5, 9.6), reports received (9.7), homes owned per year (TSM)


class Appointment(models.Model):
    """A person appointed to a role the Code requires: the complaints officer (2024 4.1), the senior
    lead person accountable for complaint handling, or the Member Responsible for Complaints (9.5,
    9.6). Kept with dates, so the evidence for a past year reads the appointment then in force."""

    class Kind(models.TextChoices):
        COMPLAINTS_OFFICER = "complaints_officer", "Complaints officer (2024 4.1)"
        SENIOR_LEAD = "senior_lead", "Senior lead person accountable for complaint handling"
        MRC = "mrc", "Member Responsible for Complaints (2024 9.5)"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    person = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appointed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    minute = models.CharField(
        max_length=300, blank=True, help_text="Where it was decided, e.g. Board 14 May 2025, minute 7"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-appointed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} from {self.appointed_on:%-d %B %Y}"


class ReportReceipt(models.Model):
    """A report recorded as received by the MRC or the governing body (2024 9.7): produced is not
    received."""

    class Body(models.TextChoices):
        MRC = "mrc", "Member Responsible for Complaints"
        GOVERNING_BODY = "governing_body", "Governing body"

    run = models.ForeignKey(ReportRun, on_delete=models.PROTECT, related_name="receipts")
    body = models.CharField(max_length=20, choices=Body.choices)
    received_on = models.DateField()
    minute = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "id"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["run", "body"], name="report_received_once")]

    def __str__(self) -> str:
        return f"{self.run} received by {self.get_body_display()} on {self.received_on:%-d %B %Y}"


class HomesOwned(models.Model):
    """Homes owned in a reporting year (starting 1 April), so TSM rates for a past year keep the
    stock of that year, and the annual submission's deadline uses the landlord's size and financial
    year end then."""

    year = models.PositiveSmallIntegerField(unique=True)
    homes = models.PositiveIntegerField()
    financial_year_end = models.DateField(
        null=True, blank=True, help_text="The landlord's financial year end for this year (31 March if blank)"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.homes} homes in {self.year}/{str(self.year + 1)[2:]}"


# --------------------------------------------------------------------------------------------------
# The Ombudsman's annual submission


class AnnualSubmission(models.Model):
    """The pack for the Housing Ombudsman's annual submission form: Section 1 (the organisation and
    links to its complaints policy, self-assessment, annual report and the governing body's
    response) and Section 2 (a Yes or No per provision, with actions and timescales for each No),
    filled from the approved self-assessment and the annual report. A re-submission after a
    self-assessment is reviewed mid-year (2024 8.3, 8.4) is a new row pointing at the one it replaces."""

    year = models.PositiveSmallIntegerField(help_text="The reporting year, starting 1 April")
    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.PROTECT, related_name="submissions")
    annual_report = models.ForeignKey(
        AnnualReport, null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    organisation = models.CharField(max_length=200)
    homes = models.PositiveIntegerField()
    financial_year_end = models.DateField()
    due_on = models.DateField(
        null=True, blank=True, help_text="None for a re-submission: made once the review is approved"
    )
    complaints_policy_url = models.URLField(max_length=500, blank=True)
    self_assessment_url = models.URLField(max_length=500, blank=True)
    annual_report_url = models.URLField(max_length=500, blank=True)
    governing_body_response_url = models.URLField(max_length=500, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    resubmission_reason = models.TextField(blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(default=timezone.now)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_recorded_at = models.DateTimeField(null=True, blank=True)
    ombudsman_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-year", "-prepared_at", "-id"]

    def __str__(self) -> str:
        kind = "Re-submission" if self.replaces_id else "Annual submission"
        return f"{kind} {self.year}/{str(self.year + 1)[2:]}"

    @property
    def year_label(self) -> str:
        return f"{self.year}/{str(self.year + 1)[2:]}"


class SubmissionReminder(models.Model):
    """One reminder of a year's submission due date, sent once (the unique key) to the complaints
    officers and the MRC, 8 and 2 weeks before it is due. A changed due date is reminded afresh."""

    year = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    weeks_before = models.PositiveSmallIntegerField()
    recipients = models.TextField(blank=True, help_text="Email addresses it went to, one a line")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["year", "due_on", "weeks_before"], name="submission_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Submission {self.year} reminder {self.weeks_before} weeks before {self.due_on}"
