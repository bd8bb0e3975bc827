"""The retry sweep that runs beside every task worker (``putright worker``).

A thread that calls :func:`putright.letters.tasks.schedule_overdue_retries` every ``every`` seconds,
so retries of failed letter emails are scheduled by the worker itself, with no cron entry to forget.
Several workers may sweep at once: a delivery is queued again only by the sweep that moves it from
"failed" to "queued" (an ``UPDATE ... WHERE status = 'failed'``), so it is never queued twice.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

log = logging.getLogger(__name__)


def sweep_once() -> int:
    from putright.letters.tasks import schedule_overdue_retries

    close_old_connections()
    try:
        queued = schedule_overdue_retries()
    except Exception:  # a database hiccup must not stop the sweeping; the next one tries again
        log.exception("the sweep for overdue letter email retries failed")
        return 0
    finally:
        connection.close()
    if queued:
        log.info("queued %s overdue letter email retr%s", queued, "y" if queued == 1 else "ies")
    return queued


def start_retry_sweep(*, every: float) -> threading.Thread:
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            sweep_once()

    sweep_once()
    thread = threading.Thread(target=loop, name="putright-retry-sweep", daemon=True)
    thread.start()
    return thread
