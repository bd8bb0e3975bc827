"""The indexes an app adds to another app's table with SQL of its own come back after ``migrate``.

On SQLite a migration that alters a table rebuilds it, and the indexes Django's state does not know go
with it. Complaints 0016 did that to every upgraded SQLite database: the governance figures' covering
indexes and the team view's workload index (which the queue's total reads) were gone, and those pages
read every complaint row again (issue 17; found when run H's queue was slower than run G's). A new
database kept them, because their own migrations ran after the rebuild, so no test saw it. Here the
loss is made directly (the indexes dropped, as the rebuild drops them), then the signal ``migrate``
sends at its end."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate

from putright.governance.indexes import INDEXES as GOVERNANCE
from putright.workspace.indexes import INDEXES as WORKSPACE

KEPT = {**GOVERNANCE, **WORKSPACE}


def _present() -> set[str]:
    tables = {target.split(" ", 1)[0] for target in KEPT.values()}
    with connection.cursor() as cursor:
        return {
            name
            for table in tables
            for name in connection.introspection.get_constraints(cursor, table)
            if name in KEPT
        }


def _after_migrate() -> None:
    for label in ("governance", "workspace"):
        config = apps.get_app_config(label)
        post_migrate.send(
            sender=config,
            app_config=config,
            verbosity=0,
            interactive=False,
            using="default",
            apps=apps,
            plan=[],
        )


@pytest.mark.django_db
def test_indexes_a_table_rebuild_dropped_are_created_again_after_migrate() -> None:
    assert _present() == set(KEPT)
    with connection.cursor() as cursor:
        for name in KEPT:
            cursor.execute(f"DROP INDEX {name}")
    assert _present() == set()
    _after_migrate()
    assert _present() == set(KEPT)


@pytest.mark.django_db
def test_indexes_already_there_are_left_as_they_are() -> None:
    _after_migrate()
    _after_migrate()
    assert _present() == set(KEPT)


@pytest.mark.django_db
def test_an_index_whose_migration_was_reversed_is_not_made_again() -> None:
    """``migrate workspace zero`` drops the workload index (0003's reverse), then sends the signal:
    the index came straight back, so an app taken back to zero kept what it had been told to drop."""
    from django.db.migrations.recorder import MigrationRecorder

    with connection.cursor() as cursor:
        for name in KEPT:
            cursor.execute(f"DROP INDEX {name}")
    MigrationRecorder(connection).record_unapplied("workspace", "0003_workload_index")
    MigrationRecorder(connection).record_unapplied("governance", "0002_reporting_indexes")
    _after_migrate()
    assert _present() == set()
