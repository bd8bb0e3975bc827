"""Find the lexicon's cues in a message, resolving overlaps and negation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from putright.triage.lexicon import ALL_GROUPS, NEGATORS, CueGroup
from putright.triage.tokens import tokenise

# A negator only reaches back to the start of its clause.
_CLAUSE_BREAK = re.compile(r"[.!?;,:\n]|\bbut\b|\band\b|\bjust\b", re.IGNORECASE)
_NEGATION_REACH = 3  # words


@dataclass(frozen=True)
class Cue:
    group: CueGroup
    start: int
    end: int
    phrase: str  # exactly text[start:end]; for a negated cue it begins at the negator
    negated: bool = False


def _candidates(text: str) -> list[tuple[int, int, CueGroup]]:
    found: list[tuple[int, int, CueGroup]] = []
    for group in ALL_GROUPS:
        for pattern in group.patterns:
            found.extend((match.start(), match.end(), group) for match in pattern.finditer(text))
    return found


def _without_overlaps(candidates: list[tuple[int, int, CueGroup]]) -> list[tuple[int, int, CueGroup]]:
    """Keep the longest match wherever matches overlap ("thanks for nothing" beats "thanks").

    A shorter match pointing the same way as the longer one it overlaps widens it instead, so
    "still not" and "not been fixed" are quoted as one phrase, "still not been fixed".
    """
    kept: list[tuple[int, int, CueGroup]] = []
    for start, end, group in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        overlapping = [i for i, (s, e, _) in enumerate(kept) if start < e and end > s]
        if not overlapping:
            kept.append((start, end, group))
        elif len(overlapping) == 1 and kept[overlapping[0]][2].points_to == group.points_to:
            s, e, g = kept[overlapping[0]]
            kept[overlapping[0]] = (min(s, start), max(e, end), g)
    return sorted(kept, key=lambda c: c[0])


def _negator_start(text: str, start: int) -> int | None:
    """Where a negator just before ``start`` (in the same clause) begins, if there is one."""
    clause_start = 0
    for match in _CLAUSE_BREAK.finditer(text, 0, start):
        clause_start = match.end()
    before = tokenise(text[clause_start:start])[-_NEGATION_REACH:]
    for token in before:
        if token.norm in NEGATORS:
            return clause_start + token.start
    return None


def find_cues(text: str) -> list[Cue]:
    cues = []
    for start, end, group in _without_overlaps(_candidates(text)):
        negator = _negator_start(text, start) if group.negatable else None
        if negator is None:
            cues.append(Cue(group, start, end, text[start:end]))
        else:
            cues.append(Cue(group, negator, end, text[negator:end], negated=True))
    return cues
