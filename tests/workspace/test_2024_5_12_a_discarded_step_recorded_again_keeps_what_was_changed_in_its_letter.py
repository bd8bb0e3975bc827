"""2024 5.12 (keep a full record) and 6.9: a held response's letter edited so it no longer says what
the response records is refused, and the way on is "Discard it and record it again". Found in a
browser walk: the form reopened with what was recorded, and what the person had changed in the
letter (a sentence added to the reasons) was lost. Now a change in a section the template fills
from one recorded entry is read back through the template and carried into the form; a change that
cannot be read back (the words around an entry reworded) is shown on the discard page, to copy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_2024_5_12_a_discarded_step_is_recorded_again_with_what_was_written import _held_response
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User
from putright.complaints.models import PendingStep
from putright.letters import services
from putright.letters.models import LetterDraft

pytestmark = pytest.mark.django_db

ADDED = "We also found the repair had been booked to the wrong address."


def _held_and_edited(client: Client, hana: User, complaint: Any, *, reword_g: bool) -> PendingStep:
    held = _held_response(client, hana, complaint)
    draft = services.draft_for_held_step(held=held, actor=hana)
    body = draft.body.replace(RESPONSE["reasons"], f"{RESPONSE['reasons']} {ADDED}")
    if reword_g:
        body = body.replace("You do not have to tell us why.", "You need not give us a reason.")
    LetterDraft.objects.filter(pk=draft.pk).update(body=body)
    return held


def test_2024_5_12_what_was_added_to_the_letters_reasons_is_carried_into_the_form(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_and_edited(client, hana, complaint, reword_g=False)
    url = f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/"
    asked = client.get(url).content.decode()
    assert 'id="letter-edits-carried"' in asked and "the reasons" in asked
    assert 'id="letter-edits-not-carried"' not in asked
    done = client.post(url, {"then": "again"})
    page = client.get(done["Location"]).content.decode()
    assert f"{RESPONSE['reasons']} {ADDED}" in page
    assert "What was changed in its letter is filled in for the reasons" in page
    # what was recorded and not changed in the letter is still there
    assert RESPONSE["decision"] in page and RESPONSE["escalation_route"] in page


def test_2024_5_12_a_change_that_cannot_be_read_back_is_shown_before_discarding(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_and_edited(client, hana, complaint, reword_g=True)
    asked = client.get(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/"
    ).content.decode()
    assert 'id="letter-edits-not-carried"' in asked and "not carried over" in asked
    assert "You need not give us a reason." in asked
    assert "If you are not happy with our response" in asked
    # the reasons, which read back, are carried, not listed to copy
    warning = asked[asked.index('id="letter-edits-not-carried"') :]
    assert ADDED not in warning


def test_2024_5_12_a_letter_left_as_written_shows_no_changes(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    assert _post(client, hana, complaint, "respond", RESPONSE).status_code == 302
    held = PendingStep.objects.get(complaint=complaint, step="respond", state=PendingStep.State.PENDING)
    services.draft_for_held_step(held=held, actor=hana)
    asked = client.get(
        f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/"
    ).content.decode()
    assert "letter-edits-carried" not in asked and "letter-edits-not-carried" not in asked
