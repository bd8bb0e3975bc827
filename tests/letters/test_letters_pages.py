"""The letters pages through Django's test client: write, check and issue; issuing refused (422) when
the 2024 6.9 g part is missing; templates and letterhead for administrators only; the case panel."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from letters.conftest import empty_section

from putright.accounts.models import Role, User
from putright.letters.models import IssuedLetter, LetterDraft, LetterheadSettings, LetterTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(handler_1: User) -> Client:
    client = Client()
    client.force_login(handler_1)
    return client


def _form(page: str) -> dict[str, str]:
    title = re.search(r'name="title"[^>]*value="([^"]*)"', page)
    body = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    assert title and body
    import html

    return {"title": html.unescape(title.group(1)), "body": html.unescape(body.group(1))}


def test_2024_6_9_g_a_letter_missing_it_cannot_be_issued_through_the_page(
    signed_in: Client, case_for_kind: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    page = signed_in.get(f"/letters/{complaint.reference}/new/?kind=stage1-response").content.decode()
    assert "2024 6.9 g" in page and "Present" in page
    form = _form(page)
    form["body"] = empty_section(form["body"], "[6.9 g]")
    response = signed_in.post(
        f"/letters/{complaint.reference}/new/", {**form, "kind": "stage1-response", "action": "check"}
    )
    assert response.status_code == 302
    draft = LetterDraft.objects.get(complaint=complaint)
    checked = signed_in.get(response["Location"]).content.decode()
    assert "1 element missing" in checked
    assert re.search(r'value="issue"[^>]*disabled', checked)  # the button is disabled

    # even if the browser sends it, the server refuses
    refused = signed_in.post(response["Location"], {**form, "action": "issue"})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "This letter cannot be issued" in text and "2024 6.9 g" in text
    assert not IssuedLetter.objects.exists()

    # put the part back: check, then issue
    full = _form(page)
    ok = signed_in.post(response["Location"], {**full, "action": "check"}).content.decode()
    assert not re.search(r'value="issue"[^>]*disabled', ok)
    issued = signed_in.post(response["Location"], {**full, "action": "issue"})
    assert issued.status_code == 302
    letter = IssuedLetter.objects.get(draft=draft)
    panel = signed_in.get(issued["Location"]).content.decode()
    assert f"/letters/issued/{letter.pk}/pdf/" in panel and f"/letters/issued/{letter.pk}/docx/" in panel


def test_the_case_panel_renders_for_the_workspace_case_page(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    from django.test import RequestFactory

    from putright.complaints.selectors import complaint_detail

    complaint = case_for_kind("stage1-response")
    request = RequestFactory().get(f"/workspace/complaints/{complaint.reference}/")
    request.user = handler_1
    html = render_to_string(
        "letters/_case_panel.html",
        {
            "complaint": complaint,
            "detail": complaint_detail(reference=complaint.reference),
            "request": request,
        },
        request=request,
    )
    assert 'id="letters-heading"' in html
    assert "No letters have been issued" in html
    assert f"/letters/{complaint.reference}/new/" in html


def test_choose_a_kind_and_the_2024_code_has_no_stage_3(
    signed_in: Client, case_for_kind: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    page = signed_in.get(f"/letters/{complaint.reference}/new/").content.decode()
    assert "Which letter do you want to write?" in page and "stage3-response" not in page
    assert signed_in.get(f"/letters/{complaint.reference}/new/?kind=stage3-response").status_code == 404
    assert signed_in.get(f"/letters/{complaint.reference}/new/?kind=nonsense").status_code == 404
    assert signed_in.get("/letters/NO-SUCH/new/").status_code == 404


def test_pages_need_sign_in(client: Client, case_for_kind: Any, letterhead: Any) -> None:
    complaint = case_for_kind("stage1-response")
    for url in (
        f"/letters/{complaint.reference}/",
        f"/letters/{complaint.reference}/new/",
        "/letters/templates/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_templates_are_for_administrators_and_refuse_template_code(handler_1: User, letterhead: Any) -> None:
    client = Client()
    client.force_login(handler_1)
    assert client.get("/letters/templates/").status_code == 403
    admin = User.objects.create_user("admin", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    listing = client.get("/letters/templates/").content.decode()
    assert "Stage 1 response" in listing
    page = client.get("/letters/templates/stage1-response/").content.decode()
    assert "2024 6.9 g" in page and "resident.name" in page
    bad = client.post(
        "/letters/templates/stage1-response/",
        {"title": "Our response", "body": "Dear {{ settings.SECRET_KEY }} {% debug %}", "action": "save"},
    )
    assert bad.status_code == 422
    assert "is not a placeholder PutRight knows" in bad.content.decode()
    good = client.post(
        "/letters/templates/stage1-response/",
        {
            "title": "Our answer",
            "body": "Dear {{ resident.name }},\n\n[6.9 g] Next steps\nCall us.\n",
            "action": "save",
        },
    )
    assert good.status_code == 302
    assert LetterTemplate.objects.get(kind="stage1-response").title == "Our answer"
    client.post("/letters/templates/stage1-response/", {"action": "restore"})
    assert LetterTemplate.objects.get(kind="stage1-response").title == "Our response to your complaint"


def test_letterhead_with_a_logo_is_printed_on_the_letter(
    case_for_kind: Any, handler_1: Any, letterhead: Any, tmp_path: Path
) -> None:
    from putright.letters import services

    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    admin = User.objects.create_user("admin", role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    refused = client.post(
        "/letters/letterhead/",
        {
            "organisation_name": "Riverside Homes",
            "logo": SimpleUploadedFile("logo.gif", b"GIF89a....", "image/gif"),
        },
    )
    assert refused.status_code == 422 and "PNG or JPEG" in refused.content.decode()
    saved = client.post(
        "/letters/letterhead/",
        {
            "organisation_name": "Riverside Homes",
            "address": "1 River Street\nYork\nYO1 1AA",
            "phone": "01904 000000",
            "email": "complaints@riverside.example",
            "signoff_name": "Priya Shah",
            "signoff_role": "Head of Customer Resolution",
            "logo": SimpleUploadedFile("logo.png", png, "image/png"),
        },
    )
    assert saved.status_code == 302
    assert LetterheadSettings.load().logo
    complaint = case_for_kind("stage1-response")
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    letter = services.issue_letter(draft=draft, actor=handler_1)
    assert (
        'src="data:image/png;base64,' in letter.rendered_html
        and 'alt="Riverside Homes"' in letter.rendered_html
    )
    assert "Priya Shah" in letter.rendered_text and "01904 000000" in letter.rendered_text
