"""``putright import complaints FILE.csv|FILE.xlsx --mapping MAPPING.toml|.yaml``: bring a landlord's
existing complaints in from its previous system.

``--dry-run`` reports row by row what would be created and every problem, and imports nothing. Without
it, every row without problems is imported (``--by`` names the PutRight user running the import; it
is recorded on every imported event) and rows with problems are reported, not imported. Running the
same file again creates nothing twice. Exit status 0 when every row was fine (imported, or already
imported), 1 when some rows have problems, 2 for bad input (a missing file, a mapping or file that
cannot be read, an unknown user); nothing is imported then.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from putright.commands import UsageError
from putright.commands.django_commands import setup_django
from putright.imports.dates import ACCEPTED


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="bring existing complaints in from a CSV or XLSX file",
        description="Import a landlord's existing complaints, with their history, from its previous system.",
    )
    commands = parser.add_subparsers(dest="import_command", required=True, metavar="WHAT")
    complaints = commands.add_parser(
        "complaints",
        help="complaints from a .csv or .xlsx file and a column mapping (.toml or .yaml)",
        description=(
            f"Dates are read day first (UK): 02/03/2024 is 2 March 2024. Accepted: {ACCEPTED}, and date cells "
            "or serial numbers in an XLSX file."
        ),
    )
    complaints.add_argument("file", help="the .csv or .xlsx file; the first row names the columns")
    complaints.add_argument("--mapping", required=True, help="the column mapping (.toml, .yaml or .yml)")
    complaints.add_argument("--dry-run", action="store_true", help="report what would happen; import nothing")
    complaints.add_argument("--by", default="", help="the username of the person running the import")
    complaints.add_argument("--format", choices=["text", "json"], default="text")
    complaints.set_defaults(handler=_complaints)


def _read(path: str, what: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{what} {path} does not exist")
    return file.read_bytes()


def _complaints(args: argparse.Namespace) -> int:
    content = _read(args.file, "the file")
    mapping_bytes = _read(args.mapping, "the mapping")
    try:
        mapping_text = mapping_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"the mapping {args.mapping} is not UTF-8 text") from None
    setup_django()
    from putright.access.policy import imports_complaints
    from putright.accounts.models import User
    from putright.imports.mapping import MappingError
    from putright.imports.reading import FileProblem
    from putright.imports.services import Upload, check_file, import_file

    actor = None
    if args.by:
        actor = User.objects.filter(username=args.by, is_active=True).first()
        if actor is None:
            raise UsageError(f"no active user called {args.by!r}")
        if not imports_complaints(actor):
            raise UsageError(f"{args.by} may not import complaints: only administrators may")
    elif not args.dry_run:
        raise UsageError("say who is running the import: --by USERNAME (it is recorded on every event)")
    upload = Upload(
        source_name=Path(args.file).name,
        content=content,
        mapping_name=Path(args.mapping).name,
        mapping_text=mapping_text,
    )

    def progress(done: int, total: int) -> None:
        # a line of its own, before the report, in the same stream as the report when it is text (a
        # terminal, a log or a pipe shows them in order); beside JSON, on stderr (stdout is the JSON)
        stream = sys.stderr if args.format == "json" else sys.stdout
        print(f"imported {done} of {total} complaints so far", file=stream, flush=True)

    try:
        if args.dry_run:
            run = check_file(upload, actor=actor)
        else:
            run = import_file(upload, actor=actor, progress=progress)
    except (MappingError, FileProblem) as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        print(
            json.dumps(
                {
                    "file": run.source_name,
                    "sha256": run.source_sha256,
                    "dry_run": args.dry_run,
                    "rows": run.rows,
                    "created": run.created,
                    "already_imported": run.already_imported,
                    "with_problems": run.with_problems,
                    "report": run.report,
                },
                indent=2,
            )
        )
    else:
        for row in run.report:
            print(row["line"])
        verb = "would create" if args.dry_run else "created"
        count = sum(1 for r in run.report if r["status"] == "create")
        print(
            f"{run.source_name}: {run.rows} rows; {verb} {count}; nothing to do for {run.already_imported}; "
            f"{run.with_problems} with problems" + (" (dry run: nothing imported)" if args.dry_run else "")
        )
    return 1 if run.with_problems else 0
