"""Render the first page of the self-assessment's PDF export, in both forms' layouts, to PNG for the
README: the 2024 form's five columns and the 2022 Appendix B's four, with its must/should split.

    uv run python scripts/self_assessment_screenshots.py   # writes docs/screenshots/self-assessment-*-pdf.png

The exports are made exactly as the self-assessment page makes them (``governance.exports.to_pdf``), in
a throwaway SQLite database holding a landlord and nothing else, so every provision reads "records
cannot show this" (no "Yes" from nothing); the first page is rasterised by poppler's pdftoppm.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="putright-shots-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'shots.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from putright.accounts.models import Role, User
    from putright.complaints.models import Landlord
    from putright.governance import exports, services

    landlord = Landlord.load()
    landlord.name = "Riverside Homes"
    landlord.save()
    officer = User.objects.create_user(
        "officer", first_name="Olu", last_name="Officer", role=Role.COMPLAINTS_OFFICER
    )
    for edition in ("2024", "2022"):
        assessment = services.start_self_assessment(actor=officer, year=2025, edition=edition)
        source = scratch / f"self-assessment-{edition}.pdf"
        source.write_bytes(exports.to_pdf(assessment))
        out = ROOT / "docs" / "screenshots" / f"self-assessment-{edition}-pdf"
        command = ["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", "1", "-l", "1", str(source)]
        subprocess.run([*command, str(out)], check=True)  # noqa: S603 - poppler on PATH
        print(out.with_suffix(".png").relative_to(ROOT))


if __name__ == "__main__":
    main()
