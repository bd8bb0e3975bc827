"""Which of a complaint's side records exist, asked in one query before the case page reads them.

Most complaints have no Ombudsman findings, staff notes, emails read by intake, letters, notes or
amendments, yet the case page asked each table in its own query, and each query costs the web
worker about a millisecond of the ORM's time to build even when the answer is empty (issue 17: the
case page read in 23 queries). One ``EXISTS`` per table, joined by ``UNION ALL`` in one raw
statement, says which to read; the others are skipped. A "present" answer only leads to the usual
query, so the page never shows less than the tables hold; the probe's own SQL is built once.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.db import connection

from putright.complaints.models import Complaint

#: name -> (model, the columns that point at the complaint, the columns that point at its resident)
PROBES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "correspondence": ("complaints.Correspondence", ("complaint",), ()),
    "attachments": ("complaints.Attachment", ("complaint",), ()),
    # changes to this complaint, and to its resident made on any of their complaints
    "amendments": ("workspace.Amendment", ("complaint",), ("resident",)),
    "notes": ("workspace.InternalNote", ("complaint",), ()),
    "outbox": ("workspace.OutboxEmail", ("complaint",), ()),
    "failures": ("ombudsman.FailureFound", ("complaint",), ()),
    "decisions": ("ombudsman.RemedyDecision", ("complaint",), ()),
    "staff_notes": ("ombudsman.StaffNote", ("complaint",), ()),
    "complaint_files": ("ombudsman.ComplaintFileProduced", ("complaint",), ()),
    "letters": ("letters.IssuedLetter", ("complaint",), ()),
    # response dates given by acknowledgements sent another way (read from their kept texts)
    "dates_in_texts_sent": ("letters.ResponseDateInTextSent", ("complaint",), ()),
    "drafts": ("letters.LetterDraft", ("complaint",), ()),
    "emails": ("intake.InboundEmail", ("complaint", "possibly_about"), ()),
    # the resident's: reasonable adjustments, contact restrictions and vulnerabilities (2024 5.10, 5.14)
    "adjustments": ("complaints.ReasonableAdjustment", (), ("resident",)),
    "restrictions": ("complaints.ContactRestriction", (), ("resident",)),
    "vulnerabilities": ("workspace.Vulnerability", (), ("resident",)),
}


@cache
def _statement() -> tuple[str, tuple[str, ...]]:
    """The probe's SQL and, in order, whether each placeholder takes the complaint's id ("c") or
    its resident's ("r")."""
    quote = connection.ops.quote_name
    parts: list[str] = []
    order: list[str] = []
    for name, (label, by_complaint, by_resident) in PROBES.items():
        model = apps.get_model(label)
        tests = [f"{quote(model._meta.get_field(f).column)} = %s" for f in (*by_complaint, *by_resident)]
        order += ["c"] * len(by_complaint) + ["r"] * len(by_resident)
        # identifiers from the models' metadata, quoted; the only values are the ids, as parameters
        parts.append(
            f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} WHERE {' OR '.join(tests)})"  # noqa: S608
        )
    return " UNION ALL ".join(parts), tuple(order)


def present(complaint: Complaint) -> frozenset[str]:
    """The names in ``PROBES`` whose tables hold a row for ``complaint`` (one query), also kept on
    the complaint as ``complaint.present`` for the case page's panels (see ``known_absent``)."""
    sql, order = _statement()
    params = [complaint.pk if which == "c" else complaint.resident_id for which in order]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = frozenset(row[0] for row in cursor.fetchall())
    complaint.present = found  # type: ignore[attr-defined]
    return found


def known_absent(complaint: Any, name: str) -> bool:
    """True only when ``present`` was asked for this complaint and found no ``name`` rows: a panel
    shown for a complaint that was not probed reads its table as before."""
    if name not in PROBES:
        raise KeyError(name)
    found = getattr(complaint, "present", None)
    return found is not None and name not in found
