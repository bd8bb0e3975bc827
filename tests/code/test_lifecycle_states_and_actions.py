"""Which steps each state allows, that any other step is refused (TransitionNotAllowed), and that no
step can be dated before the complaint was received (InvalidRequest)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from code_lifecycle_helpers import RECEIVED_2022, RECEIVED_2024, Journey, definition, stage_response

from putright.code import lifecycle as lc
from putright.code.errors import InvalidRequest, LifecycleError, TransitionNotAllowed
from putright.code.exclusions import ExclusionGround

A = lc.Action
THIRD_STAGE = lc.Rules(third_stage=True)
TRACKING = [A.AGREE_REMEDY, A.ADD_OUTSTANDING_ACTION]


def _received() -> Journey:
    return Journey()


def _service_request() -> Journey:
    journey = Journey()
    journey.decide(lc.triage_as_service_request, reason="Repair")
    return journey


def _service_request_resolved() -> Journey:
    journey = _service_request()
    journey.decide(lc.resolve_service_request, resolution="Fixed", resolved_there_and_then=True)
    return journey


def _complaint() -> Journey:
    journey = Journey()
    journey.accept()
    return journey


def _declined() -> Journey:
    journey = Journey()
    journey.decide(
        lc.decline,
        ground=ExclusionGround.PREVIOUSLY_CONSIDERED,
        explanation="Answered at stage 2 in March.",
        considered_on_merits="No new issue raised.",
        right_to_ombudsman_given=True,
    )
    return journey


def _closed_after(stage: int) -> Callable[[], Journey]:
    def build() -> Journey:
        journey = Journey().to_stage_1_responded() if stage == 1 else Journey().to_stage_2_responded()
        journey.close()
        return journey

    return build


def _withdrawn() -> Journey:
    journey = Journey().to_stage_1_acknowledged()
    journey.decide(lc.withdraw, reason="Resident satisfied with the repair.")
    return journey


def _referred() -> Journey:
    journey = Journey().to_stage_2_responded()
    journey.decide(lc.refer_to_ombudsman, reference="HOS-1")
    return journey


def _stage_2_responded_with_third_stage() -> Journey:
    journey = Journey(on=RECEIVED_2022, rules=THIRD_STAGE).to_stage_2_acknowledged()
    journey.respond("Bola", response=stage_response(escalation_route="Ask for stage 3."))
    return journey


def _stage_3_requested() -> Journey:
    journey = _stage_2_responded_with_third_stage()
    journey.escalate()
    return journey


def _stage_3_acknowledged() -> Journey:
    journey = _stage_3_requested()
    journey.allocate("Chidi")
    journey.acknowledge()
    return journey


def _stage_3_responded() -> Journey:
    journey = _stage_3_acknowledged()
    journey.respond("Chidi", response=stage_response(escalation_route="The Ombudsman ..."))
    return journey


ACKNOWLEDGED = [
    A.ALLOCATE_HANDLER,
    A.EXTEND,
    A.AGREE_UPDATE_INTERVAL,
    A.RESPOND,
    A.DECLINE,
    A.RECORD_NEW_ISSUES,
    *TRACKING,
]

STATES: list[tuple[str, Callable[[], Journey], list[lc.Action]]] = [
    (
        "received",
        _received,
        [
            A.ACCEPT_AS_COMPLAINT,
            A.OFFER_CHOICE_TO_COMPLAIN,
            A.TRIAGE_AS_SERVICE_REQUEST,
            A.DECLINE,
            A.WITHDRAW,
        ],
    ),
    (
        "service_request",
        _service_request,
        [A.RESOLVE_SERVICE_REQUEST, A.OFFER_CHOICE_TO_COMPLAIN, A.ACCEPT_AS_COMPLAINT],
    ),
    ("closed", _service_request_resolved, []),
    (
        "complaint",
        _complaint,
        [A.ALLOCATE_HANDLER, A.ACKNOWLEDGE, A.DECLINE, *TRACKING, A.REFER_TO_OMBUDSMAN, A.WITHDRAW],
    ),
    ("declined", _declined, [A.REFER_TO_OMBUDSMAN]),
    (
        "stage_1_acknowledged",
        lambda: Journey().to_stage_1_acknowledged(),
        [*ACKNOWLEDGED, A.REFER_TO_OMBUDSMAN, A.WITHDRAW],
    ),
    (
        "stage_1_responded",
        lambda: Journey().to_stage_1_responded(),
        [A.REQUEST_ESCALATION, A.CLOSE, A.RECORD_NEW_ISSUES, *TRACKING, A.REFER_TO_OMBUDSMAN, A.WITHDRAW],
    ),
    ("closed", _closed_after(1), [A.REQUEST_ESCALATION, *TRACKING, A.REFER_TO_OMBUDSMAN]),
    (
        "escalation_requested",
        lambda: Journey().to_escalation_requested(),
        [
            A.ALLOCATE_HANDLER,
            A.ACKNOWLEDGE,
            A.DECLINE_ESCALATION,
            *TRACKING,
            A.REFER_TO_OMBUDSMAN,
            A.WITHDRAW,
        ],
    ),
    (
        "stage_2_acknowledged",
        lambda: Journey().to_stage_2_acknowledged(),
        [*ACKNOWLEDGED, A.REFER_TO_OMBUDSMAN, A.WITHDRAW],
    ),
    (
        "stage_2_responded",
        lambda: Journey().to_stage_2_responded(),
        [A.CLOSE, A.RECORD_NEW_ISSUES, *TRACKING, A.REFER_TO_OMBUDSMAN],
    ),
    ("closed", _closed_after(2), [*TRACKING, A.REFER_TO_OMBUDSMAN]),
    (
        "stage_2_responded",
        _stage_2_responded_with_third_stage,
        [A.REQUEST_ESCALATION, A.CLOSE, A.RECORD_NEW_ISSUES, *TRACKING, A.REFER_TO_OMBUDSMAN, A.WITHDRAW],
    ),
    (
        "stage_3_requested",
        _stage_3_requested,
        [
            A.ALLOCATE_HANDLER,
            A.ACKNOWLEDGE,
            A.DECLINE_ESCALATION,
            *TRACKING,
            A.REFER_TO_OMBUDSMAN,
            A.WITHDRAW,
        ],
    ),
    ("stage_3_acknowledged", _stage_3_acknowledged, [*ACKNOWLEDGED, A.REFER_TO_OMBUDSMAN, A.WITHDRAW]),
    (
        "stage_3_responded",
        _stage_3_responded,
        [A.CLOSE, A.RECORD_NEW_ISSUES, *TRACKING, A.REFER_TO_OMBUDSMAN],
    ),
    ("withdrawn", _withdrawn, []),
    ("referred_to_ombudsman", _referred, []),
]
IDS = [f"{i:02d}-{state}" for i, (state, _, _) in enumerate(STATES)]


@pytest.mark.parametrize(("state", "build", "expected"), STATES, ids=IDS)
def test_allowed_actions_in_every_state(
    state: str, build: Callable[[], Journey], expected: list[lc.Action]
) -> None:
    journey = build()
    assert journey.case.state == state
    # a day received recorded wrongly is put right in every state of a complaint, or of a contact not
    # yet triaged (2024 5.12); a service request's day starts no clock (2024 1.4)
    correctable = journey.case.is_complaint or state == "received"
    assert lc.allowed_actions(journey.case, journey.rules) == [
        *expected,
        *([A.CORRECT_RECEIVED_DATE] if correctable else []),
    ]


# Every step, with arguments that would pass its own checks.
def _steps(journey: Journey) -> dict[lc.Action, Callable[..., lc.Event]]:
    def step(function: Callable[..., lc.Event], **kwargs: Any) -> Callable[..., lc.Event]:
        return lambda on: function(journey.case, on=on, rules=journey.rules, **kwargs)

    refusal = {
        "ground": ExclusionGround.LEGAL_PROCEEDINGS,
        "explanation": "Claim filed.",
        "considered_on_merits": "Same issues.",
        "right_to_ombudsman_given": True,
    }
    return {
        A.OFFER_CHOICE_TO_COMPLAIN: step(
            lc.offer_choice_to_complain, about="Missed visit", how_offered="On the call", chose="not_now"
        ),
        A.TRIAGE_AS_SERVICE_REQUEST: step(lc.triage_as_service_request, reason="Repair"),
        A.RESOLVE_SERVICE_REQUEST: step(lc.resolve_service_request, resolution="Fixed"),
        A.ACCEPT_AS_COMPLAINT: step(lc.accept_as_complaint),
        A.DECLINE: step(lc.decline, **refusal),
        A.ALLOCATE_HANDLER: step(lc.allocate_handler, handler="Zed"),
        A.ACKNOWLEDGE: step(lc.acknowledge, definition=definition()),
        A.EXTEND: step(
            lc.extend, working_days=3, reason="Survey", good_reason="Panel", ombudsman_details_given=True
        ),
        A.AGREE_UPDATE_INTERVAL: step(lc.agree_update_interval, every_working_days=5, method="Email"),
        A.RESPOND: step(lc.respond, handler="Zed", response=stage_response()),
        A.REQUEST_ESCALATION: step(lc.request_escalation),
        A.DECLINE_ESCALATION: step(lc.decline_escalation, **refusal),
        A.AGREE_REMEDY: step(
            lc.agree_remedy,
            description="Apology",
            due=date(2031, 1, 1),
            remedy_kind="apology",
            agreed_with_resident=True,
        ),
        A.ADD_OUTSTANDING_ACTION: step(
            lc.add_outstanding_action, description="x", owner="y", due=date(2031, 1, 1)
        ),
        A.RECORD_NEW_ISSUES: step(
            lc.record_new_issues,
            issues="The fence too",
            related=False,
            would_unreasonably_delay=False,
            handled="logged_as_new_complaint",
            reason="Unrelated to the radiator",
            new_complaint="PR-000002",
        ),
        A.CLOSE: step(lc.close),
        A.REFER_TO_OMBUDSMAN: step(lc.refer_to_ombudsman),
        A.WITHDRAW: step(lc.withdraw),
    }


#: the steps some states refuse (completing is open while something is pending; correcting the day
#: received is open in every state of a complaint, and refused with its own reason otherwise)
GUARDED = [
    a
    for a in A
    if a not in (A.COMPLETE_REMEDY, A.WITHDRAW_REMEDY, A.COMPLETE_OUTSTANDING_ACTION, A.CORRECT_RECEIVED_DATE)
]


@pytest.mark.parametrize(("state", "build", "expected"), STATES, ids=IDS)
def test_a_step_the_state_does_not_allow_is_refused(
    state: str, build: Callable[[], Journey], expected: list[lc.Action]
) -> None:
    journey = build()
    steps = _steps(journey)
    on = journey.today + timedelta(days=1)
    for action in GUARDED:
        if action in expected:
            continue
        with pytest.raises(LifecycleError) as refused:
            steps[action](on)
        # Escalation out of a state where it makes no sense is refused by the Code itself
        # (6.10, 5.3); every other illegal step is a plain transition refusal.
        if action != A.REQUEST_ESCALATION:
            assert isinstance(refused.value, TransitionNotAllowed), (state, action)


def test_a_step_the_state_allows_succeeds() -> None:
    for _state, build, expected in STATES:
        for action in expected:
            journey = build()
            _steps(journey)[action](journey.today + timedelta(days=1))


def test_transition_not_allowed_names_the_state() -> None:
    journey = Journey().to_stage_1_responded()
    with pytest.raises(TransitionNotAllowed) as refused:
        journey.acknowledge()
    assert "stage_1_responded" in str(refused.value)
    assert refused.value.provision is None
    assert refused.value.status_hint == 409


@pytest.mark.parametrize(("state", "build", "expected"), STATES, ids=IDS)
def test_dates_before_receipt_are_invalid(
    state: str, build: Callable[[], Journey], expected: list[lc.Action]
) -> None:
    journey = build()
    steps = _steps(journey)
    for action in expected:
        with pytest.raises(InvalidRequest):
            steps[action](
                RECEIVED_2024 - timedelta(days=1) if journey.case.edition == "2024" else date(2023, 1, 1)
            )


def test_completing_before_receipt_is_invalid() -> None:
    journey = Journey().to_stage_1_acknowledged()
    journey.decide(
        lc.agree_remedy,
        description="Apology",
        due=date(2024, 7, 1),
        remedy_kind="apology",
        agreed_with_resident=True,
    )
    journey.decide(lc.add_outstanding_action, description="x", owner="y", due=date(2024, 7, 1))
    with pytest.raises(InvalidRequest):
        journey.decide(lc.complete_remedy, on=date(2024, 1, 1), number=1, evidence="e")
    with pytest.raises(InvalidRequest):
        journey.decide(lc.complete_outstanding_action, on=date(2024, 1, 1), number=1)


def test_an_issue_after_receipt_is_invalid() -> None:
    with pytest.raises(InvalidRequest):
        Journey().accept(issue_date=RECEIVED_2024 + timedelta(days=1))


def test_history_must_start_with_the_contact() -> None:
    with pytest.raises(InvalidRequest):
        lc.replay([])
    with pytest.raises(InvalidRequest):
        lc.evolve(None, lc.Closed(on=RECEIVED_2024, reason=""))


def test_unknown_channel_and_edition_are_refused() -> None:
    with pytest.raises(ValueError):
        lc.receive(on=RECEIVED_2024, channel="carrier_pigeon", summary="x")
    with pytest.raises(LookupError):
        lc.receive(on=RECEIVED_2024, channel="email", summary="x", edition="2020")
    with pytest.raises(InvalidRequest):
        lc.receive(on=RECEIVED_2024, channel="email", summary="  ")
