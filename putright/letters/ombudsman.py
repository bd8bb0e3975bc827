"""The Housing Ombudsman Service's contact details: configured once, used to write and to check letters.

The defaults are the Ombudsman's published details. Each can be overridden from the environment,
so a change (a new telephone number, a new postal address) is made in one place:

=================================  ==============================================================
``PUTRIGHT_OMBUDSMAN_NAME``        Housing Ombudsman Service
``PUTRIGHT_OMBUDSMAN_PHONE``       0300 111 3000
``PUTRIGHT_OMBUDSMAN_WEBSITE``     www.housing-ombudsman.org.uk
``PUTRIGHT_OMBUDSMAN_FORM_URL``    https://www.housing-ombudsman.org.uk/residents/make-a-complaint/
``PUTRIGHT_OMBUDSMAN_EMAIL``       info@housing-ombudsman.org.uk
``PUTRIGHT_OMBUDSMAN_ADDRESS``     Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET
=================================  ==============================================================

The address is given as lines separated by ``|`` or newlines (commas also work when no ``|`` is
used). The letters' Code check recognises the details by :meth:`OmbudsmanContact.find`: the
telephone number in any spacing (``03001113000``, ``0300-111-3000``, ``+44 300 111 3000``), the
website's domain with or without ``www.``/``https://``, the complaint form's address, the email
address, the postcode in any spacing, or the PO Box line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_NAME = "Housing Ombudsman Service"
DEFAULT_PHONE = "0300 111 3000"
DEFAULT_WEBSITE = "www.housing-ombudsman.org.uk"
DEFAULT_FORM_URL = "https://www.housing-ombudsman.org.uk/residents/make-a-complaint/"
DEFAULT_EMAIL = "info@housing-ombudsman.org.uk"
DEFAULT_ADDRESS: tuple[str, ...] = (
    "Housing Ombudsman Service",
    "PO Box 1484",
    "Unit D",
    "Preston",
    "PR2 0ET",
)

_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)


@dataclass(frozen=True)
class ContactMatch:
    """A contact detail found in a text: which one, and the text it was found in."""

    detail: str
    text: str


@dataclass(frozen=True)
class OmbudsmanContact:
    name: str = DEFAULT_NAME
    telephone: str = DEFAULT_PHONE
    website: str = DEFAULT_WEBSITE
    complaint_form_url: str = DEFAULT_FORM_URL
    email: str = DEFAULT_EMAIL
    postal_address: tuple[str, ...] = DEFAULT_ADDRESS

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "telephone": self.telephone,
            "website": self.website,
            "complaint_form_url": self.complaint_form_url,
            "email": self.email,
            "postal_address": list(self.postal_address),
        }

    def as_text(self) -> str:
        """The details as a letter would set them out."""
        return "\n".join(
            [
                f"Telephone: {self.telephone}",
                f"Website: {self.website}",
                f"Online complaint form: {self.complaint_form_url}",
                f"Email: {self.email}",
                "Post: " + ", ".join(self.postal_address),
            ]
        )

    # --- recognition -------------------------------------------------------------------------

    def _phone_pattern(self) -> re.Pattern[str] | None:
        digits = re.sub(r"\D", "", self.telephone)
        if len(digits) < 6:
            return None
        national = digits[1:] if digits.startswith("0") else digits
        # a few characters between digits, not any number: a run of spaces was read again from each of
        # its characters (100,000 of them took 16 s to check)
        sep = r"[\s\-.()]{0,4}"
        body = sep.join(re.escape(d) for d in national)
        return re.compile(rf"(?<!\d)(?:\(?0\)?|\+?\s{{0,3}}44{sep}\(?0?\)?){sep}{body}(?!\d)")

    def _website_pattern(self) -> re.Pattern[str] | None:
        domain = re.sub(r"^(https?://)?(www\.)?", "", self.website.strip().lower()).strip("/")
        if not domain:
            return None
        return re.compile(rf"(?<![\w.-])(?:https?://)?(?:www\.)?{re.escape(domain)}\b", re.IGNORECASE)

    def _form_pattern(self) -> re.Pattern[str] | None:
        path = re.sub(r"^(https?://)?(www\.)?", "", self.complaint_form_url.strip().lower()).rstrip("/")
        if not path:
            return None
        return re.compile(rf"(?:https?://)?(?:www\.)?{re.escape(path)}/?", re.IGNORECASE)

    def _postal_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        found: list[tuple[str, re.Pattern[str]]] = []
        for line in self.postal_address:
            if _POSTCODE.fullmatch(line.strip()):
                compact = re.sub(r"\s", "", line.strip())
                outward, inward = compact[:-3], compact[-3:]
                found.append(
                    (
                        "postal_address",
                        re.compile(rf"\b{re.escape(outward)}\s*{re.escape(inward)}\b", re.IGNORECASE),
                    )
                )
            box = re.match(r"(?i)\s*P\.?\s*O\.?\s*Box\s+(\d+)", line)
            if box:
                found.append(
                    ("postal_address", re.compile(rf"\bP\.?\s*O\.?\s*Box\s+{box.group(1)}\b", re.IGNORECASE))
                )
        return found

    def patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """(detail name, pattern) for every detail that recognises the Ombudsman."""
        found: list[tuple[str, re.Pattern[str] | None]] = [
            ("telephone", self._phone_pattern()),
            ("complaint_form_url", self._form_pattern()),
            ("website", self._website_pattern()),
            (
                "email",
                re.compile(re.escape(self.email.strip()), re.IGNORECASE) if self.email.strip() else None,
            ),
        ]
        return [(name, p) for name, p in found if p is not None] + self._postal_patterns()

    def find(self, text: str) -> list[str]:
        """The names of the details that occur in ``text`` (e.g. ``["telephone", "website"]``). The
        telephone number is looked for with each run of spaces read as one ("0300  -  111  -  3000"),
        as its pattern allows only a few characters between digits."""
        names: list[str] = []
        squeezed = _SPACES.sub(" ", text)
        for name, pattern in self.patterns():
            if name not in names and pattern.search(squeezed if name == "telephone" else text):
                names.append(name)
        return names


_SPACES = re.compile(r"[^\S\n]+")


def _address(value: str) -> tuple[str, ...]:
    separator = "|" if "|" in value else ("\n" if "\n" in value else ",")
    return tuple(part.strip() for part in value.split(separator) if part.strip())


ENVIRONMENT: dict[str, str] = {
    "name": "PUTRIGHT_OMBUDSMAN_NAME",
    "telephone": "PUTRIGHT_OMBUDSMAN_PHONE",
    "website": "PUTRIGHT_OMBUDSMAN_WEBSITE",
    "complaint_form_url": "PUTRIGHT_OMBUDSMAN_FORM_URL",
    "email": "PUTRIGHT_OMBUDSMAN_EMAIL",
    "postal_address": "PUTRIGHT_OMBUDSMAN_ADDRESS",
}


def ombudsman_contact(environ: Mapping[str, str] | None = None) -> OmbudsmanContact:
    """The configured details: the defaults, overridden by any non-empty ``PUTRIGHT_OMBUDSMAN_*``.

    Read on every call (not cached), so a changed environment takes effect at once.
    """
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for field, variable in ENVIRONMENT.items():
        value = env.get(variable, "").strip()
        if value:
            values[field] = _address(value) if field == "postal_address" else value
    return OmbudsmanContact(**values)  # type: ignore[arg-type]
