"""Email intake over the real-world corpus (``../shared/email-corpus/``, or the folder given).

Run with ``uv run --frozen python benchmarks/intake_corpus.py [CORPUS]``. Works in a throwaway data
folder (SQLite; set ``DATABASE_URL`` to an empty PostgreSQL database to use that instead): copies
every message into a temporary drop folder, reads it twice, audits each message against the message
as sent (``putright.intake.audit``) and prints the counts, then every message with a problem. It
prints figures only; the corpus test asserts them.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent.parent / "shared" / "email-corpus"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(os.environ.get("PUTRIGHT_EMAIL_CORPUS", CORPUS))
    if not corpus.is_dir():
        corpus = Path("/work/shared/email-corpus")
    work = Path(tempfile.mkdtemp(prefix="intake-corpus-"))
    os.environ.setdefault("PUTRIGHT_DATA_DIR", str(work / "data"))
    os.environ["PUTRIGHT_MEDIA_ROOT"] = str(work / "media")
    os.environ["PUTRIGHT_INTAKE_SETTLE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", interactive=False, verbosity=0)

    from putright.intake.audit import run_corpus

    files = sorted(p for p in corpus.iterdir() if p.suffix.lower() in {".eml", ".msg"})
    drop = work / "drop"
    drop.mkdir()
    started = time.perf_counter()
    run = run_corpus(files, drop)
    seconds = time.perf_counter() - started
    print(f"== email intake over {corpus} ({len(files)} files, {seconds:.1f} s for two runs) ==")
    for label, value in run.counts().items():
        print(f"{label:<45}{value:>6}")
    for name, reason in run.first.skipped:
        print(f"skipped  {name}: {reason}")
    for name, error in run.first.errors + run.second.errors:
        print(f"CRASHED  {name}: {error}")
    for name in run.distinct_discarded:
        print(f"DISCARDED as a duplicate but different: {name}")
    statuses: dict[str, list[str]] = {}
    for name, result in run.first.results:
        statuses.setdefault(result.status, []).append(name)
    for status in ("ignored", "duplicate"):
        for name in statuses.get(status, []):
            detail = next(r.detail for n, r in run.first.results if n == name)
            print(f"{status:<9}{name}: {detail}")
    for item in run.audits:
        if item.broken_as_sent:
            print(f"broken as sent  {item.name}: {sorted(set(item.broken_as_sent))!r} is in the file itself")
    for item in run.audits:
        for problem in item.missing_words + item.garbled + item.files_missing + item.names_wrong:
            print(f"PROBLEM  {item.name}: {problem}")


if __name__ == "__main__":
    main()
