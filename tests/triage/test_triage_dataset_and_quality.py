"""The labelled dataset, the train/test wall, and a quality floor on the held-out test split."""

from __future__ import annotations

import ast
from pathlib import Path

from putright.triage import LABELS, classify
from putright.triage.classifier import default_model
from putright.triage.dataset import load_messages, messages_in
from putright.triage.evaluate import evaluate
from putright.triage.tokens import features, tokenise

TRIAGE = Path(__file__).resolve().parents[2] / "putright" / "triage"

# Floors a little under what the classifier achieves (see benchmarks/triage_accuracy.py), so that a
# regression fails here. Missing a complaint is the costly error under the Code.
COMPLAINT_RECALL_FLOOR = 0.85
COMPLAINT_PRECISION_FLOOR = 0.9
ACCURACY_FLOOR = 0.87


def test_dataset_size_labels_and_ids() -> None:
    messages = load_messages()
    assert len(messages) >= 300
    assert {m.label for m in messages} == set(LABELS)
    assert len({m.id for m in messages}) == len(messages)
    assert len({m.text for m in messages}) == len(messages)
    for split in ("train", "test"):
        assert {m.label for m in messages_in(split)} == set(LABELS), split
    assert 0.25 <= len(messages_in("test")) / len(messages) <= 0.35


def test_dataset_flags_the_word_complaint_correctly() -> None:
    for message in load_messages():
        assert message.uses_word_complaint == ("complain" in message.text.lower()), message.id


def test_most_complaints_do_not_use_the_word() -> None:
    complaints = [m for m in load_messages() if m.label == "complaint"]
    assert sum(not m.uses_word_complaint for m in complaints) / len(complaints) > 0.8


def test_the_model_is_built_from_the_training_split_only() -> None:
    model = default_model()
    assert model.trained_on == {m.id for m in messages_in("train")}
    assert model.trained_on.isdisjoint({m.id for m in messages_in("test")})
    # No feature that occurs only in test messages has leaked into the vocabulary.
    train_features = set().union(*(features(tokenise(m.text)) for m in messages_in("train")))
    assert model.vocabulary == train_features


def test_the_package_imports_no_django_and_no_network() -> None:
    forbidden = {"django", "urllib", "http", "socket", "requests"}
    for path in TRIAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in forbidden, f"{path.name} imports {name}"


def test_quality_floor_on_the_test_split() -> None:
    evaluation = evaluate(messages_in("test"), lambda m: classify(m.text, source=m.source))
    complaint = evaluation.scores("complaint")
    assert complaint.recall >= COMPLAINT_RECALL_FLOOR, complaint
    assert complaint.precision >= COMPLAINT_PRECISION_FLOOR, complaint
    assert evaluation.accuracy >= ACCURACY_FLOOR
