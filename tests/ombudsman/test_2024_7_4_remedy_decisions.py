"""2024 7.3, 7.4: on the case, failures found, the calculator's proposal, and accepting it or
departing from it with a reason; offers below the Ombudsman's defined sums are flagged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from putright.code.errors import InvalidRequest
from putright.complaints import services as complaint_services
from putright.complaints.models import Remedy
from putright.ombudsman import services
from putright.ombudsman.models import PolicyVersion, RemedyDecision
from putright.ombudsman.services import Offer, shortfalls

TODAY = date(2026, 5, 1)


def _failures(complaint, actor):  # type: ignore[no-untyped-def]
    services.record_failure(
        complaint=complaint,
        actor=actor,
        kind="loss_of_heating",
        description="Boiler broken",
        started_on=date(2026, 4, 1),
        ended_on=date(2026, 4, 23),
        on=TODAY,
    )
    services.record_failure(complaint=complaint, actor=actor, kind="missed_appointment", count=2, on=TODAY)


@complaint_services.recording_as_it_happened()  # the decision is taken on TODAY, the test's day
def test_2024_7_4_accepting_the_proposal_agrees_375_for_23_days_without_heating_and_2_missed_appointments(
    build, handler_1
) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    _failures(complaint, handler_1)
    calculation = services.calculation_for(services.open_failures(complaint), on=TODAY, edition="2024")
    assert calculation.total_pence == 37500
    remedy = services.decide_remedy(
        complaint=complaint,
        actor=handler_1,
        offers={},
        due=date(2026, 5, 15),
        agreed_with_resident=True,
        on=TODAY,
    )
    assert remedy.amount_pence == 37500
    assert remedy.kind == "financial"
    assert "Compensation of £375" in remedy.description
    assert remedy.due == date(2026, 5, 15) and remedy.agreed_with_resident
    decisions = list(RemedyDecision.objects.filter(complaint=complaint))
    assert [d.decision for d in decisions] == ["accepted", "accepted"]
    assert {d.remedy_number for d in decisions} == {remedy.number}
    assert decisions[0].workings == "23 days × £15 = £345"
    assert "Compensation Guidance" in decisions[0].source
    assert shortfalls(complaint) == []
    assert services.open_failures(complaint) == []
    assert complaint.events.filter(kind="remedy_agreed").count() == 2  # the builder's £50 and this one


@complaint_services.recording_as_it_happened()  # the decision is taken on TODAY, the test's day
def test_2024_7_4_an_offer_below_the_defined_sum_needs_a_reason_and_is_flagged(build, handler_1) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    _failures(complaint, handler_1)
    remedies_before = Remedy.objects.filter(complaint=complaint).count()
    with pytest.raises(InvalidRequest, match="say why you offer £1"):
        services.decide_remedy(
            complaint=complaint,
            actor=handler_1,
            offers={1: Offer(100)},
            due=date(2026, 5, 15),
            agreed_with_resident=False,
            on=TODAY,
        )
    assert Remedy.objects.filter(complaint=complaint).count() == remedies_before  # nothing half-done
    services.decide_remedy(
        complaint=complaint,
        actor=handler_1,
        offers={1: Offer(100, "Temporary heaters were supplied on day 2")},
        due=date(2026, 5, 15),
        agreed_with_resident=False,
        on=TODAY,
    )
    (short,) = shortfalls(complaint)
    assert short.failure_number == 1
    assert short.defined_pence == 34500 and short.offered_pence == 100
    assert "£344.00" not in short.sentence() and "£344 below" in short.sentence()
    assert "Temporary heaters" in short.sentence()


@complaint_services.recording_as_it_happened()  # the decision is taken on TODAY, the test's day
def test_2024_7_2_a_judgement_category_needs_an_amount_and_reasons(build, handler_1) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    services.record_failure(complaint=complaint, actor=handler_1, kind="time_and_trouble", on=TODAY)
    with pytest.raises(InvalidRequest, match="no defined sum"):
        services.decide_remedy(
            complaint=complaint,
            actor=handler_1,
            offers={},
            due=date(2026, 5, 15),
            agreed_with_resident=True,
            on=TODAY,
        )
    remedy = services.decide_remedy(
        complaint=complaint,
        actor=handler_1,
        offers={1: Offer(7500, "Eight calls over six weeks to get the repair booked")},
        due=date(2026, 5, 15),
        agreed_with_resident=True,
        on=TODAY,
    )
    assert remedy.amount_pence == 7500
    assert RemedyDecision.objects.get(complaint=complaint).decision == "judged"
    assert shortfalls(complaint) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "flood", "days": 2}, "unknown kind 'flood'"),
        ({"kind": "loss_of_heating"}, "per day"),
        ({"kind": "missed_appointment"}, "count"),
        (
            {"kind": "loss_of_power", "started_on": date(2026, 4, 5), "ended_on": date(2026, 4, 1)},
            "end before",
        ),
        ({"kind": "loss_of_power", "started_on": date(2026, 4, 5), "ended_on": date(2026, 5, 9)}, "future"),
    ],
)
def test_a_failure_the_calculator_cannot_use_is_refused_and_nothing_is_kept(
    build, handler_1, kwargs, message
) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_acknowledged")
    with pytest.raises(InvalidRequest, match=message):
        services.record_failure(complaint=complaint, actor=handler_1, on=TODAY, **kwargs)
    assert complaint.failures_found.count() == 0


def test_2024_7_4_the_landlord_policy_in_force_on_the_day_is_applied(build, handler_1, officer) -> None:  # type: ignore[no-untyped-def]
    services.record_policy_version(
        actor=officer,
        kind=PolicyVersion.Kind.COMPENSATION,
        title="Compensation policy",
        version="3",
        effective_from=date(2026, 4, 1),
        rates=[
            {
                "kind": "missed_appointment",
                "label": "Missed appointment",
                "basis": "each",
                "amount_pence": 2500,
                "rule": "£25 per missed appointment",
            }
        ],
    )
    services.record_policy_version(
        actor=officer,
        kind=PolicyVersion.Kind.COMPENSATION,
        title="Compensation policy",
        version="4",
        effective_from=date(2026, 6, 1),
        rates=[],
    )
    complaint = build("stage_1_acknowledged")
    row = services.record_failure(
        complaint=complaint, actor=handler_1, kind="missed_appointment", count=2, on=TODAY
    )
    (may,) = services.calculation_for([row], on=TODAY, edition="2024").proposals
    assert may.proposed_pence == 5000
    assert "version 3" in may.source
    (june,) = services.calculation_for([row], on=date(2026, 6, 2), edition="2024").proposals
    assert june.proposed_pence == 3000
    assert "Compensation Guidance" in june.source
    assert [v.version for v in services.policy_versions_on(date(2026, 5, 31))] == ["3"]
    assert services.policy_versions_on(date(2026, 3, 31)) == []


@pytest.mark.django_db(transaction=True)
def test_2024_7_3_the_proposal_sent_twice_at_once_agrees_one_remedy(build, handler_1) -> None:  # type: ignore[no-untyped-def]
    """A double POST of the proposal page at the same moment: both read the open failures before
    either had decided them, and two remedies were agreed for the same failures. The complaint's row
    is locked first, so the second waits, finds nothing open, and is refused. PostgreSQL only."""
    from at_once import at_once, needs_postgresql
    from django.utils import timezone

    needs_postgresql()
    complaint = build("stage_1_acknowledged")
    services.record_failure(complaint=complaint, actor=handler_1, kind="missed_appointment", count=2)
    before = Remedy.objects.filter(complaint=complaint).count()
    outcomes = at_once(
        lambda: services.decide_remedy(
            complaint=complaint,
            actor=handler_1,
            offers={},
            due=timezone.localdate() + timedelta(days=10),
            agreed_with_resident=True,
        )
    )
    agreed = [o for o in outcomes if isinstance(o, Remedy)]
    refused = [o for o in outcomes if not isinstance(o, Remedy)]
    assert len(agreed) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], InvalidRequest), refused
    assert "no failures waiting for a decision" in str(refused[0])
    assert Remedy.objects.filter(complaint=complaint).count() == before + 1
