"""Decide whether a resident's message is a complaint, a service request or something else.

The decision, in the order staff would reason about it:

1. Dissatisfaction (Code 1.3, 1.5). Add up the weights of the dissatisfaction cues found (repeat
   reports, broken promises, missed appointments, delay, staff attitude, poor work, impact, angry
   words, asking for escalation or compensation, the word "complaint"). Negated cues ("no
   complaints", "not unhappy") count for thanks instead. A score of ``STRONG`` or more is a
   complaint; a weaker score is a complaint only if the naive Bayes layer also leans that way.
2. Surveys (Code 1.6). Dissatisfaction in a survey is not a complaint unless the resident also asks
   for something to be done, asks to complain or asks for escalation; otherwise it is "other" and
   the phrases show staff what to follow up (the person should be told how to complain).
3. Otherwise a request for action is a service request (Code 1.4), thanks or praise is "other",
   and with neither (or a tie) the naive Bayes layer picks between the two.
"""

from __future__ import annotations

import math
from functools import cache

from putright.triage.bayes import NaiveBayes, train
from putright.triage.cues import Cue, find_cues
from putright.triage.dataset import messages_in
from putright.triage.lexicon import ACTION_GROUPS
from putright.triage.result import Classification, Label
from putright.triage.tokens import tokenise

STRONG = 2.0  # dissatisfaction score that makes a complaint on its own
WEAK = 0.75  # below STRONG but at least this: a complaint if naive Bayes agrees
BAYES_TIPS_AT = 0.4  # naive Bayes probability of "complaint" needed to tip a weak score
NEGATED_WEIGHT = 1.0  # what a negated cue counts for on the other side
LEXICON_SHARE = 0.6  # share of the confidence that comes from the lexicon; the rest from naive Bayes


@cache
def default_model() -> NaiveBayes:
    """The naive Bayes layer, trained from the training split only."""
    return train((message.id, message.text, message.label) for message in messages_in("train"))


def _score(cues: list[Cue], points_to: Label) -> float:
    """Sum of weights of the un-negated cues pointing to a label, each group capped."""
    used: dict[str, int] = {}
    total = 0.0
    for cue in cues:
        if cue.negated or cue.group.points_to != points_to:
            continue
        used[cue.group.name] = used.get(cue.group.name, 0) + 1
        if used[cue.group.name] <= cue.group.cap:
            total += cue.group.weight
    return total


def _negated(cues: list[Cue], points_to: Label) -> list[Cue]:
    return [cue for cue in cues if cue.negated and cue.group.points_to == points_to]


def _strength(score: float) -> float:
    """Map a cue score (0 and up) onto 0..1: 2 -> 0.55, 5 -> 0.86."""
    return 1.0 - math.exp(-score / 2.5)


def _confidence(score: float, bayes_probability: float) -> float:
    value = LEXICON_SHARE * _strength(score) + (1 - LEXICON_SHARE) * bayes_probability
    return round(min(max(value, 0.0), 1.0), 3)


def _phrases(cues: list[Cue]) -> list[str]:
    return [cue.phrase for cue in sorted(cues, key=lambda cue: cue.start)]


def _bayes_phrases(model: NaiveBayes, text: str, label: Label, limit: int = 3) -> list[str]:
    """The words of the message that point most strongly to ``label``, for an explanation."""
    scored = []
    for token in tokenise(text):
        evidence = model.evidence_for(label, token.norm) if token.norm in model.vocabulary else 0.0
        if evidence > 1.0:
            scored.append((evidence, token.start, text[token.start : token.end]))
    best = sorted(scored, reverse=True)[:limit]
    return [word for _, _, word in sorted(best, key=lambda item: item[1])]


def classify(text: str, source: str | None = None, model: NaiveBayes | None = None) -> Classification:
    """Classify one message. ``source`` is the channel if known (``"survey"`` applies Code 1.6)."""
    if not text.strip():
        raise ValueError("cannot classify an empty message")
    model = model or default_model()
    cues = find_cues(text)
    bayes = model.posterior(text)

    complaint_cues = [c for c in cues if c.group.points_to == "complaint" and not c.negated]
    complaint_cues += _negated(cues, "other")
    dissatisfaction = _score(cues, "complaint") + NEGATED_WEIGHT * len(_negated(cues, "other"))
    if dissatisfaction >= STRONG or (dissatisfaction >= WEAK and bayes["complaint"] >= BAYES_TIPS_AT):
        wants_action = any(c.group.name in ACTION_GROUPS and not c.negated for c in cues)
        if source == "survey" and not wants_action:
            return Classification(
                "other",
                _confidence(dissatisfaction, bayes["other"] + bayes["complaint"]) * 0.8,
                _phrases(complaint_cues),
                "Dissatisfaction in a survey without a request for action: not a complaint (Code 1.6), "
                "but tell the resident how to complain.",
            )
        return Classification(
            "complaint",
            _confidence(dissatisfaction, bayes["complaint"]),
            _phrases(complaint_cues),
            "Expresses dissatisfaction: offer the resident the choice to make a complaint (Code 1.3, 1.5).",
        )

    service = _score(cues, "service_request")
    thanks = _score(cues, "other") + NEGATED_WEIGHT * len(_negated(cues, "complaint"))
    if service > thanks or (service == thanks and bayes["service_request"] >= bayes["other"]):
        label: Label = "service_request"
        score, chosen = service, [c for c in cues if c.group.points_to == "service_request"]
        explanation = "Asks for something to be done, with no dissatisfaction: a service request (Code 1.4)."
    else:
        label = "other"
        score = thanks
        chosen = [c for c in cues if c.group.points_to == "other" and not c.negated] + _negated(
            cues, "complaint"
        )
        explanation = "No dissatisfaction and no request for action (thanks, feedback or information)."
    phrases = _phrases(chosen) or _bayes_phrases(model, text, label)
    return Classification(label, _confidence(score, bayes[label]), phrases, explanation)
