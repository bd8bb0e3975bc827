"""The labelled messages in ``data/messages.jsonl`` and their fixed train/test split."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, cast

from putright.triage.result import LABELS, Label

DATA_FILE = Path(__file__).resolve().parent / "data" / "messages.jsonl"

Split = Literal["train", "test"]
SOURCES = ("email", "phone_note", "survey", "webform", "sms")


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    label: Label
    source: str
    uses_word_complaint: bool
    split: Split


def _parse(line_number: int, line: str) -> Message:
    row = json.loads(line)
    if row["label"] not in LABELS:
        raise ValueError(f"line {line_number}: unknown label {row['label']!r}")
    if row["split"] not in ("train", "test"):
        raise ValueError(f"line {line_number}: unknown split {row['split']!r}")
    if row["source"] not in SOURCES:
        raise ValueError(f"line {line_number}: unknown source {row['source']!r}")
    return Message(
        id=str(row["id"]),
        text=str(row["text"]),
        label=cast(Label, row["label"]),
        source=str(row["source"]),
        uses_word_complaint=bool(row["uses_word_complaint"]),
        split=cast(Split, row["split"]),
    )


@cache
def load_messages(path: Path = DATA_FILE) -> tuple[Message, ...]:
    """Every message in the file, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(_parse(number, line) for number, line in enumerate(lines, start=1) if line.strip())


def messages_in(split: Split, path: Path = DATA_FILE) -> tuple[Message, ...]:
    """The messages of one split. The classifier is only ever built from ``"train"``."""
    return tuple(message for message in load_messages(path) if message.split == split)
