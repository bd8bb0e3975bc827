"""Evidence for 2024 1.3 (2022 1.6) and 2024 6.8 (2022 5.7): records of good practice show compliance,
records of bad practice show non-compliance with each case linked, too few records cannot show."""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.journeys import imported
from governance.test_governance_evidence_rules import letterhead, refs, show, small_minimum  # noqa: F401

from putright.code.lifecycle import (
    ChoiceToComplainOffered,
    ComplaintChoice,
    NewIssuesHandling,
    NewIssuesRaised,
)
from putright.complaints import services as cs
from putright.complaints.models import Complaint


@cs.recording_as_it_happened()
def _choice(journey: Any, officer: Any, received: date, chose: str) -> Complaint:
    c = journey(received, service_request=received)
    return cs.offer_choice_to_complain(
        complaint=c,
        actor=officer,
        about="The repair was missed again",
        how_offered="Asked on the call",
        chose=chose,
        on=date.fromordinal(received.toordinal() + 1),
    )


def test_2024_1_3_choices_recorded_and_complaints_logged_cannot_show_compliance(  # type: ignore[no-untyped-def]
    journey,
    officer,
    small_minimum,  # noqa: F811
):
    # the records hold only the choices someone recorded, and the service logs each complaint asked
    # for with its choice: nothing PutRight records could show the opposite, so it proposes nothing
    _choice(journey, officer, date(2025, 5, 5), "make_a_complaint")
    _choice(journey, officer, date(2025, 5, 12), "not_now")
    found = show("1.3")
    assert found.state == "cannot_show", found.summary
    assert found.covered == 2
    assert "cannot be shown" in found.rule  # honest about dissatisfaction nobody recorded
    assert "Give the evidence" in found.summary
    assert show("1.6", edition="2022").state == "cannot_show"


def test_2024_1_3_a_resident_who_asked_with_no_complaint_logged_shows_non_compliance(  # type: ignore[no-untyped-def]
    journey,
    officer,
    small_minimum,  # noqa: F811
):
    _choice(journey, officer, date(2025, 5, 5), "make_a_complaint")
    bad = journey(date(2025, 5, 12), service_request=date(2025, 5, 12))
    # as imported from an earlier system: the resident asked, and nothing was logged
    imported(
        bad,
        ChoiceToComplainOffered(
            on=date(2025, 5, 13),
            about="Missed visit",
            how_offered="Call",
            chose=ComplaintChoice.MAKE_A_COMPLAINT,
            during="service_request",
            choice_provision="2024 1.3",
        ),
    )
    found = show("1.3")
    assert found.state == "non_compliance"
    assert refs(found) == {bad.reference}
    (case,) = found.as_dict()["cases"]
    assert case["href"] == f"/workspace/complaints/{bad.reference}/"
    assert "none logged" in case["why"]


def test_2024_1_3_too_few_choices_cannot_show(journey, officer):  # type: ignore[no-untyped-def]
    assert show("1.3").state == "cannot_show"
    _choice(journey, officer, date(2025, 5, 5), "not_now")
    found = show("1.3")
    assert found.state == "cannot_show" and found.covered == 1


@cs.recording_as_it_happened()
def _acknowledged(journey: Any, received: date) -> Complaint:
    return journey(received, ack=date.fromordinal(received.toordinal() + 1))


@cs.recording_as_it_happened()
def _added(complaint: Complaint, actor: Any, on: date) -> Complaint:
    return cs.record_new_issues(
        complaint=complaint,
        actor=actor,
        issues="The extractor fan is broken too.",
        related=True,
        would_unreasonably_delay=False,
        handled="added_to_definition",
        reason="Same repair, response not yet issued",
        told=cs.Told(method="post", on=on, body="We have added the extractor fan to your complaint."),
    )


@cs.recording_as_it_happened()
def _new(complaint: Complaint, actor: Any, on: date) -> Complaint:
    return cs.record_new_issues(
        complaint=complaint,
        actor=actor,
        issues="The garden fence was left broken.",
        related=False,
        would_unreasonably_delay=False,
        handled="logged_as_new_complaint",
        reason="A different repair",
        on=on,
    )


def test_2024_6_8_issues_added_and_told_or_logged_and_linked_show_compliance(  # type: ignore[no-untyped-def]
    journey,
    handler_1,
    small_minimum,  # noqa: F811
):
    _added(_acknowledged(journey, date(2025, 5, 5)), handler_1, date(2025, 5, 8))
    _new(_acknowledged(journey, date(2025, 5, 12)), handler_1, date(2025, 5, 14))
    found = show("6.8")
    assert found.state == "compliance", found.summary
    assert found.covered == 2
    assert show("5.7", edition="2022").state == "compliance"


def test_2024_6_8_added_after_the_response_or_a_missing_new_complaint_shows_non_compliance(  # type: ignore[no-untyped-def]
    journey,
    handler_1,
    small_minimum,  # noqa: F811
):
    _added(_acknowledged(journey, date(2025, 5, 5)), handler_1, date(2025, 5, 8))
    responded = journey(date(2025, 6, 2), ack=date(2025, 6, 3), respond=date(2025, 6, 10))
    imported(
        responded,
        NewIssuesRaised(
            on=date(2025, 6, 12),
            stage=1,
            issues="The porch light",
            related=True,
            would_unreasonably_delay=False,
            handled=NewIssuesHandling.ADDED_TO_DEFINITION,
            reason="Same visit",
            new_issues_provision="2024 6.8",
        ),
    )
    lost = _acknowledged(journey, date(2025, 7, 7))
    imported(
        lost,
        NewIssuesRaised(
            on=date(2025, 7, 9),
            stage=1,
            issues="The fence",
            related=False,
            would_unreasonably_delay=False,
            handled=NewIssuesHandling.LOGGED_AS_NEW_COMPLAINT,
            reason="Different repair",
            new_issues_provision="2024 6.8",
            new_complaint="PR-999999",
        ),
    )
    found = show("6.8")
    assert found.state == "non_compliance"
    assert refs(found) == {responded.reference, lost.reference}
    whys = " ".join(c.why for c in found.cases)
    assert "after the stage 1 response was issued" in whys and "PR-999999" in whys


def test_2024_6_8_one_record_cannot_show(journey, handler_1):  # type: ignore[no-untyped-def]
    _new(_acknowledged(journey, date(2025, 5, 12)), handler_1, date(2025, 5, 14))
    assert show("6.8").state == "cannot_show"
