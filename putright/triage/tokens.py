"""Words of a message with their positions, so any word can be quoted back exactly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True)
class Token:
    norm: str  # lower case, apostrophes dropped: "Didn't" -> "didnt"
    start: int
    end: int


def tokenise(text: str) -> list[Token]:
    return [
        Token(match.group().lower().replace("'", "").replace("’", ""), match.start(), match.end())
        for match in _WORD.finditer(text)
    ]


def features(tokens: list[Token]) -> set[str]:
    """Unigrams and bigrams, each counted once per message (binarised naive Bayes)."""
    words = [token.norm for token in tokens]
    return set(words) | {f"{first} {second}" for first, second in pairwise(words)}
