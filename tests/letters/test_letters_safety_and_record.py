"""Safe templating (a resident's text cannot inject markup, formulas or Code markers; a landlord's
template cannot run code) and issued letters kept as issued (model, manager, database, admin; the
stored files served as stored, hash checked)."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client, RequestFactory
from letters.conftest import docx_text, empty_section, pdf_text

from putright.code.errors import CodeViolation
from putright.complaints.models import Stage
from putright.letters import services
from putright.letters.models import IssuedLetter, LetterIsIssued
from putright.letters.placeholders import (
    TemplateError,
    clean_value,
    fill,
    problems,
    spreadsheet_safe,
    validate,
)

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & <b>bold</b> <img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","click")'


# --- the placeholder language ------------------------------------------------------------------------


def test_templates_can_only_name_whitelisted_values() -> None:
    validate("Dear {{ resident.name }}, your reference is {{complaint.reference}}.")
    for bad in (
        "{{ settings.SECRET_KEY }}",
        "{{ resident.name|upper }}",
        "{{ complaint.resident.user.password }}",
        "{% load static %}{% debug %}",
        "{{ ''.__class__ }}",
    ):
        with pytest.raises(TemplateError):
            validate(bad)
    assert [p.placeholder for p in problems("{{ nope }} {{ resident.name }}")] == ["nope"]


def test_filling_is_one_pass_and_values_cannot_forge_markers_or_blanks() -> None:
    text = fill(
        "[6.9 c] Our decision\n{{ response.decision }}\n[/]",
        {"response.decision": "[6.9 g] How to escalate\nCall us {{ ombudsman.phone }}\x00\x0b"},
    )
    assert "{{ ombudsman.phone }}" in text  # not expanded
    assert "\\[6.9 g] How to escalate" in text  # a resident's "[" at the start of a line is escaped
    assert "\x00" not in text and "\x0b" not in text
    assert clean_value("  [/]  ") == "\\[/]"
    assert fill("{{ response.remedy }}", {}) == "[enter the remedy, or why there is none]"


def test_spreadsheet_cells_cannot_become_formulas() -> None:
    for value in ("=1+1", "+44 300", "-2", "@SUM(A1)", "\t=1"):
        assert spreadsheet_safe(value).startswith("'")
    assert spreadsheet_safe("Rita") == "Rita"


def test_resident_text_cannot_inject_markup_markers_or_formulas_into_letters(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    hostile = f"{HOSTILE}\n[6.9 g] forged escalation section\n{FORMULA}"
    stage = Stage.objects.get(complaint=complaint, number=1)
    # the letter says the definition the response records (2024 6.9 b), else the stage's
    stage.complaint_definition = hostile
    stage.response = {**(stage.response or {}), "complaint_definition": hostile}
    stage.save(update_fields=["complaint_definition", "response"])
    complaint.resident.name = FORMULA
    complaint.resident.save()
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    # take out the real 6.9 g text: the forged marker in the resident's words must not stand in for it
    services.update_draft(draft=draft, body=empty_section(draft.body, "[6.9 g]"))
    assert not services.check_draft(draft).element("escalation_route").present
    with pytest.raises(CodeViolation):
        services.issue_letter(draft=draft, actor=handler_1)

    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    letter = services.issue_letter(draft=draft, actor=handler_1)
    html = letter.rendered_html
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "[6.9 g] forged escalation section" in html  # printed as the resident wrote it, as text
    pdf = " ".join(pdf_text(services.verify_file(letter, "pdf")).split())
    assert '<script>alert("x")</script> & <b>bold</b> <img src=x onerror=alert(1)>' in pdf
    assert "<img src=x" not in html
    words = docx_text(services.verify_file(letter, "docx"))
    assert '<script>alert("x")</script> & <b>bold</b>' in words and FORMULA in words

    client = Client()
    client.force_login(handler_1)
    rows = list(
        csv.reader(io.StringIO(client.get(f"/letters/{complaint.reference}/letters.csv").content.decode()))
    )
    assert rows[1][1] == "'" + FORMULA  # the resident's name cannot run as a formula
    assert rows[1][2] == "'" + FORMULA


# --- kept as issued -------------------------------------------------------------------------------------


@pytest.fixture
def issued(case_for_kind: Any, handler_1: Any, letterhead: Any) -> IssuedLetter:
    complaint = case_for_kind("stage1-response")
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    return services.issue_letter(draft=draft, actor=handler_1)


def test_2024_5_12_issued_letters_cannot_be_changed_or_deleted_through_the_orm(issued: IssuedLetter) -> None:
    issued.title = "Changed"
    with pytest.raises(LetterIsIssued):
        issued.save()
    with pytest.raises(LetterIsIssued):
        issued.delete()
    with pytest.raises(LetterIsIssued):
        IssuedLetter.objects.filter(pk=issued.pk).update(title="Changed")
    with pytest.raises(LetterIsIssued):
        IssuedLetter.objects.all().delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE letters_issuedletter SET title = 'x'", "DELETE FROM letters_issuedletter"]
)
def test_2024_5_12_the_database_refuses_to_change_or_delete_issued_letters(
    issued: IssuedLetter, sql: str
) -> None:
    with (
        pytest.raises(DatabaseError, match="issued letters are kept as issued"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert IssuedLetter.objects.get(pk=issued.pk).title == issued.title


def test_admin_cannot_change_or_delete_issued_letters(issued: IssuedLetter, handler_1: Any) -> None:
    model_admin = site._registry[IssuedLetter]
    request = RequestFactory().get("/admin/")
    request.user = handler_1
    assert not model_admin.has_change_permission(request, issued)
    assert not model_admin.has_delete_permission(request, issued)
    assert not model_admin.has_add_permission(request)


def test_stored_files_are_served_as_stored_and_match_their_hashes(
    issued: IssuedLetter, handler_1: Any
) -> None:
    stored_pdf = issued.pdf.read()
    issued.pdf.close()
    assert hashlib.sha256(stored_pdf).hexdigest() == issued.pdf_sha256
    client = Client()
    client.force_login(handler_1)
    for which, expected in (("pdf", issued.pdf_sha256), ("docx", issued.docx_sha256)):
        response = client.get(f"/letters/issued/{issued.pk}/{which}/")
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == expected
        assert response["X-Content-SHA256"] == expected
    # a later change to the letterhead or template does not change what was issued
    services.save_template(
        kind="stage1-response", title="A new title", body="Dear {{ resident.name }},\n", actor=None
    )
    again = client.get(f"/letters/issued/{issued.pk}/pdf/")
    assert hashlib.sha256(again.content).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(issued.rendered_html.encode()).hexdigest() == issued.html_sha256


def test_a_tampered_file_is_refused_not_served(issued: IssuedLetter, handler_1: Any) -> None:
    path = issued.pdf.path
    with open(path, "ab") as handle:
        handle.write(b"tampered")
    client = Client()
    client.force_login(handler_1)
    response = client.get(f"/letters/issued/{issued.pk}/pdf/")
    assert response.status_code == 500
    assert b"does not match the hash" in response.content
