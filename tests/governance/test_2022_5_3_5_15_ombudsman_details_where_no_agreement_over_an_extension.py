"""2022 5.3 (stage 1) and 5.15 (stage 2), in the words of 5.19 (stage 3): "Where agreement over an
extension period cannot be reached, landlords should provide the Housing Ombudsman's contact details so
the resident can challenge the landlord's plan for responding and/or the proposed timeliness of a
landlord's response."

The self-assessment had no rule for either. As for 5.19, the records keep each extension and whether
the Ombudsman's contact details were recorded as given with it, but not whether agreement over the
extension period was reached, which is when the Code asks for them: an extension without the details
may have been agreed, so none fails, and however many carry the details nothing proposes Yes. The entry
says the records cannot tell, with what they do hold and the extensions read."""

from __future__ import annotations

from datetime import date

import pytest
from governance.journeys import KEPT_AS_SENT

from putright.complaints import services
from putright.complaints.models import Complaint, Landlord
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope

_STAGE_1 = dict(ack=date(2023, 6, 5), respond=date(2023, 6, 12))


@pytest.fixture
def edition_2022(landlord: Landlord) -> Landlord:
    landlord.edition = "2022"
    landlord.save()
    return landlord


def _extend(c: Complaint, actor, on: date, *, details: bool) -> Complaint:  # type: ignore[no-untyped-def]
    with services.recording_as_it_happened():
        return services.extend_response_deadline(
            complaint=c,
            actor=actor,
            working_days=5,
            reason="Waiting for a survey.",
            good_reason="",
            ombudsman_details_given=details,
            told=services.Told(method="post", on=on, body=KEPT_AS_SENT),
        )


def _evidence(number: str) -> evidence.Evidence:
    found = evidence.evaluate(
        "2022", number, evidence.context(Scope(Period.reporting_year(2023), AsAt.of(date(2024, 3, 31))))
    )
    assert found is not None, f"2022 {number} has no evidence rule"
    return found


def _cannot_tell(found: evidence.Evidence, stage: int, number: str, extended_on: str, given: int) -> None:
    assert (found.state, found.proposed, found.cases, found.to_check) == ("cannot_show", None, [], [])
    assert f"which is when 2022 {number} asks for the details" in found.summary
    assert "whether agreement over an extension period was reached" in found.summary
    assert "cannot tell" in found.summary
    assert found.covering is not None and found.covered == 6
    assert {c.why for c in found.covering()} == {f"stage {stage} extension on {extended_on}"}
    assert [(f["label"], f["value"]) for f in found.figures] == [
        (f"Stage {stage} extensions granted", 6),
        ("with the Ombudsman's contact details recorded as given", given),
    ]


def test_2022_5_3_the_records_cannot_tell_whether_agreement_over_a_stage_1_extension_was_reached(
    edition_2022, journey, handler_1
) -> None:  # type: ignore[no-untyped-def]
    for n in range(6):
        c = journey(date(2023, 6, 2), ack=_STAGE_1["ack"])
        assert c.edition == "2022"
        # half without the details: they may have been agreed, so none fails
        _extend(c, handler_1, date(2023, 6, 12), details=n % 2 == 0)
    _cannot_tell(_evidence("5.3"), 1, "5.3", "12 June 2023", 3)


def test_2022_5_15_the_records_cannot_tell_whether_agreement_over_a_stage_2_extension_was_reached(
    edition_2022, journey, handler_2
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(6):
        c = journey(date(2023, 6, 2), **_STAGE_1, escalate=date(2023, 6, 13), ack2=date(2023, 6, 14))
        assert c.edition == "2022" and c.stage == 2
        _extend(c, handler_2, date(2023, 7, 3), details=True)
    # every extension with the details recorded still proposes nothing: a Yes would rest on nothing
    _cannot_tell(_evidence("5.15"), 2, "5.15", "3 July 2023", 6)
