"""Background work for imports (django-tasks, database backend): a checked file is imported by the
task worker, not in the web request that asked for it."""

from __future__ import annotations

from django_tasks import task


@task()
def import_checked_file(run_id: int, actor_id: int | None) -> dict[str, object]:
    """Import the checked file of ``ImportRun`` ``run_id`` (``services.start_import``). Safe to run
    twice: a run no longer waiting to be imported is left alone."""
    from putright.imports.services import import_started_run

    run = import_started_run(run_id, actor_id)
    return {"run": run_id, "created": run.created if run is not None else 0, "imported": run is not None}
