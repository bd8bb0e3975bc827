"""Code 1.6: dissatisfaction in a survey is not a complaint, unless the resident asks for action."""

from __future__ import annotations

from putright.triage import classify


def test_survey_dissatisfaction_alone_is_other_with_the_phrases_to_follow_up() -> None:
    text = (
        "Q: How did we handle your ASB report? A: Fairly dissatisfied. Felt it took too long to get anywhere."
    )
    result = classify(text, source="survey")
    assert result.label == "other"
    assert any("dissatisfied" in phrase for phrase in result.phrases)
    assert "1.6" in result.explanation


def test_the_same_words_outside_a_survey_are_a_complaint() -> None:
    text = "Fairly dissatisfied. Felt it took too long to get anywhere with my ASB report."
    assert classify(text).label == "complaint"


def test_survey_dissatisfaction_asking_for_action_is_a_complaint() -> None:
    text = "Rated 1/10. Still waiting for my extractor fan to be fixed after 3 visits. I want a manager to phone me."
    result = classify(text, source="survey")
    assert result.label == "complaint"
    assert any("Still waiting" in phrase for phrase in result.phrases)


def test_a_positive_survey_is_other() -> None:
    assert classify("10/10. No complaints, the new kitchen is lovely.", source="survey").label == "other"
