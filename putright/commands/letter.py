"""``putright letter``: the Code check a letter must pass before it is issued.

``putright letter check FILE --kind KIND [--edition 2024]`` reads a .txt, .md, .html, .docx or
.pdf letter, prints the result as JSON and exits 0 when the letter can be issued, 1 when a required
element is missing or wrong (or the check is unsure and a person must confirm it: a file has no
one to confirm it), 2 for bad input (an unknown kind or edition, a missing or unreadable file).
Each element in the JSON has a ``status`` (present, missing, wrong, confirm) and the ``sentence``
the check relied on. ``putright letter kinds`` lists the kinds and what
each must contain.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from putright.code.letters import (
    KIND_DESCRIPTIONS,
    KindNotInEdition,
    UnknownLetterKind,
    letter_kinds,
    parse_kind,
    required_elements,
)
from putright.code.provisions import EDITIONS, UnknownEdition
from putright.commands import UsageError
from putright.letters.check import check_letter
from putright.letters.extract import ExtractionError, extract_text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("letter", help="check a letter against the Complaint Handling Code")
    commands = parser.add_subparsers(dest="letter_command", required=True, metavar="SUBCOMMAND")

    check = commands.add_parser(
        "check",
        help="check a letter (.txt, .md, .html, .docx, .pdf) contains everything the Code requires",
        description=(
            "Check a letter contains every element the Code requires of its kind. Prints JSON; exits 0 "
            "when it can be issued, 1 when an element is missing, wrong or needs a person to confirm it, "
            "2 for bad input."
        ),
    )
    check.add_argument("file", metavar="FILE")
    check.add_argument("--kind", required=True, help="the letter kind; see `putright letter kinds`")
    check.add_argument("--edition", default="2024", help=f"one of {', '.join(EDITIONS)} (default 2024)")
    check.add_argument("--stage", help="the complaint stage, for an extension notice (default 1)")
    check.add_argument("--third-stage", action="store_true", help="2022 only: the landlord has a third stage")
    check.add_argument("--response-due", metavar="YYYY-MM-DD", help="the response date the letter must give")
    check.add_argument("--new-deadline", metavar="YYYY-MM-DD", help="the new date an extension must give")
    check.add_argument(
        "--issued-on",
        metavar="YYYY-MM-DD",
        help="the day the letter is issued: no day it says happened may be after it",
    )
    check.add_argument(
        "--received-on",
        metavar="YYYY-MM-DD",
        help="the day the record says the complaint was received: a stage 1 letter may not say it came later",
    )
    check.add_argument(
        "--remedy-due", metavar="YYYY-MM-DD", action="append", help="a remedy's due date (repeat for each)"
    )
    check.set_defaults(handler=_check)

    kinds = commands.add_parser("kinds", help="the letter kinds and what each must contain")
    kinds.add_argument("--edition", default="2024", help=f"one of {', '.join(EDITIONS)} (default 2024)")
    kinds.add_argument("--format", choices=("text", "json"), default="text")
    kinds.set_defaults(handler=_kinds)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date in the form YYYY-MM-DD") from None


def _check(args: argparse.Namespace) -> int:
    context: dict[str, object] = {}
    if args.stage is not None:
        try:
            context["stage"] = int(args.stage)
        except ValueError:
            raise UsageError(f"--stage {args.stage!r} is not a whole number") from None
    if args.third_stage:
        context["third_stage"] = True
    for option, key in (
        ("--response-due", "response_due"),
        ("--new-deadline", "new_deadline"),
        ("--issued-on", "issued_on"),
        ("--received-on", "received_on"),
    ):
        value = _date(getattr(args, key), option)
        if value is not None:
            context[key] = value
    if args.remedy_due:
        context["remedy_due"] = [_date(v, "--remedy-due") for v in args.remedy_due]
    try:
        # the kind and edition first, so a bad one is reported before reading the file
        required_elements(
            parse_kind(args.kind),
            args.edition,
            stage=context.get("stage"),  # type: ignore[arg-type]
            third_stage=bool(context.get("third_stage")),
        )
        text = extract_text(args.file)
        result = check_letter(text, args.kind, args.edition, context)
    except (UnknownLetterKind, UnknownEdition, KindNotInEdition, ExtractionError, ValueError) as error:
        raise UsageError(str(error)) from None
    print(json.dumps({"file": args.file, **result.as_dict()}, indent=2, ensure_ascii=False))
    return 0 if result.can_issue else 1


def _kinds(args: argparse.Namespace) -> int:
    try:
        kinds = letter_kinds(args.edition)
    except UnknownEdition as error:
        raise UsageError(str(error)) from None
    listing = [(kind, required_elements(kind, args.edition)) for kind in kinds]
    if args.format == "json":
        data = {
            "edition": args.edition,
            "kinds": [
                {
                    "kind": kind.value,
                    "description": KIND_DESCRIPTIONS[kind],
                    "elements": [r.as_dict() for r in elements],
                }
                for kind, elements in listing
            ],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"Letter kinds under the {args.edition} Code, and what each must contain:")
    for kind, elements in listing:
        print()
        print(f"{kind.value}: {KIND_DESCRIPTIONS[kind]}")
        for r in elements:
            print(f"  {r.provision:<12} {r.element.value:<26} {r.label}")
    return 0
