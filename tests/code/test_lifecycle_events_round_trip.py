"""Events are the record: every kind survives ``event_to_data`` -> JSON -> ``event_from_data`` unchanged,
and replaying the round-tripped events rebuilds exactly the same case."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from code_lifecycle_helpers import Journey, definition, stage_response
from hypothesis import given, settings
from hypothesis import strategies as st

from putright.code import lifecycle as lc
from putright.code.errors import InvalidRequest, UnreadableRecord
from putright.code.exclusions import ExclusionGround


def _round_trip(event: lc.Event) -> lc.Event:
    return lc.event_from_data(json.loads(json.dumps(lc.event_to_data(event))))


def _full_journey() -> Journey:
    journey = Journey(about_service_request="SR-77")
    journey.decide(lc.triage_as_service_request, reason="Repair")
    journey.accept(issue_date=date(2024, 5, 1), route=lc.Route.EARLY_RESOLUTION)
    journey.allocate("Zoe")
    journey.allocate("Alice")
    journey.decide(lc.confirm_independence, stage=1, person="Zoe", reason="Allocated in error")
    ack = lc.acknowledge(journey.case, on=journey.today, definition=definition())
    journey.events.append(
        lc.as_recorded(
            journey.case,
            ack,
            actor="Alice",
            today=journey.today,
            calendar=journey.rules.calendar,
            communication=lc.Communication(method="letter", reference="letter:1"),
        )
    )
    journey.decide(
        lc.record_new_issues,
        issues="The bathroom radiator leaks too",
        related=True,
        would_unreasonably_delay=False,
        handled=lc.NewIssuesHandling.ADDED_TO_DEFINITION,
        reason="Same heating system, response not yet issued",
        added_outcomes="Both radiators replaced",
    )
    journey.decide(lc.extend, working_days=4, reason="Survey needed", ombudsman_details_given=True)
    journey.decide(lc.agree_update_interval, every_working_days=5, method="Phone")
    journey.decide(
        lc.agree_remedy,
        description="Compensation for the damaged carpet",
        due=date(2024, 7, 31),
        remedy_kind=lc.RemedyKind.FINANCIAL,
        agreed_with_resident=True,
        amount_pence=15000,
    )
    journey.decide(lc.complete_remedy, number=1, evidence="BACS ref 123")
    journey.decide(
        lc.agree_remedy,
        description="Compensation for the damaged carpet",
        due=date(2024, 7, 31),
        remedy_kind=lc.RemedyKind.FINANCIAL,
        agreed_with_resident=False,
        amount_pence=15000,
    )
    journey.decide(
        lc.withdraw_remedy,
        number=2,
        ground=lc.RemedyWithdrawal.RECORDED_IN_ERROR,
        reason="The same payment as remedy 1, recorded twice",
    )
    journey.decide(
        lc.add_outstanding_action, description="New radiator", owner="Repairs", due=date(2024, 8, 1)
    )
    journey.respond("Alice", response=stage_response(outcome=lc.Outcome.PARTLY_UPHELD))
    journey.escalate(reason="Still leaking")
    journey.allocate("Bola")
    journey.acknowledge()
    journey.respond("Bola", response=stage_response(escalation_route="The Housing Ombudsman ..."))
    journey.decide(lc.complete_outstanding_action, number=1, note="Fitted")
    journey.close(reason="Final response issued")
    journey.decide(lc.refer_to_ombudsman, reference="HOS-9")
    return journey


def _side_journeys() -> list[Journey]:
    resolved = Journey()
    resolved.decide(lc.triage_as_service_request, reason="Chaser")
    resolved.decide(lc.resolve_service_request, resolution="New appointment", resolved_there_and_then=True)
    declined = Journey()
    declined.decide(
        lc.decline,
        ground=ExclusionGround.OUTSIDE_TIME_LIMIT,
        issue_date=date(2022, 1, 5),
        explanation="Over twelve months ago.",
        considered_on_merits="No health and safety aspect.",
        right_to_ombudsman_given=True,
    )
    chose = Journey()
    chose.decide(lc.triage_as_service_request, reason="Repair")
    chose.events.extend(
        lc.offer_choice_to_complain(
            chose.case,
            on=chose.today,
            about="Third missed appointment",
            how_offered="On the call",
            chose=lc.ComplaintChoice.MAKE_A_COMPLAINT,
        )
    )
    withdrawn = Journey()
    withdrawn.accept()
    withdrawn.events.append(
        lc.correct_received_date(
            withdrawn.case,
            on=withdrawn.today,
            received_on=withdrawn.case.received_on - timedelta(days=1),
            reason="The email was sent the evening before",
            recorded_on=withdrawn.case.received_on,
        )
    )
    withdrawn.decide(lc.withdraw, reason="Sorted")
    return [resolved, declined, chose, withdrawn]


def test_every_event_kind_round_trips_and_replays_to_the_same_case() -> None:
    seen: set[str] = set()
    for journey in [_full_journey(), *_side_journeys()]:
        back = [_round_trip(event) for event in journey.events]
        assert back == journey.events
        assert lc.replay(back) == journey.case
        seen |= {event.kind for event in journey.events}
    assert seen == set(lc.EVENT_TYPES)


def test_event_types_cover_every_event_class() -> None:
    classes = {cls for cls in vars(lc).values() if isinstance(cls, type) and issubclass(cls, lc.Event)}
    assert set(lc.EVENT_TYPES.values()) == classes - {lc.Event}
    assert all(kind == cls.kind for kind, cls in lc.EVENT_TYPES.items())


def test_event_data_is_plain_json() -> None:
    data = lc.event_to_data(_full_journey().events[6])  # Acknowledged, with a nested definition
    assert data["kind"] == "acknowledged"
    assert isinstance(data["definition"], dict)
    assert data["on"] == data["on"][:10]


def test_unknown_event_kind_is_refused_as_an_unreadable_record_without_repeating_it() -> None:
    """A stored kind PutRight does not know is the history's fault, not the client's: not a 422
    (``InvalidRequest``) that echoed the stored text, but the same refusal as any unreadable step."""
    with pytest.raises(UnreadableRecord) as refused:
        lc.event_from_data({"kind": "teleported", "on": "2024-06-03"}, reference="PR-000005")
    assert "teleported" not in refused.value.detail
    assert "does not know" in refused.value.detail and "2024-06-03" in refused.value.detail
    assert not isinstance(refused.value, InvalidRequest)


text = st.text(max_size=30)
any_event = st.sampled_from(sorted(lc.EVENT_TYPES)).flatmap(
    lambda kind: (
        st.builds(lc.EVENT_TYPES[kind], on=st.dates(), edition=st.sampled_from(["2022", "2024"]))
        if kind == "contact_received"
        else st.builds(lc.EVENT_TYPES[kind], on=st.dates())
    )
)


@given(event=any_event)
@settings(max_examples=300)
def test_any_event_round_trips(event: lc.Event) -> None:
    assert _round_trip(event) == event


def test_a_stored_value_no_member_has_is_refused_not_read_as_something_else() -> None:
    """Enum fields are read from the members' table first (for speed); a value no member has must
    still fail as ``Outcome(value)`` does, never come back as a default or as the raw text."""
    data = lc.event_to_data(_full_journey().events[6])
    assert lc.event_from_data(data) == _full_journey().events[6]
    responded = next(e for e in _full_journey().events if isinstance(e, lc.Responded))
    stored = lc.event_to_data(responded)
    assert lc.event_from_data(stored).response.outcome is responded.response.outcome
    for wrong in ("mostly_upheld", ["upheld"], 3):
        broken = {**stored, "response": {**stored["response"], "outcome": wrong}}
        with pytest.raises(ValueError):
            lc.event_from_data(broken)
