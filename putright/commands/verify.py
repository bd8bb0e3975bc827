"""``putright verify history``: prove the record was not altered after it was written.

Checks every complaint's hash chain (each event's hash covers its content and the previous event's
hash, :mod:`putright.complaints.history`) and every issued letter's stored HTML, text, PDF and DOCX
against the SHA-256 taken when it was issued. Prints each break on its own line and a summary with a
digest of every chain's head; exit status 0 when everything verifies, 1 on any break.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from putright.commands.django_commands import setup_django


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("verify", help="check the record for tampering")
    commands = parser.add_subparsers(dest="verify_command", required=True, metavar="WHAT")
    history = commands.add_parser(
        "history", help="check every complaint's event hash chain and every issued letter's hashes"
    )
    history.add_argument("--format", choices=["text", "json"], default="text")
    history.set_defaults(handler=run_verify_history)


def verify_history() -> dict[str, Any]:
    """The whole check as data (also used by the backup drill)."""
    setup_django()
    from putright.complaints.history import verify_all_chains
    from putright.letters.immutable import verify_issued_letters

    chains = verify_all_chains()
    letters, letter_breaks, letter_erasures = verify_issued_letters()
    breaks = [str(b) for b in chains.breaks] + [str(b) for b in letter_breaks]
    return {
        "complaints": chains.complaints,
        "events": chains.events,
        "letters": letters,
        "digest": chains.digest,
        "breaks": breaks,
        "erased": chains.erased + [str(e) for e in letter_erasures],
        "ok": not breaks,
    }


def run_verify_history(args: argparse.Namespace) -> int:
    result = verify_history()
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        for line in result["erased"]:
            print(f"ERASED {line}")
        for line in result["breaks"]:
            print(f"BREAK {line}")
        verdict = "every chain and letter verifies" if result["ok"] else f"{len(result['breaks'])} break(s)"
        print(
            f"checked {result['complaints']} complaints, {result['events']} events, "
            f"{result['letters']} issued letters: {verdict}"
        )
        print(f"chain heads digest: {result['digest']}")
    return 0 if result["ok"] else 1
