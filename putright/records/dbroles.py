"""PostgreSQL roles: the tables belong to an *owner* role that runs migrations; PutRight itself
connects as an *app* role that does not own them, so it cannot drop or disable the append-only
triggers, alter tables, or delete history, issued letters or purge records.

``putright db roles`` (run once with ``DATABASE_URL`` pointing at a superuser or the database's
owner) creates both roles, hands the database, its ``public`` schema and everything in it to the
owner, and grants the app role only what it needs:

* SELECT, INSERT, UPDATE, DELETE on the tables, USAGE on their sequences (and the same by default on
  tables the owner creates later);
* on ``complaints_complaintevent``, ``letters_issuedletter`` and ``records_purgerecord`` only SELECT
  and INSERT: no UPDATE, DELETE or TRUNCATE, whatever session setting it sets;
* on ``complaints_personaltext`` no DELETE or TRUNCATE (its trigger lets an UPDATE only erase);
* on ``letters_issuedletter`` UPDATE of only the columns an erasure empties (its trigger lets
  through only that change, keeping the hashes taken at issue);
* on ``django_migrations`` only SELECT.

After every ``migrate`` (run as the owner), :func:`regrant_after_migrate` applies the grants again
for the role named in ``PUTRIGHT_DB_APP_ROLE``, so a new table never gives the app more than this.
Purges go through :func:`putright.records.purge.audited_purge` on the owner's connection.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

#: Tables the app role may read and add to, never change or empty.
APPEND_ONLY_TABLES = ("complaints_complaintevent", "letters_issuedletter", "records_purgerecord")
READ_ONLY_TABLES = ("django_migrations",)
#: Tables the app role may read, add to and erase in (the erasure of a resident from the workspace),
#: never delete from: the database's triggers let through only an erasure-shaped UPDATE
#: (``putright.complaints.personal.trigger_sql``, ``putright.letters.immutable.ERASE_WHEN``).
ERASE_ONLY_TABLES = ("complaints_personaltext",)
#: the columns of append-only tables an erasure empties (the hashes and what/when/who are not here)
ERASABLE_COLUMNS = {
    "letters_issuedletter": (
        "title",
        "addressee",
        "source",
        "rendered_html",
        "rendered_text",
        "pdf",
        "docx",
        "check_result",
    ),
}


class RoleSetupError(Exception):
    pass


def _q(connection: BaseDatabaseWrapper, name: str) -> str:
    return str(connection.ops.quote_name(name))


def grant_statements(
    connection: BaseDatabaseWrapper, app_role: str, *, owner: str | None = None
) -> list[str]:
    """The grants (and revokes) for ``app_role``, run as the owner (or for ``owner`` by a superuser)."""
    app = _q(connection, app_role)
    tables = set(connection.introspection.table_names())
    for_owner = f"FOR ROLE {_q(connection, owner)} " if owner else ""
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"REVOKE CREATE ON SCHEMA public FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        f"ALTER DEFAULT PRIVILEGES {for_owner}IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES {for_owner}IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    for table in APPEND_ONLY_TABLES:
        if table in tables:
            statements.append(
                f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {_q(connection, table)} FROM {app}"
            )
    for table in ERASE_ONLY_TABLES:
        if table in tables:
            statements.append(
                f"REVOKE DELETE, TRUNCATE, TRIGGER, REFERENCES ON {_q(connection, table)} FROM {app}"
            )
    for table, columns in ERASABLE_COLUMNS.items():
        if table in tables:
            listed = ", ".join(_q(connection, c) for c in columns)
            statements.append(f"GRANT UPDATE ({listed}) ON {_q(connection, table)} TO {app}")
    for table in READ_ONLY_TABLES:
        if table in tables:
            statements.append(
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {_q(connection, table)} FROM {app}"
            )
    return statements


def _ensure_role(connection: BaseDatabaseWrapper, role: str, password: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        exists = cursor.fetchone() is not None
        verb = "ALTER" if exists else "CREATE"
        cursor.execute(
            f"{verb} ROLE {_q(connection, role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %s",
            [password],
        )
    return not exists


def set_up_roles(
    *, owner: str, owner_password: str, app: str, app_password: str, using: str = DEFAULT_DB_ALIAS
) -> list[str]:
    """Create or update the two roles and hand everything to the owner; returns what was done."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise RoleSetupError(
            "database roles are for PostgreSQL; SQLite has no roles (protect the file instead)"
        )
    if owner == app:
        raise RoleSetupError("the owner and the app role must be different roles")
    done = []
    database = connection.settings_dict["NAME"]
    for role, password in ((owner, owner_password), (app, app_password)):
        done.append(("created" if _ensure_role(connection, role, password) else "updated") + f" role {role}")
    o, a, db = _q(connection, owner), _q(connection, app), _q(connection, database)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {db} OWNER TO {o}")
        cursor.execute(f"ALTER SCHEMA public OWNER TO {o}")
        cursor.execute(f"REVOKE ALL ON DATABASE {db} FROM PUBLIC")
        cursor.execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {a}")
        # Tables first (their identity and serial sequences move with them), then any other sequence.
        for kinds in (("r", "p", "v", "m"), ("S",)):
            cursor.execute(
                """SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind = ANY(%s)
                   AND pg_get_userbyid(c.relowner) <> %s""",
                [list(kinds), owner],
            )
            for name, kind in cursor.fetchall():
                keyword = {"S": "SEQUENCE", "v": "VIEW", "m": "MATERIALIZED VIEW"}.get(kind, "TABLE")
                cursor.execute(f"ALTER {keyword} {_q(connection, name)} OWNER TO {o}")
        cursor.execute(
            """SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s""",
            [owner],
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(f"ALTER FUNCTION {signature} OWNER TO {o}")
        for statement in grant_statements(connection, app, owner=owner):
            cursor.execute(statement)
    done.append(
        f"database {database}, its public schema, tables, sequences and functions now owned by {owner}"
    )
    done.append(f"{app} may read and write the tables but only add to {', '.join(APPEND_ONLY_TABLES)}")
    return done


def regrant_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate``: re-apply the app role's grants so new tables get no more than the rest."""
    role = getattr(settings, "PUTRIGHT_DB_APP_ROLE", "")
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            return
        for statement in grant_statements(connection, role):
            cursor.execute(statement)
