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

from putright.complaints.history import append_only_trigger_sql

LETTERS_TABLE = "letters_issuedletter"
REFUSAL = "issued letters are kept as issued (2024 5.12): they cannot be changed or deleted"


def trigger_sql(vendor: str, *, create: bool = True) -> list[str]:
    return append_only_trigger_sql(
        vendor,
        table=LETTERS_TABLE,
        prefix="issued_letter",
        pg_function="issued_letter_immutable",
        refusal=REFUSAL,
        create=create,
    )
