"""GOV.UK patterns: the date input (day, month, year) with GOV.UK error messages and dates written
"2 December 2026"; "(optional)" only on optional fields; styled 403, 404 and 500 pages inside the
layout with a way back; letters carrying the resident's and the landlord's postal addresses."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django import forms
from django.test import Client
from docx import Document
from workspace.conftest import Make

from putright.accounts.models import User
from putright.letters import services as letters
from putright.letters.models import LetterheadSettings
from putright.web.dates import DateInputField, humanise_dates
from putright.web.templatetags.govuk import govuk_field, govuk_messages
from putright.workspace import records


class Sample(forms.Form):
    on = DateInputField(label="Date of the review")
    later = DateInputField(label="Date of the next review", required=False)
    note = forms.CharField(label="Note")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("", "", ""), "Enter the date of the review"),
        (("2", "", "2026"), "Date of the review must include a month"),
        (("", "", "2026"), "Date of the review must include a day and a month"),
        (("30", "2", "2026"), "Date of the review must be a real date"),
        (("x", "2", "2026"), "Date of the review must be a real date"),
        (("2", "12", "26"), "Year must include 4 numbers"),
    ],
)
def test_date_input_errors_in_govuk_style(typed: tuple[str, str, str], message: str) -> None:
    day, month, year = typed
    form = Sample({"on-day": day, "on-month": month, "on-year": year, "note": "n"})
    assert not form.is_valid()
    assert form.errors["on"] == [message]


def test_a_date_labelled_with_the_reads_once() -> None:
    """ "The day the letter was posted" gave "Enter the the day the letter was posted" (found on the
    letter's sent page)."""

    class Posted(forms.Form):
        sent_on = DateInputField(label="The day the letter was posted or handed over")

    assert Posted({}).errors["sent_on"] == ["Enter the day the letter was posted or handed over"]


def test_date_input_reads_the_three_boxes_and_an_iso_date() -> None:
    form = Sample({"on-day": "2", "on-month": "12", "on-year": "2026", "note": "n"})
    assert form.is_valid() and form.cleaned_data["on"] == date(2026, 12, 2)
    assert form.cleaned_data["later"] is None
    assert Sample({"on": "2026-12-02", "note": "n"}).is_valid()


def test_date_input_renders_the_govuk_component_keeping_what_was_typed_and_optional_only_when_optional() -> (
    None
):
    form = Sample({"on-day": "31", "on-month": "2", "on-year": "2026", "note": ""})
    form.is_valid()
    html = govuk_field(form["on"])
    assert 'class="govuk-date-input"' in html and 'role="group"' in html
    assert 'name="on-day"' in html and 'value="31"' in html and 'name="on-year"' in html
    assert "(optional)" not in html.split("</legend>")[0]
    assert "(optional)" in govuk_field(form["later"]).split("</legend>")[0]
    assert "Enter the note" in govuk_messages(form["note"])  # not "This field is required."


def test_dates_in_error_messages_are_written_the_govuk_way() -> None:
    assert humanise_dates("due 2026-12-02, not 2026-02-30") == "due 2 December 2026, not 2026-02-30"


def test_step_form_error_shows_long_dates_and_govuk_date_boxes(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    client.force_login(staff["hana"])
    page = client.get(f"/workspace/complaints/{complaint.reference}/agree-update-interval/").content.decode()
    assert 'name="on-day"' in page and 'type="date"' not in page
    extend = client.get(f"/workspace/complaints/{complaint.reference}/extend/").content.decode()
    assert 'name="sent_on-day"' in extend and 'type="date"' not in extend


def test_404_and_403_pages_are_inside_the_layout_with_a_way_back(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    client.force_login(staff["hana"])
    response = client.get("/workspace/complaints/PR-999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="govuk-header' in html and 'href="/workspace/today/"' in html
    complaint = make()
    client.force_login(staff["hana"])
    response = client.get(f"/workspace/complaints/{complaint.reference}/access-log/")
    assert response.status_code == 403  # a handler may see the case but not its access log
    html = response.content.decode()
    assert "You cannot do this" in html and "putright-nav" in html and 'href="/workspace/"' in html


def test_500_page_is_inside_the_layout(client: Client) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html and "govuk-header" in html
    assert 'href="/"' in html
    # a fault that does not go away by itself (a record PutRight cannot read) must not leave a
    # resident only "try again later": the Code's other channels (2024 3.1) are named
    assert "contact us another way" in html and "make a complaint" in html


def test_letters_carry_the_residents_current_postal_address_and_the_landlords(
    staff: dict[str, User], make: Make
) -> None:
    head = LetterheadSettings.load()
    head.organisation_name = "Riverside Homes"
    head.address = "1 River Street\nYork\nYO1 1AA"
    head.phone, head.email = "01904 000000", "complaints@riverside.example"
    head.save()
    complaint = make()
    records.change_resident_address(
        complaint=complaint,
        actor=staff["hana"],
        reason="Moved",
        address_line_1="7 Castle Row",
        town="York",
        postcode="YO1 7HH",
        new_home=True,
    )
    draft = letters.start_draft(complaint=complaint, kind="stage1-acknowledgement", actor=staff["hana"])
    letter = letters.issue_letter(draft=draft, actor=staff["hana"])
    with letter.docx.open("rb") as handle:
        paragraphs = [p.text for p in Document(io.BytesIO(handle.read())).paragraphs]
    for line in ("1 River Street", "YO1 1AA", "7 Castle Row", "York", "YO1 7HH"):
        assert line in paragraphs, line  # the landlord's address, then the resident's new one
    assert "7 Castle Row" in letter.rendered_text and "Orchard Way" not in letter.rendered_text


def test_case_page_prints_as_the_record_without_navigation(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    client.force_login(staff["hana"])
    html = client.get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert 'class="putright-print-only' in html
    from django.contrib.staticfiles import finders

    found = finders.find("web/putright.css")
    assert isinstance(found, str)
    with open(found, encoding="utf-8") as handle:
        printing = handle.read().split("@media print {", 1)[1]
    assert ".putright-nav" in printing and ".govuk-button" in printing and "display: none" in printing


def test_a_field_required_only_in_some_cases_is_not_labelled_optional() -> None:
    from putright.governance.forms import EntryForm

    html = govuk_field(EntryForm()["contradiction_explanation"])
    assert "Why Yes, when the records show non-compliance</label>" in html and "(optional)" not in html
    assert "(optional)" in govuk_field(EntryForm()["policy_reference"])


def test_2024_7_3_what_a_remedy_needs_is_not_labelled_optional() -> None:
    """Found in a browser walk: "What will happen (optional)", "Date it will be done by (optional)"
    and "Evidence it was done (optional)" were each refused when left empty (the core checks them, so
    the refusal cites 2024 7.3)."""
    from putright.workspace.forms import CompleteRemedyForm, ContactForm, OutstandingActionForm, RemedyForm

    for form, names in (
        (RemedyForm(), ("description", "due", "amount")),
        (CompleteRemedyForm(), ("evidence",)),
        (OutstandingActionForm(), ("description", "owner")),
    ):
        for name in names:
            assert "(optional)" not in govuk_field(form[name]), (type(form).__name__, name)
    said = ContactForm({}).errors["summary"]
    assert said == ["Enter what they said"], said


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("give a working day up to then", "Give a working day up to then."),
        ("the letter says \u201con 3 March\u201d", "The letter says \u201con 3 March\u201d"),
        ("Already a sentence.", "Already a sentence."),
        ("", ""),
    ],
)
def test_a_note_on_a_page_reads_as_a_sentence(text: str, shown: str) -> None:
    from putright.web.templatetags.govuk import sentence

    assert sentence(text) == shown
