"""Letters for every step, rendered from the landlord's default templates and issued: each passes the
Code check, and the PDF (pdftotext) and DOCX (python-docx) read back with its words. For every
element the Code requires of each kind, a letter whose marked part is left empty cannot be issued,
and the refusal cites that provision (one test each, named after the provision)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from letters.conftest import (
    STATE_FOR_KIND,
    docx_document,
    docx_text,
    empty_section,
    fill_blanks,
    pdf_info,
    pdf_text,
)

from putright.code.errors import CodeViolation, InvalidRequest
from putright.code.letters import required_elements
from putright.complaints.models import Correspondence
from putright.complaints.selectors import complaint_detail
from putright.complaints.services import Told
from putright.letters import services
from putright.letters.check import check_letter
from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.extract import html_to_text
from putright.letters.models import LetterTemplate

pytestmark = pytest.mark.django_db

KINDS_2024 = list(STATE_FOR_KIND)


def _marker(body: str, provision: str, element: str) -> str:
    """The marker line that marks ``element`` in a default template."""
    number = provision.split(" ", 1)[1]
    for line in body.split("\n"):
        match = re.match(r"^\[([^\]/]+)\]", line.strip())
        if not match:
            continue
        tokens = [t.strip() for t in match.group(1).split(",")]
        for token in tokens:
            if token in (number, f"{number} {element}", element):
                return f"[{match.group(1)}]"
    raise AssertionError(f"no marker for {provision} {element}")


def _issue(case_for_kind: Any, handler: Any, kind: str, edit: Any = None) -> Any:
    complaint = case_for_kind(kind)
    # the stage's own handler writes its letter: at stage 2, not the stage 1 handler (2024 6.13)
    handler = complaint.handler or handler
    draft = services.start_draft(complaint=complaint, kind=kind, actor=handler)
    body = fill_blanks(draft.body)
    if edit is not None:
        body = edit(body)
    services.update_draft(draft=draft, body=body)
    return draft, services.issue_letter(draft=draft, actor=handler)


@pytest.mark.parametrize("kind", KINDS_2024)
def test_default_template_renders_passes_the_code_check_and_issues(
    kind: str, case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    _draft, letter = _issue(case_for_kind, handler_1, kind)
    assert letter.check_result["can_issue"] is True
    assert all(e["present"] for e in letter.check_result["elements"])
    assert letter.check_result["missing"] == []
    assert not re.search(r"\[enter|\{\{", letter.rendered_text)

    # the PDF, read back by poppler, has the letter's words, a title and tags (PDF/UA)
    pdf = services.verify_file(letter, "pdf")
    text = " ".join(pdf_text(pdf).split())
    assert letter.title in text
    assert "Dear Rita Resident," in text
    assert "0300 111 3000" in text  # the Ombudsman's details, from the one configuration
    assert letter.complaint.reference in text
    assert "[6." not in text and "[5." not in text  # markers are not printed
    info = pdf_info(pdf)
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(rf"^Title:\s+{re.escape(letter.title)}", info, re.M)

    # the DOCX, read back by python-docx, has the words and its core properties
    docx = services.verify_file(letter, "docx")
    words = docx_text(docx)
    assert "Dear Rita Resident," in words and "Daniel Okafor" in words
    properties = docx_document(docx).core_properties
    assert properties.title == letter.title
    assert properties.language == "en-GB"

    # the stored HTML is an accessible document and checks again the same way
    assert '<html lang="en-GB">' in letter.rendered_html
    assert f"<title>{letter.title}</title>" in letter.rendered_html
    again = check_letter(html_to_text(letter.rendered_html), kind, "2024", {"stage": letter.stage})
    assert again.can_issue


@pytest.mark.parametrize("kind", KINDS_2024)
def test_issued_letter_is_on_the_case_timeline_as_correspondence_out(
    kind: str, case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    _, letter = _issue(case_for_kind, handler_1, kind)
    assert letter.correspondence is not None
    assert letter.correspondence.direction == "out"
    detail = complaint_detail(reference=letter.complaint.reference)
    entries = [e for e in detail.timeline if e.correspondence is not None]
    assert any(e.correspondence.pk == letter.correspondence.pk and e.title == letter.title for e in entries)
    assert Correspondence.objects.get(pk=letter.correspondence.pk).issued_letter == letter


def _missing_case(kind: str, provision: str, element: str):  # type: ignore[no-untyped-def]
    def test(case_for_kind: Any, handler_1: Any, letterhead: Any) -> None:
        marker = _marker(DEFAULT_TEMPLATES[kind].body, provision, element)
        complaint = case_for_kind(kind)
        handler = complaint.handler or handler_1  # the stage's own handler (2024 6.13)
        draft = services.start_draft(complaint=complaint, kind=kind, actor=handler)
        services.update_draft(draft=draft, body=empty_section(fill_blanks(draft.body), marker))
        result = services.check_draft(draft)
        assert not result.element(element).present
        with pytest.raises(CodeViolation) as refused:
            services.issue_letter(draft=draft, actor=handler)
        assert provision in refused.value.missing
        assert refused.value.provision == result.blocking[0].provision
        assert not complaint.issued_letters.exists()

    return test


for _kind in KINDS_2024:
    _stage = 1
    for _requirement in required_elements(_kind, "2024", stage=None):
        _name = (
            f"test_{_requirement.provision.replace(' ', '_').replace('.', '_')}_"
            f"{_kind.replace('-', '_')}_without_{_requirement.element.value}_cannot_be_issued"
        )
        globals()[_name] = _missing_case(_kind, _requirement.provision, _requirement.element.value)


def test_2024_6_9_g_a_landlord_template_without_the_escalation_part_cannot_be_issued(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    template = LetterTemplate.objects.get(kind="stage1-response")
    services.save_template(
        kind="stage1-response",
        title=template.title,
        body=template.body.split("[6.9 g]")[0] + "Yours sincerely,\n",
        actor=None,
    )
    complaint = case_for_kind("stage1-response")
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    with pytest.raises(CodeViolation) as refused:
        services.issue_letter(draft=draft, actor=handler_1)
    assert refused.value.provision == "2024 6.9 g"
    assert refused.value.missing == ("2024 6.9 g",)


def test_2024_6_15_extension_at_stage_2_cites_6_15_and_6_16(
    build: Any, handler_2: Any, letterhead: Any
) -> None:
    from datetime import date

    from putright.complaints import services as complaint_services

    complaint = build("stage_2_acknowledged")
    with complaint_services.recording_as_it_happened():
        complaint = complaint_services.extend_response_deadline(
            complaint=complaint,
            actor=handler_2,
            working_days=10,
            reason="We are waiting for an independent surveyor's report.",
            ombudsman_details_given=True,
            told=Told(method="post", on=date(2025, 4, 1), body="Sent by post."),
        )
    draft = services.start_draft(complaint=complaint, kind="extension-notice", actor=handler_2)
    assert draft.stage == 2
    result = services.check_draft(draft)
    assert result.can_issue
    assert [e.provision for e in result.elements] == ["2024 6.15", "2024 6.15", "2024 6.16"]
    letter = services.issue_letter(draft=draft, actor=handler_2)
    assert "surveyor's report" in pdf_text(services.verify_file(letter, "pdf"))


def test_a_letter_with_blanks_left_cannot_be_issued(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("keeping-informed-update")
    draft = services.start_draft(complaint=complaint, kind="keeping-informed-update", actor=handler_1)
    assert "[enter what has happened" in draft.body
    with pytest.raises(CodeViolation) as refused:  # the marked progress section is only a blank
        services.issue_letter(draft=draft, actor=handler_1)
    assert refused.value.provision == "2024 5.9"
    services.update_draft(draft=draft, body=draft.body + "\nPS [enter anything else]\n")
    services.update_draft(draft=draft, body=fill_blanks(draft.body))
    with pytest.raises(InvalidRequest, match="blanks to fill in"):
        services.issue_letter(draft=draft, actor=handler_1)


def test_the_same_draft_cannot_be_issued_twice(case_for_kind: Any, handler_1: Any, letterhead: Any) -> None:
    from putright.code.errors import TransitionNotAllowed

    draft, _ = _issue(case_for_kind, handler_1, "stage1-response")
    with pytest.raises(TransitionNotAllowed):
        services.issue_letter(draft=draft, actor=handler_1)


def test_large_print_is_16pt_or_more_in_the_pdf_and_docx(
    case_for_kind: Any, handler_1: Any, letterhead: Any, tmp_path: Any
) -> None:
    import subprocess

    from putright.complaints.models import Format

    def word_height(pdf: bytes) -> float:
        path = tmp_path / "letter.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
        for match in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Dear<', html):
            return float(match.group(2)) - float(match.group(1))
        raise AssertionError("no 'Dear' in the PDF")

    _, standard = _issue(case_for_kind, handler_1, "stage1-response")
    complaint = case_for_kind("stage1-response")
    complaint.resident.preferred_format = Format.LARGE_PRINT
    complaint.resident.save()
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    large = services.issue_letter(draft=draft, actor=handler_1)

    # poppler's word boxes: the large-print letter's text is at least 16/12 the size of the standard one
    ratio = word_height(services.verify_file(large, "pdf")) / word_height(
        services.verify_file(standard, "pdf")
    )
    assert ratio >= 16 / 12 - 0.02
    assert "font-size: 16pt" in large.rendered_html
    assert docx_document(services.verify_file(large, "docx")).styles["Normal"].font.size.pt >= 16
    assert docx_document(services.verify_file(standard, "docx")).styles["Normal"].font.size.pt == 12


def test_a_named_contact_is_in_the_sign_off_where_the_adjustment_says_so(
    case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    from datetime import date

    from putright.complaints import services as complaint_services

    complaint = case_for_kind("stage1-response")
    complaint_services.record_reasonable_adjustment(
        resident=complaint.resident,
        adjustment="A single named contact for all letters and calls",
        agreed_on=date(2025, 3, 4),
    )
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    letter = services.issue_letter(draft=draft, actor=handler_1)
    text = " ".join(pdf_text(services.verify_file(letter, "pdf")).split())
    assert "Your named contact for this complaint is Hana One." in text
    assert "Your named contact for this complaint is Hana One." in docx_text(
        services.verify_file(letter, "docx")
    )
