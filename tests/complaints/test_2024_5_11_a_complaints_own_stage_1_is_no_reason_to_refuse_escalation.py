"""2024 5.11: "Landlords must not refuse to escalate a complaint through all stages of the complaints
procedure unless it has valid reasons to do so", the reasons of section 2; 2.2 lists "Matters that have
previously been considered under the complaints policy". In a browser walk the stage 1 handler
declined an escalation on that ground because "We have already considered your complaint at stage 1",
and the letter check let it be issued. A complaint's own stage 1 is what escalating asks to be
considered again: refusing on it would refuse every escalation. The ground now needs the earlier
complaint that considered the matter, one on the record and not this one."""

from __future__ import annotations

from datetime import date

import pytest

from putright.code.errors import CodeViolation, InvalidRequest
from putright.complaints import services
from putright.complaints.models import ComplaintEvent
from putright.complaints.services import Told

pytestmark = pytest.mark.django_db

REFUSAL = dict(
    ground="previously_considered",
    explanation="We have already considered your complaint at stage 1.",
    considered_on_merits="No new issue was raised.",
    right_to_ombudsman_given=True,
)


def _told() -> Told:
    return Told(method="post", on=date(2025, 3, 18), body="Sent by post.")


@services.recording_as_it_happened()
def test_2024_5_11_refusing_escalation_as_previously_considered_by_its_own_stage_1_is_refused(
    build, officer
) -> None:  # type: ignore[no-untyped-def]
    complaint = build("escalation_requested")
    with pytest.raises(CodeViolation) as refused:
        services.decline_escalation(complaint=complaint, actor=officer, told=_told(), **REFUSAL)
    assert refused.value.provision == "2024 5.11"
    assert "give the earlier complaint that considered the matter" in str(refused.value)
    assert "own stage 1 is not a matter previously considered" in str(refused.value)
    # naming itself, however typed, is no earlier complaint
    number = str(int(complaint.reference.split("-")[-1]))
    # (a browser walk: "Complaint 341" and "#341" were taken as an earlier complaint)
    for earlier in (
        complaint.reference,
        complaint.reference.lower(),
        number,
        f"Complaint {number}",
        f"#{number}",
    ):
        with pytest.raises(InvalidRequest) as wrong:
            services.decline_escalation(
                complaint=complaint, actor=officer, told=_told(), previously_considered_in=earlier, **REFUSAL
            )
        assert "is this complaint: its own stage 1 is what escalating asks to be considered again" in str(
            wrong.value
        )
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()


@services.recording_as_it_happened()
def test_2024_5_11_an_earlier_complaint_is_not_looked_up(build, officer) -> None:  # type: ignore[no-untyped-def]
    """A matter considered before PutRight has no reference here, and a refusal for a reference not
    found would tell a handler which references exist, restricted ones too (helper-120): what the
    person names is kept as they name it."""
    complaint = build("escalation_requested")
    complaint = services.decline_escalation(
        complaint=complaint,
        actor=officer,
        told=_told(),
        previously_considered_in="Our old system, case 2019/0451",
        **REFUSAL,
    )
    event = ComplaintEvent.objects.get(complaint=complaint, kind="declined")
    assert event.data["previously_considered_in"] == "Our old system, case 2019/0451"


@services.recording_as_it_happened()
def test_2024_5_11_a_matter_an_earlier_complaint_considered_may_be_refused_and_is_recorded_with_it(
    build, officer
) -> None:  # type: ignore[no-untyped-def]
    earlier = build("closed")
    complaint = build("escalation_requested")
    complaint = services.decline_escalation(
        complaint=complaint,
        actor=officer,
        told=_told(),
        previously_considered_in=earlier.reference,
        **{**REFUSAL, "explanation": f"We considered the same matter in complaint {earlier.reference}."},
    )
    assert complaint.state == "declined"
    event = ComplaintEvent.objects.get(complaint=complaint, kind="declined")
    assert event.data["previously_considered_in"] == earlier.reference


@services.recording_as_it_happened()
def test_2024_2_2_not_accepting_a_matter_previously_considered_is_unchanged(build, officer) -> None:  # type: ignore[no-untyped-def]
    """Declining a new complaint as previously considered needs no reference: it is not an escalation."""
    complaint = build("received")
    complaint = services.decline_complaint(
        complaint=complaint,
        actor=officer,
        ground="previously_considered",
        explanation="We answered this complaint in full in January.",
        considered_on_merits="Nothing new has happened since our January response.",
        right_to_ombudsman_given=True,
        told=_told(),
    )
    assert complaint.state == "declined"
