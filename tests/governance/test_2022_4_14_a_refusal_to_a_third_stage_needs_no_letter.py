"""2022 4.14: "A landlord must not unreasonably refuse to escalate a complaint through all stages of the
complaints procedure and must have clear and valid reasons for taking that course of action."

Its words ask for reasons, not that the resident be told in writing (2022 5.9's "clearly communicate in
writing" is about stage two). PutRight held a refusal to escalate to a third stage until a letter was
issued or a written message kept, as it holds a refusal to stage 2: a landlord that told the resident
by telephone, or recorded the reasons first, could not record it. It now counts when recorded with its
reasons; how the resident was told is kept when given; and the full-record check (2022 4.15) lists one
with no letter or message to check rather than failing it."""

from __future__ import annotations

from datetime import date

from governance.journeys import KEPT_AS_SENT
from governance.test_2022_4_15_a_stage_3_refusal_to_escalate_needs_its_letter import (
    _REFUSAL,
    _asked_for_stage_3,
)

from putright.complaints import services as cs
from putright.complaints.models import ComplaintEvent, PendingStep
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope


def _refused(complaint, officer, told=None):  # type: ignore[no-untyped-def]
    with cs.recording_as_it_happened():
        return cs.decline_escalation(
            complaint=complaint, actor=officer, on=date(2023, 6, 24), told=told, **_REFUSAL
        )


def test_2022_4_14_a_refusal_to_a_third_stage_counts_when_recorded_with_its_reasons(
    third_stage, journey, officer
) -> None:  # type: ignore[no-untyped-def]
    c = _refused(_asked_for_stage_3(journey), officer)
    assert not PendingStep.objects.filter(complaint=c, state=PendingStep.State.PENDING).exists()
    declined = ComplaintEvent.objects.get(complaint=c, kind="declined")
    assert declined.data["explanation"] == _REFUSAL["explanation"] and declined.data["stage"] == 3
    assert declined.data.get("communication") is None


def test_2022_4_14_how_the_resident_was_told_of_a_third_stage_refusal_is_kept_when_given(
    third_stage, journey, officer
) -> None:  # type: ignore[no-untyped-def]
    told = cs.Told(method="post", on=date(2023, 6, 24), body=KEPT_AS_SENT)
    c = _refused(_asked_for_stage_3(journey), officer, told)
    declined = ComplaintEvent.objects.get(complaint=c, kind="declined")
    assert declined.data["communication"]["method"] == "post"


def test_2022_4_15_a_third_stage_refusal_with_no_letter_is_listed_to_check_never_failed(
    third_stage, journey, officer
) -> None:  # type: ignore[no-untyped-def]
    c = _refused(_asked_for_stage_3(journey), officer)
    found = evidence.evaluate(
        "2022", "4.15", evidence.context(Scope(Period.reporting_year(2023), AsAt.of(date(2024, 3, 31))))
    )
    assert found is not None
    assert (found.state, found.cases) == ("cannot_show", [])
    assert [(x.reference, x.why) for x in found.to_check] == [
        (
            c.reference,
            "refusal to escalate to stage 3 on 24 June 2023: no letter issued or message kept "
            "(2022 4.14 asks for none): check",
        )
    ]
    assert "the 2022 Code does not ask for one" in found.summary


def test_2022_4_14_the_workspace_records_a_third_stage_refusal_with_no_letter_to_issue(
    third_stage, journey, signed_in_officer
) -> None:  # type: ignore[no-untyped-def]
    c = _asked_for_stage_3(journey)
    page = signed_in_officer.post(
        f"/workspace/complaints/{c.reference}/decline-escalation/",
        {**_REFUSAL, "right_to_ombudsman_given": "", "on": "2023-06-24", "late_reason": "Entered late."},
    )
    assert page.status_code == 302 and page["Location"] == f"/workspace/complaints/{c.reference}/"
    assert ComplaintEvent.objects.filter(complaint=c, kind="declined", data__stage=3).exists()
