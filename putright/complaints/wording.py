"""Words written into a sentence of PutRight's own: a remedy's description followed by its due date."""

from __future__ import annotations


def clause(text: str) -> str:
    """``text`` to go on with ", by 18 December 2026" or " (Repairs team)": without its trailing full
    stop, as typed at the end of a sentence ("Fix the leak under the kitchen sink.", which read
    "...under the kitchen sink., by 18 December 2026": found in a browser walk). An ellipsis, or
    any other ending, is kept."""
    text = str(text or "").rstrip()
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text
