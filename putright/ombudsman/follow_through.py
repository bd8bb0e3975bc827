"""Ombudsman cases followed through (2024 9.7 c): the evidence request and its due date, evidence of
compliance with each order or recommendation sent to the Ombudsman, what is overdue, and reminders.

The Ombudsman's cases, findings and orders are kept by ``putright.governance``; this module adds the
dates that show the landlord followed them through, and reminds officers and managers once per due
date (``OmbudsmanReminderSent``), like the deadline reminders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst

from putright.access.policy import ombudsman_case_scope, on_complaints_you_cannot_see
from putright.accounts.models import Role, User
from putright.code.errors import InvalidRequest
from putright.code.wording import long_date
from putright.complaints.rules import landlord_rules
from putright.governance.models import OmbudsmanCase, OmbudsmanOrder
from putright.governance.services import has_come, record_ombudsman_progress
from putright.intake.conf import site_url
from putright.ombudsman.models import OmbudsmanReminderSent

REMIND_WORKING_DAYS_BEFORE = 2
REMINDED_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS)


def _on_or_after(said: str, day: date) -> str:
    """A refusal's words on its field: what was refused and the first day it may be."""
    return f"{capfirst(said)}: the earliest is {long_date(day)}"


def record_evidence_request(
    *, case: OmbudsmanCase, actor: User | None, requested_on: date, due: date, reason: str = ""
) -> OmbudsmanCase:
    """The Ombudsman asked for our evidence on ``requested_on`` (a day that has come), to send by ``due``
    (which may be ahead); kept in the case's history, ``reason`` saying why a date already recorded is
    changed. Each day recorded as done has come: evidence "sent" tomorrow took the Ombudsman's request
    off the overdue list, and its reminders, while nothing was sent (2024 9.7 c)."""
    has_come(requested_on, "requested_on", "Date the Ombudsman asked")
    if requested_on < case.referred_on:
        said = "the Ombudsman cannot ask for evidence before the complaint was referred"
        raise InvalidRequest(None, said, fields=(("requested_on", _on_or_after(said, case.referred_on)),))
    if due < requested_on:
        said = "the evidence cannot be due before it was asked for"
        raise InvalidRequest(None, said, fields=(("due", _on_or_after(said, requested_on)),))
    asked: dict[str, date | None] = {"evidence_requested_on": requested_on, "evidence_due": due}
    if case.evidence_sent_on is not None and case.evidence_sent_on < requested_on:
        # what was sent answered an earlier request (kept in the history): this one is owed until its
        # evidence is sent, never taken as sent already
        asked["evidence_sent_on"] = None
    record_ombudsman_progress(case=case, actor=actor, reason=reason, **asked)
    return case


def record_evidence_sent(
    *, case: OmbudsmanCase, actor: User | None, sent_on: date, reason: str = ""
) -> OmbudsmanCase:
    if case.evidence_requested_on is None:
        said = "record the Ombudsman's request for evidence first: evidence is sent in answer to one"
        raise InvalidRequest(None, said, fields=(("sent_on", capfirst(said)),))
    if sent_on < case.evidence_requested_on:
        said = "the evidence cannot be sent before it was asked for"
        raise InvalidRequest(
            None, said, fields=(("sent_on", _on_or_after(said, case.evidence_requested_on)),)
        )
    has_come(sent_on, "sent_on", "Date the evidence was sent")
    record_ombudsman_progress(case=case, actor=actor, reason=reason, evidence_sent_on=sent_on)
    return case


def record_compliance_evidence_sent(
    *, order: OmbudsmanOrder, actor: User | None, sent_on: date
) -> OmbudsmanOrder:
    """The evidence of compliance with an order was sent to the Ombudsman (2024 9.7 c)."""
    if order.complied_on is None:
        said = "record the compliance and its evidence before sending it"
        raise InvalidRequest("2024 9.7", said, fields=(("sent_on", capfirst(said)),))
    if sent_on < order.complied_on:
        said = "the evidence cannot be sent before the order was complied with"
        raise InvalidRequest(None, said, fields=(("sent_on", _on_or_after(said, order.complied_on)),))
    has_come(sent_on, "sent_on", "Date the evidence of compliance was sent")
    order.evidence_sent_on = sent_on
    order.save(update_fields=["evidence_sent_on"])
    return order


@dataclass(frozen=True)
class Outstanding:
    """Something owed to the Ombudsman: the evidence it asked for, or an order not complied with, or
    evidence of compliance not yet sent."""

    kind: str
    case: OmbudsmanCase
    due: date
    what: str
    order: OmbudsmanOrder | None = None


def outstanding(
    today: date, cases: QuerySet[OmbudsmanCase] | None = None
) -> tuple[list[Outstanding], list[Outstanding]]:
    """(overdue, due within the reminder window) as at ``today``, on ``cases`` (every case unless
    given: a page passes the cases its reader may see, ``access.policy.ombudsman_case_scope``)."""
    cases = OmbudsmanCase.objects.all() if cases is None else cases
    calendar = landlord_rules().calendar
    horizon = calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    items: list[Outstanding] = []
    for case in cases.filter(evidence_due__isnull=False, evidence_sent_on__isnull=True).select_related(
        "complaint"
    ):
        assert case.evidence_due is not None
        items.append(Outstanding("evidence", case, case.evidence_due, "Evidence the Ombudsman asked for"))
    orders = OmbudsmanOrder.objects.filter(complied_on__isnull=True, case__in=cases)
    for order in orders.select_related("case__complaint"):
        items.append(
            Outstanding(
                "order", order.case, order.due, f"{order.get_kind_display()}: {order.description}", order
            )
        )
    items.sort(key=lambda i: (i.due, i.case.pk))
    overdue = [i for i in items if i.due < today]
    soon = [i for i in items if today <= i.due <= horizon]
    return overdue, soon


def compliance_not_sent(cases: QuerySet[OmbudsmanCase] | None = None) -> list[OmbudsmanOrder]:
    """Orders complied with whose evidence has not been recorded as sent to the Ombudsman, on
    ``cases`` (every case unless given)."""
    orders = OmbudsmanOrder.objects.all() if cases is None else OmbudsmanOrder.objects.filter(case__in=cases)
    return list(
        orders.filter(complied_on__isnull=False, evidence_sent_on__isnull=True)
        .select_related("case__complaint")
        .order_by("complied_on", "id")
    )


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


def _line(item: Outstanding, today: date, base: str) -> str:
    when = f"was due {item.due:%-d %B %Y}" if item.due < today else f"due {item.due:%-d %B %Y}"
    link = base + reverse("ombudsman:case", args=[item.case.pk])
    return f"- {item.case.complaint.reference} ({item.case}): {item.what[:120]}, {when}. {link}"


def _body(items: Sequence[Outstanding], today: date, base: str, person: User) -> str:
    """The reminder as ``person`` may read it: a line for each item on a case they may see
    (``access.policy.ombudsman_case_scope``: its complaint's reference, the Ombudsman's case and a
    link to it), and the others counted, never named."""
    seen = set(
        ombudsman_case_scope(person).filter(pk__in={i.case.pk for i in items}).values_list("pk", flat=True)
    )
    lines = [_line(i, today, base) for i in items if i.case.pk in seen]
    unseen = sum(1 for i in items if i.case.pk not in seen)
    if unseen:
        lines.append(f"- and {on_complaints_you_cannot_see(unseen)}.")
    return "\n".join(["What we owe the Housing Ombudsman (2024 9.7 c):", "", *lines])


def send_reminders(*, today: date, people: Sequence[User] | None = None) -> ReminderRun:
    """Email officers, managers and the MRC once per item and due date about what is owed to the
    Ombudsman, due within 2 working days or overdue. Recorded in the same transaction as the send.
    Each person's email names only the cases on complaints they may see and counts the others."""
    run = ReminderRun(day=today)
    overdue, soon = outstanding(today)
    due = overdue + soon
    if not due:
        return run
    recipients = list(
        people
        if people is not None
        else User.objects.filter(is_active=True, role__in=REMINDED_ROLES).exclude(email="").order_by("pk")
    )
    if not recipients:
        return run
    base = site_url()
    with transaction.atomic():
        fresh = []
        for item in due:
            try:
                with transaction.atomic():
                    OmbudsmanReminderSent.objects.create(
                        case=item.case,
                        order=item.order,
                        kind=OmbudsmanReminderSent.Kind.ORDER
                        if item.order
                        else OmbudsmanReminderSent.Kind.EVIDENCE,
                        due=item.due,
                        sent_to=", ".join(p.email for p in recipients),
                    )
            except IntegrityError:
                continue
            fresh.append(item)
        if not fresh:
            return run
        messages = [
            mail.EmailMessage(
                subject=f"Ombudsman: {len(fresh)} item{'s' if len(fresh) != 1 else ''} due or overdue",
                body=_body(fresh, today, base, person),
                to=[person.email],
            )
            for person in recipients
        ]
        mail.get_connection().send_messages(messages)
        run.reminders = len(fresh)
        run.emails = len(messages)
        run.recipients = [p.email for p in recipients]
    return run
