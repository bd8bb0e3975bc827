"""Issue 17 (worker RSS <= 120 MB): libraries only some paths use are imported on those paths, not
in every web worker. A web worker that has loaded the application and its URLs, and a member of
staff's session, has not imported openpyxl (spreadsheet import and export), mozilla-django-oidc
(single sign-on, off unless configured), requests/PyJWT (GOV.UK Notify, used by the task worker) or
textstat/pysbd (the letter check's plain-language figures: about 6 MB, loaded when a letter is first
checked), inscriptis/lxml (an email's HTML part as text: about 7 MB), charset_normalizer (guessing a
mislabelled charset: about 4 MB), rapidfuzz (the self-assessment's near-identical wording: about
4 MB) or holidays (every country's holidays, about 8 MB, for England's bank holidays, kept written
down for the working-day calendar's years). Checked in a fresh interpreter, because the test process itself imports everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as a worker's first request loads them
from django.contrib.auth import load_backend
from django.conf import settings
for path in settings.AUTHENTICATION_BACKENDS:  # what a sign-in imports
    load_backend(path)
from putright.code.calendar import WorkingCalendar
WorkingCalendar()  # what the first page with a deadline builds
LATER = (
    "openpyxl", "mozilla_django_oidc", "requests", "jwt", "textstat", "pysbd",
    "inscriptis", "lxml", "rapidfuzz", "charset_normalizer", "holidays",
)
print(json.dumps(sorted(name for name in LATER if name in sys.modules)))
"""


def test_a_web_worker_does_not_import_what_only_some_paths_use(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "putright.settings",
        "PUTRIGHT_DATA_DIR": str(tmp_path),
        "OIDC_RP_CLIENT_ID": "",
    }
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_single_sign_on_backend_keeps_its_settings_name() -> None:
    """Settings and stored sessions name it ``putright.workspace.auth.StaffOIDCBackend``."""
    from django.utils.module_loading import import_string

    from putright.workspace.oidc import StaffOIDCBackend

    assert import_string("putright.workspace.auth.StaffOIDCBackend") is StaffOIDCBackend
