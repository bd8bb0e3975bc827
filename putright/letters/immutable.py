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

from putright.complaints.history import PURGE_FUNCTION, PURGE_SETTING

LETTERS_TABLE = "letters_issuedletter"
REFUSAL = "issued letters are kept as issued (2024 5.12): they cannot be changed or deleted"

SQLITE_CREATE = [
    f"""CREATE TRIGGER issued_letter_no_update BEFORE UPDATE ON {LETTERS_TABLE}
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER issued_letter_no_delete BEFORE DELETE ON {LETTERS_TABLE}
        WHEN NOT {PURGE_FUNCTION}()
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS issued_letter_no_update",
    "DROP TRIGGER IF EXISTS issued_letter_no_delete",
]
POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION issued_letter_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation', DETAIL = TG_OP;
        END;
        $$""",
    f"""CREATE TRIGGER issued_letter_no_change BEFORE UPDATE OR DELETE ON {LETTERS_TABLE}
        FOR EACH ROW EXECUTE FUNCTION issued_letter_immutable()""",
    f"""CREATE TRIGGER issued_letter_no_truncate BEFORE TRUNCATE ON {LETTERS_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION issued_letter_immutable()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS issued_letter_no_truncate ON {LETTERS_TABLE}",
    f"DROP TRIGGER IF EXISTS issued_letter_no_change ON {LETTERS_TABLE}",
    "DROP FUNCTION IF EXISTS issued_letter_immutable()",
]


def trigger_sql(vendor: str, *, create: bool = True) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    raise NotImplementedError(f"issued-letter triggers are written for SQLite and PostgreSQL, not {vendor}")
