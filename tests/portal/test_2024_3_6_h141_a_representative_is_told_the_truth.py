"""2024 3.6 ("Landlords must give residents the opportunity to have a representative deal with their
complaint on their behalf"), 6.2, 6.3 and 5.12: a representative is told what will really happen.
Without the resident's consent they hear nothing until the resident agrees, so "What happens next" is
about the resident; one who asks for letters is asked where to send them, and letters go there; the
form promises email only to someone who gave an address; its errors are listed in page order
(found in a browser walk of /complain/)."""

from __future__ import annotations

import re

import pytest
from portal.conftest import REPRESENTATIVE

from putright.complaints.models import Complaint
from putright.letters.services import _addressee

pytestmark = pytest.mark.django_db

WITHOUT_CONSENT = {**REPRESENTATIVE, "consent": "", "consent_how": ""}

#: a representative with consent who wants letters, with no email address of their own
BY_LETTER = {
    **REPRESENTATIVE,
    "representative_email": "",
    "representative_phone": "07700 900456",
    "preferred_contact_method": "letter",
}


def _done(client, answers) -> tuple[Complaint, str]:
    assert client.post("/complain/", answers).status_code == 302
    page = client.get("/complain/done/").content.decode()
    return Complaint.objects.select_related("resident", "representative").latest("pk"), page


def _what_happens_next(page: str) -> str:
    start = page.index("What happens next")
    return page[start : page.index("</main>", start)]


def test_2024_3_6_without_consent_what_happens_next_is_about_the_resident(client, answers) -> None:
    answers.update(WITHOUT_CONSENT)
    complaint, page = _done(client, answers)
    after = _what_happens_next(page)
    assert "We will acknowledge Rita Resident&#x27;s complaint by <strong>" in after
    assert "and write to Rita Resident" in after
    assert "We will usually send Rita Resident our response by" in after
    # nothing in it promises the representative anything before the resident agrees
    assert "your complaint" not in after and "send you" not in after and "tell you" not in after
    assert "If Rita Resident is unhappy with our final response they can" in after
    assert complaint.representative is not None and not complaint.representative.consented


def test_2024_3_6_with_consent_what_happens_next_is_told_to_the_representative(client, answers) -> None:
    answers.update(REPRESENTATIVE)
    _, page = _done(client, answers)
    after = _what_happens_next(page)
    assert "We will acknowledge your complaint by <strong>" in after
    assert "We will usually send you our response by <strong>" in after


def test_2024_3_6_a_representative_who_wants_letters_is_asked_for_their_address(client, answers) -> None:
    answers.update(BY_LETTER)
    response = client.post("/complain/", answers)
    assert response.status_code == 200 and not Complaint.objects.exists()
    page = response.content.decode()
    assert "Enter your postal address, or choose another way for us to contact you" in page
    assert 'href="#id_representative_address"' in page
    # the resident's home is not what was missing: it was given, and is kept in the form
    assert "Enter the address, or choose another way" not in page and "4 Elm Road" in page


def test_2024_3_6_letters_to_a_representative_go_to_the_address_they_gave(client, answers, officer) -> None:
    answers.update(BY_LETTER, representative_address="  12 Quill Close\r\n\r\nLeeds LS1 4AP ")
    complaint, page = _done(client, answers)
    representative = complaint.representative
    assert representative is not None
    assert representative.postal_address == ("12 Quill Close", "Leeds LS1 4AP")
    assert "We will write to you at 12 Quill Close, Leeds LS1 4AP." in page
    assert "telephone" not in page
    assert _addressee(complaint) == (
        "Dan Resident",
        ("On behalf of Rita Resident", "12 Quill Close", "Leeds LS1 4AP"),
    )
    client.force_login(officer)
    case = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert '<span id="representative-address">12 Quill Close, Leeds LS1 4AP</span>' in case


def test_2024_3_6_addressee_a_telephone_number_is_never_an_address_line(client, answers) -> None:
    """A representative recorded before the form asked for an address: their contact is a telephone
    number, which is no line of an address (letters to them need one recorded)."""
    answers.update(REPRESENTATIVE, representative_email="", representative_phone="07700 900456")
    complaint, _ = _done(client, answers)
    assert _addressee(complaint) == ("Dan Resident", ("On behalf of Rita Resident",))


def test_2024_5_12_the_form_promises_email_only_to_someone_who_gave_an_address(client) -> None:
    page = client.get("/complain/").content.decode()
    assert "We will give you a reference number and email it to you." not in page
    assert "email it to you if you have given us an email address" in page


def test_2024_3_6_errors_are_listed_in_the_order_the_page_asks(client, answers) -> None:
    answers.update(
        WITHOUT_CONSENT, representative_name="", resident_name="", preferred_contact_method="letter"
    )
    answers["address"] = ""
    page = client.post("/complain/", answers).content.decode()
    summary = page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]
    links = re.findall(r'href="#id_([a-z_]+)', summary)
    assert links == ["representative_name", "representative_address", "resident_name"]
