"""Erasure (anonymisation) of a resident, keeping every statistic and the Code timeline.

:func:`erase_resident` goes through the audited path (:func:`putright.records.purge.audited_purge`):
refused while any of the resident's complaints (or the resident) is under a legal hold, and recorded
in the same transaction as an append-only ``PurgeRecord`` saying who, when, why and which kinds of
record were erased, with how many of each, never the values.

What is erased is listed field by field in :data:`ERASE` (every text, JSON and file field of every
model that points at a resident or a complaint is either there or in :data:`KEEP` with the reason;
``tests/records/test_erasure.py`` fails on a field in neither, so a model added later cannot be
forgotten). Erased text reads :data:`~putright.complaints.personal.ERASED`; contact details become
empty; files are deleted. Kept: complaint references, dates, states, categories, stages, channels,
deadlines, handlers, outcomes, remedies' kinds and amounts, so every figure (TSM, the annual report,
the dashboard, the self-assessment's evidence) is the same after as before.

The history's events are not touched: their personal text lives in ``PersonalText`` rows
(:mod:`putright.complaints.personal`), which are erased (value and key blanked); the projections are
then rebuilt from the events. Issued letters keep their four hashes; their HTML, text, source and
files go (the database lets through only that change), and ``putright verify history`` reports them
as "erased on ... by ...", not as tampered.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from putright.code.errors import UnreadableRecord
from putright.code.lifecycle import event_from_data, replay
from putright.complaints.models import (
    Complaint,
    ExclusionApplied,
    Extension,
    OutstandingAction,
    PersonalText,
    Remedy,
    Resident,
    Stage,
)
from putright.complaints.personal import ERASED, PERSONAL_KEYS, PLAIN_KEYS, resolved_events_data
from putright.complaints.projection import changed_without_event, project, projected
from putright.records.models import LegalHold, PurgeRecord
from putright.records.retention import HoldError, held_complaints

log = logging.getLogger("putright.records")

#: how an erased field is written: TEXT becomes "[erased]" when it held anything (so a figure that
#: counts records with or without some text, like complaints about a service request or restrictions
#: with equality considerations, is the same after); BLANK (contact details, so nothing tries to
#: write to them, and a letter's content, which its trigger requires) becomes empty
TEXT, BLANK, NULL, JSON, FILE = "text", "blank", "null", "json", "file"

#: model label -> (what it is, in words, {field: how}); the kinds named in the erasure record
ERASE: dict[str, tuple[str, dict[str, str]]] = {
    "records.ContactDecision": ("reasons given for matching contacts", {"reason": TEXT}),
    "complaints.Resident": (
        "name, contact details and address",
        {
            "name": TEXT,
            "email": BLANK,
            "phone": BLANK,
            "language": TEXT,
            "support_needs": TEXT,
            "property": NULL,
            "address_given": BLANK,
            "postcode_given": BLANK,
        },
    ),
    "complaints.Representative": (
        "representatives",
        {
            "name": TEXT,
            "relationship": TEXT,
            "contact": BLANK,
            "address_given": BLANK,
            "consent_evidence": TEXT,
        },
    ),
    "complaints.ReasonableAdjustment": (
        "reasonable adjustments and disabilities disclosed",
        {"adjustment": TEXT, "disclosed_disability": TEXT},
    ),
    "complaints.ContactRestriction": (
        "contact restrictions",
        {"restriction": TEXT, "reason": TEXT, "equality_considerations": TEXT},
    ),
    "complaints.Complaint": (
        "complaint summaries and addresses given",
        {"summary": TEXT, "about_service_request": TEXT, "address_given": BLANK},
    ),
    "complaints.PersonalText": ("words in the complaint history", {}),  # erased by _erase_texts
    "complaints.PendingStep": ("steps not yet sent", {"fields": JSON, "late_reason": TEXT}),
    "complaints.Correspondence": (
        "correspondence",
        {"correspondent": TEXT, "subject": TEXT, "body": TEXT},
    ),
    "complaints.Attachment": (
        "attachments (files deleted)",
        {"file": FILE, "original_filename": TEXT, "description": TEXT},
    ),
    "workspace.Amendment": ("changes to the resident's details", {"changes": JSON, "reason": TEXT}),
    "workspace.Vulnerability": ("vulnerabilities and health details", {"reason": TEXT}),
    "workspace.InternalNote": ("internal notes", {"body": TEXT}),
    "workspace.OutboxEmail": (
        "emails written to the resident",
        {"to": BLANK, "subject": TEXT, "body": TEXT, "last_error": TEXT},
    ),
    "letters.LetterDraft": ("letter drafts", {"title": TEXT, "body": TEXT}),
    "letters.ElementConfirmation": ("sentences confirmed in letters", {"evidence": TEXT}),
    "letters.IssuedLetter": (
        "issued letters' text and files (their hashes kept)",
        {
            "title": TEXT,
            "addressee": TEXT,
            "source": BLANK,
            "rendered_html": BLANK,
            "rendered_text": BLANK,
            "pdf": FILE,
            "docx": FILE,
            "check_result": JSON,
        },
    ),
    "letters.LetterDelivery": ("letter deliveries' addresses", {"to": BLANK, "last_error": TEXT}),
    "letters.LetterPosting": ("why a printed letter's posting was recorded late", {"late_reason": TEXT}),
    "intake.InboundEmail": (
        "emails received (files deleted)",
        {
            "from_address": BLANK,
            "from_name": TEXT,
            "subject": TEXT,
            "outcome_detail": TEXT,
            "notes": JSON,
            "authentication": TEXT,
            "original": FILE,
        },
    ),
    "intake.SentEmail": ("emails sent", {"to": BLANK, "subject": TEXT}),
    "intake.DissatisfactionFlag": (
        "expressions of dissatisfaction found in messages",
        {"text": TEXT, "phrases": JSON, "explanation": TEXT, "resident_email": BLANK, "review_note": TEXT},
    ),
    "ombudsman.StaffNote": ("notes for the Ombudsman case", {"body": TEXT}),
    "ombudsman.ComplaintFileProduced": (
        "complaint files made for the Ombudsman (deleted)",
        {"pdf": FILE, "zip": FILE},
    ),
    "governance.OmbudsmanOrder": ("evidence of Ombudsman orders", {"evidence": TEXT, "evidence_file": FILE}),
    "governance.OmbudsmanCaseProgress": (
        "why an Ombudsman case's recorded dates were changed (staff's words, which may name the resident)",
        {"reason": TEXT},
    ),
    "governance.OrderCompliance": (
        "evidence of Ombudsman orders as each was recorded, and why a date of compliance was changed",
        {"evidence": TEXT, "evidence_file": FILE, "reason": TEXT},
    ),
    "portal.AccessCode": ("sign-in codes' email addresses", {"email": BLANK}),
}

#: fields kept, with why: structure, figures, staff's own records, hashes
KEEP: dict[str, dict[str, str]] = {
    "complaints.Representative": {"preferred_contact_method": "a choice, counted in figures"},
    "complaints.Resident": {
        "preferred_contact_method": "a choice, counted in figures",
        "preferred_format": "a choice, counted in figures",
    },
    "complaints.Complaint": {
        f: "structure and figures"
        for f in (
            "reference",
            "channel",
            "edition",
            "state",
            "status",
            "current_due_provision",
            "ombudsman_reference",
            "not_yet_sent",
        )
    },
    "complaints.ComplaintEvent": {
        f: "the Code timeline; personal text is in PersonalText"
        for f in ("kind", "actor_label", "data", "reason", "provision", "chain_hash")
    },
    "complaints.PersonalText": {
        "value": "erased by erase_texts",
        "key": "erased by erase_texts",
        "erased_by": "staff",
    },
    "complaints.PendingStep": {"step": "structure", "label": "structure", "state": "structure"},
    "complaints.Correspondence": {"direction": "structure", "party": "structure", "channel": "structure"},
    "complaints.Attachment": {"content_type": "kind of file", "sha256": "a digest, kept with the record"},
    "complaints.Stage": {
        f: "projected from the events again after erasure"
        for f in (
            "handler_ref",
            "outcome",
            "complaint_definition",
            "outcomes_sought",
            "responsible_for",
            "not_responsible_for",
            "response",
        )
    },
    "complaints.Extension": {f: "projected from the events again" for f in ("reason", "good_reason")},
    "complaints.Remedy": {
        f: "projected from the events again"
        for f in ("kind", "description", "evidence", "withdrawn_ground", "withdrawn_reason")
    },
    "complaints.OutstandingAction": {
        f: "projected from the events again" for f in ("description", "owner", "note")
    },
    "complaints.ExclusionApplied": {
        f: "projected from the events again"
        for f in ("ground", "explanation", "considered_on_merits", "provision")
    },
    "complaints.LearningPoint": {
        "description": "the landlord's learning for service improvement (2024 9.1), not the resident's data",
        "status": "structure",
    },
    "workspace.Amendment": {"kind": "structure", "actor_label": "staff"},
    "workspace.Vulnerability": {"source": "structure"},
    "workspace.OutboxEmail": {"message_id": "a generated id", "status": "structure"},
    "workspace.ReminderSent": {"kind": "structure", "provision": "structure", "recipients": "staff"},
    "letters.LetterDraft": {"kind": "structure", "edition": "structure"},
    "letters.ElementConfirmation": {"element": "structure"},
    "letters.IssuedLetter": {
        **{f: "what was issued, kept" for f in ("kind", "edition", "preferred_format")},
        **{
            f: "the hashes taken at issue"
            for f in ("html_sha256", "text_sha256", "pdf_sha256", "docx_sha256")
        },
    },
    "letters.LetterDelivery": {
        f: "structure" for f in ("channel", "provider", "status", "provider_reference")
    },
    "letters.LetterPosting": {"how": "structure: posted or handed over"},
    "intake.InboundEmail": {
        f: "ids and digests for finding duplicates"
        for f in ("message_id", "raw_sha256", "content_hash", "source", "outcome")
    },
    "intake.SentEmail": {"message_id": "a generated id", "kind": "structure"},
    "intake.DissatisfactionFlag": {"source": "structure", "label": "structure", "review": "structure"},
    "governance.ComplaintFact": {f: "figures" for f in ("s1_outcome", "s2_outcome", "declined_ground")},
    "governance.OmbudsmanCase": {"reference": "the Ombudsman's reference", "progress": "structure"},
    "governance.OmbudsmanCaseProgress": {"progress": "structure"},
    "governance.OmbudsmanFinding": {"element": "structure", "finding": "structure"},
    "governance.OmbudsmanOrder": {
        "kind": "structure",
        "description": "what the Ombudsman ordered the landlord to do (its regulatory record)",
    },
    "ombudsman.ComplaintFileProduced": {
        **{f: "digests" for f in ("pdf_sha256", "zip_sha256")},
        "complaints_named": "complaint references, which name no one (who may read the file)",
    },
    "ombudsman.FailureFound": {
        f: "the landlord's failings found, a regulatory record" for f in ("kind", "description")
    },
    "ombudsman.OmbudsmanReminderSent": {"kind": "structure", "sent_to": "staff"},
    "ombudsman.RemedyDecision": {
        f: "how a remedy was calculated, figures"
        for f in ("decision", "rule", "source", "workings", "provisions", "departure_reason")
    },
    "portal.AccessCode": {"code_hash": "a digest", "link_hash": "a digest"},
    "access.AccessRecord": {f: "who on the staff viewed what" for f in ("what", "how", "path", "door")},
    "api.IdempotencyKey": {"key": "a client's key", "request_hash": "a digest"},
    "records.LegalHold": {
        f: "the hold's own record" for f in ("reason", "placed_by", "lifted_by", "lift_reason")
    },
    "records.ContactDecision": {
        "decision": "same or different person: structure",
        "moved": "the complaint references a match moved",
    },
    "imports.ImportedRow": {"key": "the previous system's reference, so a re-run creates nothing twice"},
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: the files uploaded in the workspace's import and checked, not yet imported, kept with their
#: ``ImportRun`` for its "import" button: they point at no resident, so which of them hold this
#: resident's words cannot be told; every one is emptied (the report stays; it is uploaded again)
UPLOADS = "files uploaded for an import and not yet imported (which hold the resident cannot be told)"


def _kept_uploads() -> models.QuerySet[Any]:
    from putright.imports.models import ImportRun

    return ImportRun.objects.exclude(source_content=b"")


#: JSON keys whose values are structure: kinds, and the choices a held step (``PendingStep.fields``)
#: is decided with (a response's outcome, an exclusion's ground, how new issues were handled), so
#: the step can still be sent to the resident after the erasure
STRUCTURE_KEYS = frozenset(
    {"kind", "field", "label", "step", "stage", "state", "outcome", "ground", "handled"}
)


class ErasureError(ValueError):
    pass


def _json(value: Any, key: str | None = None) -> Any:
    """Every string in ``value`` erased except structure (keys in PLAIN_KEYS, dates, kinds)."""
    if isinstance(value, dict):
        return {k: _json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v, key) for v in value]
    if isinstance(value, str) and value:
        if key in PLAIN_KEYS or key in STRUCTURE_KEYS:
            return value
        if _ISO_DATE.fullmatch(value):
            return value
        return ERASED
    return value


def _complaints(resident: Resident) -> list[Complaint]:
    return list(Complaint.objects.filter(resident=resident).order_by("pk"))


def holds_on(resident: Resident, complaints: list[Complaint] | None = None) -> list[str]:
    """Why ``resident`` (or those ``complaints`` of theirs) cannot be erased: each legal hold in
    force on them or their complaints."""
    found = []
    for hold in LegalHold.objects.filter(lifted_at__isnull=True, resident=resident):
        found.append(f"a legal hold on the resident, placed {hold.placed_at:%-d %B %Y} by {hold.placed_by}")
    held = held_complaints().filter(resident=resident)
    if complaints is not None:
        held = held.filter(pk__in=[c.pk for c in complaints])
    found.extend(
        f"a legal hold on complaint {reference}" for reference in held.values_list("reference", flat=True)
    )
    return found


@dataclass(frozen=True)
class Plan:
    """What an erasure of one resident will erase (kinds and counts) and keep."""

    resident_id: int
    complaints: list[str]
    erased: dict[str, int]
    holds: list[str]
    open_complaints: list[str]

    KEPT = (
        "complaint references, dates, states, stages and channels",
        "categories, deadlines, extensions' dates and handlers",
        "outcomes, remedies' kinds and amounts, and when they were completed",
        "the Code timeline (every step, who took it, when, under which provision) and its hash chain",
        "issued letters' kinds, dates and hashes",
        "every figure: TSM, the annual report, the dashboard and the self-assessment's evidence",
    )


def _rows(resident: Resident, complaints: list[Complaint] | None = None) -> dict[str, list[models.Model]]:
    from putright.records.export import collect

    return collect(resident, complaints=complaints)


def plan(resident: Resident, complaints: list[Complaint] | None = None) -> Plan:
    """What erasing ``resident`` (or only ``complaints`` of theirs) would erase."""
    collected = _rows(resident, complaints)
    erased: Counter[str] = Counter()
    for label, rows in collected.items():
        if label in ERASE and rows:
            erased[ERASE[label][0]] += len(rows)
    uploads = _kept_uploads().count()
    if uploads:
        erased[UPLOADS] = uploads
    chosen = _complaints(resident) if complaints is None else complaints
    return Plan(
        resident_id=resident.pk,
        complaints=[c.reference for c in chosen],
        erased=dict(erased),
        holds=holds_on(resident, complaints),
        open_complaints=[c.reference for c in chosen if c.is_open],
    )


def _erase_row(row: models.Model, fields: dict[str, str], files: list[tuple[Any, str]]) -> None:
    changes: dict[str, Any] = {}
    for name, how in fields.items():
        value = getattr(row, name if how != NULL else f"{name}_id", None)
        if how == FILE:
            if value and getattr(value, "name", ""):
                files.append((value.storage, value.name))
                changes[name] = ""
        elif how == JSON:
            changes[name] = _json(value)
        elif how == NULL:
            changes[name] = None
        elif how == BLANK:
            changes[name] = ""
        elif value:
            changes[name] = ERASED
    # only what differs: erasing again (a resident after some of their complaints) changes nothing
    changes = {name: new for name, new in changes.items() if new != fields_value(row, name, fields[name])}
    if changes:
        type(row)._base_manager.filter(pk=row.pk).update(**changes)


def fields_value(row: models.Model, name: str, how: str) -> Any:
    if how == NULL:
        return getattr(row, f"{name}_id")
    value = getattr(row, name)
    return value.name if how == FILE else value


def _erase_admin_log(collected: dict[str, list[models.Model]]) -> None:
    """The Django admin's log names what it changed (``object_repr``, e.g. the resident's name)."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    for label, rows in collected.items():
        if label not in ERASE or not rows:
            continue
        kind = ContentType.objects.get_for_model(type(rows[0]))
        ids = [str(row.pk) for row in rows]
        for start in range(0, len(ids), 900):
            LogEntry.objects.filter(content_type=kind, object_id__in=ids[start : start + 900]).update(
                object_repr=ERASED, change_message=""
            )


def _erase_queued_codes(emails: set[str], references: set[str]) -> None:
    """A request for a tracking code is queued with the reference and the email address typed
    (``portal.tasks.send_track_code``), and the queue keeps its tasks: those naming the resident's
    address or one of the erased complaints go (but one a worker is running now)."""
    from django_tasks_db.models import DBTaskResult

    from putright.portal.tasks import send_track_code

    found = []
    tasks = DBTaskResult.objects.filter(task_path=send_track_code.module_path).exclude(status="RUNNING")
    for pk, args_kwargs in tasks.values_list("pk", "args_kwargs"):
        args = (args_kwargs or {}).get("args") or []
        if len(args) >= 2 and (
            str(args[1]).strip().lower() in emails or str(args[0]).strip().upper() in references
        ):
            found.append(pk)
    DBTaskResult.objects.filter(pk__in=found).delete()


def erase_texts(complaints: Iterable[Complaint], *, by: str) -> int:
    """Erase the words in the complaints' history (``PersonalText``); the events stay as they are."""
    return PersonalText.objects.filter(complaint__in=list(complaints), erased_at__isnull=True).update(
        value="", key="", erased_at=timezone.now(), erased_by=by
    )


def _unreadable_histories(complaints: Iterable[Complaint]) -> dict[int, Complaint]:
    """The complaints whose history cannot be replayed into a projection: a step the core cannot read
    (``UnreadableRecord``) or a history it reads but cannot replay (one left by another system). An
    erasure is a legal duty the history's state must not block: their words are erased like any
    other's, and their projection's words are cleared field by field instead of rebuilt."""
    found: dict[int, Complaint] = {}
    for complaint in complaints:
        try:
            case = replay(
                event_from_data(d, reference=complaint.reference) for d in resolved_events_data(complaint)
            )
            projected(complaint.pk, case, set())
        except Exception as error:  # any reason it cannot be replayed: logged, and erased all the same
            log.error(
                "erasure: complaint %s: its history cannot be replayed (%s); its projection's words are "
                "cleared instead",
                complaint.reference,
                error.detail if isinstance(error, UnreadableRecord) else type(error).__name__,
            )
            found[complaint.pk] = complaint
    return found


def _erased_words(value: Any, key: str | None = None) -> Any:
    """``value`` (a projected text or a stage's stored response) with every non-empty text under a
    personal key (``PERSONAL_KEYS``, the keys whose words are kept apart to be erased) read as
    ``ERASED``, as the projection rebuilt from a history whose words are all erased reads."""
    if isinstance(value, dict):
        return {k: _erased_words(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_erased_words(v, key) for v in value]
    if isinstance(value, str) and value and key in PERSONAL_KEYS:
        return ERASED
    return value


def _erase_projected_words(complaint: Complaint) -> None:
    """Where the projection cannot be rebuilt from the history: every projected field named as one of
    the personal keys, and every personal text inside a stage's stored response, reads as ``ERASED``;
    structure (states, outcomes, kinds, grounds, provisions) is left as it was."""
    tables: list[tuple[type[models.Model], Iterable[models.Model]]] = [(Complaint, [complaint])]
    tables += [
        (model, model.objects.filter(complaint=complaint))
        for model in (Stage, Extension, Remedy, OutstandingAction, ExclusionApplied)
    ]
    for model, rows in tables:
        fields = [f for f in model._meta.concrete_fields if f.name in PERSONAL_KEYS or f.name == "response"]
        for row in rows:
            changed = {}
            for f in fields:
                before = getattr(row, f.attname)
                after = _erased_words(before, None if f.name == "response" else f.name)
                if after != before:
                    changed[f.attname] = after
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)  # type: ignore[attr-defined]


def erase_resident(resident: Resident, *, by: str, reason: str, subject: str = "") -> PurgeRecord:
    """Anonymise ``resident`` and every personal value linked to them (see the module). Refused with
    :class:`~putright.records.retention.HoldError` while a legal hold is in force."""
    return _erase(
        resident, None, by=by, reason=reason, subject=subject or f"erasure of resident {resident.pk}"
    )


def erase_complaints(
    resident: Resident, complaints: list[Complaint], *, by: str, reason: str, subject: str = ""
) -> PurgeRecord:
    """Anonymise the records of some of ``resident``'s complaints (their history's words,
    correspondence, files, letters...), keeping the resident's own details for their other
    complaints (the retention job, when not all of a resident's complaints are due)."""
    if any(c.resident_id != resident.pk for c in complaints):
        raise ErasureError("every complaint must be the resident's")
    refs = ", ".join(c.reference for c in complaints)
    return _erase(resident, complaints, by=by, reason=reason, subject=subject or f"erasure of {refs}")


def _erase(
    resident: Resident, complaints: list[Complaint] | None, *, by: str, reason: str, subject: str
) -> PurgeRecord:
    if not by.strip() or not reason.strip():
        raise ErasureError("an erasure needs who does it and why")
    from putright.records.purge import audited_purge

    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        holds = holds_on(resident, complaints)
        if holds:
            raise HoldError("This cannot be erased while a legal hold is in force: " + "; ".join(holds) + ".")
        what = plan(resident, complaints)
        chosen = _complaints(resident) if complaints is None else complaints
        collected = _rows(resident, complaints)
        letters = [row.pk for row in collected.get("letters.IssuedLetter", [])]
        detail = {
            "kind": "erasure",
            "resident": resident.pk,
            "whole_resident": complaints is None,
            "complaints": what.complaints,
            "erased": what.erased,
            "letters": letters,
        }
        files: list[tuple[Any, str]] = []
        unreadable = _unreadable_histories(chosen)
        if unreadable:  # said in the purge record, which is written before anything is erased
            detail["histories_not_replayed"] = sorted(c.reference for c in unreadable.values())
        with audited_purge(by=by, reason=reason, subject=subject, detail=detail, complaints=chosen) as record:
            erase_texts(chosen, by=by.strip())
            for label, rows in collected.items():
                if label not in ERASE:
                    continue
                for row in rows:
                    _erase_row(row, ERASE[label][1], files)
            _erase_admin_log(collected)
            emails = {resident.email.strip().lower()} - {""} if complaints is None else set()
            _erase_queued_codes(emails, {c.reference.upper() for c in chosen})
            _kept_uploads().update(source_content=b"")
            for complaint in Complaint.objects.filter(pk__in=[c.pk for c in chosen]):
                if complaint.pk in unreadable:
                    _erase_projected_words(complaint)
                    continue
                case = replay(
                    event_from_data(d, reference=complaint.reference) for d in resolved_events_data(complaint)
                )
                project(complaint, case, last_event_at=complaint.last_event_at)
            changed_without_event.send(sender=erase_resident, erased=True)  # stored figures name people

        def delete_files() -> None:
            for storage, name in files:
                # a file that cannot be deleted is left for ``putright sweep-files``: no record names it
                with contextlib.suppress(OSError):
                    storage.delete(name)

        transaction.on_commit(delete_files)
    return record


def erased_complaints() -> set[str]:
    """References of complaints whose records have been erased."""
    found: set[str] = set()
    for detail in PurgeRecord.objects.filter(detail__kind="erasure").values_list("detail", flat=True):
        found.update(detail.get("complaints", []))
    return found


def erased_letters() -> dict[int, str]:
    """Issued letters erased, with "erased on ... by ..." for each (from the erasure records)."""
    found: dict[int, str] = {}
    for at, by, detail in PurgeRecord.objects.filter(detail__kind="erasure").values_list(
        "at", "by", "detail"
    ):
        for pk in detail.get("letters", []):
            found[int(pk)] = f"erased on {timezone.localdate(at):%-d %B %Y} by {by}"
    return found


def erasures(*, since: date | None = None) -> list[PurgeRecord]:
    rows = PurgeRecord.objects.filter(detail__kind="erasure")
    if since is not None:
        rows = rows.filter(at__date__gte=since)
    return list(rows.order_by("-at"))
