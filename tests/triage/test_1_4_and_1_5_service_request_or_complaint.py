"""Code 1.4 and 1.5: a service request is not a complaint, but dissatisfaction with its handling is."""

from __future__ import annotations

import pytest

from putright.triage import classify


@pytest.mark.parametrize(
    ("text", "expected_phrase"),
    [
        (
            "Hi, I'd like to report a leak under my bathroom sink. Please could someone come and look?",
            "I'd like to report",
        ),
        ("can you book someone to look at my boiler. pressure keeps dropping", "can you book"),
        ("Please could someone trim the hedge at the front of the flats.", "Please could someone"),
        ("Tenant called to report a blocked toilet. Job raised for tomorrow.", "Job raised"),
    ],
)
def test_a_plain_request_is_a_service_request(text: str, expected_phrase: str) -> None:
    result = classify(text)
    assert result.label == "service_request"
    assert any(expected_phrase in found for found in result.phrases), result.phrases


def test_a_first_report_of_a_serious_problem_is_still_a_service_request() -> None:
    text = (
        "There's black mould in my son's bedroom and he has asthma. Could someone come and treat it please?"
    )
    assert classify(text).label == "service_request"


def test_dissatisfaction_with_the_response_to_a_service_request_is_a_complaint() -> None:
    text = (
        "I reported the mould in my son's bedroom in October. Someone came, painted over it and it's back. "
        "Could someone come and treat it properly this time?"
    )
    result = classify(text)
    assert result.label == "complaint"
    assert "it's back" in result.phrases


def test_a_neutral_chaser_is_a_service_request_and_an_annoyed_one_is_a_complaint() -> None:
    assert classify("Hi, just checking my appointment is still on for tomorrow?").label == "service_request"
    annoyed = classify("Hi, this is the 4th time I've chased my appointment. Nobody has called me back.")
    assert annoyed.label == "complaint"
    assert "4th time" in annoyed.phrases


def test_saying_you_are_not_complaining_leaves_the_request() -> None:
    result = classify(
        "I'm not complaining, just need my bath taps replaced as they're stiff. Could someone come?"
    )
    assert result.label == "service_request"
