"""2022 5.9: "If all or part of the complaint is not resolved to the resident's satisfaction at stage one
it must be progressed to stage two of the landlord's procedure, unless an exclusion ground now applies.
In instances where a landlord declines to escalate a complaint it must clearly communicate in writing
its reasons for not escalating as well as the resident's right to approach the Ombudsman about its
decision."

5.9's evidence was 2024 6.10's rule, which fails a request not progressed by its stage 2
acknowledgement date. The 2022 Code sets no such date, so 5.9 never failed anything, and nothing
checked the refusals it asks to be communicated in writing: a refusal with no reasons, or never told
to the resident, proposed Yes. The rule now checks each refusal to escalate to stage 2 for its reasons
and its letter, lists one told another way to check, and says the records cannot tell whether a
request with no step at stage 2 past its response date was progressed, since the Code sets no time."""

from __future__ import annotations

from datetime import date

import pytest
from governance.journeys import raw_event, untold

from putright.code import lifecycle
from putright.complaints.models import Complaint, ComplaintEvent, Landlord
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope

_YEAR = Period.reporting_year(2023)
ASKED = date(2023, 6, 13)
_STAGE_1 = dict(ack=date(2023, 6, 5), respond=date(2023, 6, 12), escalate=ASKED)
_REFUSAL = dict(
    ground="legal_proceedings",
    explanation="A claim about the same issue was filed at court.",
    considered_on_merits="The court will decide the same question.",
)


@pytest.fixture
def edition_2022(landlord: Landlord) -> Landlord:
    landlord.edition = "2022"
    landlord.save()
    return landlord


@pytest.fixture
def asked(edition_2022, journey):  # type: ignore[no-untyped-def]
    """``asked(**steps)``: a 2022 complaint answered at stage 1 and asked for stage 2 on ``ASKED``."""

    def make(**steps: date) -> Complaint:
        c = journey(date(2023, 6, 2), **_STAGE_1, **steps)
        assert c.edition == "2022" and c.stage == 2
        return c

    return make


def _evidence(as_at: date = date(2024, 3, 31)) -> evidence.Evidence:
    found = evidence.evaluate("2022", "5.9", evidence.context(Scope(_YEAR, AsAt.of(as_at))))
    assert found is not None, "2022 5.9 has no evidence rule"
    return found


def test_2022_5_9_requests_progressed_to_stage_2_propose_yes(asked) -> None:  # type: ignore[no-untyped-def]
    made = [asked(ack2=date(2023, 6, 14)) for _ in range(5)]
    found = _evidence()
    assert (found.state, found.proposed, found.covered, found.cases, found.to_check) == (
        "compliance",
        "yes",
        5,
        [],
        [],
    )
    assert found.covering is not None
    assert {(c.reference, c.why) for c in found.covering()} == {
        (c.reference, "escalation asked for on 13 June 2023: progressed to stage 2") for c in made
    }


def test_2022_5_9_a_refusal_to_escalate_never_told_in_writing_fails(asked) -> None:  # type: ignore[no-untyped-def]
    """ "it must clearly communicate in writing its reasons for not escalating": a refusal an earlier
    system recorded with nothing to show the resident was told counted as progressed, and passed."""
    for _ in range(5):
        asked(ack2=date(2023, 6, 14))
    refused = asked()
    untold(
        refused, lifecycle.decline_escalation, on=date(2023, 6, 15), right_to_ombudsman_given=True, **_REFUSAL
    )
    found = _evidence()
    assert (found.state, found.proposed, found.covered) == ("non_compliance", "no", 6)
    assert [(c.reference, c.why) for c in found.cases] == [
        (refused.reference, "refusal to escalate on 15 June 2023: no letter issued")
    ]


def test_2022_5_9_a_refusal_to_escalate_with_no_reasons_fails(asked) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        asked(ack2=date(2023, 6, 14))
    refused = asked()
    # as an import from an earlier system can leave it: refused, its reasons blank
    raw_event(
        refused,
        "declined",
        date(2023, 6, 15),
        **{**_REFUSAL, "stage": 2, "explanation": "", "exclusion_provision": "2022 1.8"},
        communication={"method": "imported", "reference": "complaints.csv row 3"},
        imported_from="complaints.csv row 3",
    )
    found = _evidence()
    assert found.state == "non_compliance"
    assert [(c.reference, c.why) for c in found.cases] == [
        (refused.reference, "refusal to escalate on 15 June 2023: no reasons recorded")
    ]


def test_2022_5_9_a_refusal_told_another_way_is_listed_to_check_for_its_reasons_and_the_right(asked) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        asked(ack2=date(2023, 6, 14))
    refused = asked(refuse_escalation=date(2023, 6, 15))
    found = _evidence()
    assert (found.state, found.proposed, found.covered, found.cases) == ("cannot_show", None, 6, [])
    assert [(c.reference, c.why) for c in found.to_check] == [
        (
            refused.reference,
            "refusal on 15 June 2023, told by post (not a letter issued from PutRight): not checked for the "
            "reasons for not escalating and the right to approach the Ombudsman",
        )
    ]


def test_2022_5_9_a_request_with_no_step_at_stage_2_past_its_response_date_cannot_be_told(asked) -> None:  # type: ignore[no-untyped-def]
    """The 2022 Code sets no time to progress a request (it has no stage 2 acknowledgement time), so
    one with nothing recorded at stage 2 fails nothing here; past its response date (5.13), the
    records cannot show whether it was progressed, so PutRight proposes no answer."""
    for _ in range(5):
        asked(ack2=date(2023, 6, 14))
    waiting = asked()
    due = ComplaintEvent.objects.get(complaint=waiting, kind="escalation_requested").data["response_due"]
    found = _evidence()
    assert (found.state, found.proposed, found.covered, found.cases) == ("cannot_show", None, 5, [])
    assert [(c.reference, c.why.split(":")[0]) for c in found.to_check] == [
        (waiting.reference, "escalation asked for on 13 June 2023")
    ]
    assert "cannot show whether it was" in found.to_check[0].why
    # before its response date it is neither failed nor listed: it is still in time
    before = _evidence(date.fromisoformat(due))
    assert (before.state, before.covered, before.to_check) == ("compliance", 5, [])
