"""Render two sample letters from PutRight's default templates to PNG for the README.

    uv run python scripts/letter_screenshots.py     # writes docs/screenshots/letter-*.png

The letters are built exactly as an issued letter is (the default template, filled through the
placeholder language, then HTML -> tagged PDF/UA by WeasyPrint), with the sample case of the letters
tests (tests/letters/fixtures), and the first page is rasterised by poppler's pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from putright.letters.check import check_letter  # noqa: E402
from putright.letters.defaults import DEFAULT_TEMPLATES  # noqa: E402
from putright.letters.document import Letterhead, LetterMeta, letter_html, letter_pdf  # noqa: E402
from putright.letters.ombudsman import ombudsman_contact  # noqa: E402
from putright.letters.placeholders import fill  # noqa: E402

OMBUDSMAN = ombudsman_contact()
HEAD = Letterhead(
    name="Northgate Homes",
    address=("Customer Resolution Team", "PO Box 2210", "Leeds", "LS1 4AB"),
    phone="0113 496 0000",
    email="complaints@northgatehomes.org.uk",
    signoff_name="Daniel Okafor",
    signoff_role="Complaints Officer",
)
VALUES = {
    "addressee.name": "Ms Patel",
    "complaint.reference": "CMP-2025-0142",
    "contact.phone": HEAD.phone,
    "contact.email": HEAD.email,
    "ombudsman.phone": OMBUDSMAN.telephone,
    "ombudsman.website": OMBUDSMAN.website,
    "ombudsman.address": ", ".join(OMBUDSMAN.postal_address),
    "definition.complaint": "Your complaint is about the damp and mould in your bedroom, and the two repair "
    "appointments we missed in January 2025.",
    "response.decision": "We have decided to uphold your complaint.",
    "response.reasons": "We found that our contractor did not attend on 9 January or 23 January 2025, and that "
    "nobody called you to rearrange. You should not have had to wait this long.",
    "response.remedy": "To put things right, we will pay you £250 compensation: £150 for the missed appointments "
    "and £100 for the time and trouble this has caused you.",
    "response.outstanding_actions": "Our surveyor will visit on 19 March 2025 to plan the mould treatment and a "
    "new extractor fan, and we will write to you with the dates.",
    "deadline.escalation_by": "7 April 2025",
    "deadline.original_response_due": "14 March 2025",
    "extension.reason": "we are waiting for a report from the independent heating engineer who inspected your "
    "boiler last week. We need that report to decide your complaint fairly.",
    "extension.new_response_due": "Friday 21 March 2025",
}


def render(kind: str, name: str, issued_on: date) -> Path:
    template = DEFAULT_TEMPLATES[kind]
    body = fill(template.body, VALUES)
    result = check_letter(body, kind, "2024")
    assert result.can_issue, [m.provision for m in result.missing]
    meta = LetterMeta(
        title=template.title,
        issued_on=issued_on,
        reference=VALUES["complaint.reference"],
        addressee="Ms Amina Patel",
        address=("Flat 3, 14 Linden Court", "Leeds", "LS6 2QT"),
    )
    pdf = letter_pdf(letter_html(body, HEAD, meta))
    out = ROOT / "docs" / "screenshots" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "letter.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", "1", "-l", "1", str(source)]
        subprocess.run([*command, str(out.with_suffix(""))], check=True)  # noqa: S603 - poppler on PATH
    return out


if __name__ == "__main__":
    for path in (
        render("stage1-response", "letter-stage1-response.png", date(2025, 3, 10)),
        render("extension-notice", "letter-extension.png", date(2025, 3, 7)),
    ):
        print(path.relative_to(ROOT))
