"""How the letter check's time grows with the letter's length, for real letters and hostile text.

A letter body can be up to ``LETTER_MOST`` (100,000) characters. The check must take time that
grows with the length, not with its square: before 6 December 2026 a run of "a.a.a…" took 77 s at
20,000 characters, a paragraph of 10,000 telephone numbers 77 s, a 200,000-character paragraph 25 s
(README, "Letter check: long and hostile text"). For each shape this prints the best of ``--reps``
checks at each size and the ratio of the largest size's time to the smallest's: about the ratio of
the sizes (10) when the time grows with the length, about its square (100) when it does not.

Usage (from the repository root)::

    uv run python benchmarks/bench_letter_check.py [--sizes 10000,30000,100000] [--reps 3]

In process, no database. Prints one line per shape and a JSON summary last."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from putright.letters.check import check_letter  # noqa: E402
from putright.letters.readability import _sentences_of  # noqa: E402

_LETTER = Path(__file__).resolve().parents[1] / "tests" / "letters" / "fixtures" / "stage2-response.txt"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "a real stage 2 response, repeated": _repeat(_LETTER.read_text(encoding="utf-8") + "\n\n"),
    "one paragraph of sentences": _repeat("You are unhappy that the repair was late. "),
    "one word": _repeat("a"),
    "a.a.a.a (a dotted run)": _repeat("a."),
    "1.1.1.1": _repeat("1."),
    "a@a@a@": _repeat("a@"),
    "telephone numbers": _repeat("0300 111 3000 "),
    "dates": _repeat("1 January 2025 "),
    "bulleted lines": _repeat("- a\n"),
    "lead-in lines": _repeat("Our understanding of your complaint is:\n"),
    "blank-line paragraphs": _repeat("a\n\n"),
    # found in review: each was quadratic or worse until mended
    "-a.-a.-a (a run with no space)": _repeat("-a."),
    "{{{{ (blanks never closed)": _repeat("{{"),
    "[enter [enter": _repeat("[enter "),
    "a run of spaces": lambda size: "a" + " " * (size - 2) + "a",
}


def _best(text: str, reps: int) -> float:
    times = []
    for _ in range(reps):
        _sentences_of.cache_clear()  # each check from cold, as a new letter is
        started = time.perf_counter()
        check_letter(text, "stage2-response", "2024")
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="characters, comma-separated")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    check_letter("Warm up. This is our stage 2 response.", "stage2-response", "2024")
    summary: dict[str, dict[str, float]] = {}
    print(f"{'shape':38}" + "".join(f"{size:>12,}" for size in sizes) + f"{'growth':>9}   (seconds)")
    for name, make in SHAPES.items():
        figures = {str(size): round(_best(make(size), args.reps), 3) for size in sizes}
        growth = figures[str(sizes[-1])] / max(figures[str(sizes[0])], 1e-6)
        summary[name] = {**figures, "growth": round(growth, 1)}
        print(
            f"{name:38}" + "".join(f"{figures[str(s)]:>12.3f}" for s in sizes) + f"{growth:>9.1f}", flush=True
        )
    print(json.dumps({"sizes": sizes, "reps": args.reps, "shapes": summary}))


if __name__ == "__main__":
    main()
