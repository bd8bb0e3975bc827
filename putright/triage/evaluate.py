"""Precision, recall, F1 and the confusion matrix for a set of labelled messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from putright.triage.dataset import Message
from putright.triage.result import LABELS, Classification, Label


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Evaluation:
    confusion: dict[Label, dict[Label, int]]  # confusion[actual][predicted]
    mistakes: list[tuple[Message, Classification]]

    def scores(self, label: Label) -> Scores:
        true_positive = self.confusion[label][label]
        predicted = sum(self.confusion[actual][label] for actual in LABELS)
        actual = sum(self.confusion[label].values())
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return Scores(precision, recall, f1, actual)

    @property
    def accuracy(self) -> float:
        total = sum(sum(row.values()) for row in self.confusion.values())
        return sum(self.confusion[label][label] for label in LABELS) / total if total else 0.0


def evaluate(messages: Iterable[Message], classify: Callable[[Message], Classification]) -> Evaluation:
    confusion: dict[Label, dict[Label, int]] = {actual: dict.fromkeys(LABELS, 0) for actual in LABELS}
    mistakes = []
    for message in messages:
        result = classify(message)
        confusion[message.label][result.label] += 1
        if result.label != message.label:
            mistakes.append((message, result))
    return Evaluation(confusion, mistakes)
