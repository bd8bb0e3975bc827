"""2024 5.11 and 5.12: a refusal to escalate a matter "previously considered under the complaints
policy" (2.2) names the earlier complaint that considered it, as the handler gave it: free text, not
looked up at entry (a handler must not learn from a refusal that a reference exists, helper-120), but
it can be a complaint's reference, or hold one. The case page, the API's timeline (summary and data)
and the Ombudsman complaint file showed it to every reader, so the reference of another team's
complaint, or of one restricted to other people, reached readers who may not open it. Each door now
asks the one policy (``access.policy.complaints_opened``, in the same query as a complaint linked by
new issues) and says "a complaint you cannot see" (in the file, its own words); a stored file records
it among the complaints it names, so only a reader who may open it downloads the file. Free text
naming no reference ("Our old system, case 2019/0451") is shown as before."""

from __future__ import annotations

from datetime import date

import pytest
from api.test_api_v1 import Api
from django.template.loader import render_to_string
from django.test import Client
from ombudsman.test_2024_6_8_h196_a_stored_complaint_file_is_read_only_by_who_may_open_what_it_names import (
    NOT_NAMED,
    REFUSED,
    _download,
)
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _page

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.complaints.services import Told
from putright.ombudsman.casefile import _context, produce_complaint_file

pytestmark = pytest.mark.django_db

CANNOT_SEE = "Previously considered in: a complaint you cannot see"


def _refused(staff: dict[str, User], make: Make, earlier: str) -> Complaint:
    """Hana's (north) complaint, its escalation refused as considered in ``earlier``."""
    complaint = make("escalation_requested", handler=staff["hana"])
    return services.decline_escalation(
        complaint=complaint,
        actor=staff["officer"],
        ground="previously_considered",
        explanation="We have already looked at the repair to your fan in an earlier complaint.",
        considered_on_merits="No new issue was raised.",
        right_to_ombudsman_given=True,
        previously_considered_in=earlier,
        told=Told(method="post", on=date.today(), body="Sent by post."),
    )


def _other_teams(staff: dict[str, User], make: Make) -> Complaint:
    """The earlier complaint is the south team's (Sian's): Hana may not open it."""
    return make("stage_1_responded", handler=staff["sian"])


def _restricted(staff: dict[str, User], make: Make) -> Complaint:
    """The earlier complaint restricted to someone else: the officer may not open it."""
    earlier = make("stage_1_responded", handler=staff["hana"])
    Complaint.objects.filter(pk=earlier.pk).update(restricted=True)
    earlier.restricted_to.set([staff["manager"]])
    return earlier


SETUPS = {"another team's": (_other_teams, "hana"), "restricted": (_restricted, "officer")}
#: how a handler may give it: its reference, as a person names one, or written among other words
AS_GIVEN = {
    "reference": "{reference}",
    "as named": "Complaint {number}",
    "among other words": "Our {reference}, answered in March",
}


def _given(how: str, earlier: Complaint) -> str:
    return AS_GIVEN[how].format(reference=earlier.reference, number=int(earlier.reference.split("-")[-1]))


@pytest.mark.parametrize("how", AS_GIVEN)
@pytest.mark.parametrize("which", SETUPS)
def test_2024_5_11_the_case_page_does_not_name_an_earlier_complaint_the_reader_may_not_open(
    client: Client, staff: dict[str, User], make: Make, which: str, how: str
) -> None:
    setup, reader = SETUPS[which]
    earlier = setup(staff, make)
    complaint = _refused(staff, make, _given(how, earlier))
    html = _page(client, staff[reader], complaint)
    assert earlier.reference not in html and _given(how, earlier) not in html
    assert CANNOT_SEE in html
    # a reader who may open it is given it as the handler wrote it
    assert f"Previously considered in: {_given(how, earlier)}" in _page(client, staff["manager"], complaint)


@pytest.mark.parametrize("which", SETUPS)
def test_2024_5_11_the_api_timeline_does_not_name_an_earlier_complaint_the_reader_may_not_open(
    staff: dict[str, User], make: Make, which: str
) -> None:
    setup, reader = SETUPS[which]
    earlier = setup(staff, make)
    complaint = _refused(staff, make, earlier.reference)
    answer = Api(staff[reader]).get(f"/complaints/{complaint.reference}")
    assert answer.status_code == 200, answer.content
    assert earlier.reference not in answer.content.decode()
    (declined,) = [e for e in answer.json()["timeline"] if e["kind"] == "declined"]
    assert CANNOT_SEE in declined["summary"]
    assert declined["data"]["previously_considered_in"] is None
    seen = Api(staff["manager"]).get(f"/complaints/{complaint.reference}").json()["timeline"]
    (declined,) = [e for e in seen if e["kind"] == "declined"]
    assert f"Previously considered in: {earlier.reference}" in declined["summary"]
    assert declined["data"]["previously_considered_in"] == earlier.reference


@pytest.mark.parametrize("which", SETUPS)
def test_2024_5_11_the_complaint_file_does_not_name_an_earlier_complaint_its_producer_may_not_open(
    staff: dict[str, User], make: Make, which: str
) -> None:
    setup, reader = SETUPS[which]
    earlier = setup(staff, make)
    complaint = _refused(staff, make, earlier.reference)
    context, _ = _context(complaint, include_staff_notes=False, produced_by=staff[reader])
    html = render_to_string("ombudsman/complaint_file.html", context)
    assert earlier.reference not in html
    assert f"Previously considered in: a {NOT_NAMED}" in html
    assert "you cannot see" not in html
    assert context["complaints_named"] == []
    context, _ = _context(complaint, include_staff_notes=False, produced_by=staff["manager"])
    assert f"Previously considered in: {earlier.reference}" in render_to_string(
        "ombudsman/complaint_file.html", context
    )
    assert context["complaints_named"] == [earlier.reference]


@pytest.mark.parametrize("which", SETUPS)
def test_2024_5_11_a_stored_file_naming_the_earlier_complaint_is_downloaded_only_by_who_may_open_it(
    client: Client, staff: dict[str, User], make: Make, which: str
) -> None:
    setup, reader = SETUPS[which]
    earlier = setup(staff, make)
    complaint = _refused(staff, make, earlier.reference)
    record = produce_complaint_file(complaint=complaint, actor=staff["manager"])
    assert record.complaints_named == [earlier.reference]
    response = _download(client, staff[reader], record)
    assert response.status_code == 403
    assert REFUSED in response.content.decode() and earlier.reference not in response.content.decode()
    assert _download(client, staff["manager"], record).status_code == 200


def test_2024_5_11_an_earlier_complaint_named_by_no_reference_is_shown_as_given(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = _refused(staff, make, "Our old system, case 2019/0451")
    for reader in ("hana", "officer"):
        assert "Previously considered in: Our old system, case 2019/0451" in _page(
            client, staff[reader], complaint
        )
