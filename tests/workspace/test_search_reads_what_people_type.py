"""Search as staff type it from a phone call or a letter (every door: the queue, a new contact, the
data-protection search, the API's ``q``): accents folded (Siân from Sian), a reference by its
number, a postcode however spaced, a telephone number however written, and closed complaints when
asked for. A resident the Code protects is found whatever the spelling of the search
(2024 3.1: complaints can be made in any way; 2024 5.10: staff must be able to find the resident's
record and adjustments)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Resident
from putright.complaints.search import fold, phone_number, postcode_forms, reference_forms


def _queue(client: Client, user: User, **params: Any) -> str:
    client.force_login(user)
    response = client.get("/workspace/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Sian", "Siân"),
        ("SIAN", "siân"),
        ("Siân", "Sian"),
        ("Llyr", "Llŷr"),
        ("Sean", "Seán"),
        ("Zofia Wisniewska", "Zofia Wiśniewska"),
        ("Strasse", "Straße"),
        ("Oystein", "Øystein"),
        ("obrien", "O'Brien"),
        ("O’Brien", "O'Brien"),
        ("O‘Brien", "oʼbrien"),
    ],
)
def test_names_are_folded_the_same_in_python_and_in_the_database(typed: str, stored: str) -> None:
    assert fold(typed) == fold(stored)


def test_references_postcodes_and_phones_read_as_typed() -> None:
    for typed in ("123", "000123", "pr123", "PR 123", "pr-000123", " PR-000123 "):
        assert reference_forms(typed) == {"PR-000123"}, typed
    assert reference_forms("1234567") == {"PR-1234567"}
    assert reference_forms("Sian") == set() and reference_forms("0") == set()
    assert postcode_forms("ls14ab") == {"LS1 4AB", "LS14AB"}
    assert postcode_forms("SW1A 1AA") == {"SW1A 1AA", "SW1A1AA"}
    assert postcode_forms("mould") == set()
    for typed in ("07700 900123", "+44 7700 900123", "0044 (7700) 900-123", "7700900123"):
        assert phone_number(typed) == "7700900123", typed
    assert phone_number("123") is None and phone_number("PR-000123") is None


def test_queue_finds_a_resident_whatever_the_accents(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    sian = make(name="Siân Llŷr")
    other = make(name="Tom Jones")
    for term in ("Sian", "sian llyr", "Siân", "LLŶR"):
        html = _queue(client, staff["officer"], q=term)
        assert sian.reference in html, term
        assert other.reference not in html, term


def test_queue_finds_an_address_whatever_the_accents(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    target = make(name="Ann Evans")
    target.property.address_line_1 = "3 Ffordd Glyndŵr"
    target.property.save()
    html = _queue(client, staff["officer"], q="glyndwr")
    assert target.reference in html


def test_queue_finds_a_reference_by_its_number_postcode_and_phone_however_typed(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    target = make(name="Priya Patel")
    other = make(name="Tom Jones")
    Resident.objects.filter(pk=target.resident_id).update(phone="+44 7700 900123")
    number = str(int(target.reference.removeprefix("PR-")))
    postcode = target.property.postcode.replace(" ", "").lower()
    for term in (number, f"pr {number}", postcode, "07700 900 123", target.resident.email.upper()):
        html = _queue(client, staff["officer"], q=term)
        assert target.reference in html, term
        assert other.reference not in html, term


def test_closed_complaints_are_found_when_asked_for_and_offered_when_none_is_open(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    done = make("stage_1_responded", name="Carys Closed")
    services.close_complaint(complaint=done, actor=staff["hana"])
    still = make(name="Carys Open")
    html = _queue(client, staff["officer"], q="Carys")
    assert still.reference in html and done.reference not in html
    html = _queue(client, staff["officer"], q=done.reference)
    assert "0 complaints and contacts matching your filters" in html  # not a row of the open queue...
    assert 'id="closed-reference"' in html  # ...but named, as the complaint asked for
    assert 'id="with-closed"' in html  # "Look in closed complaints too"
    assert "show=all" in html
    html = _queue(client, staff["officer"], q="Carys", show="all")
    assert still.reference in html and done.reference in html
    assert "Complaints and contacts 1 to 2 of 2" in html
    html = _queue(client, staff["officer"], q="Carys", show="closed")
    assert done.reference in html and still.reference not in html
    assert "Closed complaints and contacts 1 to 1 of 1" in html
    # an unknown value is the open queue, not an error
    html = _queue(client, staff["officer"], q="Carys", show="everything")
    assert still.reference in html and done.reference not in html


def test_closed_complaints_stay_within_what_the_person_may_see(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    hidden = make("stage_1_responded", name="Rhian Restricted", restricted=True)
    services.close_complaint(complaint=hidden, actor=staff["hana"])
    html = _queue(client, staff["sian"], q="Rhian", show="all")
    assert hidden.reference not in html
    # nor named above the open queue when typed by its number
    html = _queue(client, staff["sian"], q=str(hidden.pk))
    assert hidden.reference not in html and 'id="closed-reference"' not in html


def test_a_new_contact_finds_the_resident_whatever_the_accents_phone_or_reference(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    target = make(name="Siân Jones")
    Resident.objects.filter(pk=target.resident_id).update(phone="0113 496 0000")
    client.force_login(staff["officer"])
    for term in ("sian jones", "+44 113 4960000", target.reference.removeprefix("PR-").lstrip("0")):
        response = client.get("/workspace/new/", {"find": term})
        assert response.status_code == 200
        assert "Siân Jones" in response.content.decode(), term


def test_the_api_q_finds_a_bare_reference_and_a_folded_name(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    from putright.complaints.selectors import complaint_list

    target = make(name="Siân Jones")
    make(name="Tom Jones")
    number = target.reference.removeprefix("PR-").lstrip("0")
    for term in (number, "Sian"):
        found = [c.reference for c in complaint_list(visible_to=staff["officer"], search=term).items]
        assert found == [target.reference], term


@pytest.mark.django_db
def test_the_database_folds_every_letter_exactly_as_python_does() -> None:
    from django.db import connection

    from putright.complaints.search import APOSTROPHES, FOLD_TABLE

    letters = "".join(FOLD_TABLE) + APOSTROPHES + " Mixed Case ABC xyz 123 Ĳ ✓ 日本 O'Brien O’Brien ''"
    with connection.cursor() as cursor:
        cursor.execute("SELECT putright_fold(%s)", [letters])
        assert cursor.fetchone()[0] == fold(letters)
        for name in ("O'Brien", "O’Brien", "O‘Brien", "Oʼbrien", "D'Arcy-O’Neill", "'", "’’"):
            cursor.execute("SELECT putright_fold(%s)", [name])
            assert (
                cursor.fetchone()[0]
                == fold(name)
                == name.lower().translate({ord(a): None for a in APOSTROPHES})
            )
        cursor.execute("SELECT putright_fold(NULL)")
        assert cursor.fetchone()[0] is None


@pytest.mark.django_db
def test_postgresql_searches_folded_names_and_addresses_by_their_indexes() -> None:
    from django.contrib.postgres.search import SearchQuery, SearchVector
    from django.db import connection

    from putright.complaints.models import Property
    from putright.complaints.search import Folded

    if connection.vendor != "postgresql":
        pytest.skip("full-text indexes are PostgreSQL's; SQLite reads the folded text directly")
    query = SearchQuery("sian", search_type="websearch", config="simple")
    named = Resident.objects.annotate(document=SearchVector(Folded("name"), config="simple")).filter(
        document=query
    )
    addressed = Property.objects.annotate(
        document=SearchVector(
            Folded("address_line_1"), Folded("address_line_2"), Folded("town"), config="simple"
        )
    ).filter(document=query)
    with connection.cursor() as cursor:
        # With sequential scans off alone, an empty table's planner may walk a btree index whole
        # (no condition) and filter, which is as cheap as the full-text index and made this test
        # fail at random. Plain index scans off too leaves only a bitmap scan, which needs an index
        # whose expression matches the query: the full-text index, or nothing.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        assert "workspace_resident_folded_name_fts" in named.explain()
        assert "workspace_property_folded_address_fts" in addressed.explain()


def test_a_restricted_complaints_reference_does_not_tell_who_made_it(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    """ "Find the resident" on a new contact reads a complaint reference. A handler outside a
    restricted complaint (one about a member of staff) typed its number and was shown the name and
    address of the resident who made it (found by an adversarial review). References are matched
    only among the complaints the person searching may see; the people who may see it still find
    the resident by it."""
    hidden = make(
        "stage_1_responded", name="Rhian Whistleblower", restricted=True, restricted_to=[staff["officer"]]
    )
    client.force_login(staff["sian"])  # another team, not named on the restriction
    assert client.get(f"/workspace/complaints/{hidden.reference}/").status_code in (403, 404)
    # the bare number alone also finds addresses ("1 Orchard Way"), which anyone logging a contact may
    # search: "pr 1" is the reference alone
    number = "pr " + hidden.reference.removeprefix("PR-").lstrip("0")
    for term in (hidden.reference, number):
        html = client.get("/workspace/new/", {"find": term}).content.decode()
        assert "Rhian Whistleblower" not in html, term
    client.force_login(staff["officer"])  # named on the restriction
    assert client.get(f"/workspace/complaints/{hidden.reference}/").status_code == 200
    assert "Rhian Whistleblower" in client.get("/workspace/new/", {"find": number}).content.decode()


def test_a_closed_complaint_found_by_its_number_is_named_when_open_ones_match_the_same_digits(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """ "1" typed for PR-000001, now closed, while open complaints at "1 Orchard Way" and the like
    match the same digit: the open list filled the page and said nothing of the complaint asked for
    (found in a browser walk). It is named above the list, linked, and only for those who may see it."""
    from django.utils import timezone

    closed = make(name="Ann Evans")
    services.withdraw_complaint(
        complaint=closed, actor=staff["officer"], on=timezone.localdate(), reason="Resolved on the phone"
    )
    closed.refresh_from_db()
    assert not closed.is_open
    open_one = make(name="Tom Jones")
    open_one.property.address_line_1 = f"{closed.pk} High Street"
    open_one.property.save()
    html = _queue(client, staff["officer"], q=str(closed.pk))
    assert open_one.reference in html
    notice = html.split('id="closed-reference"', 1)[1].split("</div>", 1)[0]
    assert closed.reference in notice and "is closed" in notice
    assert f"/workspace/complaints/{closed.reference}/" in notice
    # asked for closed ones, it is in the list itself: no notice
    assert 'id="closed-reference"' not in _queue(client, staff["officer"], q=str(closed.pk), show="all")
    # a search that is not a reference names nothing
    assert 'id="closed-reference"' not in _queue(client, staff["officer"], q="High Street")


def test_a_new_contact_names_the_residents_open_complaints_within_what_the_person_may_see(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """A call from a resident with a complaint already open was logged as a new contact: the page
    found the resident but never said they had one (found in a browser walk). Their open complaints
    are listed, linked to record the call on them (2024 6.8 for new issues); closed ones and ones
    the person may not see are not."""
    current = make(name="Megan Price")
    done = make("stage_1_responded", name="Megan Price")
    services.close_complaint(complaint=done, actor=staff["hana"])
    # the same resident's complaint about a member of staff, restricted to the people named on it
    hidden = services.receive_complaint(
        resident=current.resident,
        summary="About the behaviour of an officer",
        channel="telephone",
        received_on=current.received_on,
        actor=staff["hana"],
        accept=True,
        restricted=True,
        restricted_to=[staff["hana"]],
    )
    client.force_login(staff["officer"])
    html = client.get("/workspace/new/", {"find": "Megan Price"}).content.decode()
    listed = html.split('id="open-complaints"', 1)[1].split("</div>", 1)[0]
    assert f"/workspace/complaints/{current.reference}/correspondence/" in listed
    assert done.reference not in listed and hidden.reference not in listed
    assert "2024 6.8" in listed
    assert (
        'id="open-complaints"' not in client.get("/workspace/new/", {"find": "Nobody Here"}).content.decode()
    )


@pytest.mark.parametrize("typed", ["Jones Sian", "sian  jones", "JONES,  Siân", "Way Orchard"])
def test_a_name_is_found_whatever_the_order_and_spacing_of_its_words(
    client: Client, staff: dict[str, User], make: Make, typed: str
) -> None:
    """ "Jones Sian" (surname first, as on a letter's envelope) and "sian  jones" (a double space)
    found no one on SQLite and in the new contact's search on both databases: the whole phrase was
    looked for. Every word must be in the name, or every word in the first line of the address."""
    target = make(name="Siân Jones")
    other = make(name="Sian Evans")
    other.property.address_line_1 = "Orchard Court"
    other.property.save()
    html = _queue(client, staff["officer"], q=typed.replace(",", ""))
    assert target.reference in html and other.reference not in html, typed
    client.force_login(staff["officer"])
    found = client.get("/workspace/new/", {"find": typed.replace(",", "")}).content.decode()
    assert "Siân Jones" in found and "Sian Evans" not in found, typed
