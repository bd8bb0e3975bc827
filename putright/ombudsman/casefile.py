"""The complaint file the Ombudsman asks for when it investigates, in one go.

* one tagged PDF (WeasyPrint, PDF/UA-1) with a contents page and page numbers: the cover sheet,
  the chronology from the event history with the provision applied at each step (and any step
  recorded late), the complaint definitions, extensions and reasons, remedies and their completion
  (with the calculator's proposals and any departure), every letter exactly as issued with its
  hashes, every email, message and note of a call in and out, the attachments, the Ombudsman's
  own process, the policies in force on the day of each step, and staff-only notes when asked for;
* a ZIP of the originals (issued letters' PDF and DOCX, attachments, evidence of compliance,
  policy documents) with the PDF itself and a manifest of SHA-256 hashes (``manifest.json`` and
  ``SHA256SUMS``, which ``sha256sum -c`` reads), so the Ombudsman can check nothing was altered.

Producing the file is recorded (``ComplaintFileProduced``); the complaint's history is not
touched, as producing it is not a step under the Code. The record keeps the other complaints the file
names (linked by new issues, 2024 6.8, named only where its producer may open them), and the stored
file is served only to a reader who may open them all (:func:`readable_by`).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from putright.access.policy import complaints_opened
from putright.accounts.models import User
from putright.code.calendar import WorkingCalendar
from putright.code.compensation import NoGuidance, guidance_on, pounds
from putright.code.lifecycle import LATE_AFTER_WORKING_DAYS
from putright.code.provisions import edition as code_edition
from putright.complaints.models import Complaint
from putright.complaints.rules import landlord_rules
from putright.complaints.selectors import (
    COMPLAINT_NOT_NAMED_IN_THE_FILE,
    TimelineEntry,
    complaint_detail,
    opens_none,
)
from putright.letters.models import IssuedLetter
from putright.letters.services import letterhead
from putright.ombudsman.models import ComplaintFileProduced, PolicyVersion, RemedyDecision, StaffNote
from putright.ombudsman.services import policy_versions_on, template_versions_at
from putright.records.stored_files import files_kept_with_their_rows

CALL_CHANNELS = frozenset({"telephone", "in_person"})
COMPRESSED = (
    ".pdf",
    ".docx",
    ".xlsx",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".zip",
    ".mp4",
    ".mov",
    ".heic",
)


@dataclass
class Original:
    """One file in the ZIP: where it is, what it is, and the hash taken when it was first kept."""

    path: str
    data: bytes
    what: str
    recorded_sha256: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def matches_record(self) -> bool | None:
        return None if not self.recorded_sha256 else self.recorded_sha256 == self.sha256


@dataclass
class ComplaintFile:
    reference: str
    pdf: bytes
    pages: int
    zip: bytes
    manifest: list[dict[str, Any]]
    letters: int
    originals: int
    sections: list[str] = field(default_factory=list)
    #: the other complaints it names by reference (linked by new issues, where its producer may open them)
    complaints_named: list[str] = field(default_factory=list)


def _safe(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip("-.")
    return keep or "file"


def _css_string(text: str) -> str:
    """``text`` safe inside a double-quoted CSS string in a <style> element."""
    return "".join(c for c in text if c not in "<>&\n\r").replace("\\", "\\\\").replace('"', '\\"')


def _recorded_late(calendar: WorkingCalendar, entry: TimelineEntry) -> str:
    """ "Recorded late" when a step was recorded more than 2 working days after the day it records;
    "Imported" for history brought in from the previous system (``putright.imports``)."""
    if entry.kind != "event" or entry.event is None:
        return ""
    recorded = timezone.localdate(entry.event.recorded_at)
    if entry.imported_from:  # history from the previous system, brought in on the day of the import
        return (
            f"Imported on {recorded:%-d %B %Y} from {entry.imported_from}: the previous system's record, "
            "not a step recorded in PutRight"
        )
    if recorded <= entry.on:
        return ""
    if recorded > calendar.add_working_days(entry.on, LATE_AFTER_WORKING_DAYS):
        why = f": {entry.late_reason}" if entry.late_reason else ""
        return f"Recorded late: recorded on {recorded:%-d %B %Y} for {entry.on:%-d %B %Y}{why}"
    return ""


def _guidance_label(day: date) -> str:
    try:
        return guidance_on(day).source
    except NoGuidance:
        return "No edition of the Ombudsman's Compensation Guidance held was in force"


def _read(field_file: Any) -> bytes | None:
    try:
        with field_file.open("rb") as handle:
            data: bytes = handle.read()
    except (OSError, ValueError):
        return None
    return data


def _context(
    complaint: Complaint, *, include_staff_notes: bool, produced_by: User | None
) -> tuple[dict[str, Any], list[Original]]:
    from putright.governance.models import OmbudsmanCase

    # a complaint linked by new issues (2024 6.8) is named only where the person producing the file
    # may open it, as on the case page and in the API; otherwise the file, read by the Ombudsman and
    # not by its producer, says it is not named because the person who produced it may not open it
    detail = complaint_detail(
        reference=complaint.reference,
        opens=complaints_opened(produced_by) if produced_by is not None else opens_none,
        unseen=COMPLAINT_NOT_NAMED_IN_THE_FILE,
    )
    calendar = landlord_rules().calendar
    complaint = detail.complaint
    originals: list[Original] = []
    versions = list(PolicyVersion.objects.all())

    letters = list(
        IssuedLetter.objects.filter(complaint=complaint)
        .select_related("issued_by", "correspondence")
        .order_by("issued_at", "id")
    )
    letter_by_correspondence = {x.correspondence_id: x for x in letters if x.correspondence_id}
    letter_rows = []
    for n, letter in enumerate(letters, start=1):
        base = f"letters/{n:02d}-{_safe(letter.kind)}"
        for which, recorded in (("pdf", letter.pdf_sha256), ("docx", letter.docx_sha256)):
            data = _read(getattr(letter, which))
            if data is not None:
                originals.append(
                    Original(f"{base}.{which}", data, f"{letter.title} ({which.upper()}) as issued", recorded)
                )
        templates = template_versions_at(letter.issued_at, [letter.kind])
        letter_rows.append(
            {"n": n, "letter": letter, "template": templates.get(letter.kind), "zip_base": base}
        )

    policy_keys: dict[tuple[str, ...], int] = {}
    policy_sets: list[dict[str, Any]] = []

    def policy_ref(day: date) -> int:
        in_force = policy_versions_on(day, versions)
        key = (
            code_edition(complaint.edition).title,
            _guidance_label(day),
            *(str(v.pk) for v in in_force),
        )
        if key not in policy_keys:
            policy_keys[key] = len(policy_sets) + 1
            policy_sets.append(
                {
                    "n": policy_keys[key],
                    "from": day,
                    "code": f"{code_edition(complaint.edition).title} ({complaint.edition} edition)",
                    "guidance": key[1],
                    "policies": in_force,
                }
            )
        return policy_keys[key]

    chronology = []
    for entry in detail.timeline:
        issued = letter_by_correspondence.get(entry.correspondence.pk) if entry.correspondence else None
        chronology.append(
            {
                "entry": entry,
                "late": _recorded_late(calendar, entry),
                "policies": policy_ref(entry.on),
                "letter": issued,
            }
        )

    messages = [
        c
        for c in detail.correspondence
        if c.pk not in letter_by_correspondence and c.channel not in CALL_CHANNELS
    ]
    calls = [
        c
        for c in detail.correspondence
        if c.channel in CALL_CHANNELS and c.pk not in letter_by_correspondence
    ]

    attachment_rows = []
    for n, attachment in enumerate(detail.attachments, start=1):
        data = _read(attachment.file)
        path = f"attachments/{n:02d}-{_safe(attachment.original_filename)}"
        if data is not None:
            originals.append(
                Original(
                    path, data, attachment.description or attachment.original_filename, attachment.sha256
                )
            )
        attachment_rows.append(
            {
                "n": n,
                "a": attachment,
                "path": path if data is not None else "",
                "matches": (hashlib.sha256(data).hexdigest() == attachment.sha256)
                if data is not None
                else None,
            }
        )

    ombudsman_cases = list(
        OmbudsmanCase.objects.filter(complaint=complaint).prefetch_related("findings", "orders")
    )
    for case in ombudsman_cases:
        for order in case.orders.all():
            if order.evidence_file:
                data = _read(order.evidence_file)
                if data is not None:
                    originals.append(
                        Original(
                            f"ombudsman/order-{order.pk}-{_safe((order.evidence_file.name or '').rsplit('/', 1)[-1])}",
                            data,
                            f"Evidence of compliance: {order.description[:80]}",
                        )
                    )

    used_policy_ids = {v.pk for s in policy_sets for v in s["policies"]}
    for version in versions:
        if version.pk in used_policy_ids and version.document:
            data = _read(version.document)
            if data is not None:
                originals.append(
                    Original(
                        f"policies/{version.kind}-{version.effective_from:%Y-%m-%d}-{_safe((version.document.name or '').rsplit('/', 1)[-1])}",
                        data,
                        str(version),
                        version.document_sha256,
                    )
                )

    decisions = list(
        RemedyDecision.objects.filter(complaint=complaint).select_related("failure", "decided_by")
    )
    stages = sorted(detail.stages, key=lambda s: s.number)
    head = letterhead()
    now = timezone.now()
    context = {
        "complaint": complaint,
        "case": detail.case,
        "landlord": head,
        "resident": complaint.resident,
        "representative": complaint.representative,
        "stages": stages,
        "edition_title": code_edition(complaint.edition).title,
        "chronology": chronology,
        "extensions": detail.extensions,
        "remedies": detail.remedies,
        "decisions": decisions,
        "outstanding_actions": detail.outstanding_actions,
        "exclusions": detail.exclusions,
        "letters": letter_rows,
        "messages": messages,
        "calls": calls,
        "attachments": attachment_rows,
        "ombudsman_cases": ombudsman_cases,
        "policy_sets": policy_sets,
        "staff_notes": list(StaffNote.objects.filter(complaint=complaint).select_related("written_by"))
        if include_staff_notes
        else None,
        "include_staff_notes": include_staff_notes,
        "produced_at": now,
        "produced_by": produced_by,
        "pounds": pounds,
        "footer_label": _css_string(f"{complaint.reference} · complaint file for the Ombudsman"),
        # every complaint the file names (linked by new issues, or the earlier one a refusal names)
        "complaints_named": sorted(set().union(*(e.complaints_named for e in detail.timeline))),
    }
    return context, originals


def _pdf(html: str) -> tuple[bytes, int]:
    import weasyprint  # slow to import; only the renderer needs it

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html).render(pdf_variant="pdf/ua-1")
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1")), len(document.pages)


def _zip(
    reference: str, pdf_name: str, pdf: bytes, originals: list[Original]
) -> tuple[bytes, list[dict[str, Any]]]:
    files = [Original(pdf_name, pdf, "The complaint file (PDF/UA-1)"), *originals]
    manifest = [
        {
            "path": f.path,
            "sha256": f.sha256,
            "bytes": len(f.data),
            "what": f.what,
            "sha256_when_kept": f.recorded_sha256 or None,
            "unchanged_since_kept": f.matches_record,
        }
        for f in files
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            # already compressed formats are stored as they are: deflating them costs time for nothing
            stored_as = zipfile.ZIP_STORED if f.path.lower().endswith(COMPRESSED) else zipfile.ZIP_DEFLATED
            archive.writestr(f.path, f.data, compress_type=stored_as)
        archive.writestr(
            "manifest.json",
            json.dumps(
                {"complaint": reference, "algorithm": "SHA-256", "files": manifest},
                indent=2,
                ensure_ascii=False,
            ),
        )
        archive.writestr("SHA256SUMS", "".join(f"{f.sha256}  {f.path}\n" for f in files))
    return buffer.getvalue(), manifest


def build_complaint_file(
    complaint: Complaint, *, include_staff_notes: bool = False, produced_by: User | None = None
) -> ComplaintFile:
    """The PDF and the ZIP for ``complaint``, without recording anything."""
    context, originals = _context(complaint, include_staff_notes=include_staff_notes, produced_by=produced_by)
    html = render_to_string("ombudsman/complaint_file.html", context)
    pdf, pages = _pdf(html)
    pdf_name = f"complaint-file-{_safe(complaint.reference)}.pdf"
    archive, manifest = _zip(complaint.reference, pdf_name, pdf, originals)
    return ComplaintFile(
        reference=complaint.reference,
        pdf=pdf,
        pages=pages,
        zip=archive,
        manifest=manifest,
        letters=len(context["letters"]),
        originals=len(originals),
        complaints_named=context["complaints_named"],
    )


def produce_complaint_file(
    *, complaint: Complaint, actor: User | None, include_staff_notes: bool = False
) -> ComplaintFileProduced:
    """Build the complaint file and record that it was produced, by whom, with its hashes."""
    built = build_complaint_file(complaint, include_staff_notes=include_staff_notes, produced_by=actor)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = f"complaint-file-{_safe(complaint.reference)}-{stamp}"
    with files_kept_with_their_rows() as store:
        record = ComplaintFileProduced(
            complaint=complaint,
            produced_by=actor,
            staff_notes_included=include_staff_notes,
            complaints_named=built.complaints_named,
            pdf_sha256=hashlib.sha256(built.pdf).hexdigest(),
            zip_sha256=hashlib.sha256(built.zip).hexdigest(),
            pages=built.pages,
            letters=built.letters,
            originals=built.originals,
        )
        store(record.pdf, f"{name}.pdf", ContentFile(built.pdf))
        store(record.zip, f"{name}.zip", ContentFile(built.zip))
        record.save()
    return record


#: why a stored complaint file is not served to a reader (:func:`readable_by`)
NAMES_A_COMPLAINT_YOU_MAY_NOT_OPEN = (
    "This file names a complaint you may not open; produce the file yourself to get one you may read"
)


def readable_by(record: ComplaintFileProduced, user: User) -> bool:
    """Whether ``user`` may read the stored file ``record``: only if they may open every other complaint
    it names (a file produced by someone who may open a complaint linked by new issues names it, 2024
    6.8; a reader who may not open it is not given its reference here either, as at every other door).
    Staff-only notes need nothing more: whoever may see the complaint reads them on its case page."""
    named = set(record.complaints_named or ())
    return not named or complaints_opened(user)(named) == named


def stored(record: ComplaintFileProduced, which: str) -> bytes:
    """The stored PDF or ZIP, checked against the hash taken when it was produced."""
    field_file = {"pdf": record.pdf, "zip": record.zip}[which]
    expected = {"pdf": record.pdf_sha256, "zip": record.zip_sha256}[which]
    data = _read(field_file)
    if data is None or hashlib.sha256(data).hexdigest() != expected:
        raise OSError(f"the stored {which.upper()} of this complaint file does not match its hash")
    return data
