""" "Confirm": when the Code check is unsure, a person confirms the sentence it relied on, on the draft,
with who and when; until then the letter cannot be issued, from the API or the workspace."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from letters.conftest import api_as

from putright.code.errors import CodeViolation, InvalidRequest
from putright.letters import services
from putright.letters.models import ElementConfirmation, IssuedLetter

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parents[1] / "fixtures" / "letters" / "corpus"
# a housing association's stage 2 response whose only remedy is an apology: the check cannot tell
# that the apology is for what went wrong (2024 7.1 lists apologising as a remedy), so it asks
APOLOGY_ONLY = (
    (CORPUS / "ha-2024-stage2-response.txt")
    .read_text(encoding="utf-8")
    .replace(
        "We'll pay you £180 by 28 March 2025: £100 for the missed appointments and £80 towards the "
        "electric heaters. We're sorry for the days without heating.",
        "We're sorry that you and your children were without heating for 16 days.",
    )
)


@pytest.fixture
def api_2(handler_2: Any) -> Any:
    """The API as the stage 2 handler, who writes the stage 2 letters (2024 6.13: not the stage 1
    handler)."""
    return api_as(handler_2)


def _draft(api: Any, complaint: Any, body: str) -> dict[str, Any]:
    response = api(
        "post", f"/complaints/{complaint.reference}/letters", {"kind": "stage2-response", "body": body}
    )
    assert response.status_code == 201, response.content
    data: dict[str, Any] = response.json()
    return data


def _element(draft: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in draft["check"]["elements"] if e["element"] == name)


def test_2024_6_19_e_an_unsure_remedy_must_be_confirmed_by_a_person_before_issue(
    api_2: Any, case_for_kind: Any, letterhead: Any, handler_2: Any
) -> None:
    complaint = case_for_kind("stage2-response")
    draft = _draft(api_2, complaint, APOLOGY_ONLY)
    remedy = _element(draft, "remedy")
    assert remedy["status"] == "confirm"
    assert remedy["sentence"] == "We're sorry that you and your children were without heating for 16 days."
    assert draft["check"]["to_confirm"] == [
        {"element": "remedy", "provision": "2024 6.19 e", "sentence": remedy["sentence"]}
    ]
    assert draft["can_issue"] is False
    refused = api_2("post", f"/complaints/{complaint.reference}/letters/{draft['id']}/issue")
    assert refused.status_code == 422
    assert "not yet confirmed" in refused.json()["detail"]

    confirmed = api_2(
        "post", f"/complaints/{complaint.reference}/letters/{draft['id']}/confirm", {"element": "remedy"}
    )
    assert confirmed.status_code == 201, confirmed.content
    after = _element(confirmed.json(), "remedy")
    assert after["status"] == "confirm" and after["present"] is True
    assert after["confirmed_by"] == services._person(handler_2)
    assert after["confirmed_at"]
    row = ElementConfirmation.objects.get()
    assert row.confirmed_by == handler_2 and row.evidence == remedy["sentence"]
    assert confirmed.json()["can_issue"] is True
    issued = api_2("post", f"/complaints/{complaint.reference}/letters/{draft['id']}/issue")
    assert issued.status_code == 201, issued.content
    letter = IssuedLetter.objects.get()
    kept = next(e for e in letter.check_result["elements"] if e["element"] == "remedy")
    assert kept["confirmed_by"] == services._person(handler_2)  # the record says who confirmed it


def test_a_confirmation_holds_only_for_the_sentence_confirmed(
    case_for_kind: Any, letterhead: Any, handler_2: Any
) -> None:
    complaint = case_for_kind("stage2-response")
    draft = services.start_draft(
        complaint=complaint, kind="stage2-response", actor=handler_2, body=APOLOGY_ONLY
    )
    services.confirm_element(draft=draft, element="remedy", actor=handler_2)
    assert services.check_draft(draft).can_issue
    services.update_draft(
        draft=draft,
        body=APOLOGY_ONLY.replace("for 16 days", "for more than two weeks"),
    )
    again = services.check_draft(draft)
    assert again.element("remedy").status == "confirm" and not again.element("remedy").present
    with pytest.raises(CodeViolation):
        services.issue_letter(draft=draft, actor=handler_2)


def test_only_an_element_the_check_is_unsure_of_can_be_confirmed(
    api_2: Any, case_for_kind: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage2-response")
    wrong = APOLOGY_ONLY.replace("0300 111 3000", "0300 111 3900")
    draft = _draft(api_2, complaint, wrong)
    assert _element(draft, "ombudsman_route")["status"] == "wrong"
    for element in ("ombudsman_route", "decision", "nonsense"):
        response = api_2(
            "post", f"/complaints/{complaint.reference}/letters/{draft['id']}/confirm", {"element": element}
        )
        assert response.status_code == 422, element
    assert not ElementConfirmation.objects.exists()
    with pytest.raises(InvalidRequest):
        services.confirm_element(
            draft=services.LetterDraft.objects.get(pk=draft["id"]), element="ombudsman_route", actor=None
        )


def test_the_draft_page_shows_confirm_and_records_who_confirmed(
    case_for_kind: Any, letterhead: Any, handler_2: Any
) -> None:
    complaint = case_for_kind("stage2-response")
    draft = services.start_draft(
        complaint=complaint, kind="stage2-response", actor=handler_2, body=APOLOGY_ONLY
    )
    client = Client()
    client.force_login(handler_2)
    url = f"/letters/{complaint.reference}/drafts/{draft.pk}/"
    page = client.get(url).content.decode()
    assert "govuk-tag--yellow" in page and ">Confirm<" in page
    assert re.search(r'value="issue"[^>]*disabled', page)
    response = client.post(f"{url}confirm/", {"element": "remedy"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Confirmed by " + services._person(handler_2) in page
    # as people read a time, not "2026-12-06T09:13+00:00" (found in a browser walk)
    assert re.search(r"Confirmed by [^<]* on \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d<", page), page
    assert not re.search(r'value="issue"[^>]*disabled', page)


def test_2024_7_3_a_remedy_date_that_is_not_the_records_is_wrong(
    case_for_kind: Any, letterhead: Any, handler_1: Any
) -> None:
    complaint = case_for_kind("remedy-offer")
    draft = services.start_draft(complaint=complaint, kind="remedy-offer", actor=handler_1)
    result = services.check_draft(draft)
    assert result.element("remedy_by_when").status == "present", result.element("remedy_by_when").note
    due = max(r.due for r in complaint.remedies.all())
    written = f"{due:%-d %B %Y}"
    assert written in draft.body
    services.update_draft(draft=draft, body=draft.body.replace(written, "1 January 2031"))
    result = services.check_draft(draft)
    assert result.element("remedy_by_when").status == "wrong"
    assert written in result.element("remedy_by_when").note
    with pytest.raises(CodeViolation):
        services.issue_letter(draft=draft, actor=handler_1)


def test_2024_5_12_an_issued_letter_says_which_elements_a_person_confirmed_and_who(
    api_2: Any, case_for_kind: Any, letterhead: Any, handler_2: Any
) -> None:
    """The case's letters list and its CSV: "Code check passed" alone would say the check found what a
    person vouched for."""
    import csv
    import io

    complaint = case_for_kind("stage2-response")
    found = _draft(api_2, complaint, (CORPUS / "ha-2024-stage2-response.txt").read_text(encoding="utf-8"))
    assert api_2("post", f"/complaints/{complaint.reference}/letters/{found['id']}/issue").status_code == 201
    unsure = _draft(api_2, complaint, APOLOGY_ONLY)
    api_2("post", f"/complaints/{complaint.reference}/letters/{unsure['id']}/confirm", {"element": "remedy"})
    assert api_2("post", f"/complaints/{complaint.reference}/letters/{unsure['id']}/issue").status_code == 201
    confirmed = IssuedLetter.objects.get(draft_id=unsure["id"])
    [only] = confirmed.confirmed_elements
    assert only["element"] == "remedy" and only["by"] == services._person(handler_2)
    assert IssuedLetter.objects.get(draft_id=found["id"]).confirmed_elements == []

    client = Client()
    client.force_login(handler_2)
    page = client.get(f"/letters/{complaint.reference}/").content.decode()
    said = re.findall(r"Code check passed \(2024\)[^<]*", page)
    assert len(said) == 2
    assert any(
        f"with the remedy offered to put things right (2024 6.19 e) confirmed by a person: {services._person(handler_2)} on "
        in s
        for s in said
    ), said
    assert any(s.strip() == "Code check passed (2024)" for s in said), said

    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/letters/{complaint.reference}/letters.csv").content.decode())
        )
    )
    confirmations = sorted(r["confirmed_by_a_person"] for r in rows)
    assert len(confirmations) == 2 and confirmations[0] == ""
    assert confirmations[1].startswith(f"remedy: {services._person(handler_2)}, 20")
