"""Appendix A of the 2022 Code, "Service request or complaint": case studies A, B and C and each
alternative scenario, replayed through the lifecycle with the handling the Code describes.

Where the Code says a complaint is opened while the service request (or ASB case) carries on
(2022 1.4; 2024 1.5), the complaint is a second case received with ``about_service_request`` naming
the first, and the first stays a service request.
"""

from __future__ import annotations

from datetime import date

from code_lifecycle_helpers import Journey, definition

from putright.code import lifecycle as lc

# Dates in 2023, when the 2022 Code governed.
MONDAY = date(2023, 6, 5)


def _service_request(on: date, reason: str, summary: str) -> Journey:
    journey = Journey(on=on, summary=summary)
    journey.decide(lc.triage_as_service_request, on=on, reason=reason)
    return journey


def _complaint_about(service_request: str, *, on: date, summary: str) -> Journey:
    return Journey(on=on, summary=summary, about_service_request=service_request)


def _assert_no_complaint(journey: Journey) -> None:
    case = journey.case
    assert not case.is_complaint
    assert case.stage == 0
    assert case.current_deadline() is None
    assert not any(isinstance(e, lc.AcceptedAsComplaint) for e in journey.events)


# --------------------------------------------------------------------------------------------------
# Case study A: resident calls to report the contractor has not arrived at the agreed time


def test_2022_case_study_a_there_and_then_service_request_is_not_a_complaint() -> None:
    """ "This is an example of a 'there and then' situation where the resident may be dissatisfied
    with the service provided on that morning, but the landlord is able to quickly resolve the issue
    to the resident's satisfaction with minimal further enquiries. Whilst this does not need logging
    as a complaint, the landlord should keep a record of the call" (2022 1.6)."""
    call = _service_request(
        MONDAY, reason="Chaser on a missed appointment", summary="Contractor did not arrive this morning."
    )
    resolved = call.decide(
        lc.resolve_service_request,
        on=MONDAY,
        resolution="Contractor delayed at another job; apologised; new appointment at a time to suit Ms B.",
        resolved_there_and_then=True,
    )
    assert call.case.edition == "2022"
    assert resolved.resolved_there_and_then
    assert call.case.state == "closed"
    _assert_no_complaint(call)
    # "the landlord should keep a record of the call": the history is the record.
    assert [e.kind for e in call.events] == [
        "contact_received",
        "triaged_as_service_request",
        "service_request_resolved",
    ]


def test_2022_case_study_a_alternative_complaint_opened_on_her_behalf_while_a_new_appointment_is_made() -> (
    None
):
    """ "The call handler also arranges another appointment and advises Ms B that it has opened a
    complaint on her behalf." The landlord "will need to investigate why this has happened"."""
    repair = _service_request(date(2023, 5, 22), reason="Repair appointment", summary="Dripping tap.")
    complaint = _complaint_about(
        "the repair appointment",
        on=MONDAY,
        summary="Contractor did not arrive; no appointment on the system.",
    )
    accepted = complaint.accept(on=MONDAY)
    assert accepted.acknowledgement_due == date(2023, 6, 12)  # 2022 4.1: five days of receipt
    complaint.allocate("Complaints officer")
    complaint.acknowledge(
        definition=definition(
            complaint="Ms B was sent a text confirming an appointment that was not on the system.",
            outcomes_sought="An explanation and a new appointment.",
            responsible_for="The appointment booking system and the text messages it sends.",
        )
    )
    assert complaint.case.state == "stage_1_acknowledged"
    assert complaint.events[0].about_service_request == "the repair appointment"
    # The new appointment carries on under the service request, which stays open.
    assert repair.case.state == "service_request"
    assert lc.Action.RESOLVE_SERVICE_REQUEST in lc.allowed_actions(repair.case)


# --------------------------------------------------------------------------------------------------
# Case study B: resident calls to report a repair


def test_2022_case_study_b_first_report_of_a_repair_is_a_service_request() -> None:
    """ "This is a service request and should be handled in accordance with the landlord's repairs
    policy.\""""
    repair = _service_request(
        MONDAY, reason="First report of a repair", summary="Radiator leaking for months."
    )
    assert repair.case.state == "service_request"
    _assert_no_complaint(repair)
    repair.decide(lc.resolve_service_request, on=date(2023, 6, 9), resolution="Radiator valve replaced.")
    _assert_no_complaint(repair)


def test_2022_case_study_b_alternative_a_repeated_unanswered_reports_open_a_complaint() -> None:
    """ "The call handler arranges an appointment for Mr D and opens a complaint case for Mr D."
    "Although Mr D has not specifically said he wants to make a complaint, there has been a failure in
    the landlord's service that should be investigated and put right.\""""
    repair = _service_request(date(2023, 3, 6), reason="Repair", summary="Radiator leaking.")
    complaint = _complaint_about("radiator repair", on=MONDAY, summary="Reported several times, no visit.")
    complaint.accept(on=MONDAY, issue_date=date(2023, 3, 6))  # within six months (2022 1.8)
    complaint.allocate("Alice")
    complaint.acknowledge(
        definition=definition(
            complaint="Repeated reports of a leaking radiator were never followed up.",
            outcomes_sought="The radiator repaired; the damp carpet dealt with.",
            responsible_for="Following up repair reports under the repairs policy.",
        )
    )
    assert complaint.case.state == "stage_1_acknowledged"
    # acknowledged (logged) on Wednesday 7 June: 10 working days (2022 5.1)
    assert complaint.case.current_deadline() == (date(2023, 6, 21), "2022 5.1")
    assert repair.case.state == "service_request"  # the appointment goes ahead under the repair


def test_2022_case_study_b_alternative_b_dissatisfaction_opens_a_complaint_and_the_job_carries_on() -> None:
    """ "The call handler raises a job for a new radiator and opens a complaint case for Mr D."
    "It is also clear that something is not working as it should do within the landlord's process,
    which should be investigated as part of the complaint.\""""
    repair = _service_request(date(2023, 2, 13), reason="Repair", summary="Radiator leaking.")
    complaint = _complaint_about(
        "radiator repair", on=MONDAY, summary="Going round in circles; new radiator never ordered."
    )
    complaint.to_stage_1_acknowledged()
    complaint.decide(
        lc.add_outstanding_action, description="Fit a new radiator", owner="Repairs", due=date(2023, 7, 14)
    )
    complaint.respond("Alice")
    assert complaint.case.state == "stage_1_responded"
    assert complaint.case.outstanding_action(1).completed_on is None
    assert repair.case.state == "service_request"
    repair.decide(lc.resolve_service_request, on=date(2023, 7, 10), resolution="New radiator fitted.")
    complaint.decide(lc.complete_outstanding_action, on=date(2023, 7, 10), number=1, note="Fitted")
    assert complaint.case.outstanding_action(1).completed_on == date(2023, 7, 10)


# --------------------------------------------------------------------------------------------------
# Case study C: resident calls to report noise nuisance / ASB


def test_2022_case_study_c_asb_report_is_handled_under_the_asb_policy_not_as_a_complaint() -> None:
    """ "This is a report of noise nuisance / ASB. The landlord should explain the ASB procedure to
    Mr A and clearly outline what the next steps are." Two months later, "the landlord continues to
    work with Mr A and to investigate the allegations in accordance with its policy.\""""
    asb = _service_request(
        date(2023, 4, 3), reason="ASB report: follow the ASB policy", summary="Neighbour's loud music."
    )
    # Two months later: new information added to the case file, updates given; still no complaint.
    assert asb.case.state == "service_request"
    _assert_no_complaint(asb)
    assert lc.Action.RESOLVE_SERVICE_REQUEST in lc.allowed_actions(asb.case)


def test_2022_case_study_c_alternative_complaint_about_the_handling_while_the_asb_case_continues() -> None:
    """ "The landlord has not responded to Mr A's initial report of ASB, therefore as well as following
    up on the reports of ASB as per the ASB policy, the landlord should also open a complaint case to
    look at its handling of Mr A's reports of ASB.\""""
    asb = _service_request(date(2023, 4, 3), reason="ASB report", summary="Neighbour's loud music.")
    complaint = _complaint_about("ASB case", on=MONDAY, summary="Nothing heard since my first report.")
    complaint.accept(on=MONDAY, issue_date=date(2023, 4, 3))
    complaint.allocate("Alice")
    complaint.acknowledge(
        definition=definition(
            complaint="The landlord did not respond to Mr A's reports of ASB for two months.",
            outcomes_sought="Action on the ASB and regular updates.",
            responsible_for="Handling of the ASB reports under the ASB policy.",
            not_responsible_for="Criminal matters reported to the police.",
        )
    )
    assert complaint.case.state == "stage_1_acknowledged"
    assert complaint.events[0].about_service_request == "ASB case"
    assert asb.case.state == "service_request"
    assert not asb.case.is_complaint
