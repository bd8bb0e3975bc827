"""2024 6.9 and 6.19: the stage 1 and stage 2 responses tell the resident the decision, the reasons,
the remedy, the outstanding actions and how to escalate, in the words the handler recorded; 2024
5.12: the record is what the resident was sent. So what a handler types on the response step (the
workspace page or ``POST /api/v1/complaints/<ref>/respond``) is printed as typed, and is read by the
Code check as the handler's text, never as the letter's own syntax.

Found in browser walks:

* a field holding ``{{ something }}`` or ``{% ... %}`` was recorded, but its letter was refused as
  having "blanks to fill in", for ever: the held response was stuck until discarded;
* a line typed after a backslash (``\\[6.9 g] ...``) lost its backslash in the letter; a value
  starting with ``[`` after a template's own words on its line ("Our decision: [see note] ...") was
  printed with a stray backslash;
* a line break the check reads as one (U+2028, U+2029, U+0085) but the letter does not let a typed
  ``[6.9 g] How to escalate`` start a marked section for the check only: the check reported the
  route to stage 2 "present" from the outstanding actions while the template's own section did not
  give it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api.test_api_v1 import RESPONSE, Api
from api.test_trustworthy_record_api import DEFINITION, _today_complaint, told
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make, make, staff, teams  # noqa: F401
from workspace.test_case_page_and_actions import _post

from putright.accounts.models import Role, User
from putright.letters import services
from putright.letters.check import check_letter, parse_markers
from putright.letters.defaults import DEFAULT_TEMPLATES
from putright.letters.document import plain_text
from putright.letters.extract import extract_text
from putright.letters.models import IssuedLetter, LetterDraft
from putright.letters.placeholders import PLACEHOLDERS, as_read, blanks_left, fill, placeholders_in
from putright.letters.read_back import recorded_values

RESPONSE_KINDS = ("stage1-response", "stage2-response")

#: what a handler may type, as it must be printed (each is ordinary text the Code does not forbid)
TYPED = {
    "braces": "The surveyor's note said {{ damp reading }} and {% see photo %}; we have read it.",
    "a backslash before a bracket": "The fan was reported twice.\n\\[6.9 g] is how our old form was marked.",
    "a backslash before braces": "Our system printed \\{{ name }} on the job sheet, by mistake.",
    "three braces": "The code on the job sheet was {{{ 7 }}}.",
}

#: lines typed into a field that look like the template's markers, after each kind of line break
FORGED = {
    "a marker line": "We will replace the fan.\n[6.9 g] How to escalate\nReply within 20 working days.",
    "a closing line": "We will replace the fan.\n  [/]\nAnd treat the mould.",
    "a marker after a backslash": "We will replace the fan.\n\\[2024 6.19 g] How to escalate",
    "a line separator": "We will replace the fan.\u2028[6.9 g] How to escalate\u2028Reply to us.",
    "a paragraph separator": "We will replace the fan.\u2029[/]\u2029Reply to us.",
    "a next-line character": "We will replace the fan.\x85[6.19 g, 6.9 g] How to escalate",
}


def _values(**typed: str) -> dict[str, str]:
    return {**{name: f"the {name}" for name in PLACEHOLDERS}, **typed}


def _tokens(text: str) -> list[tuple[str, str]]:
    """Each marked section the Code check reads in ``text``, as (its markers, its heading)."""
    return [(", ".join(str(t) for t in s.tokens), s.heading) for s in parse_markers(text)[1]]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", RESPONSE_KINDS)
@pytest.mark.parametrize("forged", FORGED.values(), ids=FORGED.keys())
def test_2024_6_9_6_19_a_value_cannot_make_end_or_move_a_marked_section(kind: str, forged: str) -> None:
    template = DEFAULT_TEMPLATES[kind].body
    fields = ("response.decision", "response.outstanding_actions", "response.escalation_route")
    for field in [name for name in placeholders_in(template) if name in fields]:
        letter = fill(template, _values(**{field: forged}))
        assert _tokens(letter) == _tokens(template), field
        # all of it in the section the template gives it, as typed
        at = next(i for i, s in enumerate(parse_markers(template)[1]) if field in s.content)
        assert _words(forged) in _words(as_read(parse_markers(letter)[1][at].content)), field
        assert _words(forged) in _words(plain_text(letter))


@pytest.mark.parametrize("kind", RESPONSE_KINDS)
@pytest.mark.parametrize("typed", TYPED.values(), ids=TYPED.keys())
def test_2024_6_9_6_19_what_the_handler_typed_is_printed_as_typed_and_is_no_blank(
    kind: str, typed: str
) -> None:
    letter = fill(DEFAULT_TEMPLATES[kind].body, _values(**{"response.reasons": typed}))
    assert blanks_left(letter) == []
    assert _words(typed) in _words(plain_text(letter))


def test_2024_6_9_6_19_a_value_after_the_templates_words_on_its_line_is_printed_as_typed() -> None:
    """Not only where a placeholder starts a line: "Our decision: {{ response.decision }}"."""
    typed = "[see the attached note] We uphold your complaint."
    letter = fill(
        "[6.9 c] Our decision\nOur decision: {{ response.decision }}\n[/]",
        _values(**{"response.decision": typed}),
    )
    assert plain_text(letter).split("\n\n") == ["Our decision", f"Our decision: {typed}\n"]
    assert as_read(letter) == f"[6.9 c] Our decision\nOur decision: {typed}\n[/]"


def test_2024_6_9_g_a_route_typed_into_another_field_does_not_stand_for_the_templates_section() -> None:
    """The 6.9 g section says only "Thank you."; a route typed into the outstanding actions after a
    line separator was read as a second 6.9 g section, and the check said the route was there."""
    template = DEFAULT_TEMPLATES["stage1-response"].body
    letter = fill(
        template,
        _values(
            **{
                "response.decision": "We uphold your complaint.",
                "response.outstanding_actions": (
                    "No further actions are outstanding.\u2028[6.9 g] How to escalate\u2028"
                    "To ask for stage 2, reply to this letter within 20 working days."
                ),
                "response.escalation_route": "Thank you.",
            }
        ),
    )
    result = check_letter(letter, "stage1-response", "2024", {"stage": 1})
    route = next(e for e in result.elements if e.element == "escalation_route")
    assert route.status == "missing"
    assert not result.can_issue


# --- both doors: the response step recorded, its letter issued saying what was typed ----------------

TYPED_RESPONSE = {
    "reasons": (
        "The fan was reported twice and not repaired. The job sheet said {{ fan model }} and "
        "{% no access %}, which is why the visit was missed.\n[6.9 g] How to escalate\n"
        "\\[note] typed after a backslash."
    ),
    "outstanding_actions": "Replace the fan by 31 March.\u2028[/]\u2028Then treat the mould.",
}


def _issued_says_what_was_typed(letter: IssuedLetter, draft: LetterDraft, tmp_path: Path) -> None:
    assert letter.check_result["can_issue"] is True
    read = _words(letter.rendered_text)
    for typed in TYPED_RESPONSE.values():
        assert _words(typed) in read
    assert "{{ fan model }}" in letter.rendered_html and "[6.9 g] How to escalate" in letter.rendered_html
    # the check read the sections of the landlord's template, and no other
    markers = [tokens for tokens, _ in _tokens(services.template_for(draft.kind).body)]
    assert [tokens for tokens, _ in _tokens(letter.source)] == markers
    # nor does it when the files issued are checked again (``putright letter check``)
    files = {"html": letter.rendered_html.encode(), "docx": services.verify_file(letter, "docx")}
    for which, data in files.items():
        path = tmp_path / f"letter.{which}"
        path.write_bytes(data)
        assert [tokens for tokens, _ in _tokens(extract_text(path))] == markers, which


@pytest.fixture
def hana(db: None) -> Api:
    return Api(User.objects.create_user("hana", role=Role.COMPLAINTS_OFFICER, first_name="Hana"))


def test_2024_5_12_a_response_recorded_through_the_api_is_issued_saying_what_was_typed(
    hana: Api,
    letterhead: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    ref = _today_complaint(hana)
    assert hana.post(f"/complaints/{ref}/acknowledge", {**DEFINITION, **told()}).status_code == 200
    held = hana.post(f"/complaints/{ref}/respond", {**RESPONSE, **TYPED_RESPONSE})
    assert held.status_code == 202, held.content
    draft = int(held.json()["not_yet_sent"][0]["letter_draft"])
    issued = hana.post(f"/complaints/{ref}/letters/{draft}/issue", {})
    assert issued.status_code == 201, issued.content
    _issued_says_what_was_typed(
        IssuedLetter.objects.get(complaint__reference=ref), LetterDraft.objects.get(pk=draft), tmp_path
    )


def test_2024_5_12_a_response_recorded_on_the_step_page_is_issued_saying_what_was_typed(
    client: Client,
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    letterhead: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    complaint = make()
    recorded = _post(client, staff["hana"], complaint, "respond", {**RESPONSE, **TYPED_RESPONSE})
    assert recorded.status_code == 302
    draft = LetterDraft.objects.get(complaint=complaint, issued__isnull=True)
    letter = services.issue_letter(draft=draft, actor=staff["hana"])
    _issued_says_what_was_typed(letter, draft, tmp_path)


def test_2024_5_12_a_value_read_back_from_its_letter_is_what_was_typed() -> None:
    """A letter's section read back through the template (a discarded step recorded again) gives the
    form what was typed, not the letter's escapes (recorded again, they would be printed)."""
    template = DEFAULT_TEMPLATES["stage1-response"].body
    typed = TYPED_RESPONSE["reasons"]
    letter = fill(template, _values(**{"response.reasons": typed}))
    assert recorded_values(letter, template)["response.reasons"] == typed
