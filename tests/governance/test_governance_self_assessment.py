"""The self-assessment (2024 8.1 a): proposals from the records with evidence, the officer's answers,
the rule that records contradicting compliance need an explanation for Yes, approval (8.2), the
banner after a restructure or an Ombudsman request (8.3, 8.4), and the exports read back."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from django.test import Client
from governance.journeys import RESPONSE, imported

from putright.code.errors import CodeViolation, InvalidRequest
from putright.code.provisions import edition
from putright.governance import evidence, services
from putright.governance.models import SelfAssessment


@pytest.fixture
def records(journey):  # type: ignore[no-untyped-def]
    d = date
    return [
        journey(d(2025, 6, 2), ack=d(2025, 6, 4), respond=d(2025, 6, 18)),
        journey(d(2025, 6, 2), ack=d(2025, 6, 10), respond=d(2025, 6, 18)),  # acknowledged late (due 9 Jun)
        journey(
            d(2025, 7, 1),
            ack=d(2025, 7, 2),
            extend=(d(2025, 7, 10), 15, "Specialist damp survey"),
            respond=d(2025, 8, 1),
            escalate=d(2025, 8, 4),
            ack2=d(2025, 8, 5),
            respond2=d(2025, 8, 20),
        ),
    ]


@pytest.fixture
def assessment(records, officer) -> SelfAssessment:  # type: ignore[no-untyped-def]
    return services.start_self_assessment(actor=officer, year=2025, edition="2024")


def _entry(a: SelfAssessment, number: str):  # type: ignore[no-untyped-def]
    return a.entries.get(provision=number)


def test_2024_8_1_every_provision_on_the_form_has_an_entry(assessment):  # type: ignore[no-untyped-def]
    numbers = [e.provision for e in assessment.entries.all()]
    assert numbers == [p.number for p in edition("2024").on_form()]


def test_every_evidence_rule_cites_a_provision_on_the_form():
    on_form = {p.number for p in edition("2024").on_form()}
    assert set(evidence.RULES["2024"]) <= on_form
    assert len(evidence.RULES["2024"]) >= 30
    assert set(evidence.RULES["2022"]) <= {p.number for p in edition("2022").on_form()}


def test_2024_6_2_proposal_is_no_with_the_late_acknowledgement_listed(assessment, signed_in_officer, records):  # type: ignore[no-untyped-def]
    entry = _entry(assessment, "6.2")
    assert entry.proposed == "no" and entry.state == "non_compliance"
    assert "1 of 3" in entry.evidence["summary"]
    assert [c["reference"] for c in entry.evidence["cases"]] == [records[1].reference]
    late = next(f for f in entry.evidence["figures"] if f["label"] == "late")
    assert late["value"] == 1
    page = signed_in_officer.get(late["href"]).content.decode()
    assert records[1].reference in page and records[0].reference not in page


def test_2024_6_3_and_6_4_proposals(records, journey, handler_1, officer):  # type: ignore[no-untyped-def]
    from putright.code.lifecycle import DeadlineExtended
    from putright.complaints import services as complaint_services

    # an extension an earlier system recorded with nothing to show the resident was told, on a complaint
    # then answered in PutRight (in time, so 6.3 still has four responses in time, too few)
    legacy = journey(date(2025, 7, 1), ack=date(2025, 7, 2))
    imported(
        legacy,
        DeadlineExtended(
            on=date(2025, 7, 10),
            stage=1,
            previous_due=date(2025, 7, 16),
            new_due=date(2025, 7, 23),
            working_days=5,
            reason="Waiting for a survey.",
            good_reason="",
            ombudsman_details_given=True,
            extension_provision="2024 6.4",
        ),
    )
    with complaint_services.recording_as_it_happened():
        complaint_services.respond_to_complaint(
            complaint=legacy,
            actor=handler_1,
            told=complaint_services.Told(method="post", on=date(2025, 7, 22), body="Sent by post."),
            **RESPONSE,
        )
    assessment = services.start_self_assessment(actor=officer, year=2025, edition="2024")
    # four responses in time are too few to propose compliance
    assert _entry(assessment, "6.3").state == "cannot_show"
    assert "too few" in _entry(assessment, "6.3").evidence["summary"]
    six_four = _entry(assessment, "6.4")
    # 15 working days on a recorded good reason, told by post, is allowed; the imported extension with no
    # notice issued fails
    assert six_four.state == "non_compliance"
    assert [(c["reference"], c["why"]) for c in six_four.evidence["cases"]] == [
        (legacy.reference, "extension on 10 July 2025: no letter issued")
    ]


def test_2024_6_13_no_stage_2_by_a_stage_1_handler(assessment):  # type: ignore[no-untyped-def]
    assert _entry(assessment, "6.13").state == "cannot_show"  # one stage 2 complaint: too few


def test_2024_9_4_without_an_appointment_or_review_the_records_cannot_show(assessment):  # type: ignore[no-untyped-def]
    assert _entry(assessment, "9.4").state == "cannot_show" and _entry(assessment, "9.4").proposed == ""


def test_provisions_the_records_cannot_prove_are_left_to_the_officer(assessment):  # type: ignore[no-untyped-def]
    entry = _entry(assessment, "1.2")
    assert entry.proposed == "" and entry.evidence == {} and entry.state == "cannot_show"


def test_a_contradicted_provision_cannot_be_yes_without_an_explanation(assessment, officer):  # type: ignore[no-untyped-def]
    entry = _entry(assessment, "6.2")
    with pytest.raises(CodeViolation) as refused:
        services.answer_provision(
            entry=entry, actor=officer, comply="yes", policy_reference="Complaints policy 9"
        )
    assert refused.value.provision == "2024 6.2"
    entry.refresh_from_db()
    assert entry.comply == ""  # nothing recorded
    services.answer_provision(
        entry=entry,
        actor=officer,
        comply="yes",
        policy_reference="Complaints policy 9",
        contradiction_explanation="One late acknowledgement of 3 during the system migration; alerts added since.",
    )
    entry.refresh_from_db()
    assert entry.comply == "yes"


def test_no_needs_actions_and_a_timescale(assessment, officer):  # type: ignore[no-untyped-def]
    entry = _entry(assessment, "9.4")
    with pytest.raises(InvalidRequest):
        services.answer_provision(entry=entry, actor=officer, comply="no", commentary="No review yet.")
    with pytest.raises(InvalidRequest):
        services.answer_provision(entry=entry, actor=officer, comply="no", actions="Appoint a senior lead.")
    entry.refresh_from_db()
    assert entry.comply == ""
    services.answer_provision(
        entry=entry,
        actor=officer,
        comply="no",
        actions="Appoint a senior lead.",
        actions_by=date(2026, 9, 30),
    )
    entry.refresh_from_db()
    assert entry.comply == "no" and entry.actions_by == date(2026, 9, 30)


def test_the_form_refuses_yes_for_a_contradicted_provision(assessment, signed_in_officer):  # type: ignore[no-untyped-def]
    url = f"/governance/self-assessment/{assessment.pk}/provision/6.2/"
    response = signed_in_officer.post(url, {"comply": "yes", "policy_reference": "Policy 9"})
    assert response.status_code == 200
    assert "explain why the answer is Yes" in response.content.decode()
    response = signed_in_officer.post(url, {"comply": "yes", "contradiction_explanation": "Migration week."})
    assert response.status_code == 302


def _answer_all(a: SelfAssessment, officer) -> None:  # type: ignore[no-untyped-def]
    for entry in a.entries.all():
        services.answer_provision(
            entry=entry,
            actor=officer,
            comply="yes",
            policy_reference=f"Complaints policy, {entry.provision}",
            commentary="As our policy sets out.",
            contradiction_explanation="Explained to the Board." if entry.state == "non_compliance" else "",
        )


def test_2024_8_2_approval_needs_every_answer(assessment, officer):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidRequest):
        services.approve_self_assessment(
            assessment=assessment, actor=officer, approved_on=date(2026, 6, 1), approved_by="Board"
        )
    _answer_all(assessment, officer)
    services.approve_self_assessment(
        assessment=assessment, actor=officer, approved_on=date(2026, 6, 1), approved_by="Board, minute 12"
    )
    assert assessment.approved_on == date(2026, 6, 1)
    with pytest.raises(InvalidRequest):
        services.answer_provision(entry=_entry(assessment, "1.2"), actor=officer, comply="no", commentary="x")


def test_2024_8_3_a_restructure_after_approval_prompts_a_new_self_assessment(
    assessment, officer, signed_in_officer
):  # type: ignore[no-untyped-def]
    _answer_all(assessment, officer)
    services.approve_self_assessment(
        assessment=assessment, actor=officer, approved_on=date(2026, 6, 1), approved_by="Board"
    )
    assert "A new self-assessment is due" not in signed_in_officer.get("/governance/").content.decode()
    services.record_compliance_trigger(
        actor=officer, kind="restructure", on=date(2026, 7, 1), description="Housing and repairs teams merged"
    )
    page = signed_in_officer.get("/governance/self-assessment/").content.decode()
    assert "A new self-assessment is due" in page and "Housing and repairs teams merged" in page


def test_2024_8_4_an_ombudsman_request_prompts_a_review(records, officer, signed_in_officer):  # type: ignore[no-untyped-def]
    services.open_ombudsman_case(
        actor=officer, complaint=records[2], referred_on=date(2025, 9, 1), self_assessment_requested=True
    )
    assert "Ombudsman asked for a review" in signed_in_officer.get("/governance/").content.decode()


def test_exports_in_the_forms_layout(assessment, officer, signed_in_officer, tmp_path):  # type: ignore[no-untyped-def]
    from docx import Document
    from openpyxl import load_workbook

    entry = _entry(assessment, "1.2")
    services.answer_provision(
        entry=entry,
        actor=officer,
        comply="yes",
        policy_reference='=HYPERLINK("http://x")',
        commentary="Defined in section 3.1.",
    )
    base = f"/governance/self-assessment/{assessment.pk}/export"
    doc = Document(io.BytesIO(signed_in_officer.get(base + ".docx").content))
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == [
        "Code provision",
        "Code requirement",
        "Comply: Yes / No",
        "Evidence",
        "Commentary / explanation",
    ]
    first = [c.text for c in doc.tables[0].rows[1].cells]
    assert first[0] == "1.2" and first[2] == "Yes" and "Defined in section 3.1." in first[4]
    wb = load_workbook(io.BytesIO(signed_in_officer.get(base + ".xlsx").content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[4] == (
        "Code provision",
        "Code requirement",
        "Comply: Yes / No",
        "Evidence",
        "Commentary / explanation",
    )
    row_1_2 = next(r for r in rows if r[0] == "1.2")
    assert row_1_2[3].startswith("'=HYPERLINK")  # a formula is never run
    six_two = next(r for r in rows if r[0] == "6.2")
    assert "From our records: 1 of 3" in six_two[3]
    path = tmp_path / "sa.pdf"
    path.write_bytes(signed_in_officer.get(base + ".pdf").content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Complaint Handling Code self-assessment 2025/26" in " ".join(text.split()) and "Section 6" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info


def test_published_page_is_public_once_approved_and_published(assessment, officer):  # type: ignore[no-untyped-def]
    anonymous = Client()
    assert anonymous.get("/published/self-assessment/2025/").status_code == 404
    _answer_all(assessment, officer)
    services.approve_self_assessment(
        assessment=assessment, actor=officer, approved_on=date(2026, 6, 1), approved_by="Board, minute 12"
    )
    services.publish_self_assessment(assessment=assessment, actor=officer)
    page = anonymous.get("/published/self-assessment/2025/")
    html = page.content.decode()
    assert page.status_code == 200 and "Approved by Board, minute 12 on 1 June 2026" in html
    assert '<html lang="en-GB"' in html and "<title>" in html
    assert anonymous.get("/published/self-assessment/2025/?format=xlsx").status_code == 200


def test_self_assessment_pages(assessment, signed_in_officer):  # type: ignore[no-untyped-def]
    assert signed_in_officer.get("/governance/self-assessment/").status_code == 200
    page = signed_in_officer.get(f"/governance/self-assessment/{assessment.pk}/").content.decode()
    assert "non-compliance: " in page and "Still needs an answer" in page
    section = signed_in_officer.get(
        f"/governance/self-assessment/{assessment.pk}/section/6/"
    ).content.decode()
    assert "Records show non-compliance" in section and "Records cannot show this" in section
    response = signed_in_officer.post("/governance/self-assessment/", {"year": "2025", "edition": "2022"})
    assert response.status_code == 302
    a2022 = SelfAssessment.objects.get(edition="2022")
    # 2022 5.12 (a different person at stage 2) asks what 2024 6.13 asks, and reads the same rule
    assert a2022.entries.get(provision="5.12").evidence["rule"] == _entry(assessment, "6.13").evidence["rule"]
    assert a2022.entries.get(provision="4.1").evidence == {}  # early resolution: no rule


def test_the_self_assessments_page_has_the_governance_navigation_as_the_other_governance_pages(
    signed_in_officer,
):  # type: ignore[no-untyped-def]
    for path in ("/governance/self-assessment/", "/governance/reports/"):
        page = signed_in_officer.get(path).content.decode()
        assert '<nav aria-label="Governance" class="putright-subnav">' in page, path
        assert (
            '<a class="govuk-link" href="/governance/submission/">Ombudsman annual submission</a>' in page
        ), path


def test_2024_6_2_the_failing_complaints_as_a_list(assessment, signed_in_officer, records):  # type: ignore[no-untyped-def]
    from putright.governance.facts import AsAt
    from putright.governance.measures import Period
    from putright.governance.performance import Scope

    scope = Scope(
        Period(assessment.period_from, assessment.period_to),
        AsAt(assessment.as_at_day, assessment.as_at_moment),
    )
    page = signed_in_officer.get(scope.link("rule:2024:6.2")).content.decode()
    assert "Failing 2024 6.2" in page
    assert records[1].reference in page and records[0].reference not in page
    assert '<th scope="col" class="govuk-table__header">Why it fails</th>' in page
    exported = signed_in_officer.get(scope.link("rule:2024:6.2") + "&export=csv").content.decode()
    header, row = exported.splitlines()[:2]
    assert header.endswith("Why it fails") and row.startswith(records[1].reference)
    assert row.split(",")[-1].strip('"') not in ("", "–")
    assert '<th scope="col" class="govuk-table__header">Why it fails</th>' in page
    exported = signed_in_officer.get(scope.link("rule:2024:6.2") + "&export=csv").content.decode()
    header, row = exported.splitlines()[:2]
    assert header.endswith("Why it fails") and row.startswith(records[1].reference)
    assert row.split(",")[-1].strip('"') not in ("", "–")
    assert signed_in_officer.get(scope.link("rule:2024:1.2")).status_code == 400  # no rule for 1.2


def test_2024_6_9_the_responses_to_check_are_listed_and_linked(assessment, signed_in_officer, records):  # type: ignore[no-untyped-def]
    """Told other than by a letter from PutRight, a response's text was never checked (6.9 a-g): the
    records cannot show 6.9, and each response the landlord must check is listed, linked, and listed in
    full behind the entry."""
    from putright.governance.facts import AsAt
    from putright.governance.measures import Period
    from putright.governance.performance import Scope

    six_nine = _entry(assessment, "6.9")
    assert six_nine.state == "cannot_show"
    assert six_nine.evidence["to_check_total"] == 3 == len(six_nine.evidence["to_check"])
    assert {(c["reference"], c["why"]) for c in six_nine.evidence["to_check"]} >= {
        (
            records[0].reference,
            "response on 18 June 2025, told by post (not a letter issued from PutRight): not checked for every "
            "element the Code lists",
        )
    }
    section = signed_in_officer.get(
        f"/governance/self-assessment/{assessment.pk}/section/6/"
    ).content.decode()
    assert "Records to check before you answer" in section
    assert (
        f'href="/workspace/complaints/{records[0].reference}/">{records[0].reference}</a>: response on 18 June 2025, told by post'
        in (section)
    )
    scope = Scope(
        Period(assessment.period_from, assessment.period_to),
        AsAt(assessment.as_at_day, assessment.as_at_moment),
    )
    listed = signed_in_officer.get(scope.link("rule:2024:6.9", part="check")).content.decode()
    assert "To check for 2024 6.9" in listed
    assert all(r.reference in listed for r in records)
    # which step to check, on its row: the list said only the complaint
    assert '<th scope="col" class="govuk-table__header">What to check</th>' in listed
    assert "response on 18 June 2025, told by post (not a letter issued from PutRight)" in listed
    # opened from the section, it goes back there, not to a dashboard the reader had not come from
    items = signed_in_officer.get(f"/governance/self-assessment/{assessment.pk}/section/6/").context["items"]
    [item] = [i for i in items if i["entry"].provision == "6.9"]
    assert item["check_list"] == scope.link("rule:2024:6.9", part="check") + f"&assessment={assessment.pk}"
    from_section = signed_in_officer.get(
        scope.link("rule:2024:6.9", part="check") + f"&assessment={assessment.pk}"
    ).content.decode()
    assert (
        f'<a href="/governance/self-assessment/{assessment.pk}/section/6/" class="govuk-back-link">'
        "Back to section 6 of the self-assessment</a>"
    ) in from_section
    assert "Back to the self-assessments</a>" in listed and "Back to the dashboard" not in listed
    # no such assessment, a digit int() refuses ("²", a 400 before: helper-92): the list of them
    for odd in ("999999", "x", "6.9", "1" * 40, "%C2%B2"):
        page = signed_in_officer.get(scope.link("rule:2024:6.9", part="check") + f"&assessment={odd}")
        assert page.status_code == 200 and "Back to the self-assessments</a>" in page.content.decode()
    # a 2022 rule's list with this 2024 assessment goes back to the list, not to a 2024 section
    other = signed_in_officer.get(scope.link("rule:2022:5.12") + f"&assessment={assessment.pk}")
    assert other.status_code == 200 and "Back to the self-assessments</a>" in other.content.decode()
    failing = signed_in_officer.get(scope.link("rule:2024:6.9")).content.decode()
    assert "Failing 2024 6.9" in failing and records[0].reference not in failing


def test_a_bad_rule_list_is_refused_in_plain_text(assessment, signed_in_officer):  # type: ignore[no-untyped-def]
    """The refusal repeats the request's words: as plain text, so a link in them is never rendered."""
    from putright.governance.facts import AsAt
    from putright.governance.measures import Period
    from putright.governance.performance import Scope

    scope = Scope(
        Period(assessment.period_from, assessment.period_to),
        AsAt(assessment.as_at_day, assessment.as_at_moment),
    )
    for link in (
        scope.link("rule:2024:<a href=//evil.example>sign in again</a>"),
        scope.link("rule:2024:6.9", part="missed"),
        scope.link("rule:2024:6.9", part="<b>x</b>"),
    ):
        refused = signed_in_officer.get(link)
        assert refused.status_code == 400, link
        assert refused["Content-Type"].startswith("text/plain"), link
    assert (
        "part=all (failing) or part=check"
        in signed_in_officer.get(scope.link("rule:2024:6.9", part="x")).content.decode()
    )


def test_2024_9_6_the_mrc_reads_the_records_to_check_as_references_not_dead_links(assessment, records):  # type: ignore[no-untyped-def]
    """The MRC sees each complaint's summary on the governance pages but cannot open its case page."""
    from putright.accounts.models import Role, User

    mrc = User.objects.create_user("mrc", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS)
    client = Client()
    client.force_login(mrc)
    section = client.get(f"/governance/self-assessment/{assessment.pk}/section/6/").content.decode()
    assert "Records to check before you answer" in section
    assert f"<li>{records[0].reference}: response on 18 June 2025" in section
    assert f'href="/workspace/complaints/{records[0].reference}/"' not in section
    assert client.get(f"/workspace/complaints/{records[0].reference}/").status_code in (403, 404)
