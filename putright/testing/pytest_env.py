"""A pytest plugin loaded before Django's settings (``-p putright.testing.pytest_env`` in pyproject).

pytest-django imports the settings before any ``conftest.py`` is read, and the settings decide where
the data directory is (``PUTRIGHT_DATA_DIR``: the SQLite database, the secret key, uploaded files,
collected static files). So this plugin, imported while pytest parses its options, points the data
directory at a new temporary folder for the test run, removed at the end: tests never write into
the developer's ``var/``. ``PUTRIGHT_TEST_DATA_DIR`` names a folder to use (and keep) instead.

It turns off the staff pages' task queue warning (its own tests turn it on) and quietens aiosmtpd's per-connection logging (``mail.log``, INFO): the test mail servers
write a line for every connection, and those that arrive while a server stops after its test has
ended (or after pytest closed its captured streams) came out as logging tracebacks.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile

import pytest

_kept = os.environ.get("PUTRIGHT_TEST_DATA_DIR")
DATA_DIR = _kept or tempfile.mkdtemp(prefix="putright-tests-")
os.environ["PUTRIGHT_DATA_DIR"] = DATA_DIR
os.environ.pop("PUTRIGHT_MEDIA_ROOT", None)
# The staff pages' queue warning is one cached query: off, so a page's queries do not depend on what
# ran in the last 30 seconds (the tests of the warning turn it on).
os.environ["PUTRIGHT_TASK_QUEUE_WARNING"] = "0"
logging.getLogger("mail.log").setLevel(logging.WARNING)


def pytest_unconfigure(config: pytest.Config) -> None:
    if not _kept:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
