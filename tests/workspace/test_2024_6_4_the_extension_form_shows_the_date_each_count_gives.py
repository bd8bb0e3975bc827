"""2024 6.4 and 6.15: an extension is a number of working days on the form but a date in the
resident's letter. With the landlord's closure days (24 and 29 to 31 December in the demo) the two
counts differed and nothing on the form said which number gives the date the letter states (found
in a browser walk). The Extend form lists the new response date for each number of working days,
from the landlord's own calendar."""

from __future__ import annotations

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.code.calendar import england_and_wales
from putright.complaints.models import ClosureDay

pytestmark = pytest.mark.django_db


def test_2024_6_4_the_extend_form_gives_each_new_response_date_skipping_closure_days(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    hana = staff["hana"]
    complaint = make("stage_1_acknowledged", handler=hana)
    due = complaint.current_due
    assert due is not None
    nationally = england_and_wales()
    closed = nationally.add_working_days(due, 1)
    ClosureDay.objects.create(date=closed, reason="Office closed")

    client.force_login(hana)
    page = client.get(f"/workspace/complaints/{complaint.reference}/extend/")
    assert page.status_code == 200
    dates = dict(page.context["extension_dates"])
    assert dates[1] == nationally.add_working_days(due, 2)  # the closure day is not a working day
    assert dates[10] == nationally.add_working_days(due, 11)
    html = page.content.decode()
    assert "The new response date for each number of working days" in html
    assert f"{dates[10]:%A %-d %B %Y}" in html
    assert f'<td class="govuk-table__cell">{closed:%A %-d %B %Y}</td>' not in html
