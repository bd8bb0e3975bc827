"""How right the letters' Code check is on the labelled corpus (tests/fixtures/letters/).

    uv run --frozen python benchmarks/letter_check_accuracy.py [--json] [--list]

For every letter, the check runs with the letter's kind, edition and the dates its record holds
(labels.json), and each required element's status is compared with its label:

* **passed though missing**: the label says missing or wrong, and the check said present (the
  letter could go out without it). Target 0.
* **refused though complete**: the label says present, and the check said missing or wrong.
  Target <= 2 of 80 complete letters.
* **sent to a person**: the check said "confirm" (it is unsure and a person must confirm the
  sentence before the letter can be issued): neither passed nor refused, counted on its own.

Per letter: a letter missing anything (an element, or a fact such as the Ombudsman's number) is
"passed" when the check would let it be issued; a complete letter is "refused" when an element is
missing or wrong, "sent to a person" when the only blocks are "confirm" elements.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "letters"
sys.path.insert(0, str(ROOT))

from putright.letters.check import CheckResult, check_letter  # noqa: E402


def load() -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    return labels


def check(name: str, meta: dict[str, Any]) -> CheckResult:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return check_letter(text, meta["kind"], meta["edition"], meta.get("context") or {})


def complete(meta: dict[str, Any]) -> bool:
    return all(v == "present" for v in meta["elements"].values()) and meta.get("facts", "right") == "right"


def score(labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    per_element: dict[str, Counter[str]] = defaultdict(Counter)
    letters: Counter[str] = Counter()
    misses: list[str] = []
    for name, meta in sorted(labels.items()):
        result = check(name, meta)
        for element, label in meta["elements"].items():
            got = result.element(element).status
            tally = per_element[element]
            if label == "present":
                tally["complete"] += 1
                if got in ("missing", "wrong"):
                    tally["refused though complete"] += 1
                    misses.append(f"refused  {name} {element}: {result.element(element).note}")
                elif got == "confirm":
                    tally["complete, sent to a person"] += 1
            else:
                tally["missing or wrong"] += 1
                if got == "present":
                    tally["passed though missing"] += 1
                    misses.append(f"PASSED   {name} {element} (labelled {label})")
                elif got == "confirm":
                    tally["missing, sent to a person"] += 1
        if complete(meta):
            letters["complete letters"] += 1
            if result.can_issue:
                letters["complete letters issued"] += 1
            elif result.missing or result.wrong or result.wrong_details:
                letters["complete letters refused"] += 1
            else:
                letters["complete letters sent to a person"] += 1
        else:
            letters["letters missing something"] += 1
            if result.can_issue:
                letters["letters missing something that could be issued"] += 1
                misses.append(f"ISSUABLE {name}")
    by_source: Counter[str] = Counter(meta["source"].split(":")[0] for meta in labels.values())
    return {
        "letters": len(labels),
        "by_source": dict(by_source),
        "styles": sorted({m["style"] for m in labels.values()}),
        "overall": dict(letters),
        "per_element": {k: dict(v) for k, v in sorted(per_element.items())},
        "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--list", action="store_true", help="list every letter the check got wrong")
    args = parser.parse_args()
    figures = score(load())
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{figures['letters']} letters: " + ", ".join(f"{n} {s}" for s, n in figures["by_source"].items()))
    print(f"{len(figures['styles'])} styles: " + "; ".join(figures["styles"]))
    print()
    header = f"{'element':<28}{'missing/wrong':>14}{'passed':>8}{'to person':>11}{'complete':>10}{'refused':>9}{'to person':>11}"
    print(header)
    for element, t in figures["per_element"].items():
        print(
            f"{element:<28}{t.get('missing or wrong', 0):>14}{t.get('passed though missing', 0):>8}"
            f"{t.get('missing, sent to a person', 0):>11}{t.get('complete', 0):>10}"
            f"{t.get('refused though complete', 0):>9}{t.get('complete, sent to a person', 0):>11}"
        )
    o = figures["overall"]
    print()
    print(
        f"letters missing something: {o.get('letters missing something', 0)}, "
        f"of which could be issued: {o.get('letters missing something that could be issued', 0)} (target 0)"
    )
    print(
        f"complete letters: {o.get('complete letters', 0)}, issued {o.get('complete letters issued', 0)}, "
        f"refused {o.get('complete letters refused', 0)} (target <= 2 of 80), "
        f"sent to a person to confirm {o.get('complete letters sent to a person', 0)}"
    )
    if args.list:
        print()
        print("\n".join(figures["misses"]) or "no misses")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
