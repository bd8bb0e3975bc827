"""PostgreSQL: PutRight runs as a role that does not own the tables, so the application's own
connection cannot drop or disable the append-only triggers, delete or change events or issued
letters (whatever purge setting it sets), or rewrite the purge records. Set up as an operator would:
``putright db roles`` as a superuser, ``migrate`` as the owner, the demo loaded as the app role."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster() -> Iterator[dict[str, Any]]:
    if connection.vendor != "postgresql":
        pytest.skip("database roles are a PostgreSQL feature; the SQLite run has no roles")
    import psycopg

    params = connection.get_connection_params()
    server = {"host": params.get("host", "127.0.0.1"), "port": params.get("port", 5432)}
    suffix = uuid.uuid4().hex[:8]
    names = {"db": f"roles_{suffix}", "owner": f"owner_{suffix}", "app": f"app_{suffix}"}
    admin = psycopg.connect(dbname="postgres", user="postgres", autocommit=True, **server)
    admin.execute(f'CREATE DATABASE "{names["db"]}"')
    yield {**server, **names, "admin": admin}
    admin.execute(f'DROP DATABASE IF EXISTS "{names["db"]}" WITH (FORCE)')
    for role in (names["app"], names["owner"]):
        admin.execute(f'DROP ROLE IF EXISTS "{role}"')
    admin.close()


def _run(args: list[str], url: str, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=url, PUTRIGHT_DATA_DIR=str(tmp_path), **extra)
    done = subprocess.run(
        [sys.executable, "-m", "putright", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_2024_5_12_the_application_role_cannot_bypass_the_append_only_history(
    cluster: dict[str, Any], tmp_path: Path
) -> None:
    import psycopg
    from psycopg import errors

    where = f"{cluster['host']}:{cluster['port']}/{cluster['db']}"
    passwords = {"PUTRIGHT_DB_OWNER_PASSWORD": "owner-secret-1", "PUTRIGHT_DB_APP_PASSWORD": "app-secret-1"}
    done = _run(
        ["db", "roles", "--owner", cluster["owner"], "--app", cluster["app"]],
        f"postgresql://postgres@{where}",
        tmp_path,
        **passwords,
    )
    assert f"created role {cluster['app']}" in done.stdout
    owner_url = f"postgresql://{cluster['owner']}:owner-secret-1@{where}"
    app_url = f"postgresql://{cluster['app']}:app-secret-1@{where}"
    _run(["manage", "migrate", "-v0"], owner_url, tmp_path, PUTRIGHT_DB_APP_ROLE=cluster["app"])
    # The application works as the app role: the demo goes through every service.
    _run(["demo", "--homes", "100"], app_url, tmp_path)
    verified = _run(["verify", "history"], app_url, tmp_path)
    assert "every chain and letter verifies" in verified.stdout
    # the app role can erase a resident (the workspace's erasure page runs as it), and only erase
    with psycopg.connect(app_url, autocommit=True) as app:
        resident_id = app.execute(
            "SELECT c.resident_id FROM complaints_complaint c JOIN complaints_complaintevent e"
            " ON e.complaint_id = c.id GROUP BY c.resident_id ORDER BY count(*) DESC, c.resident_id LIMIT 1"
        ).fetchone()[0]
    erased = _run(
        ["erase", "resident", "--id", str(resident_id), "--by", "DPO", "--reason", "Erasure request"],
        app_url,
        tmp_path,
    )
    assert f"erased resident {resident_id}" in erased.stdout
    verified = _run(["verify", "history"], app_url, tmp_path)
    assert "every chain and letter verifies" in verified.stdout and "ERASED" in verified.stdout

    attempts = [
        "DROP TRIGGER complaint_event_no_change ON complaints_complaintevent",
        "ALTER TABLE complaints_complaintevent DISABLE TRIGGER ALL",
        "DELETE FROM complaints_complaintevent",
        "UPDATE complaints_complaintevent SET reason = 'rewritten'",
        "TRUNCATE letters_issuedletter",
        "UPDATE records_purgerecord SET reason = ''",
        "UPDATE letters_issuedletter SET pdf_sha256 = ''",
        "DELETE FROM complaints_personaltext",
        "DELETE FROM django_migrations",
        "CREATE TABLE complaints_shadow (id int)",
    ]
    with psycopg.connect(app_url, autocommit=True) as app:
        assert app.execute("SELECT count(*) FROM complaints_complaintevent").fetchone()[0] > 100
        app.execute("SELECT set_config('putright.history_purge', 'on', false)")
        for statement in attempts:
            with pytest.raises(errors.InsufficientPrivilege):
                app.execute(statement)
        # an UPDATE of personal text that is not an erasure: the trigger refuses it
        with pytest.raises(errors.RestrictViolation):
            app.execute("UPDATE complaints_personaltext SET value = 'rewritten' WHERE erased_at IS NULL")
        # it can still do its ordinary work
        app.execute("UPDATE complaints_landlord SET name = name")

    # the owner, deliberately purging, can delete (the audited path uses this connection)
    with psycopg.connect(owner_url) as owner:
        owner.execute("SELECT set_config('putright.history_purge', 'on', true)")
        owner.execute(
            "DELETE FROM complaints_complaintevent WHERE complaint_id = (SELECT min(id) FROM complaints_complaint)"
        )
        owner.rollback()
