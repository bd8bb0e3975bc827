"""The labelled corpus (tests/fixtures/letters/, see its build.py): no letter missing an element, or
giving a wrong Ombudsman detail or date, can be issued; complete letters are issued (or sent to a
person to confirm, never refused) within the target; each label is checked element by element."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from putright.code.letters import required_elements
from putright.letters.check import check_letter

CORPUS = Path(__file__).parents[1] / "fixtures" / "letters"
LABELS: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))


def _check(name: str) -> Any:
    meta = LABELS[name]
    text = (CORPUS / name).read_text(encoding="utf-8")
    return check_letter(text, meta["kind"], meta["edition"], meta.get("context") or {})


def _incomplete(meta: dict[str, Any]) -> bool:
    return any(v != "present" for v in meta["elements"].values()) or meta.get("facts") == "wrong"


INCOMPLETE = sorted(n for n, m in LABELS.items() if _incomplete(m))
COMPLETE = sorted(n for n, m in LABELS.items() if not _incomplete(m))


def test_the_corpus_is_big_and_varied_enough() -> None:
    kinds = {(m["kind"], m["edition"]) for m in LABELS.values() if not _incomplete(m)}
    for edition in ("2024", "2022"):
        for kind in (
            "stage1-acknowledgement",
            "stage2-acknowledgement",
            "stage1-response",
            "stage2-response",
            "extension-notice",
            "decision-not-to-accept",
            "decision-not-to-escalate",
        ):
            assert (kind, edition) in kinds
    assert len(COMPLETE) >= 80
    assert len({m["style"] for m in LABELS.values() if m["source"] == "house style"}) >= 5
    assert sum(m["source"] == "written without looking at the rules" for m in LABELS.values()) >= 8
    for name, meta in LABELS.items():
        assert (CORPUS / name).is_file(), name
        wanted = {r.element.value for r in required_elements(meta["kind"], meta["edition"])}
        assert set(meta["elements"]) == wanted, name  # every required element is labelled


@pytest.mark.parametrize("name", INCOMPLETE)
def test_a_corpus_letter_missing_an_element_cannot_be_issued(name: str) -> None:
    result = _check(name)
    assert not result.can_issue, name
    for element, label in LABELS[name]["elements"].items():
        if label != "present":
            assert result.element(element).status != "present", (name, element)


@pytest.mark.parametrize("name", INCOMPLETE)
def test_a_wrong_label_is_never_read_as_merely_present(name: str) -> None:
    result = _check(name)
    for element, label in LABELS[name]["elements"].items():
        if label == "wrong":
            assert result.element(element).status == "wrong", (name, element, result.element(element).note)


def test_complete_letters_are_refused_at_most_twice_in_80() -> None:
    refused = []
    for name in COMPLETE:
        result = _check(name)
        if result.missing or result.wrong or result.wrong_details:
            refused.append((name, [(e.element, e.note) for e in (*result.missing, *result.wrong)]))
    assert len(refused) * 80 <= 2 * len(COMPLETE), refused
