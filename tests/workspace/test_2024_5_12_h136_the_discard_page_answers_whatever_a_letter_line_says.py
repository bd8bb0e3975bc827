"""2024 5.12: the discard page of a held step lists what was changed in its letter (helper-130). Lines
outside the letter's sections are matched against the template's lines filled from the case, with
``.*`` standing for each placeholder (workspace.again.case_lines). A landlord's template line with
several placeholders ("{{ addressee.name }}, {{ complaint.reference }}, ...") makes that pattern
backtrack polynomially in the length of the line: one line typed into the letter held a worker for
minutes (a 4,000-character line, the longest matched, for hours). The page must answer in moments."""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_2024_5_12_a_discarded_step_is_recorded_again_with_what_was_written import _held_response

from putright.accounts.models import User
from putright.letters import services
from putright.letters.models import LetterDraft
from putright.workspace import again

pytestmark = pytest.mark.django_db

#: a landlord's own line, filled from the case: four placeholders, a comma between each
CASE_LINE = "{{ addressee.name }}, {{ complaint.reference }}, {{ contact.phone }}, {{ contact.email }}."


class _TooSlow(Exception):
    pass


def _give_up(signum: int, frame: object) -> None:
    raise _TooSlow


def test_2024_5_12_a_long_line_typed_into_the_letter_does_not_hold_the_discard_page(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    template = services.template_for("stage1-response")
    services.save_template(
        kind="stage1-response",
        title=template.title,
        body=template.body + "\n" + CASE_LINE + "\n",
        actor=staff["officer"],
    )
    held = _held_response(client, hana, make())
    draft = services.draft_for_held_step(held=held, actor=hana)
    hostile = ("a, " * 400).strip()  # 1,199 characters, well under read_back.LONGEST
    LetterDraft.objects.filter(pk=draft.pk).update(body=draft.body + "\n" + hostile + "\n")
    previous = signal.signal(signal.SIGALRM, _give_up)
    signal.alarm(10)
    started = time.monotonic()
    try:
        edits = again.letter_edits(held)
    except _TooSlow:
        pytest.fail("the discard page's letter comparison ran for more than 10 seconds on one line")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 2
    # listed as changed, or as something we cannot tell (the line is not the template's)
    listed = edits.not_carried + getattr(edits, "cannot_tell", [])
    assert any(hostile in text for _, text in listed)
