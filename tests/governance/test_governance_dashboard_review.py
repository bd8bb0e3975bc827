"""2024 9.6 and 9.7, adversarial review of the live dashboard's kept tally (``dashboard_cache`` and
``tally``): after each change, the page must show what a full recount from the records gives
(``governance.live``, through ``performance(scope)`` without a tally). A page that kept an old
figure, or a name that was erased, says something the records no longer say."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from governance.journeys import MIXED

from putright.complaints import services
from putright.complaints.models import Category, Property
from putright.complaints.services import Told
from putright.governance import dashboard_cache, tally
from putright.governance.facts import AsAt
from putright.governance.measures import Period, reporting_year_of
from putright.governance.performance import Scope, performance


def _scope(period: Period | None = None) -> Scope:
    return Scope(period or Period.reporting_year(reporting_year_of(timezone.localdate())), AsAt.now())


def _shown(client: Client, period: Period | None = None) -> dict[str, Any]:
    query = f"?from={period.start.isoformat()}&to={period.end.isoformat()}" if period else ""
    response = client.get("/governance/" + query)
    assert response.status_code == 200
    return response.context["data"]  # type: ignore[no-any-return]


def _assert_page_is_a_recount(client: Client, period: Period | None = None) -> dict[str, Any]:
    """The page as served equals the figures counted afresh from the records (no tally)."""
    shown = _shown(client, period)
    fresh = performance(_scope(period))
    for key in ("volumes", "timeliness", "overdue", "extras", "money", "groups", "months"):
        assert shown[key] == fresh[key], key
    assert shown["repeat_complainants"] == fresh["repeat_complainants"]
    assert shown["repeat_properties"] == fresh["repeat_properties"]
    return shown


def _labels(bars: list[dict[str, Any]]) -> dict[str, int]:
    return {b["label"]: b["value"] for b in bars}


@pytest.fixture(autouse=True)
def _no_process_copy() -> Any:
    dashboard_cache._in_process.clear()
    yield
    dashboard_cache._in_process.clear()


@pytest.fixture
def recent(journey):  # type: ignore[no-untyped-def]
    """Two stage 1 complaints this reporting year, one resident twice (a repeat complainant)."""
    day = timezone.localdate() - timedelta(days=1)
    first = journey(day, category="Repairs", area="North")
    journey(day, category="Repairs", resident=first.resident)
    first.resident.name = "Rita Repeat"  # not a label the anonymised view gives ("Resident 1")
    first.resident.save()
    return first


# --------------------------------------------------------------------------------------------------
# changes made without an event


def test_2024_9_6_a_complaints_category_changed_shows_on_the_dashboard(signed_in_officer, recent, officer):  # type: ignore[no-untyped-def]
    """``workspace.records.change_complaint_details`` rewrites the complaint's category with
    ``.update()`` and records an Amendment, not an event: the tally's bucket is never recounted."""
    from putright.workspace.records import change_complaint_details

    before = _assert_page_is_a_recount(signed_in_officer)
    assert _labels(before["groups"]["category"]) == {"Repairs": 2}
    damp = Category.objects.create(slug="damp", name="Damp and mould")
    _assert_page_is_a_recount(signed_in_officer)  # a new category: counted in full again
    change_complaint_details(
        complaint=recent,
        actor=officer,
        reason="Wrongly filed",
        category=damp,
        property=recent.property,
        summary=recent.summary,
    )
    after = _assert_page_is_a_recount(signed_in_officer)
    assert _labels(after["groups"]["category"]) == {"Repairs": 1, "Damp and mould": 1}


def test_2024_9_6_a_complaints_home_changed_shows_on_the_dashboard(signed_in_officer, recent, officer):  # type: ignore[no-untyped-def]
    """The same service changes the home a complaint is about: the area breakdown and the repeat
    homes must follow."""
    from putright.workspace.records import change_complaint_details

    _assert_page_is_a_recount(signed_in_officer)
    elsewhere = Property.objects.create(reference="S0001", address_line_1="1 South Road", area="South")
    _assert_page_is_a_recount(signed_in_officer)
    change_complaint_details(
        complaint=recent,
        actor=officer,
        reason="Wrong home",
        category=recent.category,
        property=elsewhere,
        summary=recent.summary,
    )
    after = _assert_page_is_a_recount(signed_in_officer)
    assert "South" in _labels(after["groups"]["area"])


def test_2024_9_4_a_contact_matched_to_a_resident_shows_as_a_repeat_complainant(  # type: ignore[no-untyped-def]
    signed_in_officer, journey, officer
):
    """``records.matching.same_person`` moves a contact's complaints to the resident on record with
    ``.update()`` (no event): the repeat complainants must count them under the resident."""
    from putright.records.matching import same_person

    day = timezone.localdate() - timedelta(days=1)
    known = journey(day).resident
    contact = services.create_resident(name="R. Online")
    services.receive_complaint(
        resident=contact,
        summary="The boiler is broken.",
        channel="online_form",
        actor=None,
        received_on=day,
        accept=True,
    )
    before = _assert_page_is_a_recount(signed_in_officer)
    assert before["repeat_complainants"] == []
    same_person(contact=contact, resident=known, actor=officer, reason="Same email and phone, confirmed")
    after = _assert_page_is_a_recount(signed_in_officer)
    assert _labels(after["repeat_complainants"]) == {known.name: 2}


def test_uk_gdpr_17_an_erased_resident_is_not_named_on_the_dashboard(signed_in_officer, recent):  # type: ignore[no-untyped-def]
    """``records.erasure`` blanks the resident's name with ``.update()``: the stored figures (built
    with the names) must not outlive it."""
    from putright.records.erasure import erase_resident

    name = recent.resident.name
    before = _assert_page_is_a_recount(signed_in_officer)
    assert name in _labels(before["repeat_complainants"])
    erase_resident(recent.resident, by="dpo", reason="Right to erasure request")
    after = _shown(signed_in_officer)
    assert name not in _labels(after["repeat_complainants"]), after["repeat_complainants"]
    _assert_page_is_a_recount(signed_in_officer)


# --------------------------------------------------------------------------------------------------
# the stored tally itself


def test_2024_9_6_a_stored_tally_from_a_release_with_other_buckets_is_not_added_to(  # type: ignore[no-untyped-def]
    signed_in_officer, recent, officer, monkeypatch
):
    """The stored tally's version names the day, the counted-change marker and the highest event, not
    how it was bucketed: a release that changes ``BUCKET`` reads the old buckets back and replaces
    one bucket numbered the new way, so complaints are counted twice."""
    monkeypatch.setattr(tally, "BUCKET", 1)
    _assert_page_is_a_recount(signed_in_officer)
    dashboard_cache._in_process.clear()  # the web servers restart with the new release
    monkeypatch.setattr(tally, "BUCKET", 4)
    services.allocate_handler(complaint=recent, actor=officer, handler=officer, on=timezone.localdate())
    _assert_page_is_a_recount(signed_in_officer)


def test_2024_9_6_an_import_is_counted_again_in_full_once_it_has_finished(  # type: ignore[no-untyped-def]
    journey, officer, monkeypatch
):
    """Only the last ``UNSEEN_WINDOW`` ids below the highest are looked for again as not yet
    committed (shown here with 3). A step's transaction is milliseconds; the one writer whose batches
    are long is an import, so when it finishes it says so and the next count is a full one: a tally
    counted while its events were pending (ids beyond the window) is not added to."""
    from imports.conftest import upload

    from putright.imports.services import import_file

    monkeypatch.setattr(tally, "UNSEEN_WINDOW", 3)
    journey(date(2025, 6, 2), ack=date(2025, 6, 4))
    before = dashboard_cache.data_version("k", timezone.localdate()).base
    import_file(upload(), actor=officer)
    assert dashboard_cache.data_version("k", timezone.localdate()).base != before


# --------------------------------------------------------------------------------------------------
# what passes: steps through the services, several web servers, small buckets, the anonymised view


@pytest.mark.parametrize("servers", [1, 2])
def test_2024_9_6_every_step_shows_as_a_recount_across_buckets_and_servers(  # type: ignore[no-untyped-def]
    signed_in_officer, journey, officer, handler_1, monkeypatch, servers
):
    """Two complaints a bucket, complaint ids past several buckets; with ``servers=2`` each request is
    served by a process with no tally of its own (the stored row is read and brought up to date)."""
    monkeypatch.setattr(tally, "BUCKET", 2)
    today = timezone.localdate()
    day = today - timedelta(days=30)

    def check() -> dict[str, Any]:
        if servers == 2:
            dashboard_cache._in_process.clear()
        return _assert_page_is_a_recount(signed_in_officer)

    made = [journey(day, category="Repairs") for _ in range(5)]
    check()
    with services.recording_as_it_happened():  # each step dated as it happened, 30 days ago
        c = services.allocate_handler(complaint=made[4], actor=officer, handler=handler_1, on=day)
        check()
        c = services.acknowledge_complaint(
            complaint=c,
            actor=handler_1,
            told=Told(method="post", on=day, body="Sent by post."),
            complaint_definition="The repair.",
            outcomes_sought="Fix it.",
            responsible_for="The repair.",
        )
        check()
        c = services.extend_response_deadline(
            complaint=c,
            actor=handler_1,
            working_days=5,
            reason="Waiting for a survey.",
            ombudsman_details_given=True,
            good_reason="",
            told=Told(method="post", on=day, body="Sent by post."),
        )
        check()
        c = services.agree_remedy(
            complaint=c,
            actor=handler_1,
            remedy_kind="financial",
            description="Compensation",
            due=day + timedelta(days=5),
            agreed_with_resident=True,
            amount_pence=5000,
            on=day,
        )
        shown = check()
        assert shown["extras"]["remedies_overdue"]["value"] == 1
        services.complete_remedy(complaint=c, actor=handler_1, number=1, evidence="Paid", on=day)
        check()
        c = services.agree_remedy(
            complaint=c,
            actor=handler_1,
            remedy_kind="financial",
            description="Compensation",
            due=day + timedelta(days=5),
            agreed_with_resident=False,
            amount_pence=5000,
            on=day,
        )
        assert check()["extras"]["remedies_overdue"]["value"] == 1
        c = services.withdraw_remedy(
            complaint=c, actor=handler_1, number=2, ground="recorded_in_error", reason="Twice", on=day
        )
        shown = check()
        assert shown["extras"]["remedies_overdue"]["value"] == 0
        assert shown["extras"]["remedies_withdrawn"]["value"] == 1
        assert shown["money"] == {"agreed_pence": 5000, "paid_pence": 5000}
        services.withdraw_complaint(complaint=made[0], actor=officer, reason="Sorted", on=day)
    shown = check()
    assert shown["overdue"][0]["value"] == 3  # made[1..3] unacknowledged; made[0] withdrawn
    Category.objects.get(slug="repairs").save()  # an edit: counted in full again
    check()


@pytest.mark.parametrize("period", [Period.reporting_year(2025), Period.quarter(2025, 2)])
def test_2024_9_6_every_kind_of_journey_added_one_by_one_shows_as_a_recount(  # type: ignore[no-untyped-def]
    signed_in_officer, journey, officer, monkeypatch, period
):
    """The governance tests' mixed journeys (declined, escalation refused, referred, withdrawn,
    extended, remedies...), plus a withdrawal after acknowledgement and a service request, one at a
    time into two-complaint buckets, each page served by a process without a tally of its own."""
    monkeypatch.setattr(tally, "BUCKET", 2)
    extra = [
        (date(2025, 9, 1), dict(ack=date(2025, 9, 2))),  # withdrawn below, after acknowledgement
        (date(2025, 9, 1), dict(service_request=date(2025, 9, 1))),
    ]
    made = []
    for received, steps in [*MIXED, *extra]:
        made.append(journey(received, **steps))
        dashboard_cache._in_process.clear()
        _assert_page_is_a_recount(signed_in_officer, period)
        _assert_page_is_a_recount(signed_in_officer, period)  # and kept in this process
    with services.recording_as_it_happened():
        services.withdraw_complaint(complaint=made[-2], actor=officer, reason="Sorted", on=date(2025, 9, 4))
    shown = _assert_page_is_a_recount(signed_in_officer, period)
    assert sum(f["value"] for f in shown["volumes"]) > 0


def test_2024_9_6_a_new_day_recounts_overdue_steps(signed_in_officer, journey, officer):  # type: ignore[no-untyped-def]
    """The key names today: ten days on, a step not yet due today is overdue, without any new event."""
    from unittest import mock

    today = timezone.localdate()
    journey(today - timedelta(days=1))
    first = _assert_page_is_a_recount(signed_in_officer)
    assert first["overdue"][0]["value"] == 0
    with mock.patch("django.utils.timezone.localdate", return_value=today + timedelta(days=10)):
        second = _assert_page_is_a_recount(signed_in_officer)
    assert second["overdue"][0]["value"] == 1


def test_2024_9_2_anonymised_dashboard_names_no_resident_from_the_kept_figures(client, recent, officer, db):  # type: ignore[no-untyped-def]
    """The figures are kept once for everyone: a user who may not see personal details, served from
    figures an officer's request stored, sees "Resident 1", never the name."""
    from putright.access.policy import sees_personal_details
    from putright.accounts.models import Role, User

    client.force_login(officer)
    assert recent.resident.name in _labels(_shown(client)["repeat_complainants"])
    viewer = next(
        u
        for u in (
            User.objects.create_user(f"board-{role}", role=role)
            for role in Role.values
            if role != Role.COMPLAINTS_OFFICER
        )
        if not sees_personal_details(u)
    )
    client.force_login(viewer)
    response = client.get("/governance/")
    assert response.status_code == 200
    assert recent.resident.name.encode() not in response.content
    assert _labels(response.context["data"]["repeat_complainants"]) == {"Resident 1": 2}
