"""2022 4.14, 4.15: under the 2022 Code a landlord with a third stage "must not unreasonably refuse to
escalate a complaint through all stages of the complaints procedure", and "a full record must be kept
of the complaint, any review and the outcomes at each stage", with "all correspondence with the
resident". The full-record evidence check (2024 5.12, 2022 4.15) looked for the letter of each
decision not to accept (stage 1) and each refusal to escalate (stage 2), and skipped a refusal at
stage 3: one recorded with nothing to show the resident was told passed as kept."""

from __future__ import annotations

from datetime import date

import pytest
from governance.journeys import KEPT_AS_SENT, untold

from putright.code import lifecycle
from putright.complaints import services as cs
from putright.complaints.models import Complaint, Landlord
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope

_YEAR = Period.reporting_year(2023)


@pytest.fixture
def third_stage(landlord: Landlord) -> Landlord:
    landlord.edition = "2022"
    landlord.third_stage = True
    landlord.save()
    return landlord


def _asked_for_stage_3(journey) -> Complaint:  # type: ignore[no-untyped-def]
    c = journey(
        date(2023, 6, 2),
        ack=date(2023, 6, 3),
        respond=date(2023, 6, 10),
        escalate=date(2023, 6, 11),
        ack2=date(2023, 6, 12),
        respond2=date(2023, 6, 20),
    )
    with cs.recording_as_it_happened():
        return cs.request_escalation(
            complaint=c, actor=None, actor_label="Resident (portal)", on=date(2023, 6, 23)
        )


_REFUSAL = {
    "ground": "legal_proceedings",
    "explanation": "A claim about the same issue was filed at court.",
    "considered_on_merits": "The court will decide the same question.",
    "right_to_ombudsman_given": True,
}


def test_2022_4_15_a_stage_3_refusal_to_escalate_with_no_letter_is_listed_to_check(
    third_stage, journey, officer
) -> None:  # type: ignore[no-untyped-def]
    # told in writing, its text kept: evidenced, as a refusal at stage 2 is
    told = _asked_for_stage_3(journey)
    with cs.recording_as_it_happened():
        cs.decline_escalation(
            complaint=told,
            actor=officer,
            told=cs.Told(method="post", on=date(2023, 6, 24), body=KEPT_AS_SENT),
            **_REFUSAL,
        )
    c = _asked_for_stage_3(journey)
    assert c.stage == 3
    untold(
        c,
        lifecycle.decline_escalation,
        on=date(2023, 6, 24),
        **_REFUSAL,
    )
    found = evidence.evaluate("2022", "4.15", evidence.context(Scope(_YEAR, AsAt.of(date(2024, 3, 31)))))
    assert found is not None
    # 2022 4.14 asks for no letter (test_2022_4_14_a_refusal_to_a_third_stage_needs_no_letter.py): one
    # with none kept is listed to check, never failed, and never passed as kept either
    assert found.cases == []
    assert [(case.reference, case.why) for case in found.to_check] == [
        (
            c.reference,
            "refusal to escalate to stage 3 on 24 June 2023: no letter issued or message kept (2022 4.14 "
            "asks for none): check",
        )
    ]
    assert found.state == "cannot_show" and found.covered == 2 * 5  # each: two acks, two responses, refusal
