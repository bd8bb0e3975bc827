"""Code 1.3: a resident does not have to use the word 'complaint'; dissatisfaction is enough."""

from __future__ import annotations

import pytest

from putright.triage import classify


@pytest.mark.parametrize(
    ("text", "expected_phrases"),
    [
        (
            "This is the third time I've reported the leak and it has still not been fixed.",
            ["third time", "still not been fixed"],
        ),
        ("Nobody turned up on Tuesday. I waited in all day.", ["Nobody turned up", "waited in all day"]),
        (
            "I am absolutely disgusted with the state of the stairwell, it's not good enough.",
            ["absolutely disgusted", "not good enough"],
        ),
        ("The boiler broke again last week and I want compensation.", ["broke again", "compensation"]),
        ("the officer was rude and hung up on me", ["rude", "hung up"]),
        ("still waiting for someone to fix my boiler. this is a joke", ["still waiting", "a joke"]),
        ("Been promised a call back 3 times. Still nothing.", ["promised", "3 times", "Still nothing"]),
    ],
)
def test_dissatisfaction_without_the_word_is_a_complaint(text: str, expected_phrases: list[str]) -> None:
    assert "complain" not in text.lower()
    result = classify(text)
    assert result.label == "complaint"
    for phrase in expected_phrases:
        assert any(phrase in found for found in result.phrases), (phrase, result.phrases)
    assert 0.5 <= result.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "No complaints at all, thank you.",
        "I'm not unhappy with the service. Everything was fine.",
        "Not a complaint - just wanted to say the new cleaners are doing a much better job.",
        "Thanks ever so much, the plumber was brilliant.",
    ],
)
def test_negated_dissatisfaction_and_thanks_are_not_complaints(text: str) -> None:
    result = classify(text)
    assert result.label == "other"


def test_the_negated_phrase_is_quoted_with_its_negator() -> None:
    result = classify("No complaints at all, thank you.")
    assert "No complaints" in result.phrases


def test_the_word_complaint_counts_too() -> None:
    result = classify("I would like to make a formal complaint about my housing officer.")
    assert result.label == "complaint"
    assert "formal complaint" in result.phrases


@pytest.mark.parametrize(
    "text",
    [
        "This is the third time I've reported the leak and it has still not been fixed.",
        "ur contractor left a mess all over my garden and didnt finish the job. not happy at all",
        "Dear Sir,\n\nI’ve chased this twice. Nobody’s replied.\n\nRegards",
        "No complaints at all, thank you.",
        "Hi, I'd like to report a leak under the sink. Please could someone come?",
        "SORT IT OUT!!! 4TH TIME",
    ],
)
def test_phrases_are_exact_substrings_of_the_message(text: str) -> None:
    result = classify(text)
    assert result.phrases
    for phrase in result.phrases:
        assert phrase in text


def test_empty_message_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        classify("   \n")
