"""The database's own guard on issued letters: triggers that refuse UPDATE and DELETE.

An issued letter is what the resident received; it is kept exactly as issued (2024 5.12, a full
record). The model and its manager refuse changes for code that goes through the ORM (the same
approach as the complaint history, :mod:`putright.complaints.history`); these triggers make the
database refuse whatever the client. DELETE is allowed only inside
:func:`putright.complaints.history.history_purge` (``manage.py flush`` and the erasure of whole
records at the end of the retention period), through the same SQLite function and PostgreSQL
session setting the history uses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from putright.complaints.history import append_only_trigger_sql

if TYPE_CHECKING:
    from putright.letters.models import IssuedLetter

LETTERS_TABLE = "letters_issuedletter"
REFUSAL = "issued letters are kept as issued (2024 5.12): they cannot be changed or deleted"


#: the one change the database lets through: erasing a letter's personal content (an erasure,
#: ``putright.records.erasure``), keeping the four hashes taken at issue and everything that says what
#: was issued, when and by whom
ERASE_WHEN = (
    "OLD.rendered_html <> '' AND NEW.rendered_html = '' AND NEW.rendered_text = '' AND NEW.source = ''"
    " AND NEW.pdf = '' AND NEW.docx = '' AND NEW.html_sha256 = OLD.html_sha256"
    " AND NEW.text_sha256 = OLD.text_sha256 AND NEW.pdf_sha256 = OLD.pdf_sha256"
    " AND NEW.docx_sha256 = OLD.docx_sha256 AND NEW.complaint_id = OLD.complaint_id"
    " AND NEW.kind = OLD.kind AND NEW.issued_at = OLD.issued_at AND NEW.id = OLD.id"
)


def trigger_sql(vendor: str, *, create: bool = True) -> list[str]:
    return append_only_trigger_sql(
        vendor,
        table=LETTERS_TABLE,
        prefix="issued_letter",
        pg_function="issued_letter_immutable",
        refusal=REFUSAL,
        create=create,
        erase_when=ERASE_WHEN,
    )


@dataclass(frozen=True)
class LetterBreak:
    letter_id: int
    reference: str
    problem: str

    def __str__(self) -> str:
        return f"{self.reference} letter {self.letter_id}: {self.problem}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify_letter(letter: IssuedLetter) -> list[LetterBreak]:
    """Recompute the four hashes taken when ``letter`` was issued: its HTML and text as stored in the
    database and its PDF and DOCX as stored in the media folder."""
    reference = letter.complaint.reference
    problems = []
    if _digest(letter.rendered_html.encode("utf-8")) != letter.html_sha256:
        problems.append("the stored HTML does not match the hash taken when it was issued")
    if _digest(letter.rendered_text.encode("utf-8")) != letter.text_sha256:
        problems.append("the stored text does not match the hash taken when it was issued")
    for which, field, expected in (
        ("PDF", letter.pdf, letter.pdf_sha256),
        ("DOCX", letter.docx, letter.docx_sha256),
    ):
        try:
            with field.open("rb") as handle:
                data = handle.read()
        except (OSError, ValueError):
            problems.append(f"the {which} file {field.name or '(none)'} is missing")
            continue
        if _digest(data) != expected:
            problems.append(f"the stored {which} does not match the hash taken when it was issued")
    return [LetterBreak(letter.pk, reference, problem) for problem in problems]


def verify_issued_letters() -> tuple[int, list[LetterBreak], list[LetterBreak]]:
    """Every issued letter checked; returns how many were checked, what did not verify and which were
    erased (an erasure recorded for the letter: its content gone, its hashes kept; not a break)."""
    from putright.letters.models import IssuedLetter
    from putright.records.erasure import erased_letters

    checked, breaks, erasures = 0, [], []
    erased = erased_letters()
    for letter in IssuedLetter.objects.select_related("complaint").order_by("pk").iterator(chunk_size=200):
        checked += 1
        # erased only when everything is gone: content written back since is checked like any letter
        content = (
            letter.rendered_html,
            letter.rendered_text,
            letter.source,
            letter.pdf.name,
            letter.docx.name,
        )
        if not any(content):
            if letter.pk in erased:
                erasures.append(LetterBreak(letter.pk, letter.complaint.reference, erased[letter.pk]))
            else:
                breaks.append(
                    LetterBreak(
                        letter.pk,
                        letter.complaint.reference,
                        "its content was removed with no erasure recorded",
                    )
                )
            continue
        breaks.extend(verify_letter(letter))
    return checked, breaks, erasures
