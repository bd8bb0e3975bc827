"""2022 Code letters (2022 4.1, 4.2, 5.1; 2.7): a complaint received on 1 March 2024 is under the 2022
Code, and its default acknowledgement letter carried the 2024 Code's markers ([6.2], [5.6
complaint_definition], [5.6 outcomes_sought], [5.7]): the draft page warned four times "not an
element this letter kind requires", and staff could do nothing about it. A letter's template is read
in the complaint's own edition: every kind's default letter, drafted for a complaint under either
Code, has no such warning, and its check finds every element its edition requires."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from letters.conftest import STATE_FOR_KIND, fill_blanks

from putright.code.letters import kind_stage, letter_kinds, required_elements
from putright.letters import services
from putright.letters.check import check_letter, markers_for_edition
from putright.letters.defaults import DEFAULT_TEMPLATES

NOT_REQUIRED = "not an element this letter kind requires"

#: a Monday under the 2022 Code (in force until 1 April 2024), with no bank holiday in the weeks after
RECEIVED_2022 = date(2023, 9, 4)


@pytest.fixture(params=["2024", "2022"])
def edition(request: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "2022":
        import complaints.conftest

        monkeypatch.setattr(complaints.conftest, "RECEIVED", RECEIVED_2022)
    return str(request.param)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(STATE_FOR_KIND))
def test_a_default_letter_drafted_under_either_code_has_its_own_editions_markers(
    kind: str, edition: str, case_for_kind: Any, handler_1: Any, letterhead: Any
) -> None:
    complaint = case_for_kind(kind)
    assert complaint.edition == edition
    handler = complaint.handler or handler_1  # the stage's own handler (2024 6.13; 2022 5.12)
    draft = services.start_draft(complaint=complaint, kind=kind, actor=handler)
    services.update_draft(draft=draft, body=fill_blanks(draft.body))
    result = services.check_draft(draft)
    assert not [w for w in result.warnings if NOT_REQUIRED in w]
    missing = [(e.provision, e.element, e.status) for e in result.elements if not e.present]
    assert missing == []
    assert result.edition == edition


@pytest.mark.parametrize(
    ("kind", "edition", "stage"),
    [
        (kind.value, edition, stage)
        for edition in ("2024", "2022")
        for kind in letter_kinds(edition)
        for stage in (
            (kind_stage(kind),) if kind_stage(kind) else ((1, 2, 3) if edition == "2022" else (1, 2))
        )
    ],
)
def test_every_default_templates_markers_name_what_the_letters_edition_requires(
    kind: str, edition: str, stage: int
) -> None:
    """Every kind, both editions, every stage: the markers of the default template, read in the
    letter's edition, name only elements that edition requires of it (the check warns of no other),
    and every marked section's element is one it requires."""
    assert required_elements(kind, edition, stage=stage) is not None
    body = markers_for_edition(DEFAULT_TEMPLATES[kind].body, kind, edition, stage=stage)
    result = check_letter(body, kind, edition, {"stage": stage} if kind == "extension-notice" else {})
    assert not [w for w in result.warnings if NOT_REQUIRED in w or "this letter is checked against" in w]
