"""``putright triage classify``: is a resident's message a complaint, a service request or other?"""

from __future__ import annotations

import argparse
import json
import sys

from putright.commands import UsageError
from putright.triage import classify
from putright.triage.dataset import SOURCES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "triage",
        help="spot dissatisfaction in a resident's message (Code 1.3 to 1.6)",
        description="Offline triage of residents' messages, following the Complaint Handling Code 1.3 to 1.6.",
    )
    commands = parser.add_subparsers(dest="triage_command", required=True, metavar="COMMAND")
    classify_parser = commands.add_parser(
        "classify",
        help="classify one message read from standard input",
        description=(
            "Read one message on standard input and print JSON: the label (complaint, service_request "
            "or other), a confidence from 0 to 1 and the phrases of the message the decision rests on."
        ),
    )
    classify_parser.add_argument(
        "--source",
        choices=SOURCES,
        help="the channel the message came through; 'survey' applies Code 1.6",
    )
    classify_parser.set_defaults(handler=_classify)


def _classify(args: argparse.Namespace) -> int:
    text = sys.stdin.read()
    if not text.strip():
        raise UsageError("no message on standard input")
    result = classify(text, source=args.source)
    print(json.dumps(result.as_json(), ensure_ascii=False))
    return 0
