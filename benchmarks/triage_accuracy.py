"""How well ``putright.triage`` spots complaints on the held-out test split.

Run with ``uv run python benchmarks/triage_accuracy.py``. Prints per-label precision, recall and
F1, the confusion matrix, recall for complaints that never use the word "complaint", the same
figures for the ``fresh-*`` rows (written after the lexicon was frozen, so never seen by its
author while tuning) and throughput. It prints figures only; it asserts nothing.
"""

from __future__ import annotations

import time

from putright.triage import LABELS, classify
from putright.triage.classifier import default_model
from putright.triage.dataset import Message, messages_in
from putright.triage.evaluate import Evaluation, evaluate

THROUGHPUT_ROUNDS = 20


def _report(title: str, evaluation: Evaluation, messages: tuple[Message, ...]) -> None:
    print(f"\n== {title} ({len(messages)} messages) ==")
    print(f"{'label':<16}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
    for label in LABELS:
        s = evaluation.scores(label)
        print(f"{label:<16}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.support:>9}")
    print(f"accuracy {evaluation.accuracy:.3f}")
    print("\nconfusion matrix (rows: actual, columns: predicted)")
    print(f"{'':<16}" + "".join(f"{label:>16}" for label in LABELS))
    for actual in LABELS:
        print(f"{actual:<16}" + "".join(f"{evaluation.confusion[actual][p]:>16}" for p in LABELS))
    without_word = [m for m in messages if m.label == "complaint" and not m.uses_word_complaint]
    missed = {m.id for m, r in evaluation.mistakes if m.label == "complaint"}
    found = sum(1 for m in without_word if m.id not in missed)
    if without_word:
        print(
            f"\ncomplaint recall without the word 'complaint' (Code 1.3): "
            f"{found / len(without_word):.3f} ({found}/{len(without_word)})"
        )


def main() -> None:
    default_model()  # train once before timing
    test = messages_in("test")
    print(f"training messages: {len(messages_in('train'))}, test messages: {len(test)}")

    with_source = evaluate(test, lambda m: classify(m.text, source=m.source))
    _report("test split, channel known (surveys follow Code 1.6)", with_source, test)

    text_only = evaluate(test, lambda m: classify(m.text))
    _report("test split, text only", text_only, test)

    fresh = tuple(m for m in test if m.id.startswith("fresh-"))
    _report(
        "fresh rows only (written after the lexicon was frozen)",
        evaluate(fresh, lambda m: classify(m.text, source=m.source)),
        fresh,
    )

    print("\nmissed complaints on the test split (channel known):")
    for message, result in with_source.mistakes:
        if message.label == "complaint":
            print(f"  {message.id} -> {result.label}: {message.text[:90]!r}")

    started = time.perf_counter()
    for _ in range(THROUGHPUT_ROUNDS):
        for message in test:
            classify(message.text, source=message.source)
    elapsed = time.perf_counter() - started
    count = THROUGHPUT_ROUNDS * len(test)
    print(f"\nthroughput: {count / elapsed:,.0f} messages/s ({count} classifications in {elapsed:.2f}s)")


if __name__ == "__main__":
    main()
