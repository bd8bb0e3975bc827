"""2024 6.9 c: a response must say the decision. A letter whose "[6.9 c] Our decision" section held
only its blank, "[enter the decision]", was refused with the section named twice in the error
summary: "2024 6.9 c: add the decision on the complaint", then "Fill in [enter the decision]". It
is said once, by the element; a blank in a section that says something else is still named on its
own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401 -- a fixture
from letters.test_letters_pages import _form, signed_in  # noqa: F401 -- signed_in is a fixture
from refused_form import summary

pytestmark = pytest.mark.django_db


def _only_the_blank(body: str, marker: str, blank: str) -> str:
    """``body`` with the section headed by ``marker`` holding nothing but ``blank``."""
    head, rest = body.split(marker, 1)
    heading, _, after = rest.partition("\n")
    following = after[after.index("\n[") :] if "\n[" in after else ""
    return f"{head}{marker}{heading}\n{blank}\n{following.lstrip(chr(10))}"


def test_2024_6_9_c_a_section_holding_only_its_blank_is_named_once_when_refused(
    signed_in: Client,  # noqa: F811
    case_for_kind: Any,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = case_for_kind("stage1-response")
    page = signed_in.get(f"/letters/{complaint.reference}/new/?kind=stage1-response").content.decode()
    form = _form(page)
    body = _only_the_blank(form["body"], "[6.9 c]", "[enter the decision]")
    # and a blank in a section that says something else: still named on its own
    form["body"] = body.replace(
        "[6.9 d] Why we made this decision\n", "[6.9 d] Why we made this decision\n[insert date] "
    )
    checked = signed_in.post(
        f"/letters/{complaint.reference}/new/", {**form, "kind": "stage1-response", "action": "check"}
    )
    assert checked.status_code == 302
    refused = signed_in.post(checked["Location"], {**form, "action": "issue"})
    assert refused.status_code == 422
    listed = [said for _, said in summary(refused.content.decode())]
    assert [said for said in listed if "decision" in said] == [
        "2024 6.9 c: add the decision on the complaint"
    ], listed
    assert "Fill in [insert date]" in listed
