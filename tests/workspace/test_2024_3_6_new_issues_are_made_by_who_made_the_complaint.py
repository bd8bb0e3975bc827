"""2024 3.6 ("the opportunity to have a representative deal with their complaint on their behalf") and
5.12 ("A full record must be kept of the complaint"): the record says who made a complaint, and the
residents' pages put it to the reader ("What you told us" to the one who made it, their name to anyone
else). A complaint logged from new issues raised during another (6.8: "the new issues must be logged
as a new complaint") was raised by whoever made the complaint it was raised on. It was recorded as
made by the representative carried over whenever there was one, so a complaint the resident made, with
a representative added later, gave a new complaint that read "What you told us" to the representative
and "What Priya Shah told us" to the resident who raised the issues."""

from __future__ import annotations

from typing import Any

import pytest
from workspace.conftest import Make
from workspace.test_2024_3_6_h172_consent_to_a_representative_is_each_complaints_own import (
    _new_issues_logged,
    _represented,
)

from putright.complaints.models import Complaint, Party
from putright.portal.selectors import who_made_it

pytestmark = pytest.mark.django_db


def test_2024_6_8_new_issues_on_a_complaint_the_resident_made_are_the_residents(
    staff: dict[str, Any], make: Make
) -> None:
    first = _represented(
        make, consented=True, handler=staff["hana"]
    )  # the representative was added after the resident complained
    assert first.made_by_representative_id is None
    new = _new_issues_logged(first, staff["hana"])
    assert new.representative is not None  # still deals with it on the resident's behalf (3.6)
    assert new.made_by_representative_id is None
    assert who_made_it(new, Party.RESIDENT) == "you"
    assert who_made_it(new, Party.REPRESENTATIVE) == new.resident.name


def test_2024_6_8_new_issues_on_a_complaint_the_representative_made_are_theirs(
    staff: dict[str, Any], make: Make
) -> None:
    first = _represented(make, consented=True, handler=staff["hana"])
    Complaint.objects.filter(pk=first.pk).update(made_by_representative=first.representative)
    first.refresh_from_db()
    new = _new_issues_logged(first, staff["hana"])
    # the new complaint's own copy of the representative, and that copy made it
    assert new.representative_id not in (None, first.representative_id)
    assert new.made_by_representative_id == new.representative_id
    assert who_made_it(new, Party.REPRESENTATIVE) == "you"
    assert who_made_it(new, Party.RESIDENT) == "Priya Shah"
