"""Read the source documents (copied from shared/seeds into docs/sources) for checks against them.

The files are text extracted from PDF and Word: tables flattened, HTML tags in places, curly
quotes, broken words. ``words`` reduces a text to its lower-case words so that a stored provision
can be found in a source whatever its layout; stored text is never loosened this way, only compared.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "docs" / "sources"

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z0-9]+")


@cache
def source_text(filename: str) -> str:
    return (SOURCES / filename).read_text(encoding="utf-8")


def words(text: str) -> str:
    """Lower-case words of ``text`` joined by single spaces, markup and punctuation dropped."""
    text = _TAG.sub(" ", text)
    text = text.replace("’", "'").replace("‘", "'").replace("'", "")
    return " ".join(_WORD.findall(text.lower()))


@cache
def source_words(filename: str) -> str:
    return words(source_text(filename))
