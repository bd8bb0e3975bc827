"""2024 6.3 "Landlords must issue a full response to stage 1 complaints within 10 working days of the
complaint being acknowledged", 6.2 "within five working days of the complaint being received"; 6.14
(20 working days of the stage 2 acknowledgement) and 6.11 (five working days of the escalation
request); 2022 5.1 "within 10 working days of the complaint being logged", 4.1 "acknowledged and
logged ... within five days of receipt".

A response the previous system issued at a stage it never acknowledged (imported as it happened,
``respond(as_it_happened=True)``) had no response date, so every figure counted it as not within the
timescale, even one sent on working day 3: a figure the records contradict. The latest day the Code
could have required it is the response period counted from the last day the acknowledgement was
due; the response event carries that day, and the stage's response date is it. The 2022 Code's
stage 2 sets no acknowledgement time and its response clock runs from the escalation (5.13), which
already set the date: the response carries none of its own."""

from __future__ import annotations

import json
from datetime import date

from code_lifecycle_helpers import RECEIVED_2022, Journey, stage_response

from putright.code import lifecycle as lc

#: a stage never acknowledged was never defined there: the response gives the definition itself
ANSWER = stage_response(complaint_definition="The radiator leaks; the resident wants it replaced.")
FINAL = stage_response(
    complaint_definition="The radiator still leaks.",
    escalation_route="You may refer your complaint to the Housing Ombudsman Service.",
)


def _answered_unacknowledged(journey: Journey, on: date) -> lc.Responded:
    event = lc.respond(journey.case, on=on, handler="J Smith", response=ANSWER, as_it_happened=True)
    journey.events.append(event)
    journey.today = on
    return event


def _stage_2_requested(journey: Journey) -> Journey:
    journey.to_stage_1_responded()
    journey.escalate()
    return journey


def test_2024_6_3_counts_10_working_days_from_the_last_day_6_2_allowed_to_acknowledge() -> None:
    journey = Journey()  # received Monday 3 June 2024
    journey.accept()
    assert journey.case.acknowledgement_due[1] == date(2024, 6, 10)  # 6.2: five working days
    responded = _answered_unacknowledged(journey, date(2024, 6, 6))  # working day 3
    assert responded.without_acknowledgement
    assert responded.response_due == date(2024, 6, 24)  # 6.3: ten working days after 10 June
    case = journey.case
    assert (case.response_due[1], case.original_response_due[1]) == (date(2024, 6, 24), date(2024, 6, 24))
    assert 1 not in case.acknowledged_on  # the acknowledgement is still not made up


def test_2024_6_14_counts_20_working_days_from_the_last_day_6_11_allowed_to_acknowledge() -> None:
    journey = _stage_2_requested(Journey())
    requested = journey.case
    due = requested.acknowledgement_due[2]
    assert due == lc.Rules().calendar.add_working_days(requested.escalation_requested_on[2], 5)  # 6.11
    event = lc.respond(journey.case, on=due, handler="C Person", response=FINAL, as_it_happened=True)
    assert event.response_due == lc.Rules().calendar.add_working_days(due, 20)  # 6.14
    assert lc.evolve(requested, event).response_due[2] == event.response_due


def test_2022_5_1_counts_10_working_days_from_the_last_day_4_1_allowed_to_log_it() -> None:
    journey = Journey(on=RECEIVED_2022)  # Monday 5 June 2023
    journey.accept()
    assert journey.case.edition == "2022" and journey.case.acknowledgement_due[1] == date(2023, 6, 12)
    assert _answered_unacknowledged(journey, date(2023, 6, 7)).response_due == date(2023, 6, 26)


def test_2022_5_13_stage_2_keeps_the_date_its_escalation_set_as_it_has_no_acknowledgement_time() -> None:
    journey = _stage_2_requested(Journey(on=RECEIVED_2022))
    set_on_escalation = journey.case.response_due[2]
    assert journey.case.acknowledgement_due[2] is None  # 2022: no time to acknowledge stage 2
    event = lc.respond(
        journey.case, on=journey.today, handler="C Person", response=FINAL, as_it_happened=True
    )
    assert event.without_acknowledgement and event.response_due is None
    assert lc.evolve(journey.case, event).response_due[2] == set_on_escalation


def test_2024_6_3_the_date_is_stored_with_the_response_and_read_back() -> None:
    journey = Journey()
    journey.accept()
    responded = _answered_unacknowledged(journey, date(2024, 6, 6))
    stored = json.loads(json.dumps(lc.event_to_data(responded)))
    assert stored["response_due"] == "2024-06-24"
    assert lc.event_from_data(stored) == responded
    assert lc.replay(lc.event_from_data(lc.event_to_data(e)) for e in journey.events) == journey.case


def test_2024_6_3_a_response_stored_without_the_date_reads_as_it_always_did() -> None:
    """Responses to an acknowledged stage are stored as before (no ``response_due`` key), and a
    stored response carrying none is read back with none: its stage's date is its acknowledgement's."""
    acknowledged = Journey().to_stage_1_responded()
    responded = acknowledged.events[-1]
    assert isinstance(responded, lc.Responded) and responded.response_due is None
    assert "response_due" not in lc.event_to_data(responded)
    journey = Journey()
    journey.accept()
    stored = lc.event_to_data(_answered_unacknowledged(journey, date(2024, 6, 6)))
    stored.pop("response_due")
    assert lc.event_from_data(stored).response_due is None
    assert 1 not in lc.replay([*journey.events[:-1], lc.event_from_data(stored)]).response_due
