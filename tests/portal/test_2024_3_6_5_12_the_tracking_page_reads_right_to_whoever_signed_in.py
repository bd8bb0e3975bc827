"""2024 3.6, 5.12, 5.6, 7.3: /track/ reads right to whoever signed in. The resident is addressed as
"you" and their representative by the resident's name; what is sent from an address the resident
and their representative share is recorded as from one or the other of them, never as from the
resident alone; and what we agreed reads once, in one sentence (found in a walk of /track/)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from portal.conftest import REPRESENTATIVE, sent, sign_in

from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent, Correspondence, Party

pytestmark = pytest.mark.django_db

#: a representative who gave the resident's own email address (a son using his mother's account)
SHARED = {**REPRESENTATIVE, "representative_email": "rita@example.org"}


def _page(client) -> str:
    return re.sub(r"\s+", " ", client.get("/track/complaint/").content.decode())


def _responded_with_representative(build) -> Complaint:
    complaint = build("stage_1_responded")
    representative = services.add_representative(
        resident=complaint.resident,
        name="Dan Resident",
        relationship="Son",
        contact="dan@example.org",
        consent_recorded_on=complaint.received_on,
        consent_evidence="Signed letter",
    )
    Complaint.objects.filter(pk=complaint.pk).update(representative=representative)
    return Complaint.objects.select_related("resident", "representative").get(pk=complaint.pk)


@pytest.fixture
def after_response():
    def travel(complaint: Complaint):
        moment = datetime.combine(complaint.stage_1_responded_on + timedelta(days=2), time(12), tzinfo=UTC)
        return time_machine.travel(moment, tick=True)

    return travel


# ---- who sent it (5.12) -------------------------------------------------------------------------


def test_2024_5_12_information_from_an_address_both_share_is_not_recorded_as_the_residents(
    client, answers
) -> None:
    answers.update(SHARED)
    complaint = sent(client, answers)
    sign_in(client, complaint, "rita@example.org")
    client.post("/track/complaint/add/", {"message": "The mould has spread to the bedroom."})
    added = Correspondence.objects.get(complaint=complaint, direction="in")
    assert added.party == Party.RESIDENT_OR_REPRESENTATIVE
    assert added.get_party_display() == "Resident or representative (same address)"
    assert added.correspondent == (
        "Rita Resident or their representative Dan Resident (same email address, complaints website)"
    )
    # and it is still on their page, with what they sent
    assert "The mould has spread to the bedroom." in _page(client).split('id="sent-us"')[1]


def test_2024_5_12_a_stage_2_request_from_an_address_both_share_names_neither(
    client, build, after_response
) -> None:
    complaint = _responded_with_representative(build)
    complaint.representative.contact = "rita@example.org"
    complaint.representative.save()
    with after_response(complaint):
        sign_in(client, complaint, "rita@example.org")
        assert client.post("/track/complaint/stage-2/", {"reason": ""}).status_code == 302
    asked = ComplaintEvent.objects.filter(complaint=complaint).latest("sequence")
    assert asked.actor_label == "Resident or their representative (same email address, complaints website)"


# ---- what the page calls its reader (3.6, 5.6) --------------------------------------------------


def test_2024_5_6_the_resident_reads_what_they_would_like_as_theirs(client, answers) -> None:
    complaint = sent(client, answers)
    sign_in(client, complaint, "rita@example.org")
    page = _page(client)
    assert "What they would like us to do" not in page
    assert (
        '<h3 class="govuk-heading-s" id="outcome-as-made">What you would like us to do</h3> '
        '<div class="govuk-inset-text putright-prewrap">Fix the fan and treat the mould on the ceiling.</div>'
    ) in page
    assert "Home: 4 Elm Road, AB1 2CD" not in page.split('id="outcome-as-made"')[1].split("</div>")[0]
    assert '<p class="govuk-body">Home: 4 Elm Road, AB1 2CD</p>' in page


@pytest.mark.parametrize("email", ["dan@example.org", "rita@example.org"], ids=["representative", "shared"])
def test_2024_3_6_a_reader_who_may_be_the_representative_reads_the_residents_name(
    client, answers, email
) -> None:
    answers.update(REPRESENTATIVE if email == "dan@example.org" else SHARED)
    complaint = sent(client, answers)
    sign_in(client, complaint, email)
    page = _page(client)
    assert "What they would like us to do" not in page
    assert "What you would like us to do" not in page
    assert ">What Rita Resident would like us to do</h3>" in page


@pytest.mark.parametrize(
    ("email", "heading"),
    [
        ("rita@example.org", "What you would like us to do"),
        ("dan@example.org", "What Rita Resident would like us to do"),
    ],
    ids=["resident", "representative"],
)
def test_2024_5_6_the_definitions_outcomes_are_put_to_the_reader(
    client, build, after_response, email, heading
) -> None:
    complaint = _responded_with_representative(build)
    with after_response(complaint):
        sign_in(client, complaint, email)
        page = _page(client)
    assert (
        f'<dt class="govuk-summary-list__key">{heading}</dt>'
        '<dd class="govuk-summary-list__value putright-prewrap">Treat the mould and fix the fan.</dd>'
    ) in page


@pytest.mark.parametrize(
    ("email", "heading"),
    [("rita@example.org", "What you told us"), ("dan@example.org", "What Rita Resident told us")],
    ids=["resident", "representative"],
)
def test_2024_3_6_what_the_resident_told_us_is_put_to_the_reader(
    client, build, after_response, email, heading
) -> None:
    complaint = _responded_with_representative(build)  # made by the resident, their son reads it
    with after_response(complaint):
        sign_in(client, complaint, email)
        page = _page(client)
    assert f'<h2 class="govuk-heading-m" id="your-complaint">{heading}</h2>' in page
    if email == "dan@example.org":
        assert "What you told us" not in page


# ---- what we agreed, read once (7.3, 6.17) ------------------------------------------------------


@pytest.mark.parametrize("email", ["rita@example.org", "dan@example.org"], ids=["resident", "representative"])
def test_2024_7_3_a_remedy_reads_its_sum_once_and_one_sentence_before_done(
    client, build, handler_1, after_response, email
) -> None:
    complaint = _responded_with_representative(build)  # its remedy: "£50 for the delay", £50.00
    with after_response(complaint):
        day = complaint.stage_1_responded_on
        services.agree_remedy(
            complaint=complaint,
            actor=handler_1,
            remedy_kind="apology",
            description="An apology and a check that every system holds your preferred format.",
            due=day + timedelta(days=1),
            agreed_with_resident=True,
            on=day,
        )
        for number in (1, 2):
            services.complete_remedy(
                complaint=complaint, actor=handler_1, number=number, evidence="Confirmed in writing.", on=day
            )
        services.add_outstanding_action(
            complaint=complaint,
            actor=handler_1,
            description="Replace the extractor fan.",
            owner="Repairs team",
            due=day + timedelta(days=20),
            on=day,
        )
        sign_in(client, complaint, email)
        page = _page(client)
    agreed = page.split("What we have agreed to put things right")[1].split("<h2")[0]
    assert "£50 for the delay: " in agreed and "(£50" not in agreed
    assert "holds your preferred format: " in agreed and "format.:" not in agreed
    actions = page.split("Actions still to do")[1].split("<h2")[0]
    assert "Replace the extractor fan (Repairs team): by " in actions


@pytest.mark.parametrize(
    ("email", "heading"),
    [
        ("rita@example.org", "What Dan Resident told us"),
        ("dan@example.org", "What you told us"),
    ],
    ids=["resident", "representative"],
)
def test_2024_3_6_5_12_a_complaint_the_representative_made_says_they_told_us(
    client, answers, email, heading
) -> None:
    """Dan made the complaint for his mother on the form: the complaint as made is what he told us.
    His page said "What Rita Resident told us", and hers "What you told us", neither true (5.12)."""
    answers.update(REPRESENTATIVE)
    complaint = sent(client, answers)
    sign_in(client, complaint, email)
    page = _page(client)
    assert f'<h2 class="govuk-heading-m" id="your-complaint">{heading}</h2>' in page
    assert "What Rita Resident told us" not in page
    if email == "rita@example.org":
        assert "What you told us" not in page


def test_2024_3_6_5_12_the_representative_who_made_it_is_named_after_they_stop_acting(
    client, answers
) -> None:
    """Who made the complaint is what happened at receipt: a representative who no longer acts for
    the resident still made it, and one added later did not."""
    from putright.workspace import records

    answers.update(REPRESENTATIVE)
    complaint = sent(client, answers)
    records.end_representative(complaint=complaint, actor=None, reason="The resident withdrew consent")
    records.add_representative(
        complaint=complaint,
        actor=None,
        name="Eve Advocate",
        relationship="Advocate",
        contact="eve@example.org",
        consent_evidence="Signed form",
        reason="The resident chose an advocate",
    )
    sign_in(client, complaint, "rita@example.org")
    assert '<h2 class="govuk-heading-m" id="your-complaint">What Dan Resident told us</h2>' in _page(client)
