"""2024 5.11, 5.12 (review 205): the earlier complaint a refusal names is hidden from a reader who may not
open it when the handler's free text is, or holds, its reference. A reference written among other words
was read only as ``PR``, spaces, hyphens or slashes and the number, so the ways a reference is typed or
pasted from a word processor (an en dash, a non-breaking hyphen, ``PR_``, ``PR.``, ``PR:``, a space in
its leading zeros, "complaint 341" within a sentence) were shown to anyone who opens the complaint.
Free text naming no reference ("Our old system, case 2019/0451", a year) is still shown as written."""

from __future__ import annotations

import pytest
from access.test_2024_5_11_the_earlier_complaint_a_refusal_names_is_named_only_to_a_reader_who_may_open_it import (
    CANNOT_SEE,
    SETUPS,
    _refused,
)
from django.test import Client
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _page

from putright.accounts.models import User
from putright.complaints.models import Complaint
from putright.complaints.search import references_named

#: a reference among other words as handlers type or paste it
AS_TYPED = {
    "en dash": "Our PR\u2013{number} from March",
    "non-breaking hyphen": "see PR\u2011{padded}, answered",
    "underscore": "see PR_{padded}, answered",
    "full stop": "see PR.{padded}, answered",
    "colon": "see PR:{padded}, answered",
    "spaced zeros": "see PR 000 {number} from March",
    "letter after": "see PR-{padded}a",
    "complaint in a sentence": "considered in complaint {number} last year",
    "complaint number in a sentence": "considered in our complaint no. {number} last year",
}


def _typed(how: str, earlier: Complaint) -> str:
    number = int(earlier.reference.split("-")[-1])
    return AS_TYPED[how].format(number=number, padded=f"{number:06d}")


@pytest.mark.parametrize("how", AS_TYPED)
def test_h205_each_way_a_reference_is_typed_is_read_as_it(how: str) -> None:
    assert references_named(AS_TYPED[how].format(number=341, padded="000341")) == {"PR-000341"}


@pytest.mark.parametrize(
    "text", ["Our old system, case 2019/0451", "March 2023", "complaint 2019/0451", "PR-000123 12 March 2023"]
)
def test_h205_free_text_naming_no_other_reference_is_not_read_as_one(text: str) -> None:
    assert references_named(text) <= {"PR-000123"}


@pytest.mark.parametrize("how", ["en dash", "underscore", "complaint in a sentence"])
@pytest.mark.parametrize("which", SETUPS)
def test_h205_the_case_page_hides_a_reference_however_it_is_typed(
    client: Client, staff: dict[str, User], make: Make, which: str, how: str
) -> None:
    setup, reader = SETUPS[which]
    earlier = setup(staff, make)
    complaint = _refused(staff, make, _typed(how, earlier))
    html = _page(client, staff[reader], complaint)
    assert CANNOT_SEE in html
    assert _typed(how, earlier) not in html
    # a reader who may open it is given it as the handler wrote it
    assert f"Previously considered in: {_typed(how, earlier)}" in _page(client, staff["manager"], complaint)
