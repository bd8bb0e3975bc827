"""2024 5.11: "Landlords must not refuse to escalate a complaint through all stages of the complaints
procedure unless it has valid reasons to do so". Declining after the stage 2 acknowledgement is that
refusal through another door than ``decline_escalation``: on the ground "Matters that have previously
been considered under the complaints policy" (2.2) it needs the earlier complaint, never this one (the
rule both doors share, ``lifecycle._earlier_complaint``). The earlier complaint is staff's free text
about the resident's history, so it is personal text, taken out of the event and erasable (UK GDPR
Article 17), through this door as through the other."""

from __future__ import annotations

from datetime import date

import pytest

from putright.code.errors import CodeViolation, InvalidRequest
from putright.complaints import services
from putright.complaints.models import ComplaintEvent, PersonalText
from putright.complaints.services import Told

pytestmark = pytest.mark.django_db

DECLINE = dict(
    ground="previously_considered",
    explanation="We have already considered your complaint at stage 1.",
    considered_on_merits="No new issue was raised.",
    right_to_ombudsman_given=True,
)


def _told() -> Told:
    return Told(method="post", on=date(2025, 4, 30), body="Sent by post.")


@services.recording_as_it_happened()
def test_2024_5_11_declining_at_stage_2_on_its_own_stage_1_is_refused(build, handler_2) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_2_acknowledged")
    with pytest.raises(CodeViolation) as refused:
        services.decline_complaint(complaint=complaint, actor=handler_2, told=_told(), **DECLINE)
    assert refused.value.provision == "2024 5.11"
    with pytest.raises(InvalidRequest) as itself:
        services.decline_complaint(
            complaint=complaint,
            actor=handler_2,
            told=_told(),
            previously_considered_in=f"Complaint {complaint.reference}",
            **DECLINE,
        )
    assert itself.value.provision == "2024 5.11"
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="declined").exists()


@services.recording_as_it_happened()
def test_2024_5_11_the_earlier_complaint_a_decline_names_is_personal_text(build, officer) -> None:  # type: ignore[no-untyped-def]
    complaint = build("received")
    earlier = "Our old system, case 2019/0451"
    services.decline_complaint(
        complaint=complaint, actor=officer, told=_told(), previously_considered_in=earlier, **DECLINE
    )
    event = ComplaintEvent.objects.get(complaint=complaint, kind="declined")
    assert event.data["previously_considered_in"] == earlier
    assert PersonalText.objects.filter(complaint=complaint, value=earlier).exists()
    stored = ComplaintEvent.objects.filter(pk=event.pk).values_list("data", flat=True).get()
    assert earlier not in str(stored)
