"""What the classifier returns: a label, a confidence and the words that decided it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

Label = Literal["complaint", "service_request", "other"]

LABELS: Final[tuple[Label, ...]] = ("complaint", "service_request", "other")


@dataclass(frozen=True)
class Classification:
    """The decision on one message.

    ``phrases`` are exact substrings of the message, in the order they occur, so staff can see
    (and highlight) what the decision rests on. ``explanation`` says in one sentence how the
    decision was reached.
    """

    label: Label
    confidence: float
    phrases: list[str] = field(default_factory=list)
    explanation: str = ""

    def as_json(self) -> dict[str, object]:
        return {"label": self.label, "confidence": self.confidence, "phrases": list(self.phrases)}
