"""``putright deadline``: N working days from a date, on the England and Wales calendar."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from putright.code.calendar import WorkingCalendar
from putright.commands import UsageError

MAX_WORKING_DAYS = 366


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "deadline",
        help="the Nth working day strictly after a date",
        description=(
            "Print the date N working days after --from: the Nth working day strictly after it, "
            "skipping weekends, England and Wales bank holidays and any closure days given."
        ),
    )
    parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--working-days", required=True, metavar="N")
    parser.add_argument("--closures", metavar="FILE", help="landlord closure days, one ISO date a line")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=_deadline)


def parse_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date in the form YYYY-MM-DD") from None


def read_closures(path: str) -> list[date]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"cannot read closures file {path!r}: {error.strerror}") from None
    closures = []
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip()
        if text:
            closures.append(parse_date(text, f"closures file line {number}:"))
    return closures


def _deadline(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "--from")
    try:
        count = int(args.working_days)
    except ValueError:
        raise UsageError(f"--working-days {args.working_days!r} is not a whole number") from None
    if count < 0:
        raise UsageError("--working-days cannot be negative")
    if count > MAX_WORKING_DAYS:
        raise UsageError(f"--working-days cannot be more than {MAX_WORKING_DAYS}")
    calendar = WorkingCalendar(read_closures(args.closures) if args.closures else ())
    due = calendar.add_working_days(start, count)
    if args.format == "json":
        print(json.dumps({"from": start.isoformat(), "working_days": count, "deadline": due.isoformat()}))
    else:
        print(f"{count} working days after {start:%A %-d %B %Y} is {due:%A %-d %B %Y}")
        print(due.isoformat())
    return 0
