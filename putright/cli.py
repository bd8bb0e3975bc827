"""The ``putright`` command line.

Each group of commands lives in its own module under ``putright.commands`` and registers itself
through ``register(subparsers)``; this module only wires them together. Commands report bad input
on one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from putright.commands import UsageError

COMMAND_MODULES: tuple[str, ...] = (
    "putright.commands.code",
    "putright.commands.deadline",
    "putright.commands.letter",
    "putright.commands.triage",
    "putright.commands.django_commands",
    "putright.commands.intake",
    "putright.commands.remedies",
    "putright.commands.verify",
    "putright.commands.records",
    "putright.commands.imports",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="putright",
        description="PutRight: complaint handling that follows the Housing Ombudsman's Complaint Handling Code.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except UsageError as error:
        print(f"putright: error: {error}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
