"""2024 5.12 and 6.2 at every door: the complaints officer (or a manager, or an administrator) puts
right a day received recorded wrongly; the record keeps the day it replaces with the reason and
who did it, the acknowledgement date follows, and a handler, whose clock the day sets, cannot move
it. A refusal records nothing and keeps what was typed."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.accounts.services import create_api_token
from putright.code.calendar import england_and_wales
from putright.code.errors import CodeViolation, InvalidRequest
from putright.complaints import services
from putright.complaints.models import Complaint, ComplaintEvent, Stage

SLUG = "correct-received-date"
REASON = "The email is dated that day; it sat in a shared mailbox."


def _url(complaint: Complaint, slug: str = "") -> str:
    return f"/workspace/complaints/{complaint.reference}/" + (f"{slug}/" if slug else "")


def _post(client: Client, user: User, complaint: Complaint, day: date | str, reason: str = REASON) -> Any:
    client.force_login(user)
    value = day.isoformat() if isinstance(day, date) else day
    return client.post(_url(complaint, SLUG), {"received_on": value, "reason": reason})


def _events(complaint: Complaint) -> int:
    return ComplaintEvent.objects.filter(complaint=complaint).count()


def _ack_due(day: date) -> date:
    return england_and_wales().add_working_days(day, 5)


def test_2024_6_2_the_officer_corrects_the_day_and_the_acknowledgement_date_follows(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint", received_on=working_days_ago(1))
    earlier = working_days_ago(4)
    client.force_login(staff["officer"])
    case_page = client.get(_url(complaint)).content.decode()
    assert f'href="{_url(complaint, SLUG)}"' in case_page
    form = client.get(_url(complaint, SLUG))
    assert form.status_code == 200
    assert "Correct the day the complaint was received" in form.content.decode()

    response = _post(client, staff["officer"], complaint, earlier)
    assert response.status_code == 302, response.content.decode()[:3000]
    complaint.refresh_from_db()
    assert complaint.received_on == complaint.contact_received_on == earlier
    assert complaint.current_due == _ack_due(earlier)
    assert Stage.objects.get(complaint=complaint, number=1).acknowledgement_due == _ack_due(earlier)
    event = ComplaintEvent.objects.filter(complaint=complaint).latest("sequence")
    assert event.kind == "received_date_corrected"
    assert event.actor == staff["officer"] and event.provision == "2024 5.12"
    assert event.on == timezone.localdate()

    page = client.get(_url(complaint)).content.decode()
    said = f"Received on {earlier:%-d %B %Y}, not {working_days_ago(1):%-d %B %Y} as recorded until then."
    assert said in page
    assert f"Acknowledgement now due {_ack_due(earlier):%-d %B %Y}." in page
    assert f"How we know: {REASON}" in page
    # the summary under the heading says the day was corrected, and from which day
    assert f"received {earlier:%-d %B %Y} (corrected from {working_days_ago(1):%-d %B %Y}" in page


def test_2024_5_12_a_handler_cannot_move_the_day_that_sets_their_clock(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint", handler=staff["hana"], received_on=working_days_ago(1))
    client.force_login(staff["hana"])
    assert client.get(_url(complaint)).status_code == 200
    assert _url(complaint, SLUG) not in client.get(_url(complaint)).content.decode()
    assert client.get(_url(complaint, SLUG)).status_code == 403
    before = _events(complaint)
    assert _post(client, staff["hana"], complaint, working_days_ago(3)).status_code == 403
    assert _events(complaint) == before
    # the service refuses them whatever the door
    with pytest.raises(InvalidRequest):
        services.correct_received_date(
            complaint=complaint, actor=staff["hana"], received_on=working_days_ago(3), reason=REASON
        )
    # a manager may
    assert _post(client, staff["manager"], complaint, working_days_ago(3)).status_code == 302


def test_2024_5_12_a_later_day_than_the_record_shows_is_refused_on_the_form_and_nothing_is_lost(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    received = working_days_ago(3)
    complaint = make("complaint", received_on=received)  # accepted the day it was received
    before = _events(complaint)
    response = _post(client, staff["officer"], complaint, working_days_ago(1))
    assert response.status_code == 422
    page = response.content.decode()
    assert "so the day it was received must be on or before then" in page
    assert "2024 5.12" in page
    assert 'href="#id_received_on"' in page  # the error summary links to the field
    assert REASON in page  # what was typed is kept
    assert _events(complaint) == before
    complaint.refresh_from_db()
    assert complaint.received_on == received


def test_2024_5_12_the_reason_is_asked_for_and_a_bad_date_explained(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint", received_on=working_days_ago(1))
    before = _events(complaint)
    response = _post(client, staff["officer"], complaint, working_days_ago(2), reason="")
    assert response.status_code == 422
    assert "Enter how you know the day it was received" in response.content.decode()
    response = _post(client, staff["officer"], complaint, "2026-02-30")
    assert response.status_code == 422
    assert "must be a real date" in response.content.decode()
    assert _events(complaint) == before


def test_2024_5_12_not_later_than_the_day_putright_recorded_it(staff: dict[str, User], make: Make) -> None:
    """Logged today as received three working days ago, a contact not yet triaged can be corrected to
    any day up to today, and no later."""
    received = make("received", received_on=working_days_ago(3))
    complaint = services.receive_complaint(  # logged today, as received three working days ago
        resident=received.resident,
        summary="I rang on Monday about the mould and nobody called back.",
        channel="telephone",
        received_on=working_days_ago(3),
        actor=staff["officer"],
    )
    with pytest.raises(CodeViolation) as refused:
        services.correct_received_date(
            complaint=complaint,
            actor=staff["officer"],
            received_on=date.fromordinal(timezone.localdate().toordinal() + 1),
            reason=REASON,
        )
    assert refused.value.provision == "2024 5.12"
    corrected = services.correct_received_date(
        complaint=complaint, actor=staff["officer"], received_on=working_days_ago(1), reason=REASON
    )
    assert corrected.received_on == working_days_ago(1)
    accepted = services.accept_as_complaint(complaint=corrected, actor=staff["officer"])
    assert accepted.current_due == _ack_due(working_days_ago(1))


def test_api_the_officer_corrects_and_a_handler_is_refused(staff: dict[str, User], make: Make) -> None:
    complaint = make("complaint", handler=staff["hana"], received_on=working_days_ago(1))
    path = f"/api/v1/complaints/{complaint.reference}/correct-received-date"

    def post(user: User, body: dict[str, Any]) -> Any:
        token = create_api_token(user, name="test")[0]
        return Client().post(
            path, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    earlier = working_days_ago(2)
    before = _events(complaint)
    refused = post(staff["hana"], {"received_on": earlier.isoformat(), "reason": REASON})
    assert refused.status_code == 403
    assert "2024 5.12" in refused.json()["detail"]
    assert post(staff["officer"], {"received_on": earlier.isoformat(), "reason": ""}).status_code == 422
    later = post(staff["officer"], {"received_on": timezone.localdate().isoformat(), "reason": REASON})
    assert later.status_code == 422
    assert later.json()["provision"] == "2024 5.12"
    assert _events(complaint) == before
    done = post(staff["officer"], {"received_on": earlier.isoformat(), "reason": REASON})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["received_on"] == earlier.isoformat()
    assert body["deadline"]["due"] == _ack_due(earlier).isoformat()
    [entry] = [e for e in body["timeline"] if e.get("kind") == "received_date_corrected"]
    assert entry["provision"] == "2024 5.12"


def test_the_projection_written_live_is_the_one_rebuilt_from_the_events(
    staff: dict[str, User], make: Make
) -> None:
    """What the correction wrote step by step (``project_change``) is what the events give again."""
    complaint = make("stage_1_acknowledged", received_on=working_days_ago(2))
    services.correct_received_date(
        complaint=complaint, actor=staff["officer"], received_on=working_days_ago(6), reason=REASON
    )

    def seen() -> tuple[Any, ...]:
        row = Complaint.objects.values(
            "received_on", "contact_received_on", "received_first_recorded", "current_due", "state"
        ).get(pk=complaint.pk)
        stages = list(Stage.objects.filter(complaint=complaint).values().order_by("number"))
        for stage in stages:
            stage.pop("id")
        return row, stages

    live = seen()
    assert live[0]["received_on"] == working_days_ago(6)
    assert live[0]["received_first_recorded"] == working_days_ago(2)
    assert live[1][0]["acknowledgement_due"] == _ack_due(working_days_ago(6))
    Stage.objects.filter(complaint=complaint).delete()
    Complaint.objects.filter(pk=complaint.pk).update(
        received_on=working_days_ago(2), received_first_recorded=None, current_due=None
    )
    services.rebuild_projections()
    assert seen() == live


def test_2024_6_2_a_day_that_makes_the_acknowledgement_late_is_asked_about_once(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """A year typed wrongly (2023 for 2026) is the usual slip: the form asks before recording a day
    that makes the acknowledgement late, and records it as typed once confirmed (never refused)."""
    complaint = make("stage_1_acknowledged", received_on=working_days_ago(2))
    client.force_login(staff["officer"])
    form = client.get(_url(complaint, SLUG)).content.decode()
    assert f"Recorded now as {working_days_ago(2):%-d %B %Y}." in form
    assert "The day received is right" not in form  # asked only when it matters
    slip = date(2023, working_days_ago(2).month, working_days_ago(2).day)
    before = _events(complaint)
    response = _post(client, staff["officer"], complaint, slip)
    assert response.status_code == 422
    page = response.content.decode()
    assert f"Received on {slip:%-d %B %Y}?" in page
    assert f"the acknowledgement, sent on {working_days_ago(2):%-d %B %Y}, is late" in page
    assert "The day received is right" in page and REASON in page
    assert _events(complaint) == before
    # a day that keeps the acknowledgement on time is not asked about
    assert _post(client, staff["officer"], complaint, working_days_ago(3)).status_code == 302
    # confirmed, a genuinely late day is recorded as typed
    client.force_login(staff["officer"])
    confirmed = client.post(
        _url(complaint, SLUG),
        {"received_on": working_days_ago(9).isoformat(), "reason": REASON, "received_on_confirmed": "on"},
    )
    assert confirmed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.received_on == working_days_ago(9)


def test_the_migration_fills_the_day_first_recorded_from_the_history(
    staff: dict[str, User], make: Make
) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("putright.complaints.migrations.0012_received_first_recorded")
    complaint = make("complaint", received_on=working_days_ago(1))
    services.correct_received_date(
        complaint=complaint, actor=staff["officer"], received_on=working_days_ago(3), reason=REASON
    )
    services.correct_received_date(
        complaint=complaint, actor=staff["manager"], received_on=working_days_ago(2), reason=REASON
    )
    Complaint.objects.update(received_first_recorded=None)
    migration.fill_from_history(apps, None)
    complaint.refresh_from_db()
    assert complaint.received_first_recorded == working_days_ago(1)


def test_2024_6_2_no_question_when_the_acknowledgement_is_late_by_the_day_recorded_now_too(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make("complaint", received_on=working_days_ago(12))
    response = _post(client, staff["officer"], complaint, working_days_ago(14))
    assert response.status_code == 302  # late already: the correction tells nobody anything new


def test_2024_6_2_whoever_moved_the_day_later_is_not_offered_as_the_stage_1_handler(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """Found in a browser walk: the allocate form listed the officer who had moved the day later, and
    refused them only once chosen."""
    received = make("received", received_on=working_days_ago(3))
    complaint = services.receive_complaint(  # logged today as received three working days ago
        resident=received.resident,
        summary="The heating is off again.",
        channel="telephone",
        received_on=working_days_ago(3),
        actor=staff["officer"],
    )
    complaint = services.correct_received_date(
        complaint=complaint, actor=staff["officer"], received_on=working_days_ago(1), reason=REASON
    )
    complaint = services.accept_as_complaint(complaint=complaint, actor=staff["manager"])
    client.force_login(staff["manager"])
    page = client.get(_url(complaint, "allocate-handler")).content.decode()
    assert f'value="{staff["hana"].pk}"' in page
    assert f'value="{staff["officer"].pk}"' not in page
