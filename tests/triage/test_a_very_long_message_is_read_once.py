"""A very long message is triaged in time that grows with its length, with the same cues as before.

Found in a browser walk: a contact whose summary was 225,000 characters made its case page time out
(gunicorn killed the worker after 30 s) on every view. Finding the clause each cue is in rescanned the
message from its start, and reading the words before a cue retokenised its whole clause, once per
cue: the square of the length (40,000 characters took 0.9 s, 250,000 some 20 to 25 s). The clauses are now
found once and each read once; the cues found, and so every decision, are the same.
"""

from __future__ import annotations

import random
import re

import pytest

from putright.triage import classify
from putright.triage.cues import _CLAUSE_BREAK, _NEGATION_REACH, find_cues
from putright.triage.dataset import load_messages
from putright.triage.lexicon import ALL_GROUPS, NEGATORS
from putright.triage.tokens import tokenise


def _cues_as_first_written(text: str) -> list[tuple[str, int, int, str, bool]]:
    """The cues as the first, quadratic reading found them: the specification the faster one meets."""
    found = [
        (m.start(), m.end(), group)
        for group in ALL_GROUPS
        for pattern in group.patterns
        for m in pattern.finditer(text)
    ]
    kept: list[tuple[int, int, object]] = []
    for start, end, group in sorted(found, key=lambda c: (c[0] - c[1], c[0])):
        overlapping = [i for i, (s, e, _) in enumerate(kept) if start < e and end > s]
        if not overlapping:
            kept.append((start, end, group))
        elif len(overlapping) == 1 and kept[overlapping[0]][2].points_to == group.points_to:  # type: ignore[attr-defined]
            s, e, g = kept[overlapping[0]]
            kept[overlapping[0]] = (min(s, start), max(e, end), g)
    cues = []
    for start, end, group in sorted(kept, key=lambda c: c[0]):
        negator = None
        if group.negatable:  # type: ignore[attr-defined]
            clause_start = 0
            for match in _CLAUSE_BREAK.finditer(text, 0, start):
                clause_start = match.end()
            for token in tokenise(text[clause_start:start])[-_NEGATION_REACH:]:
                if token.norm in NEGATORS:
                    negator = clause_start + token.start
                    break
        first = start if negator is None else negator
        cues.append((group.name, first, end, text[first:end], negator is not None))  # type: ignore[attr-defined]
    return cues


def _cues(text: str) -> list[tuple[str, int, int, str, bool]]:
    return [(c.group.name, c.start, c.end, c.phrase, c.negated) for c in find_cues(text)]


def test_every_labelled_message_gives_the_same_cues_as_the_first_reading() -> None:
    for message in load_messages():
        assert _cues(message.text) == _cues_as_first_written(message.text), message.id


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_made_up_messages_with_awkward_clauses_and_apostrophes_give_the_same_cues(seed: int) -> None:
    """Clause breaks next to cues, words a cue cuts in two ("isn'complaint"), runs of apostrophes,
    letters outside ASCII and messages joined together: where a faster reading could slip."""
    rng = random.Random(seed)
    texts = [m.text for m in load_messages()]
    words = sorted({w for t in texts for w in t.split()})
    awkward = ["but", "and", "just", "but's", "just'a", "isn't", "isn’t", "don't", "not", "no", "never",
               "rock'n'roll", "not'complaint", "x'not", "naïve", "_not", "buté", "'", "’", ",", ";", "\n",
               "!", "no.", "NOT", "Without", "hardly", "nothing", "can't", "1st", "JUST"]  # fmt: skip
    gaps = [" ", " ", " ", "", "\n", ", ", "'", "’", "-"]
    for _ in range(200):
        picked = [
            rng.choice(awkward) if rng.random() < 0.35 else rng.choice(words)
            for _ in range(rng.randint(1, 60))
        ]
        text = "".join(word + rng.choice(gaps) for word in picked)
        if rng.random() < 0.3:
            text = " ".join(rng.sample(texts, rng.randint(1, 4))) + text
        assert _cues(text) == _cues_as_first_written(text), text


def test_a_long_message_and_a_long_clause_give_the_same_cues_as_the_first_reading() -> None:
    joined = " ".join(m.text for m in load_messages())
    one_clause = re.sub(r"[.!?;,:\n]|\bbut\b|\band\b|\bjust\b", " ", joined, flags=re.IGNORECASE)
    for text in (joined[:20_000], one_clause[:20_000]):
        assert _cues(text) == _cues_as_first_written(text)


def test_a_250000_character_message_is_triaged() -> None:
    """The size that timed the case page out, with and without clause breaks. The first reading took
    20 s and more over each of these; now about a second."""
    joined = " ".join(m.text for m in load_messages())
    one_clause = "the repair is still not fixed again still waiting " * 5_000
    for text in ((joined * (250_000 // len(joined) + 1))[:250_000], one_clause[:250_000]):
        result = classify(text, source="email")
        assert result.label == "complaint" and result.phrases
