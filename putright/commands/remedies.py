"""``putright remedies``: the Ombudsman's Compensation Guidance as a calculator (2024 7.4).

``putright remedies calculate`` reads ``{"on": "2026-05-01", "failures": [...]}`` on standard input
and prints each failure's proposed sum with the rule and its source, and ``total_pence``;
``putright remedies kinds`` lists the kinds of failure and their sums in force on a day.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from putright.code.compensation import (
    CompensationInputError,
    calculate,
    guidance_on,
    kinds,
    parse_date,
    parse_request,
    pounds,
    rate_as_dict,
    schedule_as_dict,
)
from putright.code.provisions import EDITIONS
from putright.commands import UsageError

#: standard input larger than this is not a remedies request
MAX_INPUT = 1_000_000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "remedies", help="propose compensation under the Ombudsman's Compensation Guidance"
    )
    commands = parser.add_subparsers(dest="remedies_command", required=True, metavar="SUBCOMMAND")

    calc = commands.add_parser(
        "calculate",
        help="read failures as JSON on standard input, print the proposed sums as JSON",
        description=(
            'Reads {"on": "YYYY-MM-DD", "failures": [{"kind": "loss_of_heating", "days": 23}, '
            '{"kind": "missed_appointment", "count": 2}]} and prints each failure\'s proposed sum, '
            "the rule and its source, and total_pence."
        ),
    )
    calc.add_argument("--edition", default="2024", choices=EDITIONS, help="the Code edition to cite")
    calc.set_defaults(handler=_calculate)

    listing = commands.add_parser("kinds", help="the kinds of failure and their sums on a day")
    listing.add_argument("--on", metavar="YYYY-MM-DD", help="the day (default today)")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_kinds)


def _calculate(args: argparse.Namespace) -> int:
    text = sys.stdin.read(MAX_INPUT + 1)
    if len(text) > MAX_INPUT:
        raise UsageError("the input is larger than 1 MB")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"the input is not JSON: {error.msg} at line {error.lineno}") from None
    try:
        on, failures = parse_request(raw)
        result = calculate(failures, on=on, edition=args.edition)
    except CompensationInputError as error:
        raise UsageError(str(error)) from None
    print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    return 0


def _kinds(args: argparse.Namespace) -> int:
    try:
        day = parse_date(args.on, "--on") if args.on else date.today()
        guidance = guidance_on(day)
    except CompensationInputError as error:
        raise UsageError(str(error)) from None
    rates = kinds(day)
    if args.format == "json":
        body = {
            "on": day.isoformat(),
            "guidance": schedule_as_dict(guidance),
            "kinds": [rate_as_dict(r, guidance.source) for r in rates],
        }
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    print(f"{guidance.source}, on {day.isoformat()}:")
    for rate in rates:
        amount = (
            f"{pounds(rate.amount_pence)} {rate.basis.value.replace('_', ' ')}"
            if rate.amount_pence
            else "judgement"
        )
        print(f"  {rate.kind:<36} {amount:<16} {rate.label}")
    return 0
