"""Services: each step is one transaction that appends exactly one event with who, when, what, why
and the provision it applied, and refuses (writing nothing) what the Code does not allow."""

from __future__ import annotations

from datetime import date

import pytest
from complaints.complaint_states import RECEIVED, RESPONSE, STATES

from putright.code.errors import CodeViolation, InvalidRequest, TransitionNotAllowed
from putright.code.lifecycle import event_from_data, replay
from putright.complaints import personal, services
from putright.complaints.models import ClosureDay, Complaint, ComplaintEvent, Landlord, Stage
from putright.complaints.selectors import case_for
from putright.complaints.services import Told


def kinds(complaint: Complaint) -> list[str]:
    return list(complaint.events.order_by("sequence").values_list("kind", flat=True))


def test_receive_gives_a_reference_and_records_the_contact(resident, officer) -> None:
    complaint = services.receive_complaint(
        resident=resident, summary="Leak", channel="email", received_on=RECEIVED, actor=officer
    )
    assert complaint.reference == f"PR-{complaint.pk:06d}"
    assert complaint.state == "received"
    assert complaint.edition == "2024"
    event = complaint.events.get()
    assert (event.sequence, event.kind, event.on, event.actor, event.actor_label) == (
        1,
        "contact_received",
        RECEIVED,
        officer,
        "Olu Officer",
    )
    assert event.data["summary"] == "Leak"


def test_2024_5_12_full_record_every_step_appends_one_event(build) -> None:
    complaint = build("referred_to_ombudsman")
    events = list(complaint.events.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert kinds(complaint) == [
        "contact_received",
        "accepted_as_complaint",
        "handler_allocated",
        "acknowledged",
        "deadline_extended",
        "update_interval_agreed",
        "remedy_agreed",
        "responded",
        "escalation_requested",
        "handler_allocated",
        "acknowledged",
        "responded",
        "outstanding_action_added",
        "referred_to_ombudsman",
    ]
    for event in events:
        assert event.recorded_at is not None
        assert event.actor_label
        assert event_from_data(event.data).kind == event.kind
    # the resident asked for stage 2 through the portal: no staff actor, a label says who
    escalation = events[8]
    assert escalation.actor is None and escalation.actor_label == "Rita (portal)"
    # the why is recorded from the step's own words
    assert events[4].reason == "Waiting for the surveyor's report."


def test_2024_5_12_provisions_are_recorded_as_full_citations(build) -> None:
    complaint = build("stage_2_responded")
    provisions = dict(complaint.events.values_list("kind", "provision").order_by("sequence"))
    assert provisions["accepted_as_complaint"] == "2024 6.2"
    assert provisions["deadline_extended"] == "2024 6.4"
    assert provisions["update_interval_agreed"] == "2024 5.9"
    assert provisions["remedy_agreed"] == "2024 7.3"
    assert provisions["escalation_requested"] == "2024 6.11"
    assert provisions["responded"].startswith("2024 6.")


def test_2024_6_2_acknowledgement_due_counts_the_landlords_closure_days(resident, officer) -> None:
    ClosureDay.objects.create(date=date(2025, 3, 5), reason="Staff training")
    complaint = services.receive_complaint(
        resident=resident, summary="Leak", channel="email", received_on=RECEIVED, actor=officer, accept=True
    )
    # five working days after Monday 3 March, skipping the Wednesday closure: Tuesday 11 March
    assert complaint.current_due == date(2025, 3, 11)
    assert complaint.current_due_provision == "2024 6.2"
    assert Stage.objects.get(complaint=complaint, number=1).acknowledgement_due == date(2025, 3, 11)


def test_2024_6_13_stage_2_handler_must_differ_and_nothing_is_written(build, handler_1) -> None:
    complaint = build("escalation_requested")
    before = ComplaintEvent.objects.filter(complaint=complaint).count()
    with pytest.raises(CodeViolation) as refused:
        services.allocate_handler(complaint=complaint, actor=None, handler=handler_1, on=date(2025, 3, 18))
    assert refused.value.provision == "2024 6.13"
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == before
    complaint.refresh_from_db()
    assert complaint.state == "escalation_requested" and complaint.handler is None


def test_2024_6_9_a_response_missing_content_is_refused(build, handler_1) -> None:
    complaint = build("stage_1_acknowledged")
    with pytest.raises(CodeViolation) as refused:
        services.respond_to_complaint(
            complaint=complaint,
            actor=handler_1,
            told=Told(method="post", on=date(2025, 3, 13), body="Sent by post."),
            **{**RESPONSE, "reasons": " "},
        )
    assert refused.value.provision.startswith("2024 6.9")
    complaint.refresh_from_db()
    assert complaint.state == "stage_1_acknowledged"


def test_a_step_the_state_does_not_allow_is_refused(build, officer) -> None:
    complaint = build("received")
    with pytest.raises(TransitionNotAllowed):
        services.close_complaint(complaint=complaint, actor=officer, on=RECEIVED)
    assert kinds(complaint) == ["contact_received"]


def test_2024_3_6_a_representative_must_act_for_the_resident(resident, officer) -> None:
    other = services.create_resident(name="Someone Else")
    representative = services.add_representative(resident=other, name="Dan", relationship="son")
    with pytest.raises(InvalidRequest):
        services.receive_complaint(
            resident=resident, representative=representative, summary="x", channel="email", actor=officer
        )
    assert not Complaint.objects.exists()


def test_inactive_staff_cannot_be_allocated(build, handler_2) -> None:
    complaint = build("complaint")
    handler_2.is_active = False
    handler_2.save()
    with pytest.raises(InvalidRequest):
        services.allocate_handler(complaint=complaint, actor=None, handler=handler_2, on=RECEIVED)


@pytest.mark.parametrize("state", STATES)
def test_projected_fields_match_the_replayed_case(build, state: str) -> None:
    complaint = build(state)
    complaint.refresh_from_db()
    case = case_for(complaint)
    assert complaint.state == case.state == state
    assert complaint.status == case.status.value
    assert complaint.stage == case.stage
    assert complaint.is_open == case.is_open
    deadline = case.current_deadline()
    assert complaint.current_due == (deadline[0] if deadline else None)
    assert complaint.last_event_at == complaint.events.order_by("-sequence").first().recorded_at


def test_handlers_are_projected_per_stage(build, handler_1, handler_2) -> None:
    complaint = build("stage_2_responded")
    complaint.refresh_from_db()
    assert complaint.stage_1_handler == handler_1
    assert complaint.stage_2_handler == handler_2
    assert complaint.handler == handler_2
    stages = {s.number: s for s in complaint.stages.all()}
    assert stages[1].handler == handler_1 and stages[1].outcome == "partly_upheld"
    assert stages[2].complaint_definition.startswith("The stage 1 remedy")
    assert stages[2].not_responsible_for == "Contents insurance."
    assert complaint.outstanding_actions.get().owner == "Repairs team"


def test_remedies_extensions_and_exclusions_are_projected(build) -> None:
    closed = build("closed")
    remedy = closed.remedies.get()
    assert (remedy.kind, remedy.amount_pence, remedy.completed_on) == ("financial", 5000, date(2025, 3, 15))
    extension = closed.extensions.get()
    assert extension.working_days == 5 and extension.stage == 1
    declined = build("declined")
    exclusion = declined.exclusions.get()
    assert exclusion.ground == "previously_considered" and exclusion.provision == "2024 2.2"


@services.recording_as_it_happened()
def test_2024_5_11_declining_an_escalation_is_recorded_at_stage_2(build, officer) -> None:
    complaint = build("escalation_requested")
    complaint = services.decline_escalation(
        complaint=complaint,
        actor=officer,
        ground="legal_proceedings",
        explanation="A claim about this was filed at court on 1 March.",
        considered_on_merits="The court will decide the same question.",
        right_to_ombudsman_given=True,
        told=Told(method="post", on=date(2025, 3, 18), body="Sent by post."),
    )
    assert complaint.state == "declined"
    assert complaint.exclusions.get().stage == 2


@services.recording_as_it_happened()
def test_service_request_can_be_resolved(build, officer) -> None:
    complaint = build("service_request")
    complaint = services.resolve_service_request(
        complaint=complaint, actor=officer, resolution="Plumber fixed it", on=RECEIVED
    )
    assert complaint.state == "closed" and not complaint.is_open
    assert kinds(complaint)[-1] == "service_request_resolved"


def test_2024_1_2_landlord_edition_applies_only_to_complaints_received_before_1_april_2024(
    resident, officer
) -> None:
    landlord = Landlord.load()
    landlord.edition = "2022"
    landlord.save()
    before = services.receive_complaint(
        resident=resident,
        summary="Noise",
        channel="letter",
        received_on=date(2024, 3, 28),
        actor=officer,
        accept=True,
    )
    assert before.edition == "2022"
    assert before.current_due_provision == "2022 4.1"
    after = services.receive_complaint(
        resident=resident, summary="Noise", channel="letter", received_on=RECEIVED, actor=officer, accept=True
    )
    after.refresh_from_db()
    assert after.edition == "2024"
    assert after.current_due_provision == "2024 6.2"
    with pytest.raises(InvalidRequest):
        services.receive_complaint(
            resident=resident,
            summary="Noise",
            channel="letter",
            received_on=RECEIVED,
            actor=officer,
            edition="2022",
        )


def test_the_replayed_case_is_what_the_services_left(build) -> None:
    complaint = build("stage_2_responded")
    rows = personal.resolved_events_data(complaint)  # the stored events, with their words
    assert replay(event_from_data(d) for d in rows) == case_for(complaint)
