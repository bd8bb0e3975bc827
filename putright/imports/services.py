"""Checking and importing a landlord's file of existing complaints.

:func:`check_file` is the dry run (nothing written but the ``ImportRun`` that records it);
:func:`import_file` checks the file again and records every row without problems as a complaint whose
history is the core's events marked ``imported_from`` "<file> row <n>" (see
:func:`putright.code.lifecycle.as_imported`), with who ran the import (``actor``) and when
(``recorded_at``) on every event. Rows already imported (by their reference, ``ImportedRow.key``)
are left alone, so running the same file again creates nothing twice.

Rows are written in batches, each in one transaction: residents, complaints, events (sealed into the
tamper-evident chain), stage projections and row keys each in one bulk insert. This is the same
history and projection the services write step by step (``putright.complaints.projection.projected``
is shared), written a batch at a time so 20,000 rows import in well under two minutes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from putright.accounts.models import User
from putright.code.lifecycle import event_to_data
from putright.complaints import history, personal
from putright.complaints.models import (
    Category,
    Complaint,
    ComplaintEvent,
    Landlord,
    PersonalText,
    Resident,
    Stage,
)
from putright.complaints.projection import changed_without_event, projected
from putright.complaints.rules import landlord_rules
from putright.complaints.services import full_citation
from putright.imports.mapping import MappingError, parse_mapping
from putright.imports.models import ImportedRow, ImportRun
from putright.imports.plan import Context, RowPlan, identity, missing_columns, plan_rows
from putright.imports.reading import FileProblem, read_table

BATCH_SIZE = 500


@dataclass(frozen=True)
class Upload:
    """A file to import and its mapping, as given (a path's name and bytes, or an upload)."""

    source_name: str
    content: bytes
    mapping_name: str
    mapping_text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _context(source: str) -> Context:
    categories: dict[str, int] = {}
    for pk, slug, name in Category.objects.values_list("pk", "slug", "name"):
        categories.setdefault(slug.lower(), pk)
        categories.setdefault(name.strip().lower(), pk)
    imported = {
        identity(key): ref for key, ref in ImportedRow.objects.values_list("key", "complaint__reference")
    }
    return Context(
        rules=landlord_rules(),
        today=timezone.localdate(),
        source=source,
        categories=categories,
        imported=imported,
        edition=Landlord.load().edition or None,
    )


def plan_upload(upload: Upload) -> list[RowPlan]:
    """The dry run of ``upload``: every row's plan. Raises ``MappingError`` or ``FileProblem`` for a
    mapping or file that cannot be used at all."""
    mapping = parse_mapping(upload.mapping_text, name=upload.mapping_name)
    table = read_table(upload.source_name, upload.content)
    missing = missing_columns(table, mapping)
    if missing:
        raise FileProblem(
            f"{upload.source_name} has no column for {', '.join(missing)}; its columns are "
            f"{', '.join(repr(h) for h in table.headers)}"
        )
    return plan_rows(table, mapping, _context(upload.source_name))


def report_rows(plans: list[RowPlan], *, imported: bool = False) -> list[dict[str, object]]:
    """Each row's report: its ``line`` (as the command line prints it) and the same in parts, which the
    pages read: a reference or summary in the file can hold any text, "; WARNING: " too."""
    return [
        {
            "row": p.number,
            "key": p.key,
            "status": p.status,
            "line": p.describe(imported=imported),
            "what": p.what(imported=imported),
            "warnings": p.warnings if p.status == "create" else [],
            "notes": p.notes if p.status == "create" else [],
        }
        for p in plans
    ]


def _record_run(upload: Upload, plans: list[RowPlan], actor: User | None, run: ImportRun | None) -> ImportRun:
    run = run or ImportRun(
        source_name=upload.source_name,
        source_sha256=upload.sha256,
        mapping_name=upload.mapping_name,
        mapping_text=upload.mapping_text,
        run_by=actor,
    )
    run.rows = len(plans)
    run.created = 0
    run.already_imported = sum(1 for p in plans if p.status == "skip")
    run.with_problems = sum(1 for p in plans if p.status == "problem")
    run.report = report_rows(plans)
    return run


def check_file(upload: Upload, *, actor: User | None, keep_content: bool = False) -> ImportRun:
    """The dry run, recorded as an ``ImportRun`` (state "checked"); ``keep_content`` keeps the file
    with it for the workspace's "import" button."""
    plans = plan_upload(upload)
    run = _record_run(upload, plans, actor, None)
    run.source_content = upload.content if keep_content else b""
    run.finished_at = timezone.now()
    run.save()
    sweep_unimported_uploads()
    return run


#: a checked file not imported within this many days is emptied (it holds residents' details); its
#: report stays, and importing it means uploading it again
UPLOAD_KEPT_DAYS = 30


def sweep_unimported_uploads(*, now: datetime | None = None) -> int:
    """Empty the files kept for the "import" button that were checked more than ``UPLOAD_KEPT_DAYS``
    ago and never imported. Run with every new check and with the retention schedule."""
    before = (now or timezone.now()) - timedelta(days=UPLOAD_KEPT_DAYS)
    return (
        ImportRun.objects.filter(state=ImportRun.State.CHECKED, finished_at__lt=before)
        .exclude(source_content=b"")
        .update(source_content=b"")
    )


def _write_batch(plans: list[RowPlan], run: ImportRun, actor: User | None, actor_label: str) -> None:
    now = timezone.now()
    residents = Resident.objects.bulk_create(
        [
            Resident(
                name=p.values["resident_name"],
                email=p.values.get("resident_email", ""),
                phone=p.values.get("resident_phone", ""),
            )
            for p in plans
        ]
    )
    complaints = []
    for plan, resident in zip(plans, residents, strict=True):
        assert plan.case is not None
        fields = projected(0, plan.case, set(), last_event_at=now).fields
        complaints.append(
            Complaint(
                reference=f"new-{uuid.uuid4().hex[:16]}",
                resident=resident,
                category_id=plan.category_id,
                summary=plan.values["summary"],
                created_at=now,
                **fields,
            )
        )
    Complaint.objects.bulk_create(complaints)
    events: list[ComplaintEvent] = []
    stages: list[Stage] = []
    words: list[PersonalText] = []  # the residents' words, kept apart from the events (erasable)
    for plan, complaint in zip(plans, complaints, strict=True):
        assert plan.case is not None
        complaint.reference = f"PR-{complaint.pk:06d}"
        previous = history.GENESIS
        splitter = personal.Splitter(complaint.pk)
        for sequence, event in enumerate(plan.events, start=1):
            row = ComplaintEvent(
                complaint=complaint,
                sequence=sequence,
                kind=event.kind,
                on=event.on,
                recorded_at=now,
                actor=actor,
                actor_label=actor_label,
                data=event_to_data(event),
                reason=f"Imported from {event.imported_from}",
                provision=full_citation(plan.case.edition, event.provision()),
            )
            row.data, row.reason = splitter.data(row.data), splitter.text(row.reason)
            history.seal(row, previous)
            previous = row.chain_hash
            events.append(row)
        words += splitter.rows
        stages += projected(complaint.pk, plan.case, set()).stages
    _number(complaints)
    PersonalText.objects.bulk_create(words, batch_size=2000)
    _insert_events(events)
    Stage.objects.bulk_create(stages)
    ImportedRow.objects.bulk_create(
        [
            ImportedRow(key=p.key, run=run, row_number=p.number, complaint=c)
            for p, c in zip(plans, complaints, strict=True)
        ]
    )


def _number(complaints: list[Complaint]) -> None:
    """Give the new complaints their references ("PR-000123", as ``services.receive_complaint``
    does) in one statement rather than one per complaint; past 999,999 the number is not padded."""
    ids = [c.pk for c in complaints]
    padded = Concat(Value("PR-"), LPad(Cast("pk", CharField()), 6, Value("0")))
    Complaint.objects.filter(pk__in=ids, pk__lt=1_000_000).update(reference=padded)
    longer = [c for c in complaints if c.pk >= 1_000_000]
    if longer:
        Complaint.objects.bulk_update(longer, ["reference"])


def _insert_events(rows: list[ComplaintEvent]) -> None:
    """Insert sealed events with one ``executemany``: the same columns and values ``bulk_create``
    writes, without its per-value SQL compilation (most of the import's time at 20,000 rows)."""
    fields = [f for f in ComplaintEvent._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(ComplaintEvent._meta.db_table)
    prepare = {f.attname: _preparer(f) for f in fields}
    values = [[prepare[f.attname](getattr(row, f.attname)) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608


def _preparer(field: Any) -> Callable[[Any], Any]:
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def import_file(
    upload: Upload,
    *,
    actor: User | None,
    actor_label: str = "",
    run: ImportRun | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> ImportRun:
    """Check ``upload`` again and import every row without problems. Returns the ``ImportRun`` (state
    "imported") with the report; rows with problems are reported and not imported."""
    plans = plan_upload(upload)
    run = _record_run(upload, plans, actor, run)
    run.state = ImportRun.State.IMPORTING  # "imported" once every batch is written
    run.started_at = timezone.now()
    run.run_by = actor
    run.error = ""
    run.progress_at = run.started_at
    run.save()
    who = actor_label or (actor.get_full_name() or actor.get_username() if actor else "PutRight")
    label = f"{who} (import from {upload.source_name})"
    ready = [p for p in plans if p.status == "create"]
    for start in range(0, len(ready), batch_size):
        batch = ready[start : start + batch_size]
        try:
            with transaction.atomic():
                _write_batch(batch, run, actor, label)
        except IntegrityError:
            # another import of the same rows finished first (a row key is unique): this batch
            # wrote nothing; running the file again imports whatever is still missing
            for plan in batch:
                plan.problems.append("imported by another run at the same time: run the file again")
        ImportRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())  # still running
        if progress is not None:
            progress(min(start + batch_size, len(ready)), len(ready))
    run.created = run.imported_rows.count()  # with any rows an earlier, stopped attempt created
    run.with_problems = sum(1 for p in plans if p.status == "problem")
    run.report = report_rows(plans, imported=True)
    run.state = ImportRun.State.IMPORTED
    run.source_content = b""
    run.finished_at = run.progress_at = timezone.now()
    run.save()
    # a batch's events can commit after a later step's were counted, beyond what is looked back for
    changed_without_event.send(sender=import_file)
    return run


#: an import still "importing" that has shown no sign of life for this long (no batch written since,
#: or not begun since it was queued) has stopped (its worker was killed): it may be started again.
#: A batch takes seconds, so an import that is still writing is never taken for stopped however long
#: the file; rows already imported are left alone, and two runs of one row cannot both write it.
STALLED_AFTER = timedelta(minutes=30)


def _silent_since(cutoff: datetime) -> Q:
    """Runs whose last sign of life (the last batch written, else when queued) is before ``cutoff``."""
    return Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, started_at__lt=cutoff)


def stalled(run: ImportRun, *, now: datetime | None = None) -> bool:
    last = run.progress_at or run.started_at
    return run.state == ImportRun.State.IMPORTING and last < (now or timezone.now()) - STALLED_AFTER


def start_import(run: ImportRun, *, actor: User) -> bool:
    """Hand a checked file to the task worker to import (a 20,000-row file takes a minute or more,
    longer than a web request may last). False when the run is not a checked file (or a stalled
    import) with its file still kept, or another request started it first: the state changes in one
    conditional update, which also checks the file is still there."""
    now = timezone.now()
    waiting = Q(state=ImportRun.State.CHECKED) | (
        Q(state=ImportRun.State.IMPORTING) & _silent_since(now - STALLED_AFTER)
    )
    started = (
        ImportRun.objects.filter(waiting, pk=run.pk)
        .exclude(source_content=b"")
        .update(
            state=ImportRun.State.IMPORTING,
            error="",
            run_by=actor,
            started_at=now,
            progress_at=None,
            created=0,
        )
    )
    if not started:
        return False
    from putright.imports.tasks import import_checked_file

    transaction.on_commit(lambda: import_checked_file.enqueue(run.pk, actor.pk))
    return True


#: said when an import stops part way: the report was made before it began
STOPPED = (
    "The import stopped ({why}). Complaints already imported from this file are kept, and importing "
    "again creates only the rest."
)


def import_started_run(run_id: int, actor_id: int | None) -> ImportRun | None:
    """The task worker's part of :func:`start_import`: import the run's file, with the count of rows
    done kept on the run as it goes. A file that can no longer be read as checked (a mapping rule
    changed in between), or an import that stops, goes back to "checked" with the reason, its file
    kept, and the report made again where it can be (so it does not offer what was created).
    ``None`` when the run is not waiting to be imported (the task ran twice)."""
    run = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.IMPORTING).first()
    if run is None:
        return None
    if not run.source_content:
        _stopped(
            run_id,
            "The file is no longer kept (files not imported are emptied after 30 days): upload it again.",
        )
        return None
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    upload = Upload(
        source_name=run.source_name,
        content=bytes(run.source_content),
        mapping_name=run.mapping_name,
        mapping_text=run.mapping_text,
    )

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(created=done)

    try:
        return import_file(upload, actor=actor, run=run, progress=progress)
    except (MappingError, FileProblem) as error:
        _stopped(run_id, str(error))
        return None
    except Exception as error:  # the task is recorded as failed; the run says so and can be retried
        _stopped(run_id, STOPPED.format(why=type(error).__name__), replan=upload)
        raise
    except BaseException:  # the worker was shut down mid-task (a second SIGTERM exits): no time to re-plan
        _stopped(
            run_id,
            STOPPED.format(why="the task worker was shut down")
            + " The report below was made before the import began: some rows it lists may be imported.",
        )
        raise


def _stopped(run_id: int, why: str, *, replan: Upload | None = None) -> None:
    ImportRun.objects.filter(pk=run_id).update(state=ImportRun.State.CHECKED, error=why)
    if replan is None:
        return
    try:  # what the file would do now, with the rows already imported counted as nothing to do
        run = ImportRun.objects.get(pk=run_id)
        _record_run(replan, plan_upload(replan), run.run_by, run)
        run.created = run.imported_rows.count()
        run.save()
    except Exception:
        return
