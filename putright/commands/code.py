"""``putright code``: read the Complaint Handling Code as PutRight holds it."""

from __future__ import annotations

import argparse
import json
import textwrap

from putright.code.provisions import EDITIONS, Edition, UnknownEdition, UnknownProvision, edition
from putright.commands import UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("code", help="list and show provisions of the Complaint Handling Code")
    commands = parser.add_subparsers(dest="code_command", required=True, metavar="SUBCOMMAND")

    listing = commands.add_parser("provisions", help="every provision of an edition")
    listing.add_argument("--edition", default="2024", help=f"one of {', '.join(EDITIONS)} (default 2024)")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.add_argument("--on-form", action="store_true", help="only provisions on the self-assessment form")
    listing.set_defaults(handler=_provisions)

    show = commands.add_parser("show", help="one provision, e.g. `putright code show 2024 6.13`")
    show.add_argument("edition", help=f"one of {', '.join(EDITIONS)}")
    show.add_argument("number", help="provision number, e.g. 6.13")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=_show)


def _edition(name: str) -> Edition:
    try:
        return edition(name)
    except UnknownEdition as error:
        raise UsageError(str(error)) from None


def _provisions(args: argparse.Namespace) -> int:
    chosen = _edition(args.edition)
    provisions = chosen.on_form() if args.on_form else chosen.provisions
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in provisions], indent=2, ensure_ascii=False))
        return 0
    for p in provisions:
        first_line = p.full_text.splitlines()[0]
        form = f" [{p.obligation or 'on form'}]" if p.on_form else ""
        print(f"{p.number:>5}  {textwrap.shorten(first_line, 100)}{form}")
    return 0


def _show(args: argparse.Namespace) -> int:
    chosen = _edition(args.edition)
    try:
        found = chosen.provision(args.number)
    except UnknownProvision as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        print(json.dumps(found.as_dict(), indent=2, ensure_ascii=False))
        return 0
    print(f"{chosen.title}, provision {found.number}")
    print(
        f"Section {found.section.number}: {found.section.title}"
        + (f" ({found.heading})" if found.heading else "")
    )
    if found.on_form:
        print(
            "On the self-assessment form"
            + (f": a '{found.obligation}' requirement" if found.obligation else "")
        )
    print()
    for line in found.full_text.splitlines():
        print(textwrap.fill(line, 100))
    return 0
