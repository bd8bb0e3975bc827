"""Forms for governance pages. Validation here; the writes are in ``services``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone

from putright.access.policy import summary_scope
from putright.accounts.models import User
from putright.complaints.models import Category, Complaint
from putright.governance.facts import AsAt
from putright.governance.measures import Period, reporting_year_of
from putright.governance.models import (
    Appointment,
    ComplianceTrigger,
    Comply,
    ExceptionalCircumstance,
    Finding,
    OmbudsmanCase,
    OmbudsmanOrder,
    OmbudsmanPublication,
    ReportReceipt,
    ServiceImprovement,
)
from putright.governance.performance import Scope
from putright.governance.services import no_complaint_with_reference
from putright.ombudsman.forms import correction_reason
from putright.web.dates import DateInputField, conditional
from putright.web.forms import PoundsField
from putright.web.widgets import Textarea

#: the hint on staff-typed text the annual report prints (2024 8.2: it is "published on the section of
#: its website relating to complaints"), so nobody types a name or address into it unawares
PUBLISHED = (
    "Printed in the annual complaints report, which is published: do not name the resident or give "
    "their address."
)


def _date(label: str, *, required: bool = True, help_text: str = "") -> DateInputField:
    """The GOV.UK date input (day, month, year); an ISO or dd/mm/yyyy value is read too."""
    return DateInputField(label=label, required=required, help_text=help_text)


#: the scope form's fields and the names they have in the query string
QUERY_NAMES = {"start": "from", "end": "to"}


def asks_for_a_period(query: Any) -> bool:
    """Whether a query string names a period (as ISO dates or in the date input's boxes)."""
    return any(
        query.get(f"{name}{part}") for name in ("from", "to") for part in ("", "-day", "-month", "-year")
    )


class ScopeForm(forms.Form):
    """The period a page covers, and optionally the day (and moment) to take the records as at."""

    start = _date("Start date")
    end = _date("End date")
    as_at = _date(
        "As at",
        required=False,
        help_text="Leave blank for now. A past day shows the figures as the records stood at the end of "
        "that day: a step recorded later is left out, even if it is dated earlier.",
    )
    moment = forms.DateTimeField(required=False, widget=forms.HiddenInput())

    def add_prefix(self, field_name: str) -> str:
        """The query string's names: ``from`` and ``to`` (``from-day``, ``from-month``,
        ``from-year`` from the date input; ``from=2026-04-01`` from links and scripts)."""
        return QUERY_NAMES.get(field_name, field_name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The period must end on or after the day it starts")
        if start and end and (end - start).days > 3 * 366:
            self.add_error("end", "Choose a period of at most three years")
        as_at = cleaned.get("as_at")
        if as_at and as_at > timezone.localdate():
            self.add_error("as_at", "As at must be today or in the past")
        return cleaned

    def scope(self) -> Scope:
        c = self.cleaned_data
        as_at = AsAt.now()
        if c.get("as_at"):
            # the records as they stood at the end of that day, not as they stand now: a step recorded
            # since and dated back (a remedy withdrawn "on 10 November" on 5 December) would otherwise
            # rewrite what the records showed then (found in a browser walk)
            moment: datetime = c.get("moment") or min(timezone.now(), end_of(c["as_at"]))
            as_at = AsAt(day=c["as_at"], moment=moment)
        return Scope(Period(c["start"], c["end"]), as_at)


def end_of(day: date) -> datetime:
    """The last moment of ``day`` in the landlord's time zone."""
    return timezone.make_aware(datetime.combine(day, time.max))


def default_scope() -> Scope:
    year = reporting_year_of(timezone.localdate())
    return Scope(Period.reporting_year(year), AsAt.now())


def scope_from(query: Any) -> tuple[Scope, ScopeForm]:
    """The scope asked for in a query string; the current reporting year when none was given."""
    if not asks_for_a_period(query):
        scope = default_scope()
        form = ScopeForm(initial={"start": scope.period.start, "end": scope.period.end})
        return scope, form
    form = ScopeForm(query)
    if form.is_valid():
        return form.scope(), form
    return default_scope(), form


class GoverningBodyResponseForm(forms.Form):
    """The governing body's response to the annual report, and whether to publish both (2024 8.2)."""

    reported_on = _date("Date reported to the governing body")
    response = forms.CharField(label="The governing body's response", widget=Textarea(attrs={"rows": 4}))
    publish = forms.BooleanField(label="Publish on the website with the response", required=False)


#: the first reporting year any governance page asks for (self-assessment, homes owned, TSM, reports)
FIRST_REPORTING_YEAR = 2018


class AnnualReportForm(forms.Form):
    """The reporting year of an annual complaints performance and service improvement report and its
    qualitative analysis (2024 8.1 b). A year that has not begun is refused on its field: no record is
    behind it, so its report would be all noughts."""

    year = forms.IntegerField(
        label="Reporting year starting 1 April",
        widget=forms.TextInput,
        error_messages={"required": "Choose a reporting year", "invalid": "Choose a reporting year"},
    )
    analysis = forms.CharField(
        label="Qualitative analysis of performance (8.1 b)",
        required=False,
        widget=Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "annual-%s")  # the reports page's upload form has a year too
        kwargs.setdefault("initial", {}).setdefault("year", reporting_year_of(timezone.localdate()) - 1)
        super().__init__(*args, **kwargs)

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        try:
            Period.reporting_year(year)
        except (ValueError, OverflowError):
            raise forms.ValidationError("Choose a reporting year") from None
        if year > reporting_year_of(timezone.localdate()):
            raise forms.ValidationError(f"The reporting year starting 1 April {year} has not begun yet")
        if year < FIRST_REPORTING_YEAR:
            # no record is behind it either (year 1 produced a report of noughts for 0001/02)
            raise forms.ValidationError(f"Choose a reporting year from {FIRST_REPORTING_YEAR}")
        return year


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2018, max_value=2100, label="Reporting year starting 1 April")


# --------------------------------------------------------------------------------------------------
# Learning


class _ComplaintsTheyMaySee:
    """A form that takes complaint references from ``user``: it finds only the complaints whose
    summary they may see (``access.policy.summary_scope``), and answers a reference to one hidden
    from them as it answers a reference to nothing, so the form does not tell them it exists."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def complaints_named(self, references: list[str]) -> list[Complaint]:
        found = {c.reference: c for c in summary_scope(self.user).filter(reference__in=references)}
        missing = [r for r in references if r not in found]
        if missing:
            raise forms.ValidationError(no_complaint_with_reference(", ".join(missing)))
        return [found[r] for r in references]


class ServiceImprovementForm(_ComplaintsTheyMaySee, forms.ModelForm[ServiceImprovement]):
    complaint_references = forms.CharField(
        label="Complaints that raised it",
        help_text="Complaint references, separated by commas or spaces, e.g. PR-000012, PR-000031",
        widget=Textarea(attrs={"rows": 2}),
    )
    due = _date("Due date", required=False)

    class Meta:
        model = ServiceImprovement
        fields = ("title", "description", "category", "owner", "due", "status", "outcome", "reported_to")
        widgets = {
            "description": Textarea(attrs={"rows": 3}),
            "outcome": Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "title": PUBLISHED,
            "description": PUBLISHED,
            "outcome": f"What changed, and how we know. {PUBLISHED}",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Category]", self.fields["category"]).queryset = Category.objects.filter(
            active=True
        )
        cast("forms.ModelChoiceField[User]", self.fields["owner"]).queryset = User.objects.filter(
            is_active=True
        ).order_by("first_name", "username")
        self.fields["title"].error_messages["required"] = "Enter what will change"
        self.fields["description"].error_messages["required"] = "Describe the improvement"

    def clean_complaint_references(self) -> list[Complaint]:
        raw = self.cleaned_data["complaint_references"].replace(",", " ").split()
        refs = list(dict.fromkeys(r.strip().upper() for r in raw if r.strip()))
        if not refs:
            raise forms.ValidationError("Enter at least one complaint reference")
        return self.complaints_named(refs)


class ImprovementUpdateForm(forms.Form):
    """How far a service improvement has got, what changed and who it was reported to (2024 9.1,
    9.3); one for each improvement on the learning register, prefixed ``u<pk>``. What is left blank
    keeps what was recorded (``services.update_service_improvement``), so the boxes start empty, with
    what was recorded shown beside them."""

    status = forms.ChoiceField(
        label="Status",
        choices=ServiceImprovement.Progress.choices,
        error_messages={"required": "Choose how far the improvement has got"},
    )
    outcome = forms.CharField(
        label="What changed",
        required=False,
        widget=Textarea(attrs={"rows": 2}),
        help_text=f"What changed, and how we know. Left blank, what was recorded stays. {PUBLISHED}",
    )
    reported_to = forms.CharField(
        label="Reported to",
        required=False,
        max_length=300,
        help_text="Residents' panel, staff, committees told (9.3). Left blank, what was recorded stays.",
    )

    def __init__(self, *args: Any, improvement: ServiceImprovement, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"u{improvement.pk}")
        kwargs.setdefault("initial", {"status": improvement.status})
        super().__init__(*args, **kwargs)


class SystemicReviewForm(forms.Form):
    reviewed_on = _date("Date of the review")
    period_from = _date("Period reviewed from")
    period_to = _date("Period reviewed to")
    findings = forms.CharField(
        label="Findings",
        widget=Textarea(attrs={"rows": 4}),
        # the review is read by the MRC and the governing body (2024 9.6), who see no case records
        help_text="The MRC and the governing body read this review: write about themes and trends, "
        "not a resident's name or what they wrote",
    )
    systemic_issues = forms.CharField(
        label="Systemic issues identified", required=False, widget=Textarea(attrs={"rows": 2})
    )
    serious_risks = forms.CharField(label="Serious risks", required=False, widget=Textarea(attrs={"rows": 2}))
    policies_to_revise = forms.CharField(
        label="Policies or procedures that need revision",
        required=False,
        widget=Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        c = super().clean() or {}
        if c.get("period_from") and c.get("period_to") and c["period_to"] < c["period_from"]:
            self.add_error("period_to", "The period must end on or after the day it starts")
        return c


# --------------------------------------------------------------------------------------------------
# Self-assessment


class NewSelfAssessmentForm(forms.Form):
    year = forms.IntegerField(
        min_value=2018,
        max_value=2100,
        label="Reporting year",
        help_text="The year starting 1 April, e.g. 2025 for 2025/26",
    )
    edition = forms.ChoiceField(
        choices=[("2024", "2024 Code"), ("2022", "2022 Code")], initial="2024", label="Edition of the Code"
    )


class EntryForm(forms.Form):
    """One provision's answer. In a section page every provision has its own prefix; a provision
    left without an answer is skipped, not refused."""

    comply = forms.ChoiceField(
        choices=Comply.choices,
        widget=forms.RadioSelect,
        label="Comply",
        error_messages={"required": "Choose Yes, No or Not applicable"},
    )
    policy_reference = forms.CharField(
        label="Evidence: policy, procedure, training record or published page",
        required=False,
        help_text="e.g. Complaints policy section 9",
        max_length=300,
    )
    commentary = forms.CharField(label="Commentary", required=False, widget=Textarea(attrs={"rows": 3}))
    contradiction_explanation = conditional(
        forms.CharField(
            label="Why Yes, when the records show non-compliance",
            required=False,
            widget=Textarea(attrs={"rows": 2}),
            help_text="Required for Yes when the records show non-compliance",
        )
    )
    actions = forms.CharField(
        label="For a No: the actions that will achieve compliance",
        required=False,
        widget=Textarea(attrs={"rows": 2}),
    )
    actions_by = _date("For a No: the date compliance will be achieved by", required=False)
    not_applicable_reason = forms.CharField(
        label="For Not applicable: why it does not apply",
        required=False,
        widget=Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if optional:
            self.fields["comply"].required = False


class ApprovalForm(forms.Form):
    approved_on = _date("Date the governing body approved it")
    approved_by = forms.CharField(
        label="Governing body and meeting", help_text="e.g. Board meeting, minute 12", max_length=300
    )
    governing_body_response = forms.CharField(
        label="The governing body's response", required=False, widget=Textarea(attrs={"rows": 3})
    )
    #: kept on a refused form, so the approval recorded once it is put right is published as asked (2024 8.2)
    publish = forms.BooleanField(label="Publish on the website", required=False)


class TriggerForm(forms.ModelForm[ComplianceTrigger]):
    on = _date("Date")

    class Meta:
        model = ComplianceTrigger
        fields = ("kind", "on", "description")
        widgets = {"kind": forms.RadioSelect, "description": Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a model field's blank choice ("---------") rendered as a radio of its own: the kind is required
        cast(forms.ChoiceField, self.fields["kind"]).choices = ComplianceTrigger.Kind.choices


# --------------------------------------------------------------------------------------------------
# Ombudsman and exceptional circumstances


class OmbudsmanCaseForm(_ComplaintsTheyMaySee, forms.ModelForm[OmbudsmanCase]):
    complaint_reference = forms.CharField(label="Complaint reference", max_length=20)
    referred_on = _date("Date referred to the Ombudsman")
    investigation_started_on = _date("Date the Ombudsman started investigating", required=False)
    determined_on = _date("Date the Ombudsman determined the complaint", required=False)

    class Meta:
        model = OmbudsmanCase
        fields = (
            "reference",
            "referred_on",
            "progress",
            "investigation_started_on",
            "determined_on",
            "self_assessment_requested",
        )

    def clean_complaint_reference(self) -> Complaint:
        """A complaint whose summary the person may see: a reference to one hidden from them gets the
        answer a reference to nothing gets, so the form does not tell them it exists."""
        return self.complaints_named([self.cleaned_data["complaint_reference"].strip().upper()])[0]


class ProgressForm(forms.Form):
    """How far the Ombudsman has got with a case, and the day it started investigating (2024 9.7 c)."""

    progress = forms.ChoiceField(
        label="Where has the Ombudsman got to?",
        widget=forms.RadioSelect,
        choices=OmbudsmanCase.Progress.choices,
        error_messages={"required": "Choose where the Ombudsman has got to"},
    )
    started = _date("Date the Ombudsman started investigating", required=False)
    clear_started = forms.BooleanField(
        label="The start date recorded is wrong: the Ombudsman has not started investigating",
        help_text="Clears the start date recorded. Say why below; the date recorded stays in the case's "
        "history.",
        required=False,
    )
    reason = correction_reason()
    # a new date with "clear it" ticked is refused by the service (``update_ombudsman_case``), for
    # every door, and shown on ``started``: the date shown is the one recorded, so ticked with it
    # still there, it is cleared


class FindingForm(forms.Form):
    element = forms.CharField(label="Element of the complaint", max_length=300, help_text=PUBLISHED)
    finding = forms.ChoiceField(choices=Finding.choices, label="Finding")
    complaint_handling = forms.BooleanField(
        label="About our complaint handling (non-compliance with the Code)", required=False
    )
    determined_on = _date("Date the Ombudsman determined the complaint")


class OrderForm(forms.ModelForm[OmbudsmanOrder]):
    amount_pence = PoundsField(
        label="Amount in pounds, if payment ordered", what="the amount ordered", required=False
    )
    due = _date("Date the order is due")

    class Meta:
        model = OmbudsmanOrder
        fields = ("kind", "description", "amount_pence", "due")
        widgets = {"description": Textarea(attrs={"rows": 2})}
        help_texts = {"description": PUBLISHED}


class ComplianceForm(forms.Form):
    """Compliance with an Ombudsman order or recommendation (2024 9.7 c): ``what`` is which it is
    ("order" or "recommendation"), so each reads as what it is."""

    complied_on = _date("Date the order was complied with")
    evidence = forms.CharField(label="Evidence of compliance", widget=Textarea(attrs={"rows": 2}))
    evidence_file = forms.FileField(label="Evidence document (optional)", required=False)
    reason = correction_reason()

    def __init__(self, *args: Any, what: str = "order", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["complied_on"].label = f"Date the {what} was complied with"


class PublicationForm(forms.ModelForm[OmbudsmanPublication]):
    """The Ombudsman's annual report on the landlord or another publication about it (2024 8.1 e, f).
    Its kind starts on a prompt, never on a kind nobody chose (nor Django's "---------")."""

    kind = forms.ChoiceField(
        label="Kind of publication",
        choices=[("", "Choose a kind"), *OmbudsmanPublication.Kind.choices],
    )
    published_on = _date("Date the Ombudsman published it")

    class Meta:
        model = OmbudsmanPublication
        fields = ("title", "kind", "year", "published_on", "summary", "file")
        widgets = {"summary": Textarea(attrs={"rows": 2})}
        error_messages = {"file": {"required": "Choose the publication's file"}}


class ExceptionalForm(forms.ModelForm[ExceptionalCircumstance]):
    started_on = _date("Date the exceptional circumstances began")
    ended_on = _date("Date compliance was restored", required=False)
    return_to_compliance_by = _date("Timescale for returning to compliance")
    ombudsman_informed_on = _date("Date we informed the Ombudsman")
    residents_informed_on = _date("Date we gave information to residents who may be affected")
    published_on = _date("Date published on our website", required=False)

    class Meta:
        model = ExceptionalCircumstance
        fields = (
            "title",
            "description",
            "started_on",
            "ended_on",
            "return_to_compliance_by",
            "ombudsman_informed_on",
            "told_ombudsman",
            "residents_informed_on",
            "told_residents",
            "published_on",
        )
        widgets = {
            "description": Textarea(attrs={"rows": 3}),
            "told_ombudsman": Textarea(attrs={"rows": 2}),
            "told_residents": Textarea(attrs={"rows": 2}),
        }


def today() -> date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------------
# Appointments, reports received, homes owned, the annual submission


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(choices=Appointment.Kind.choices, widget=forms.RadioSelect, label="Role")
    person = forms.CharField(label="Name", max_length=200)
    appointed_on = _date("Appointed on")
    ended_on = _date("Appointment ended on", required=False)
    minute = forms.CharField(
        label="Where it was decided",
        required=False,
        max_length=300,
        help_text="e.g. Board 14 May 2025, minute 7",
    )


class ReceiptForm(forms.Form):
    run = forms.IntegerField(widget=forms.HiddenInput())
    body = forms.ChoiceField(
        choices=ReportReceipt.Body.choices, widget=forms.RadioSelect, label="Received by"
    )
    received_on = _date("Received on")
    minute = forms.CharField(label="Meeting or minute", required=False, max_length=300)


class HomesForm(forms.Form):
    year = forms.IntegerField(min_value=2018, max_value=2100, label="Reporting year starting 1 April")
    homes = forms.IntegerField(min_value=0, label="Homes owned")
    financial_year_end = _date("Financial year end", required=False, help_text="Leave blank for 31 March")


class SubmissionForm(forms.Form):
    assessment = forms.IntegerField(widget=forms.HiddenInput())
    complaints_policy_url = forms.URLField(
        label="Link to the complaints policy", max_length=500, assume_scheme="https"
    )
    self_assessment_url = forms.URLField(
        label="Link to the published self-assessment",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Leave blank to use PutRight's published page",
    )
    annual_report_url = forms.URLField(
        label="Link to the annual complaints performance and service improvement report",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Leave blank to use PutRight's published page",
    )
    governing_body_response_url = forms.URLField(
        label="Link to the governing body's response to the report",
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    resubmission_reason = forms.CharField(
        label="For a re-submission: the review that led to it (2024 8.3, 8.4)",
        required=False,
        widget=Textarea(attrs={"rows": 2}),
    )


class SubmittedForm(forms.Form):
    submitted_on = _date("Submitted to the Ombudsman on")
    ombudsman_reference = forms.CharField(
        label="The Ombudsman's reference, if given", required=False, max_length=100
    )
