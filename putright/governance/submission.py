"""The Housing Ombudsman's annual submission: the pack, its due date, reminders and the record of
submitting it.

Each member landlord makes an annual submission through the Ombudsman's form: landlords with over
1,000 homes by 30 September, smaller landlords within 6 months of the end of their financial year.
Section 1 is about the organisation, with links to its complaints policy, self-assessment, annual
complaints performance and service improvement report and the governing body's response; Section 2
is a Yes or No for each provision, with the actions and timescales for achieving compliance for
each No. After a self-assessment is reviewed mid-year (2024 8.3, 8.4) the landlord re-submits.

The pack is filled from the approved self-assessment and the annual report; reminders go to the
complaints officers and the MRC 8 and 2 weeks before the due date, once each (the unique key on
``SubmissionReminder``, claimed in the same transaction as the sending, as the deadline reminders do).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.code.errors import InvalidRequest
from putright.code.provisions import edition as code_edition
from putright.complaints.models import Landlord
from putright.governance.models import (
    AnnualReport,
    AnnualSubmission,
    Appointment,
    Comply,
    HomesOwned,
    SelfAssessment,
    SubmissionReminder,
)
from putright.governance.services import homes_in_year
from putright.intake.conf import site_url

#: landlords with more homes than this submit by 30 September
LARGE_LANDLORD_HOMES = 1000
#: weeks before the due date that reminders are sent
REMIND_WEEKS_BEFORE = (8, 2)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def financial_year_end(year: int) -> date:
    """The financial year end recorded for the reporting year; 31 March otherwise."""
    row = HomesOwned.objects.filter(year=year).first()
    return row.financial_year_end if row is not None and row.financial_year_end else date(year + 1, 3, 31)


def due_date(*, homes: int, year_end: date) -> date:
    """Over 1,000 homes: 30 September after the year end; otherwise 6 months after the year end."""
    if homes > LARGE_LANDLORD_HOMES:
        return date(year_end.year if year_end.month <= 9 else year_end.year + 1, 9, 30)
    return _add_months(year_end, 6)


def due_for_year(year: int) -> date:
    return due_date(homes=homes_in_year(year), year_end=financial_year_end(year))


@dataclass(frozen=True)
class Due:
    """A reporting year's submission: when it is due and where it stands on ``today``."""

    year: int
    due_on: date
    homes: int
    submitted_on: date | None
    today: date

    @property
    def overdue(self) -> bool:
        return self.submitted_on is None and self.due_on < self.today

    @property
    def status(self) -> str:
        """ "Overdue (due 30 September 2026, not submitted)": a due date passed with nothing submitted is
        said, never left as a date beside "No packs prepared yet"."""
        if self.submitted_on is not None:
            late = ", after the due date" if self.submitted_on > self.due_on else ""
            return f"Submitted {self.submitted_on:%-d %B %Y}{late}"
        if self.overdue:
            return f"Overdue (due {self.due_on:%-d %B %Y}, not submitted)"
        return "Not yet submitted"


def due_in(years: list[int], today: date | None = None) -> list[Due]:
    """Each year's due date and whether a pack for it was submitted (the first submission counts)."""
    today = today or timezone.localdate()
    first: dict[int, date] = {}
    for pack in AnnualSubmission.objects.filter(year__in=years, submitted_on__isnull=False).order_by(
        "submitted_on"
    ):
        if pack.submitted_on is not None:
            first.setdefault(pack.year, pack.submitted_on)
    return [Due(y, due_for_year(y), homes_in_year(y), first.get(y), today) for y in years]


@dataclass(frozen=True)
class SectionTwoRow:
    provision: str
    requirement: str
    answer: str
    actions: str
    by: date | None


def section_two(submission: AnnualSubmission) -> list[SectionTwoRow]:
    """Yes / No per provision from the approved self-assessment, with actions and timescales for each No."""
    code = code_edition(submission.self_assessment.edition)
    rows = []
    for entry in submission.self_assessment.entries.all():
        provision = code.provision(entry.provision)
        rows.append(
            SectionTwoRow(
                provision=entry.provision,
                requirement=provision.form_text or provision.full_text,
                answer=entry.get_comply_display(),
                actions=entry.actions if entry.comply == Comply.NO else "",
                by=entry.actions_by if entry.comply == Comply.NO else None,
            )
        )
    return rows


def prepare_submission(
    *,
    actor: User,
    assessment: SelfAssessment,
    complaints_policy_url: str,
    self_assessment_url: str = "",
    annual_report_url: str = "",
    governing_body_response_url: str = "",
    resubmission_reason: str = "",
) -> AnnualSubmission:
    """The pack for the year of ``assessment``, which the governing body must have approved. If the
    year's submission was already made, this is a re-submission: it needs the reason (the mid-year
    review under 2024 8.3 or 8.4) and a newer approved self-assessment."""
    if assessment.approved_on is None:
        raise InvalidRequest(
            "2024 8.2", "the submission is made from a self-assessment the governing body approved"
        )
    if not complaints_policy_url.strip():
        raise InvalidRequest(None, "give the link to the published complaints policy")
    year = assessment.year
    earlier = AnnualSubmission.objects.filter(year=year).order_by("-prepared_at", "-id")
    if earlier.filter(submitted_on__isnull=True).exists():
        raise InvalidRequest(
            None, f"a {year}/{str(year + 1)[2:]} pack is already prepared and not yet submitted"
        )
    replaces = earlier.first()
    if replaces is not None:
        if not resubmission_reason.strip():
            raise InvalidRequest(
                "2024 8.4",
                "say why the submission is made again (the review of the self-assessment)",
                fields=(
                    (
                        "resubmission_reason",
                        "Say why the submission is made again: the review of the self-assessment (2024 8.4)",
                    ),
                ),
            )
        if replaces.self_assessment_id == assessment.pk:
            raise InvalidRequest(
                "2024 8.3", "a re-submission is made from the reviewed, newly approved self-assessment"
            )
    report = AnnualReport.objects.filter(year=year).first()
    base = site_url().rstrip("/")
    with transaction.atomic():
        return AnnualSubmission.objects.create(
            year=year,
            self_assessment=assessment,
            annual_report=report,
            organisation=Landlord.load().name,
            homes=homes_in_year(year),
            financial_year_end=financial_year_end(year),
            due_on=None if replaces is not None else due_for_year(year),
            complaints_policy_url=complaints_policy_url.strip(),
            self_assessment_url=self_assessment_url.strip()
            or (f"{base}/published/self-assessment/{year}/" if assessment.published else ""),
            annual_report_url=annual_report_url.strip()
            or (f"{base}/published/annual-report/{year}/" if report is not None and report.published else ""),
            governing_body_response_url=governing_body_response_url.strip(),
            replaces=replaces,
            resubmission_reason=resubmission_reason.strip(),
            prepared_by=actor,
        )


def record_submitted(
    *, submission: AnnualSubmission, actor: User, submitted_on: date, ombudsman_reference: str = ""
) -> AnnualSubmission:
    """When and by whom the submission was made through the Ombudsman's form."""
    if submission.submitted_on is not None:
        raise InvalidRequest(None, "already recorded as submitted")
    if submitted_on > timezone.localdate():
        raise InvalidRequest(None, "the date submitted cannot be in the future")
    submission.submitted_on = submitted_on
    submission.submitted_by = actor
    submission.submitted_recorded_at = timezone.now()
    submission.ombudsman_reference = ombudsman_reference.strip()
    submission.save()
    return submission


# --------------------------------------------------------------------------------------------------
# Reminders


@dataclass
class ReminderRun:
    day: date
    sent: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"day": self.day.isoformat(), "sent": self.sent, "recipients": self.recipients}


def reminder_recipients(day: date) -> list[User]:
    """Active complaints officers and MRCs with an email address: by role, and the MRC appointed."""
    by_role = User.objects.filter(
        is_active=True, role__in=(Role.COMPLAINTS_OFFICER, Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS)
    ).exclude(email="")
    appointed = Appointment.objects.filter(
        kind__in=(Appointment.Kind.MRC, Appointment.Kind.COMPLAINTS_OFFICER),
        user__isnull=False,
        user__is_active=True,
        appointed_on__lte=day,
    ).exclude(ended_on__lt=day)
    people = {u.pk: u for u in by_role}
    for a in appointed.select_related("user"):
        assert a.user is not None
        if a.user.email:
            people.setdefault(a.user.pk, a.user)
    return sorted(people.values(), key=lambda u: u.pk)


def due_reminder(year: int, today: date) -> tuple[date, int] | None:
    """(due date, weeks before) when a reminder for ``year`` is due today and not yet sent; the
    nearest window only, so a late start does not send both."""
    if AnnualSubmission.objects.filter(year=year, submitted_on__isnull=False, replaces__isnull=True).exists():
        return None
    due = due_for_year(year)
    if today > due:
        return None
    windows = [w for w in REMIND_WEEKS_BEFORE if today >= due - timedelta(weeks=w)]
    if not windows:
        return None
    weeks = min(windows)
    if SubmissionReminder.objects.filter(year=year, due_on=due, weeks_before=weeks).exists():
        return None
    return due, weeks


def send_submission_reminders(*, today: date) -> ReminderRun:
    """Email the complaints officers and the MRC about the annual submission 8 and 2 weeks before
    it is due. Idempotent: each reminder is claimed by its unique key as it is sent."""
    run = ReminderRun(day=today)
    current = today.year if today.month >= 4 else today.year - 1
    people = reminder_recipients(today)
    if not people:
        return run
    base = site_url().rstrip("/")
    for year in (current - 1, current):
        found = due_reminder(year, today)
        if found is None:
            continue
        due, weeks = found
        label = f"{year}/{str(year + 1)[2:]}"
        message = mail.EmailMessage(
            subject=f"Housing Ombudsman annual submission {label} due {due:%-d %B %Y}",
            body="\n".join(
                [
                    f"The annual submission to the Housing Ombudsman for {label} is due by {due:%-d %B %Y} "
                    f"({weeks} weeks' reminder).",
                    "It needs the self-assessment approved by the governing body and the annual complaints "
                    "performance and service improvement report with the governing body's response.",
                    f"Prepare the pack: {base}/governance/submission/",
                ]
            ),
            to=[u.email for u in people],
        )
        try:
            with transaction.atomic():
                SubmissionReminder.objects.create(
                    year=year, due_on=due, weeks_before=weeks, recipients="\n".join(u.email for u in people)
                )
                message.send()
        except IntegrityError:
            continue
        run.sent.append(f"{label}: {weeks} weeks before {due.isoformat()}")
        run.recipients = [u.email for u in people]
    return run
