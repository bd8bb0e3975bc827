"""Logging a new contact asks, once, before two slips that staff make and cannot undo:

* recording "someone new" who is already known by that name (accents and case aside), which splits
  a resident's complaints between two records (2024 3.1: one record of what the resident said;
  2024 5.10: their adjustments and vulnerabilities are on the record staff find);
* a date received that makes the acknowledgement late before the complaint is even logged, most
  often 1/1/2020 typed for 2026; every deadline is counted from it (2024 1.5, 6.2).

Both are questions, never refusals: a resident with a common name and a complaint logged late are
real, and ticking the box records them as typed. Until it is ticked nothing is recorded, so the page
comes back at 422 with everything typed, as a refused form does."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.utils import timezone
from workspace.conftest import Make, working_days_ago
from workspace.test_triage_and_documents import CONTACT

from putright.accounts.models import User
from putright.complaints.models import Complaint, Resident


def _post(client: Client, user: User, **changes: Any) -> Any:
    client.force_login(user)
    return client.post(
        "/workspace/new/", {**CONTACT, "received_on": timezone.localdate().isoformat(), **changes}
    )


def test_2024_3_1_someone_new_already_known_by_name_is_offered_before_a_second_record(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    known = make("received", name="Siân Jones")
    before = Resident.objects.count()
    response = _post(client, staff["officer"], name=" sian  jones ")
    assert response.status_code == 422
    html = response.content.decode()
    assert "1 resident called sian jones is already known" in html
    assert f'value="{known.resident_id}"' in html  # offered to choose
    assert "None of these is the resident" in html
    assert "sian jones" in html and CONTACT["summary"] in html  # what was typed is kept
    assert Resident.objects.count() == before and Complaint.objects.count() == 1
    # choosing the known resident records the contact against her
    response = _post(client, staff["officer"], name="", resident=str(known.resident_id))
    assert response.status_code == 302
    assert Complaint.objects.filter(resident_id=known.resident_id).count() == 2
    # a genuinely different Siân Jones: one tick records someone new
    response = _post(client, staff["officer"], name="Siân Jones", someone_new_confirmed="on")
    assert response.status_code == 302
    assert Resident.objects.count() == before + 1


def test_a_new_name_is_recorded_without_a_question(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    make("received", name="Tom Jones")
    response = _post(client, staff["officer"], name="Grace Adeyemi")
    assert response.status_code == 302


def test_the_known_residents_offered_are_in_the_access_log(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    from putright.access.models import AccessRecord

    known = make("received", name="Olive Okonkwo")
    _post(client, staff["officer"], name="Olive Okonkwo")
    assert AccessRecord.objects.filter(resident_id=known.resident_id, user=staff["officer"]).exists()


def test_2024_6_2_a_date_received_that_makes_it_late_already_is_asked_about_once(
    client: Client, staff: dict[str, User]
) -> None:
    response = _post(client, staff["officer"], received_on="2020-01-01")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Received on 1 January 2020?" in html
    assert "acknowledgement was due by 8 January 2020 (2022 4.1)" in html
    assert "The date received is right" in html
    assert 'value="2020-01-01"' in html or "2020" in html
    assert not Complaint.objects.exists()
    response = _post(client, staff["officer"], received_on="2020-01-01", received_on_confirmed="on")
    assert response.status_code == 302
    assert Complaint.objects.get().received_on == date(2020, 1, 1)


def test_a_date_received_within_the_acknowledgement_time_is_not_questioned(
    client: Client, staff: dict[str, User]
) -> None:
    response = _post(client, staff["officer"], received_on=working_days_ago(4).isoformat())
    assert response.status_code == 302
    response = _post(client, staff["officer"], received_on=working_days_ago(6).isoformat(), name="Ann Other")
    assert response.status_code == 422
    assert "(2024 6.2)" in response.content.decode()
