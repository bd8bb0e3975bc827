"""``putright backup`` and ``putright restore``: the database, the media folder and the secret key.

``putright backup --output FILE.tar.gz`` writes one archive (mode 0600: it holds personal data and
the secret key; keep it encrypted at rest). ``putright restore FILE.tar.gz`` restores it into an empty
database and media folder, then compares every table's row count and the history's chain-heads digest
with the manifest and runs ``verify history``. Exit status 0 when everything matches, 1 when the
restore finished but something does not match, 2 for bad input (nothing changed).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from putright.commands import UsageError
from putright.commands.django_commands import setup_django


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser("backup", help="back up the database, media files and secret key")
    backup.add_argument("--output", required=True, help="the archive to write (.tar.gz); must not exist")
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore", help="restore a backup into an empty database and media folder"
    )
    restore.add_argument("archive", help="a file written by putright backup")
    restore.add_argument("--format", choices=["text", "json"], default="text")
    restore.set_defaults(handler=run_restore)

    sweep = subparsers.add_parser(
        "sweep-files", help="list (or delete) files in the media folder that no record points to"
    )
    sweep.add_argument("--delete", action="store_true", help="delete them (recorded as a purge)")
    sweep.add_argument(
        "--min-age-hours", type=float, default=24.0, help="leave newer files alone (default 24)"
    )
    sweep.add_argument("--by", default="", help="who runs it (recorded with --delete)")
    sweep.set_defaults(handler=run_sweep_files)

    export = subparsers.add_parser("export", help="subject access export: everything held about one resident")
    export_commands = export.add_subparsers(dest="export_command", required=True, metavar="WHO")
    resident = export_commands.add_parser("resident", help="one resident, as a ZIP with an index")
    who = resident.add_mutually_exclusive_group(required=True)
    who.add_argument("--id", type=int, help="the resident's id")
    who.add_argument("--reference", help="a complaint reference: its resident")
    resident.add_argument("--output", required=True, help="the .zip to write; must not exist")
    resident.set_defaults(handler=run_export_resident)

    retention = subparsers.add_parser("retention", help="the retention schedule")
    retention_commands = retention.add_subparsers(dest="retention_command", required=True, metavar="ACTION")
    due = retention_commands.add_parser(
        "due", help="finished complaints past their retention period (run weekly)"
    )
    due.add_argument("--format", choices=["text", "json"], default="text")
    due.add_argument(
        "--apply",
        action="store_true",
        help="also anonymise what is due (recorded as erasures; legal holds skip); run daily from cron",
    )
    due.add_argument("--by", default="retention schedule", help="who runs it (recorded with --apply)")
    due.set_defaults(handler=run_retention_due)

    erase = subparsers.add_parser(
        "erase", help="erase (anonymise) a resident, keeping every figure and the Code timeline"
    )
    erase_commands = erase.add_subparsers(dest="erase_command", required=True, metavar="WHO")
    erase_resident = erase_commands.add_parser("resident", help="one resident and everything linked to them")
    erase_who = erase_resident.add_mutually_exclusive_group(required=True)
    erase_who.add_argument("--id", type=int, help="the resident's id")
    erase_who.add_argument("--reference", help="a complaint reference: its resident")
    erase_resident.add_argument("--by", required=True, help="who erases (recorded)")
    erase_resident.add_argument(
        "--reason", required=True, help="why, e.g. the request's reference (recorded)"
    )
    erase_resident.set_defaults(handler=run_erase_resident)

    hold = subparsers.add_parser("hold", help="legal holds: stop retention and erasure")
    hold_commands = hold.add_subparsers(dest="hold_command", required=True, metavar="ACTION")
    place = hold_commands.add_parser("place", help="place a hold on a complaint or on all of a resident's")
    target = place.add_mutually_exclusive_group(required=True)
    target.add_argument("--reference", help="a complaint reference")
    target.add_argument("--resident", type=int, help="a resident's id")
    place.add_argument("--reason", required=True)
    place.add_argument("--by", required=True, help="who places it")
    place.set_defaults(handler=run_hold_place)
    lift = hold_commands.add_parser("lift", help="lift a hold")
    lift.add_argument("id", type=int)
    lift.add_argument("--by", required=True)
    lift.add_argument("--reason", default="", help="why the hold is no longer needed (kept with the hold)")
    lift.set_defaults(handler=run_hold_lift)

    db = subparsers.add_parser("db", help="database administration")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    roles = db_commands.add_parser(
        "roles",
        help="PostgreSQL: an owner role for migrations and an app role that cannot alter the history",
        description=(
            "Run with DATABASE_URL pointing at a superuser (or the database's owner). Passwords come from "
            "PUTRIGHT_DB_OWNER_PASSWORD and PUTRIGHT_DB_APP_PASSWORD, or are generated and printed once."
        ),
    )
    roles.add_argument("--owner", default="putright_owner", help="owns the tables, runs migrations")
    roles.add_argument("--app", default="putright_app", help="what PutRight connects as")
    roles.set_defaults(handler=run_db_roles)


def run_backup(args: argparse.Namespace) -> int:
    setup_django()
    from putright.records.backup import BackupError, create_backup

    try:
        manifest = create_backup(Path(args.output))
    except BackupError as error:
        raise UsageError(str(error)) from None
    rows = sum(manifest["counts"].values())
    media = sum(1 for name in manifest["files"] if name.startswith("media/"))
    print(
        f"backed up {rows} rows in {len(manifest['counts'])} tables, {media} media files and the secret key "
        f"to {args.output}"
    )
    print(f"history: {manifest['history_events']} events, chain heads digest {manifest['history_digest']}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    setup_django()
    from putright.records.backup import BackupError, restore_backup

    path = Path(args.archive)
    if not path.is_file():
        raise UsageError(f"no backup file at {path}")
    try:
        report = restore_backup(path)
    except BackupError as error:
        raise UsageError(str(error)) from None
    result = {
        "ok": report.ok,
        "counts": report.counts,
        "count_differences": {k: list(v) for k, v in report.count_differences.items()},
        "history_digest": report.digest,
        "history_digest_expected": report.manifest["history_digest"],
        "verify": report.verify,
        "media_files": report.media_files,
        "secret_key": report.secret_key,
        "migrated_forward": report.migrated_forward,
    }
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        print(f"restored {sum(report.counts.values())} rows and {report.media_files} media files")
        for label, (expected, found) in report.count_differences.items():
            print(f"MISMATCH {label}: {expected} rows in the backup, {found} restored")
        same = report.digest == report.manifest["history_digest"]
        print(f"history chain heads digest {'matches' if same else 'DIFFERS from'} the backup's")
        for line in report.verify["breaks"]:
            print(f"BREAK {line}")
        if report.migrated_forward:
            print("migrated forward after loading: " + ", ".join(report.migrated_forward))
        print(report.secret_key)
        print("restore verified" if report.ok else "restore finished but does NOT match the backup")
    return 0 if report.ok else 1


def run_db_roles(args: argparse.Namespace) -> int:
    import os
    import secrets
    from urllib.parse import quote

    setup_django()
    from django.db import connection

    from putright.records.dbroles import RoleSetupError, set_up_roles

    passwords = {}
    for which in ("owner", "app"):
        given = os.environ.get(f"PUTRIGHT_DB_{which.upper()}_PASSWORD", "")
        passwords[which] = given or secrets.token_urlsafe(24)
    try:
        done = set_up_roles(
            owner=args.owner, owner_password=passwords["owner"], app=args.app, app_password=passwords["app"]
        )
    except RoleSetupError as error:
        raise UsageError(str(error)) from None
    for line in done:
        print(line)
    params = connection.settings_dict
    where = f"{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}/{params['NAME']}"
    print("migrate as the owner, run PutRight as the app role (shown once if generated):")
    print(
        f"  migrations: DATABASE_URL=postgresql://{args.owner}:{quote(passwords['owner'], safe='')}@{where}"
    )
    print(f"  PutRight:   DATABASE_URL=postgresql://{args.app}:{quote(passwords['app'], safe='')}@{where}")
    print(f"  and set PUTRIGHT_DB_APP_ROLE={args.app} when migrating, so new tables get the same grants")
    return 0


def run_sweep_files(args: argparse.Namespace) -> int:
    import getpass

    if args.min_age_hours < 1:
        raise UsageError("--min-age-hours must be at least 1, so uploads in progress are left alone")
    setup_django()
    from putright.records.files import sweep

    orphans = sweep(delete=args.delete, by=args.by or getpass.getuser(), min_age_hours=args.min_age_hours)
    for orphan in orphans:
        print(
            f"{'deleted' if args.delete else 'orphan'} {orphan.name} ({orphan.size} bytes, {orphan.age_hours} h old)"
        )
    if not orphans:
        print("no orphan files")
    elif not args.delete:
        print(f"{len(orphans)} orphan file(s); run again with --delete to remove them (recorded as a purge)")
    return 0


def run_export_resident(args: argparse.Namespace) -> int:
    setup_django()
    from putright.records.export import export_resident

    resident = _resident(args)
    try:
        index = export_resident(resident, Path(args.output))
    except FileExistsError as error:
        raise UsageError(str(error)) from None
    rows = sum(r["count"] for r in index["records"])
    print(
        f"exported {rows} records in {len(index['records'])} kinds and {len(index['files'])} files to {args.output}"
    )
    for missing in index["missing_files"]:
        print(f"MISSING {missing['name']} (from {missing['record']})")
    return 0 if not index["missing_files"] else 1


def _resident(args: argparse.Namespace) -> Any:
    from putright.complaints.models import Complaint, Resident

    if args.id is not None:
        resident = Resident.objects.filter(pk=args.id).first()
    else:
        complaint = Complaint.objects.select_related("resident").filter(reference=args.reference).first()
        resident = complaint.resident if complaint else None
    if resident is None:
        raise UsageError("no such resident")
    return resident


def run_erase_resident(args: argparse.Namespace) -> int:
    setup_django()
    from putright.records.erasure import ErasureError, erase_resident
    from putright.records.retention import HoldError

    resident = _resident(args)
    try:
        record = erase_resident(resident, by=args.by, reason=args.reason)
    except (HoldError, ErasureError) as error:
        raise UsageError(str(error)) from None
    print(f"erased resident {resident.pk}: " + (", ".join(record.detail["complaints"]) or "no complaints"))
    for kind, count in sorted(record.detail["erased"].items()):
        print(f"  {kind}: {count}")
    print(f"recorded as purge record {record.pk} ({record.at:%Y-%m-%d %H:%M} by {record.by})")
    return 0


def run_retention_due(args: argparse.Namespace) -> int:
    setup_django()
    from putright.records.retention import apply, due, schedule

    try:
        found = due()
        years = schedule()
    except ValueError as error:
        raise UsageError(f"PUTRIGHT_RETENTION: {error}") from None
    applied = apply(by=args.by) if args.apply else []
    if args.format == "json":
        rows = [
            {**d.__dict__, "ended_on": d.ended_on.isoformat(), "keep_until": d.keep_until.isoformat()}
            for d in found
        ]
        erased = [{"subject": a.subject, "purge_record": a.record_id} for a in applied]
        print(json.dumps({"schedule": years, "due": rows, "erased": erased}, indent=2))
        return 0
    print(
        "schedule (years after the record ended): " + ", ".join(f"{k} {v}" for k, v in sorted(years.items()))
    )
    for d in found:
        print(f"{d.reference}  {d.record_type}  ended {d.ended_on}  kept until {d.keep_until}")
    print(f"{len(found)} record(s) past their retention period and under no legal hold")
    for a in applied:
        print(f"erased: {a.subject} (purge record {a.record_id})")
    if args.apply:
        print(f"{len(applied)} erasure(s) made")
    return 0


def run_hold_place(args: argparse.Namespace) -> int:
    setup_django()
    from putright.complaints.models import Complaint, Resident
    from putright.records.retention import HoldError, place_hold

    complaint = resident = None
    if args.reference:
        complaint = Complaint.objects.filter(reference=args.reference).first()
        if complaint is None:
            raise UsageError(f"no complaint {args.reference}")
    else:
        resident = Resident.objects.filter(pk=args.resident).first()
        if resident is None:
            raise UsageError(f"no resident {args.resident}")
    try:
        hold = place_hold(reason=args.reason, by=args.by, complaint=complaint, resident=resident)
    except HoldError as error:
        raise UsageError(str(error)) from None
    print(f"legal hold {hold.pk} placed: {hold}")
    return 0


def run_hold_lift(args: argparse.Namespace) -> int:
    setup_django()
    from putright.records.models import LegalHold
    from putright.records.retention import HoldError, lift_hold

    hold = LegalHold.objects.filter(pk=args.id).first()
    if hold is None:
        raise UsageError(f"no legal hold {args.id}")
    try:
        lift_hold(hold, by=args.by, reason=args.reason)
    except HoldError as error:
        raise UsageError(str(error)) from None
    print(f"legal hold {hold.pk} lifted")
    return 0
