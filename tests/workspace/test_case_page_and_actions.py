"""The case page and its actions: only the next allowed steps are offered, every step calls the
service, and a refusal from the core is shown in an error summary citing the provision, with
nothing lost from the form. Tests are named after the provision they protect."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from letter_emails import send_queued_letter_emails
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.code.calendar import england_and_wales
from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent


def _page(client: Client, user: User, complaint: Complaint, slug: str = "") -> str:
    client.force_login(user)
    url = f"/workspace/complaints/{complaint.reference}/" + (f"{slug}/" if slug else "")
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _post(client: Client, user: User, complaint: Complaint, slug: str, data: dict[str, Any]) -> Any:
    client.force_login(user)
    return client.post(
        f"/workspace/complaints/{complaint.reference}/{slug}/",
        {"on": timezone.localdate().isoformat(), **data},
    )


def _issue_the_letter(client: Client, user: User, response: Any, complaint: Complaint) -> Any:
    """A step the resident must be told of was recorded: the workspace sent the handler to its
    letter, written from what they entered. Issue it, and its email is sent: only then does the
    step count."""
    assert response.status_code == 302
    assert "/letters/" in response["Location"] and "/drafts/" in response["Location"]
    assert _refresh(complaint).not_yet_sent
    client.force_login(user)
    page = client.get(response["Location"])
    assert page.status_code == 200
    banner = page.content.decode().split('govuk-notification-banner__title"', 1)[1].split("</h2>", 1)[0]
    assert "Done" not in banner and "Important" in banner  # nothing has reached the resident yet
    body = page.context["form"]["body"].value()
    title = page.context["form"]["title"].value()
    issued = client.post(response["Location"], {"title": title, "body": body, "action": "issue"})
    assert issued.status_code == 302, re.findall(
        r"govuk-error-summary__list.*?</ul>", issued.content.decode(), re.S
    )
    if complaint.resident.email:
        # emailed: it counts from the day the email is sent (2024 5.12), not when it is queued
        assert _refresh(complaint).not_yet_sent
        assert send_queued_letter_emails() == 1
    assert not _refresh(complaint).not_yet_sent
    return issued


def _summary(html: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def _refresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.get(pk=complaint.pk)


def test_case_page_shows_each_deadline_with_its_provision_in_working_days(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    received = working_days_ago(7)
    complaint = make(received_on=received)
    due = england_and_wales().add_working_days(received, 10)
    html = _page(client, staff["hana"], complaint)
    assert (
        f"Stage 1 response due {due.day} {due:%B %Y}</strong> (2024 6.3) — <strong>due in 3 working days"
        in html
    )
    assert "Stage 1 acknowledgement" in html and "(2024 6.2)" not in html.split("Deadlines")[0]
    assert "2024 6.2" in html  # the acknowledgement deadline, done
    assert "The bathroom mould has come back" in html  # the complaint definition (5.6)
    assert "Full record (2024 5.12)" in html and "Handler allocated" in html


def test_only_the_next_allowed_actions_are_offered(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("stage_1_acknowledged")
    html = _page(client, staff["hana"], complaint)
    steps = html.split('id="next-steps"')[1].split("</div>")[0]
    for offered in ("Send the stage response", "Extend the response deadline", "Record a remedy"):
        assert offered in steps
    for not_offered in (
        "Acknowledge and define",
        "Escalate to stage 2",
        "Close the complaint",
        "Accept as a complaint",
    ):
        assert not_offered not in steps
    # a step that is not open is refused, and nothing is recorded
    response = _post(client, staff["hana"], complaint, "close", {"reason": "done"})
    assert response.status_code == 409
    assert _refresh(complaint).state == "stage_1_acknowledged"


def test_governing_body_sees_no_case_record_and_cannot_act(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The governing body reads figures and anonymised summaries on the governance pages; the case
    record, with the resident's personal and health details, is for the people who handle it."""
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["board"])
    assert client.get(f"/workspace/complaints/{complaint.reference}/").status_code == 404
    assert _post(client, staff["board"], complaint, "respond", {}).status_code == 404


def test_2024_5_6_5_7_acknowledgement_captures_the_definition_in_the_residents_terms(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("complaint", handler=staff["hana"])
    response = _post(
        client,
        staff["hana"],
        complaint,
        "acknowledge",
        {"complaint_definition": "Damp in the bedroom is making my son ill.", "outcomes_sought": ""},
    )
    html = response.content.decode()
    assert "2024 5.6" in _summary(html)
    assert "Damp in the bedroom is making my son ill." in html  # nothing lost
    response = _post(
        client,
        staff["hana"],
        complaint,
        "acknowledge",
        {
            "complaint_definition": "Damp in the bedroom is making my son ill.",
            "outcomes_sought": "Fix the damp and check the ventilation.",
            "responsible_for": "The repair and ventilation.",
            "not_responsible_for": "The neighbour's leaking gutter (the freeholder's).",
        },
    )
    assert _refresh(complaint).state == "complaint"  # recorded, not yet sent: 6.2 not met
    _issue_the_letter(client, staff["hana"], response, complaint)
    complaint = _refresh(complaint)
    assert complaint.state == "stage_1_acknowledged"
    html = _page(client, staff["hana"], complaint)
    assert "The neighbour&#x27;s leaking gutter" in html


def test_2024_6_5_extension_needs_the_ombudsman_details(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    response = _post(
        client,
        staff["hana"],
        complaint,
        "extend",
        {"working_days": "5", "reason": "The surveyor is off sick."},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "2024 6.5" in _summary(html)
    assert 'href="#id_ombudsman_details_given"' in _summary(html)
    assert "The surveyor is off sick." in html and 'value="5"' in html
    assert _refresh(complaint).current_due == complaint.current_due


def test_2024_6_4_extension_over_10_working_days_needs_a_good_reason(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make()
    data = {"working_days": "12", "reason": "Specialist survey needed.", "ombudsman_details_given": "on"}
    html = _post(client, staff["hana"], complaint, "extend", data).content.decode()
    assert "2024 6.4" in _summary(html)
    response = _post(
        client, staff["hana"], complaint, "extend", {**data, "good_reason": "Asbestos survey first."}
    )
    _issue_the_letter(client, staff["hana"], response, complaint)
    assert _refresh(complaint).current_due == england_and_wales().add_working_days(complaint.current_due, 12)


def test_2024_5_9_update_interval_when_the_response_will_be_late(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    html = _post(
        client, staff["hana"], complaint, "agree-update-interval", {"every_working_days": "5"}
    ).content.decode()
    assert "2024 5.9" in _summary(html)
    response = _post(
        client,
        staff["hana"],
        complaint,
        "agree-update-interval",
        {"every_working_days": "5", "method": "Phone call"},
    )
    assert response.status_code == 302
    assert "kept informed every 5 working days (2024 5.9)" in _page(client, staff["hana"], complaint)


RESPONSE = {
    "outcome": "upheld",
    "complaint_stage": "Stage 1",
    "complaint_definition": "The mould has come back.",
    "decision": "We uphold your complaint.",
    "reasons": "The fan was never replaced.",
    "remedy": "An apology and a new fan.",
    "outstanding_actions": "Fit the fan by 30 May.",
    "escalation_route": "Ask us to escalate to stage 2 within 20 working days.",
}


def test_2024_6_9_g_missing_escalation_details_is_refused_citing_the_item(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    response = _post(client, staff["hana"], complaint, "respond", {**RESPONSE, "escalation_route": ""})
    html = response.content.decode()
    summary = _summary(html)
    assert "2024 6.9 g" in summary
    assert 'href="#id_escalation_route"' in summary
    for value in ("We uphold your complaint.", "The fan was never replaced.", "Fit the fan by 30 May."):
        assert value in html  # nothing lost
    assert _refresh(complaint).state == "stage_1_acknowledged"


def test_2024_6_9_c_d_each_missing_item_is_listed(client: Client, staff: dict[str, User], make: Make) -> None:
    complaint = make()
    html = _post(
        client, staff["hana"], complaint, "respond", {**RESPONSE, "decision": "", "reasons": ""}
    ).content.decode()
    summary = _summary(html)
    assert "2024 6.9 c" in summary and "2024 6.9 d" in summary


def test_2024_6_12_escalation_on_the_residents_behalf_needs_no_reason(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("stage_1_responded")
    html = _page(client, staff["hana"], complaint, "request-escalation")
    assert "does not have to give a reason (2024 6.12)" in html
    response = _post(client, staff["hana"], complaint, "request-escalation", {"reason": ""})
    assert response.status_code == 302
    assert _refresh(complaint).state == "escalation_requested"


def test_2024_6_13_the_stage_1_handler_is_not_offered_at_stage_2(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("escalation_requested", handler=staff["hana"])
    html = _page(client, staff["officer"], complaint, "allocate-handler")
    options = re.findall(r'<option value="(\d*)"', html)
    assert str(staff["hana"].pk) not in options
    assert str(staff["hugo"].pk) in options and str(staff["sian"].pk) in options
    # a crafted request for the stage 1 handler is refused by the core, citing 6.13
    response = _post(
        client, staff["officer"], complaint, "allocate-handler", {"handler": str(staff["hana"].pk)}
    )
    assert "2024 6.13" in _summary(response.content.decode())
    response = _post(
        client, staff["officer"], complaint, "allocate-handler", {"handler": str(staff["hugo"].pk)}
    )
    assert response.status_code == 302
    assert _refresh(complaint).handler_id == staff["hugo"].pk


def test_2024_6_13_handlers_cannot_allocate(client: Client, staff: dict[str, User], make: Make) -> None:
    complaint = make("escalation_requested", handler=staff["hana"])
    response = _post(client, staff["hugo"], complaint, "allocate-handler", {"handler": str(staff["hugo"].pk)})
    assert response.status_code == 403


def test_2024_7_3_remedy_needs_what_and_by_when(client: Client, staff: dict[str, User], make: Make) -> None:
    complaint = make()
    html = _post(
        client,
        staff["hana"],
        complaint,
        "agree-remedy",
        {"remedy_kind": "financial", "description": "£75 for the delay", "amount": "75"},
    ).content.decode()
    assert "2024 7.3" in _summary(html) and "£75 for the delay" in html
    due = timezone.localdate().replace(day=28) if timezone.localdate().day < 28 else timezone.localdate()
    response = _post(
        client,
        staff["hana"],
        complaint,
        "agree-remedy",
        {
            "remedy_kind": "financial",
            "description": "£75 for the delay",
            "amount": "75",
            "due": due.isoformat(),
        },
    )
    assert response.status_code == 302
    # its sum once: the description gives it (2024 7.3; "(£75.00)" after it was the defect)
    assert "1. £75 for the delay, due " in _page(client, staff["hana"], complaint)


def test_2024_2_4_decline_needs_the_right_to_go_to_the_ombudsman(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("received")
    data = {
        "ground": "previously_considered",
        "explanation": "We answered this complaint in full in January.",
        "considered_on_merits": "Nothing new has happened since.",
    }
    html = _post(client, staff["officer"], complaint, "decline", data).content.decode()
    assert "2024 2.4" in _summary(html)
    response = _post(
        client, staff["officer"], complaint, "decline", {**data, "right_to_ombudsman_given": "on"}
    )
    assert _refresh(complaint).state == "received"
    _issue_the_letter(client, staff["officer"], response, complaint)
    assert _refresh(complaint).state == "declined"


def test_2024_1_4_service_request_and_closing_after_the_response(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    contact = make("received")
    response = _post(
        client,
        staff["officer"],
        contact,
        "triage-as-service-request",
        {"reason": "A first report of a dripping tap."},
    )
    assert response.status_code == 302 and _refresh(contact).state == "service_request"
    responded = make("stage_1_responded")
    response = _post(client, staff["hana"], responded, "close", {"reason": "Resident satisfied"})
    assert response.status_code == 302 and _refresh(responded).state == "closed"


def test_outstanding_actions_are_added_and_completed(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("stage_1_responded")
    due = england_and_wales().add_working_days(timezone.localdate(), 10).isoformat()
    response = _post(
        client,
        staff["hana"],
        complaint,
        "add-outstanding-action",
        {"description": "Replace the fan", "owner": "Repairs", "due": due},
    )
    assert response.status_code == 302
    html = _page(client, staff["hana"], complaint, "complete-outstanding-action")
    assert "Replace the fan" in html
    response = _post(
        client, staff["hana"], complaint, "complete-outstanding-action", {"number": "1", "note": "Fitted"}
    )
    assert response.status_code == 302
    assert "done " in _page(client, staff["hana"], complaint).split("Outstanding actions")[1]


def test_2024_5_12_back_dated_future_and_late_extension_steps_are_form_errors_and_nothing_recorded(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """Through the workspace, as through the API: a step dated in the future, or more than 2 working
    days ago without a reason, or an extension told after the response was due, is refused on the
    form with the provision, and nothing is recorded (issue 11)."""
    complaint = make(received_on=working_days_ago(10))
    events = complaint.events.count()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    html = _post(
        client,
        staff["hana"],
        complaint,
        "agree-update-interval",
        {"every_working_days": "5", "method": "Email", "on": tomorrow},
    ).content.decode()
    # refused on the form before the core, in GOV.UK words: no provision is about a day to come
    assert "Date it happened must be today or in the past" in _summary(html) and "5.12" not in _summary(html)
    five_ago = working_days_ago(5).isoformat()
    html = _post(
        client,
        staff["hana"],
        complaint,
        "agree-update-interval",
        {"every_working_days": "5", "method": "Email", "on": five_ago},
    ).content.decode()
    assert "2024 5.12" in _summary(html) and "recorded late" in _summary(html)
    assert 'href="#id_late_reason"' in _summary(html)  # the error is on the reason's field
    assert complaint.events.count() == events
    response = _post(
        client,
        staff["hana"],
        complaint,
        "agree-update-interval",
        {
            "every_working_days": "5",
            "method": "Email",
            "on": five_ago,
            "late_reason": "Agreed on a call; system down",
        },
    )
    assert response.status_code == 302 and complaint.events.count() == events + 1
    assert "Recorded late" in _page(client, staff["hana"], complaint)


def test_2024_6_4_an_extension_sent_after_the_response_was_due_is_refused_on_the_form(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make(received_on=working_days_ago(25))
    assert complaint.current_due is not None and complaint.current_due < timezone.localdate()
    events = complaint.events.count()
    html = _post(
        client,
        staff["hana"],
        complaint,
        "extend",
        {"working_days": "5", "reason": "Survey needed.", "ombudsman_details_given": "on"},
    ).content.decode()
    assert "2024 6.4" in _summary(html) and "on or before the day the response is due" in _summary(html)
    assert complaint.events.count() == events
    assert not _refresh(complaint).not_yet_sent


def test_2024_7_3_a_remedy_form_sent_twice_records_one_remedy(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The browser's Back then Send (or the same form from two tabs) recorded the remedy twice, and a
    remedy cannot be withdrawn. Found walking the workspace in Chromium."""
    complaint = make()
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/agree-remedy/").content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    assert seen
    due = timezone.localdate() + timedelta(days=10)
    form = {
        "remedy_kind": "financial",
        "description": "£80 for the delay",
        "amount": "80",
        "due": due.isoformat(),
        "seen": seen.group(1),
    }
    assert _post(client, staff["hana"], complaint, "agree-remedy", form).status_code == 302
    again = _post(client, staff["hana"], complaint, "agree-remedy", form)
    assert again.status_code == 422
    html = again.content.decode()
    assert "changed after you opened this page" in html and "£80 for the delay" in html
    remedies = [e for e in ComplaintEvent.objects.filter(complaint=complaint) if e.kind == "remedy_agreed"]
    assert len(remedies) == 1
    # sent once more from the page that said so (it now carries where the history stands): recorded
    now = re.search(r'name="seen" value="([^"]+)"', html)
    assert now and now.group(1) != seen.group(1)
    assert (
        _post(client, staff["hana"], complaint, "agree-remedy", {**form, "seen": now.group(1)}).status_code
        == 302
    )
    remedies = [e for e in ComplaintEvent.objects.filter(complaint=complaint) if e.kind == "remedy_agreed"]
    assert len(remedies) == 2


@pytest.mark.django_db(transaction=True)
def test_2024_7_3_the_same_remedy_form_sent_twice_at_once_records_one_remedy(
    staff: dict[str, User], make: Make
) -> None:
    """A double POST at the same moment: the second waits on the complaint's row lock, then finds
    the history moved on. PostgreSQL only (the tests' SQLite is one shared in-memory cache)."""
    from at_once import at_once, needs_postgresql

    needs_postgresql()
    complaint = make()
    first = Client()
    first.force_login(staff["hana"])
    page = first.get(f"/workspace/complaints/{complaint.reference}/agree-remedy/").content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    assert seen
    form = {
        "on": timezone.localdate().isoformat(),
        "remedy_kind": "financial",
        "description": "£50 for the delay",
        "amount": "50",
        "due": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "seen": seen.group(1),
    }

    def send() -> int:
        client = Client()
        client.force_login(staff["hana"])
        return client.post(f"/workspace/complaints/{complaint.reference}/agree-remedy/", form).status_code

    codes = at_once(send)
    assert sorted(codes) == [302, 422], codes
    assert ComplaintEvent.objects.filter(complaint=complaint, kind="remedy_agreed").count() == 1


def _seen(client: Client, user: User, complaint: Complaint, slug: str) -> tuple[str, str]:
    client.force_login(user)
    page = client.get(f"/workspace/complaints/{complaint.reference}/{slug}/").content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page)
    assert seen
    return page, seen.group(1)


def test_2024_7_3_a_remedy_recorded_in_error_is_withdrawn_with_its_reason_and_stays_on_the_record(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    for description in ("£80 for the delay", "£80 for the delay (again)"):
        services.agree_remedy(
            complaint=complaint,
            actor=staff["hana"],
            remedy_kind="financial",
            description=description,
            due=timezone.localdate() + timedelta(days=10),
            agreed_with_resident=False,
            amount_pence=8000,
        )
    page, seen = _seen(client, staff["hana"], complaint, "withdraw-remedy")
    assert "Recorded in error" in page and "Declined by the resident" in page and "2024 7.3" in page
    # nothing chosen, no reason: a clear error each, nothing recorded
    refused = _post(client, staff["hana"], complaint, "withdraw-remedy", {"seen": seen})
    html = refused.content.decode()
    assert refused.status_code == 422
    assert "Choose which one" in html and "Choose why the remedy will not be carried out" in html
    assert "Enter what happened" in html
    done = _post(
        client,
        staff["hana"],
        complaint,
        "withdraw-remedy",
        {"seen": seen, "number": "2", "ground": "recorded_in_error", "reason": "Recorded twice from Back"},
    )
    assert done.status_code == 302
    remedy = complaint.remedies.get(number=2)
    assert remedy.withdrawn_on == timezone.localdate() and remedy.completed_on is None
    assert (remedy.withdrawn_ground, remedy.withdrawn_reason) == (
        "recorded_in_error",
        "Recorded twice from Back",
    )
    case_page = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "withdrawn" in case_page and "Recorded in error: Recorded twice from Back" in case_page
    # only remedy 1 is offered to complete or withdraw now
    page, _ = _seen(client, staff["hana"], complaint, "complete-remedy")
    assert "£80 for the delay (again)" not in page and "£80 for the delay" in page
    event = ComplaintEvent.objects.filter(complaint=complaint).order_by("-sequence").first()
    assert event is not None and event.kind == "remedy_withdrawn"


def test_2024_7_3_a_withdrawn_remedy_cannot_then_be_recorded_as_done(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    services.agree_remedy(
        complaint=complaint,
        actor=staff["hana"],
        remedy_kind="apology",
        description="A written apology",
        due=timezone.localdate() + timedelta(days=10),
        agreed_with_resident=True,
    )
    services.withdraw_remedy(
        complaint=complaint, actor=staff["hana"], number=1, ground="replaced", reason="Replaced by a visit"
    )
    _, seen = _seen(client, staff["hana"], complaint, "agree-remedy")
    response = _post(
        client, staff["hana"], complaint, "complete-remedy", {"seen": seen, "number": "1", "evidence": "x"}
    )
    assert response.status_code == 409  # no remedy is left to record as done: the step is not open
    assert complaint.remedies.get(number=1).completed_on is None


def test_2024_6_2_the_timeline_cites_the_acknowledgement_and_says_the_response_date_it_set(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The acknowledgement's line read "Acknowledged (2024 6.3)": the response's timescale, not the
    acknowledgement's. It cites 6.2 and says the response date with 6.3."""
    complaint = make("stage_1_acknowledged")
    due = Complaint.objects.get(pk=complaint.pk).current_due
    html = _page(client, staff["hana"], complaint)
    line = html.split(">Acknowledged", 1)[1].split("</li>", 1)[0]
    assert "2024 6.2" in line and "2024 6.3" not in line.split("Response due", 1)[0]
    assert f"Response due {due.day} {due:%B %Y} (2024 6.3)" in line
