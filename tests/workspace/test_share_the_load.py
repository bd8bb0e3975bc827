"""Sharing the load: workload beside each name when allocating and on the team page; moving a
handler's open complaints one by one through allocate_handler, so 2024 6.13 still refuses a stage 2
complaint to someone who considered stage 1; each person's work today as their landing page."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone
from workspace.conftest import PASSWORD, Make, working_days_ago

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.complaints.models import Complaint


def test_allocate_form_shows_each_handlers_open_due_this_week_and_overdue(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    make(handler=staff["hugo"])
    make(handler=staff["hugo"], received_on=working_days_ago(15))  # acknowledged, response overdue
    waiting = make("complaint")
    client.force_login(staff["officer"])
    html = client.get(f"/workspace/complaints/{waiting.reference}/allocate-handler/").content.decode()
    assert "Hugo Hughes (Complaint handler): 2 open, " in html and "1 overdue" in html
    assert "Sian Singh (Complaint handler): no open complaints" in html
    team = client.get("/workspace/team/").content.decode()
    assert "Due this week" in team


def test_2024_6_13_bulk_reassignment_moves_each_complaint_and_reports_those_refused(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    hana, hugo, officer = staff["hana"], staff["hugo"], staff["officer"]
    stage_1 = make(handler=hugo)
    other = make(handler=hugo)
    # stage 2 complaint: Hana considered stage 1, Hugo has stage 2
    escalated = make("stage_1_responded", handler=hana)
    escalated = services.request_escalation(complaint=escalated, actor=officer)
    escalated = services.allocate_handler(complaint=escalated, actor=officer, handler=hugo)
    client.force_login(officer)
    response = client.post(
        "/workspace/team/reassign/",
        {"from_handler": hugo.pk, "to_handler": hana.pk, "reason": "Hugo on leave until Monday"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 complaints reassigned" in html
    assert Complaint.objects.get(pk=stage_1.pk).handler == hana
    assert Complaint.objects.get(pk=other.pk).handler == hana
    assert Complaint.objects.get(pk=escalated.pk).handler == hugo  # refused, stays with Hugo
    refused = html.split('id="refused"')[1]
    assert escalated.reference in refused and "2024 6.13" in refused
    # the names' counts are the ones after the move (the page said the counts before it)
    assert "Hana Hussain (2 open, " in html and "Hugo Hughes (1 open, " in html


def test_a_complaint_that_cannot_move_says_where_it_stands_in_words(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """A responded complaint stays with who considered its stage: the refusal said "in state
    stage_1_responded" (found in a browser walk)."""
    hugo, hana, officer = staff["hugo"], staff["hana"], staff["officer"]
    responded = make("stage_1_responded", handler=hugo)
    client.force_login(officer)
    html = client.post(
        "/workspace/team/reassign/",
        {"from_handler": hugo.pk, "to_handler": hana.pk, "reason": "Hugo on leave until Monday"},
    ).content.decode()
    refused = html.split('id="refused"')[1]
    assert responded.reference in refused
    assert "at stage 1, its response sent" in refused
    assert "in state stage_1_responded" not in refused


def test_only_those_who_allocate_may_reassign(client: Client, staff: dict[str, User]) -> None:
    client.force_login(staff["hana"])
    assert client.get("/workspace/team/reassign/").status_code == 403
    client.force_login(staff["board"])
    assert client.get("/workspace/team/reassign/").status_code == 403


@services.recording_as_it_happened()  # steps dated days ago, recorded on their day
def test_my_work_today_lists_overdue_due_this_week_updates_owed_remedies_and_actions(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    hana = staff["hana"]
    late = make(handler=hana, received_on=working_days_ago(12), name="Late Resident")
    informed = make(handler=hana, received_on=working_days_ago(12), name="Informed Resident")
    services.agree_update_interval(
        complaint=informed,
        actor=hana,
        every_working_days=5,
        method="email",
        on=working_days_ago(8),
    )
    today = timezone.localdate()
    services.agree_remedy(
        complaint=late,
        actor=hana,
        remedy_kind="apology",
        description="Written apology",
        due=today,
        agreed_with_resident=True,
    )
    services.add_outstanding_action(
        complaint=late, actor=hana, description="Replace the fan", owner="Repairs", due=today
    )
    client.force_login(hana)
    html = client.get("/workspace/today/").content.decode()
    overdue = html.split('id="overdue"')[1].split('id="due"')[0]
    assert late.reference in overdue
    updates = html.split('id="updates"')[1].split('id="remedies"')[0]
    assert informed.reference in updates and "Every 5 working days" in updates
    assert late.reference not in updates  # no interval agreed: nothing owed under 5.9
    remedies = html.split('id="remedies"')[1]
    assert "Written apology" in remedies and "Replace the fan" in remedies
    # the figure above the lists counts both (it said 0 above five late items: a browser walk)
    figure = html.split('href="#remedies"')[1].split("</a>")[0]
    assert '<span class="putright-figure">2</span> remedies and actions due' in figure


@services.recording_as_it_happened()  # steps dated days ago, recorded on their day
def test_2024_5_9_an_update_sent_resets_the_interval(staff: dict[str, User], make: Make) -> None:
    from putright.code.calendar import england_and_wales
    from putright.workspace.workload import updates_owed

    hana = staff["hana"]
    complaint = make(handler=hana, received_on=working_days_ago(12))
    services.agree_update_interval(
        complaint=complaint, actor=hana, every_working_days=5, method="email", on=working_days_ago(8)
    )
    calendar = england_and_wales()
    assert updates_owed([complaint], today=timezone.localdate(), calendar=calendar)
    services.record_correspondence(
        complaint=complaint,
        actor=hana,
        direction="out",
        channel="email",
        subject="Update",
        body="Still working on it",
    )
    assert not updates_owed([complaint], today=timezone.localdate(), calendar=calendar)


def test_signing_in_lands_on_my_work_today_and_the_mrc_and_board_on_governance(
    client: Client, staff: dict[str, User]
) -> None:
    response = client.post("/sign-in/", {"username": "hana", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/workspace/today/"
    assert "My work today" in response.content.decode()
    client.post("/sign-out/")
    User.objects.create_user("mo", password=PASSWORD, role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS)
    for username in ("bea", "mo"):
        response = client.post("/sign-in/", {"username": username, "password": PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == "/governance/"  # signing in lands by role
        assert client.get("/workspace/start/")["Location"] == "/governance/"
        client.post("/sign-out/")
