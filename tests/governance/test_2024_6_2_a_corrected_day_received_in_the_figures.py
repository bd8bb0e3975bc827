"""2024 6.2 and 5.12 in the figures: a corrected day received sets the stage 1 acknowledgement date
every figure reads (the dashboard's projection and a report's history agree), and a self-assessment
"Yes" for 6.2 is never proposed from an acknowledgement that is on time only because its day
received was corrected to a later day: PutRight cannot tell whether the corrected day is true, so
it says so and names the complaints whose recorded reasons settle it."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from governance.journeys import DEFINITION
from governance.test_governance_evidence_rules import letterhead, show, small_minimum  # noqa: F401

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint, Resident
from putright.complaints.services import Told
from putright.governance.facts import AsAt, complaint_facts

LOGGED = date(2025, 6, 9)  # a Monday
REASON = "The call log shows the first call was on this day."


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def _logged(officer: User, received: date, *, accept: bool = False) -> Complaint:
    return services.receive_complaint(
        resident=Resident.objects.create(name="Rita Late"),
        summary="Nobody came about the leak.",
        channel="telephone",
        received_on=received,
        actor=officer,
        accept=accept,
    )


def _logged_late(officer: User, handler: User, *, received: date, corrected: date, ack: date) -> Complaint:
    """Logged on ``LOGGED`` as received on ``received`` and accepted, the day then corrected the same
    day, and acknowledged by post on ``ack``."""
    with services.recording_as_of(_noon(LOGGED)):
        c = _logged(officer, received)
        # accepted first: the acknowledgement date the acceptance set is then replaced by the correction's
        c = services.accept_as_complaint(complaint=c, actor=officer)
        c = services.correct_received_date(complaint=c, actor=officer, received_on=corrected, reason=REASON)
        c = services.allocate_handler(complaint=c, actor=officer, handler=handler)
    with services.recording_as_of(_noon(ack)):
        return services.acknowledge_complaint(
            complaint=c, actor=handler, told=Told(method="post", on=ack, body="Sent by post."), **DEFINITION
        )


def _two_on_time(journey) -> None:  # type: ignore[no-untyped-def]
    """Two stage 1 complaints acknowledged the day after they came: with ``small_minimum``, enough for
    6.2 to propose compliance when nothing else is in the period."""
    for day in (2, 3):
        journey(date(2025, 6, day), ack=date(2025, 6, day + 1))


def _ack_due(complaint: Complaint, as_at: AsAt) -> date:
    return complaint_facts(as_at).get(pk=complaint.pk).s1_ack_due  # type: ignore[no-any-return]


def test_2024_6_2_both_sources_of_the_figures_read_the_corrected_acknowledgement_date(  # type: ignore[no-untyped-def]
    officer, handler_1
):
    later = _logged_late(
        officer, handler_1, received=date(2025, 6, 2), corrected=LOGGED, ack=date(2025, 6, 12)
    )
    earlier = _logged_late(
        officer, handler_1, received=LOGGED, corrected=date(2025, 6, 5), ack=date(2025, 6, 12)
    )
    assert _ack_due(later, AsAt.now()) == _ack_due(later, AsAt.of(date(2026, 3, 31))) == date(2025, 6, 16)
    assert _ack_due(earlier, AsAt.now()) == _ack_due(earlier, AsAt.of(date(2026, 3, 31))) == date(2025, 6, 12)
    # a report as the records stood before the correction keeps the date they showed then
    assert later.received_on == LOGGED


def test_2024_6_2_no_yes_from_an_acknowledgement_on_time_only_by_a_later_day(  # type: ignore[no-untyped-def]
    journey,
    officer,
    handler_1,
    small_minimum,  # noqa: F811
):
    _two_on_time(journey)
    assert show("6.2").state == "compliance"
    # first recorded as received on 2 June (due 9 June), acknowledged on the 12th: late by that day,
    # on time only by the corrected 9 June
    moved = _logged_late(
        officer, handler_1, received=date(2025, 6, 2), corrected=LOGGED, ack=date(2025, 6, 12)
    )
    found = show("6.2")
    assert found.state == "cannot_show", found.summary
    assert (
        f"1 of them is on time only by a day received that was corrected to a later day ({moved.reference})"
        in (found.summary)
    )


def test_2024_6_2_a_later_day_that_changes_nothing_and_an_earlier_day_leave_the_proposal(  # type: ignore[no-untyped-def]
    journey,
    officer,
    handler_1,
    small_minimum,  # noqa: F811
):
    journey(date(2025, 6, 2), ack=date(2025, 6, 3))
    # moved a day later, but acknowledged on time by the day first recorded too
    _logged_late(
        officer, handler_1, received=date(2025, 6, 5), corrected=date(2025, 6, 6), ack=date(2025, 6, 9)
    )
    # moved earlier: the record shows less time, never more
    _logged_late(officer, handler_1, received=LOGGED, corrected=date(2025, 6, 6), ack=date(2025, 6, 10))
    assert show("6.2").state == "compliance", show("6.2").summary


def _corrected_later(officer: User, *, received: date, logged: date, on: date, to: date) -> Complaint:
    """Logged and accepted on ``logged`` as received on ``received``; the day corrected to ``to`` on
    ``on``, a later day than it was logged."""
    with services.recording_as_of(_noon(logged)):
        c = _logged(officer, received, accept=True)
    with services.recording_as_of(_noon(on)):
        return services.correct_received_date(complaint=c, actor=officer, received_on=to, reason=REASON)


def test_2024_5_12_a_report_as_at_a_moment_before_the_correction_gives_the_day_it_gave_then(  # type: ignore[no-untyped-def]
    officer,
):
    """Same as-at, same rows: a correction recorded later changes neither the day received nor the
    acknowledgement date a report as at a moment before it reads, nor which period it counts in."""
    from putright.governance.facts import end_of_day, per_complaint_rows

    c = _corrected_later(
        officer, received=date(2025, 5, 30), logged=LOGGED, on=date(2025, 6, 16), to=date(2025, 6, 2)
    )
    before = AsAt(day=date(2025, 6, 13), moment=end_of_day(date(2025, 6, 13)))
    after = AsAt.of(date(2026, 3, 31))

    def row(as_at: AsAt, start: date, end: date) -> tuple[date, date] | None:
        found = [r for r in per_complaint_rows(as_at, start, end) if r["id"] == c.pk]
        return (found[0]["received_as_at"], found[0]["s1_ack_due"]) if found else None

    assert row(before, date(2025, 5, 1), date(2025, 5, 31)) == (date(2025, 5, 30), date(2025, 6, 6))
    assert row(after, date(2025, 6, 1), date(2025, 6, 30)) == (date(2025, 6, 2), date(2025, 6, 9))
    # as the records stand now, it was received in June, not May
    assert row(after, date(2025, 5, 1), date(2025, 5, 31)) is None
    c.refresh_from_db()
    assert (c.received_on, c.received_first_recorded) == (date(2025, 6, 2), date(2025, 5, 30))


def test_2024_6_2_a_correction_back_to_a_later_day_after_a_late_acknowledgement_is_caught(  # type: ignore[no-untyped-def]
    journey,
    officer,
    handler_1,
    small_minimum,  # noqa: F811
):
    """First recorded 9 June, corrected to 2 June (acknowledgement due 9 June), acknowledged 12 June
    (late), then corrected back to 9 June: on time only by the later day."""
    _two_on_time(journey)
    c = _logged_late(officer, handler_1, received=LOGGED, corrected=date(2025, 6, 2), ack=date(2025, 6, 12))
    assert show("6.2").state == "non_compliance"  # late by the corrected 2 June
    with services.recording_as_of(_noon(date(2025, 6, 13))):
        services.correct_received_date(complaint=c, actor=officer, received_on=LOGGED, reason=REASON)
    found = show("6.2")
    assert found.state == "cannot_show", found.summary
    assert c.reference in found.summary


def test_2024_6_2_a_complaint_withdrawn_before_its_acknowledgement_is_not_named(  # type: ignore[no-untyped-def]
    journey,
    officer,
    handler_1,
    small_minimum,  # noqa: F811
):
    _two_on_time(journey)
    c = _corrected_later(officer, received=date(2025, 6, 2), logged=LOGGED, on=LOGGED, to=LOGGED)
    with services.recording_as_of(_noon(date(2025, 6, 10))):
        services.withdraw_complaint(complaint=c, actor=officer, reason="The resident withdrew it.")
    assert show("6.2").state == "compliance", show("6.2").summary


def test_2024_6_2_whoever_acknowledged_or_handles_stage_1_cannot_move_the_day_later(  # type: ignore[no-untyped-def]
    officer, handler_1
):
    """An officer who is the complaint's handler would set their own clock (found in a review)."""
    from putright.code.errors import CodeViolation

    with services.recording_as_of(_noon(LOGGED)):
        c = _logged(officer, date(2025, 6, 2), accept=True)
        c = services.allocate_handler(complaint=c, actor=officer, handler=officer)
        try:
            services.correct_received_date(complaint=c, actor=officer, received_on=LOGGED, reason="I say so")
        except CodeViolation as refused:
            assert "someone else who answers for the record must correct it" in refused.detail
        else:
            raise AssertionError("the handler moved their own clock")
        # an earlier day is never refused for being earlier, whoever corrects it
        services.correct_received_date(
            complaint=c, actor=officer, received_on=date(2025, 5, 30), reason=REASON
        )
        # and someone else may move it later
        manager = User.objects.create_user("mgr", role="manager")
        services.correct_received_date(
            complaint=c, actor=manager, received_on=date(2025, 6, 3), reason=REASON
        )
