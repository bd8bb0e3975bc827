"""Deadline reminders: handlers, their managers (and, for complaints waiting for a handler, the
complaints officers) are emailed before a Code deadline and when it passes.

One email per person per run, listing every case of theirs that needs it. Each reminder is recorded
in ``ReminderSent`` keyed by (complaint, deadline, kind) in the same transaction as the sending, so
a second run, the same day or later, never resends; if sending fails the records roll back and the
next run tries again. An extended deadline is a new date and is reminded afresh.

Emails carry the reference, the step, the date and the provision, and a link: not the resident's
name or what they said (email leaves the system). Restricted complaints go only to the people named
on them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from putright.accounts.models import Role, User
from putright.code.timescales import timescales
from putright.complaints.models import Complaint
from putright.complaints.rules import landlord_rules
from putright.intake.conf import site_url
from putright.workspace.deadlines import phrase
from putright.workspace.models import ReminderKind, ReminderSent

#: remind this many working days before a deadline
REMIND_WORKING_DAYS_BEFORE = int(getattr(settings, "PUTRIGHT_REMIND_WORKING_DAYS_BEFORE", 2))


@dataclass
class Reminder:
    complaint: Complaint
    kind: ReminderKind
    step: str
    phrase: str


@dataclass
class ReminderRun:
    day: date
    reminders: int = 0
    emails: int = 0
    recipients: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "reminders": self.reminders,
            "emails": self.emails,
            "recipients": self.recipients,
        }


def _step(complaint: Complaint) -> str:
    scales = timescales(complaint.edition)
    acknowledge = scales.acknowledge.get(complaint.stage)
    if acknowledge is not None and complaint.current_due_provision == acknowledge.provision:
        return acknowledge.name
    respond = scales.respond.get(complaint.stage)
    return respond.name if respond is not None else f"Stage {complaint.stage} deadline"


def due_reminders(today: date) -> list[Reminder]:
    """Open complaints whose deadline is within the reminder window or has passed, not yet reminded."""
    calendar = landlord_rules().calendar
    horizon = calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    complaints = list(
        Complaint.objects.filter(is_open=True, current_due__isnull=False, current_due__lte=horizon)
        .select_related("handler", "handler__team")
        .prefetch_related("restricted_to")
        .order_by("current_due", "id")
    )
    sent = set(
        ReminderSent.objects.filter(complaint_id__in=[c.pk for c in complaints]).values_list(
            "complaint_id", "deadline", "kind"
        )
    )
    found = []
    for complaint in complaints:
        assert complaint.current_due is not None
        kind = ReminderKind.OVERDUE if complaint.current_due < today else ReminderKind.DUE_SOON
        if (complaint.pk, complaint.current_due, kind.value) in sent:
            continue
        found.append(
            Reminder(complaint, kind, _step(complaint), phrase(calendar, complaint.current_due, today))
        )
    return found


def _recipients(reminders: list[Reminder]) -> dict[User, list[Reminder]]:
    managers: dict[int | None, list[User]] = defaultdict(list)
    for manager in User.objects.filter(is_active=True, role=Role.MANAGER).exclude(email=""):
        managers[manager.team_id].append(manager)
    officers = list(User.objects.filter(is_active=True, role=Role.COMPLAINTS_OFFICER).exclude(email=""))
    people: dict[User, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        complaint = reminder.complaint
        handler = complaint.handler
        wanted: list[User] = []
        if handler is not None and handler.is_active and handler.email:
            wanted.append(handler)
        if handler is not None and handler.team_id is not None:
            wanted += managers.get(handler.team_id, [])
        if handler is None:
            wanted += officers
        if complaint.restricted:
            named = {u.pk for u in complaint.restricted_to.all()}
            wanted = [u for u in wanted if u.pk in named]
        for person in dict.fromkeys(wanted):
            people[person].append(reminder)
    return people


def _message(person: User, reminders: list[Reminder], base: str) -> mail.EmailMessage:
    late = [r for r in reminders if r.kind == ReminderKind.OVERDUE]
    soon = [r for r in reminders if r.kind == ReminderKind.DUE_SOON]
    parts = []
    if late:
        parts.append(f"{len(late)} overdue")
    if soon:
        parts.append(f"{len(soon)} due soon")
    subject = f"Complaint deadlines: {' and '.join(parts)}"
    lines = [f"Hello {person.first_name or person.get_username()},", ""]
    for title, group in (("Deadline passed", late), ("Deadline approaching", soon)):
        if not group:
            continue
        lines += [f"{title}:", ""]
        for r in group:
            c = r.complaint
            assert c.current_due is not None
            handler = f", handled by {c.handler}" if c.handler is not None else ", waiting for a handler"
            lines.append(
                f"- {c.reference}: {r.step} due {c.current_due:%-d %B %Y} ({c.current_due_provision}), "
                f"{r.phrase}{handler}"
            )
            lines.append(f"  {base}{reverse('workspace:case', args=[c.reference])}")
        lines.append("")
    lines += [
        "Where a response will be late, agree with the resident how often you will update them (2024 5.9),",
        "or extend the deadline with the reasons explained and the Ombudsman's details given (2024 6.4, 6.5).",
        "",
        "PutRight",
    ]
    return mail.EmailMessage(subject=subject, body="\n".join(lines), to=[person.email])


def send_reminders(*, today: date) -> ReminderRun:
    """Send every reminder due today; idempotent (see the module docstring)."""
    run = ReminderRun(day=today)
    reminders = due_reminders(today)
    if not reminders:
        return run
    people = _recipients(reminders)
    base = site_url()
    messages = [
        _message(person, items, base) for person, items in sorted(people.items(), key=lambda p: p[0].pk)
    ]
    rows = []
    for r in reminders:
        assert r.complaint.current_due is not None
        rows.append(
            ReminderSent(
                complaint=r.complaint,
                deadline=r.complaint.current_due,
                kind=r.kind,
                provision=r.complaint.current_due_provision,
                recipients="\n".join(p.email for p, items in people.items() if r in items),
            )
        )
    try:
        with transaction.atomic():
            # The unique key claims each reminder; a run racing this one fails here and sends nothing.
            ReminderSent.objects.bulk_create(rows)
            with mail.get_connection() as connection:
                run.emails = connection.send_messages(messages) or 0
    except IntegrityError:
        return run
    run.reminders = len(reminders)
    run.recipients = [m.to[0] for m in messages]
    return run
