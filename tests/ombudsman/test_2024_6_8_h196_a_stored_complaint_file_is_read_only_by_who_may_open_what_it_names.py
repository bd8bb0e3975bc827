"""2024 6.8 and 5.12: the Ombudsman's complaint file names a complaint linked by new issues only where
the person who produced it may open it (h192). Two defects were left:

* the file said "Logged as a new complaint you cannot see": the file is read by the Housing
  Ombudsman, not by its producer, so it now says the complaint is not named because the person who
  produced the file may not open it (never why: restricted, another team's). The screen keeps "you";
* a stored file is served to anyone who may see the complaint: one produced by someone who may open
  the linked complaint named it, and a later reader who may not open it downloaded its reference.
  Each file now records the complaints it names, and is served only to a reader who may open them
  all (403 with the reason); the complaint-file page lists it with the reason instead of a link.
"""

from __future__ import annotations

import importlib
import io
import zipfile

import pytest
from access.test_2024_6_8_h192_a_complaint_linked_by_new_issues_is_named_only_to_a_reader_who_may_open_it import (
    SETUPS,
    _other_teams,
)
from django.apps import apps
from django.test import Client
from letters.conftest import pdf_text
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _page

from putright.accounts.models import User
from putright.ombudsman import services
from putright.ombudsman.casefile import produce_complaint_file, stored
from putright.ombudsman.models import ComplaintFileProduced

pytestmark = pytest.mark.django_db

NOT_NAMED = "complaint not named in this file: the person who produced it may not open it"
REFUSED = "This file names a complaint you may not open; produce the file yourself to get one you may read"


def _flat(data: bytes) -> str:
    """The PDF's text on one line. In the chronology's table, the "By" column's second line (Hana
    Hussain logged the new issues) sits between the lines of the "What happened" cell: left out."""
    return " ".join(pdf_text(data).split()).replace(" Hussain ", " ")


def _download(client: Client, user: User, record: ComplaintFileProduced, which: str = "pdf"):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(f"/putting-right/{record.complaint.reference}/file/{record.pk}.{which}")


@pytest.mark.parametrize("which", SETUPS)
def test_2024_6_8_the_file_says_the_linked_complaint_is_not_named_because_its_producer_may_not_open_it(
    client: Client, staff: dict[str, User], make: Make, which: str
) -> None:
    setup, producer = SETUPS[which]
    complaint, new = setup(client, staff, make)
    record = produce_complaint_file(complaint=complaint, actor=staff[producer])
    flat = _flat(stored(record, "pdf"))
    assert f"Logged as a new {NOT_NAMED}" in flat
    assert "you cannot see" not in flat and new.reference not in flat
    assert "restricted" not in flat.lower() and "team" not in flat.lower()  # never why
    manifest = zipfile.ZipFile(io.BytesIO(stored(record, "zip"))).read("manifest.json").decode()
    assert "you cannot see" not in manifest and new.reference not in manifest
    assert record.complaints_named == []
    # the screen keeps its words, relative to its reader
    assert "Logged as a new complaint you cannot see" in _page(client, staff[producer], complaint)


def test_2024_6_8_the_new_complaints_file_does_not_name_the_one_it_came_from_in_the_producers_words(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The other way round: Sian (south) may open the new complaint, not the north team's original."""
    complaint, new = _other_teams(client, staff, make)
    record = produce_complaint_file(complaint=new, actor=staff["sian"])
    flat = _flat(stored(record, "pdf"))
    assert f"Logged as a new complaint from new issues raised on a {NOT_NAMED}" in flat
    assert complaint.reference not in flat and "you cannot see" not in flat


@pytest.mark.parametrize("which", SETUPS)
def test_2024_6_8_a_stored_file_naming_a_complaint_is_refused_to_a_reader_who_may_not_open_it(
    client: Client, staff: dict[str, User], make: Make, which: str
) -> None:
    setup, reader = SETUPS[which]
    complaint, new = setup(client, staff, make)
    # produced by the manager, who may open the new complaint (either way): the file names it
    record = produce_complaint_file(complaint=complaint, actor=staff["manager"])
    assert record.complaints_named == [new.reference]
    assert f"Logged as a new complaint: {new.reference}" in _flat(stored(record, "pdf"))
    for part in ("pdf", "zip"):
        response = _download(client, staff[reader], record, part)
        assert response.status_code == 403, (part, response.status_code)
        body = response.content.decode()
        assert REFUSED in body and new.reference not in body
    # the complaint-file page lists it with the reason, not with a link that would be refused
    client.force_login(staff[reader])
    page = client.get(f"/putting-right/{complaint.reference}/file/").content.decode()
    assert f"/file/{record.pk}.pdf" not in page and f"/file/{record.pk}.zip" not in page
    assert REFUSED.replace("'", "&#x27;") in page
    # the producer, who may open everything it names, downloads it and is given the links
    assert _download(client, staff["manager"], record).content == stored(record, "pdf")
    client.force_login(staff["manager"])
    page = client.get(f"/putting-right/{complaint.reference}/file/").content.decode()
    assert f"/file/{record.pk}.pdf" in page and REFUSED.replace("'", "&#x27;") not in page


def test_2024_6_8_a_stored_file_naming_a_complaint_is_served_to_another_reader_who_may_open_it(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint, _ = _other_teams(client, staff, make)
    record = produce_complaint_file(complaint=complaint, actor=staff["manager"])
    response = _download(client, staff["officer"], record, "zip")  # not its producer; opens both
    assert response.status_code == 200
    assert response.content == stored(record, "zip")


def test_a_stored_file_naming_no_other_complaint_is_downloaded_as_before(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint, _ = _other_teams(client, staff, make)
    # produced by Hana, who may not open the new complaint: it names none, so anyone who may see
    # this complaint may download it, Hana and the officer alike
    record = produce_complaint_file(complaint=complaint, actor=staff["hana"])
    assert record.complaints_named == []
    for reader in ("hana", "hugo", "officer"):
        assert _download(client, staff[reader], record).status_code == 200, reader
    plain = make("stage_1_acknowledged", handler=staff["hana"])
    record = produce_complaint_file(complaint=plain, actor=staff["officer"])
    assert record.complaints_named == []
    assert _download(client, staff["hugo"], record, "zip").status_code == 200


def test_staff_only_notes_in_a_stored_file_are_served_to_whoever_reads_them_on_the_case_page(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """Staff-only notes are shown on the case page to everyone who may see the complaint (the
    putting-right panel, read-only for those who may not act): a file produced with them is served
    to the same readers, so the stored file adds no rule of its own."""
    complaint = make("stage_1_acknowledged", handler=staff["hana"])
    services.add_staff_note(complaint=complaint, actor=staff["officer"], body="Contractor disputes it.")
    record = produce_complaint_file(complaint=complaint, actor=staff["officer"], include_staff_notes=True)
    assert "Contractor disputes it." in _page(client, staff["hugo"], complaint)
    response = _download(client, staff["hugo"], record)
    assert response.status_code == 200
    assert "Contractor disputes it." in _flat(response.content)


def test_files_produced_before_names_were_recorded_name_the_complaints_their_history_links(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """The migration cannot tell what an earlier file named (its producer's access on the day is not
    kept), so it takes each to name every complaint its complaint's history links by new issues; a
    file with nobody recorded as its producer named none."""
    migration = importlib.import_module("putright.ombudsman.migrations.0002_h196_complaint_file_names")
    complaint, new = _other_teams(client, staff, make)
    by_hana = produce_complaint_file(complaint=complaint, actor=staff["hana"])
    by_nobody = produce_complaint_file(complaint=complaint, actor=None)
    plain = produce_complaint_file(complaint=make("stage_1_acknowledged"), actor=staff["officer"])
    on_new = produce_complaint_file(complaint=new, actor=staff["officer"])
    ComplaintFileProduced.objects.update(complaints_named=[])  # as before the migration
    migration.names_from_history(apps, None)
    named = dict(ComplaintFileProduced.objects.values_list("pk", "complaints_named"))
    assert named[by_hana.pk] == [new.reference]  # cannot tell it named nothing: refused to Hana
    assert named[by_nobody.pk] == [] and named[plain.pk] == []
    assert named[on_new.pk] == [complaint.reference]
    assert _download(client, staff["hana"], by_hana).status_code == 403
    assert _download(client, staff["officer"], by_hana).status_code == 200
