"""Find the lexicon's cues in a message, resolving overlaps and negation."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from putright.triage.lexicon import ALL_GROUPS, NEGATORS, CueGroup
from putright.triage.tokens import Token, tokenise

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

    The spans kept never overlap one another (a widened span is the union of two overlapping
    spans that each miss every other), so kept in order of start their ends are in order too and
    the spans a match overlaps are one run found by bisection, not by looking at every span kept:
    a long message no longer costs the square of its number of matches.
    """
    order: list[tuple[int, int, int]] = []  # (start, end, id) of each kept span, in order
    starts: list[int] = []  # order's starts and ends, for bisection
    ends: list[int] = []
    kept: list[tuple[int, int, CueGroup]] = []  # by id: the order spans were first kept in
    for start, end, group in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        first = bisect_right(ends, start)  # the first span ending after this match starts
        after = bisect_left(starts, end)  # the first span starting at or after this match ends
        if first >= after:
            entry = (start, end, len(kept))
            kept.append((start, end, group))
        elif after - first == 1 and kept[order[first][2]][2].points_to == group.points_to:
            s, e, index = order.pop(first)
            del starts[first], ends[first]
            g = kept[index][2]
            entry = (min(s, start), max(e, end), index)
            kept[index] = (entry[0], entry[1], g)
        else:
            continue
        at = bisect_left(order, entry)
        order.insert(at, entry)
        starts.insert(at, entry[0])
        ends.insert(at, entry[1])
    return sorted(kept, key=lambda c: c[0])


class _Clauses:
    """The clauses of one message, found once, and the words of each, read once.

    A negator only reaches back to the start of its clause, and only ``_NEGATION_REACH`` words.
    Finding the clause a cue is in used to rescan the message from its start for every cue, and
    reading the words before a cue retokenised the whole clause up to it, so a long message (or a
    long clause) cost the square of its length. Here the clause breaks are found in one pass and
    each clause is tokenised at most once; the answers are the same.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.break_ends = [match.end() for match in _CLAUSE_BREAK.finditer(text)]
        self._words: dict[int, tuple[list[Token], list[int]]] = {}

    def start_of(self, start: int) -> int:
        """Where the clause holding ``start`` begins: just after the last break ending by ``start``.

        Every cue begins at a word boundary, so no break straddles ``start`` and a break word
        ending at ``start`` is read the same whether the text stops there or not: the breaks of
        the whole message, found once, give the same clause as reading only up to ``start``.
        """
        i = bisect_right(self.break_ends, start)
        return self.break_ends[i - 1] if i else 0

    def words_before(self, clause_start: int, start: int) -> list[Token]:
        """The words of ``text[clause_start:start]``, as ``tokenise`` reads them, positions relative."""
        if clause_start not in self._words:
            i = bisect_right(self.break_ends, clause_start)
            clause_end = self.break_ends[i] if i < len(self.break_ends) else len(self.text)
            words = tokenise(self.text[clause_start:clause_end])
            self._words[clause_start] = (words, [word.end for word in words])
        words, word_ends = self._words[clause_start]
        offset = start - clause_start
        whole = bisect_right(word_ends, offset)  # words ending by ``start`` are read the same
        before = words[:whole]
        if whole < len(words) and words[whole].start < offset:  # a word ``start`` cuts in two
            cut = words[whole].start
            before += [
                Token(word.norm, word.start + cut, word.end + cut)
                for word in tokenise(self.text[clause_start + cut : start])
            ]
        return before


def _negator_start(clauses: _Clauses, start: int) -> int | None:
    """Where a negator just before ``start`` (in the same clause) begins, if there is one."""
    clause_start = clauses.start_of(start)
    before = clauses.words_before(clause_start, start)[-_NEGATION_REACH:]
    for token in before:
        if token.norm in NEGATORS:
            return clause_start + token.start
    return None


def find_cues(text: str) -> list[Cue]:
    cues = []
    clauses = _Clauses(text)
    for start, end, group in _without_overlaps(_candidates(text)):
        negator = _negator_start(clauses, start) if group.negatable else None
        if negator is None:
            cues.append(Cue(group, start, end, text[start:end]))
        else:
            cues.append(Cue(group, negator, end, text[negator:end], negated=True))
    return cues
