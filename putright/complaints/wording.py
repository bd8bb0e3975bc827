"""Words written into a sentence of PutRight's own (:mod:`putright.code.wording`, where the
lifecycle writes with them too)."""

from __future__ import annotations

from putright.code.wording import clause, remedy_words

__all__ = ["clause", "remedy_words"]
