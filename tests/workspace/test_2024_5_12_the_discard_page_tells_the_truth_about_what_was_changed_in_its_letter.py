"""2024 5.12 (keep a full record): the discard page of a held step lists what was changed in its
letter, to carry into the step recorded again or to copy first. It compared the saved letter with a
letter written from the template and the case *as they stand*, not as the letter was written from:
a template the landlord changed since, or a resident's name corrected since, was listed as an edit
the handler never made. Now the letter is compared with the template in force when it was written
(the template's history); what was filled from the case as it stood then and is not kept is said to
be something we cannot tell, never an edit. Text moved from one recorded section to another is
carried once: the section it left no longer holds it in the form (it was filled in twice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_2024_5_12_a_discarded_step_is_recorded_again_with_what_was_written import _held_response
from workspace.test_case_page_and_actions import RESPONSE

from putright.accounts.models import User
from putright.complaints.models import PendingStep
from putright.letters import services
from putright.letters.models import LetterDraft, LetterTemplateVersion
from putright.workspace import again

pytestmark = pytest.mark.django_db


def _discard_page(client: Client, held: PendingStep) -> str:
    return client.get(
        f"/workspace/complaints/{held.complaint.reference}/held/{held.pk}/discard/"
    ).content.decode()


def test_2024_5_12_a_template_changed_after_the_letter_was_written_is_no_edit_of_the_letter(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_response(client, hana, complaint)
    services.draft_for_held_step(held=held, actor=hana)
    template = services.template_for("stage1-response")
    services.save_template(
        kind="stage1-response",
        title=template.title,
        body=template.body.replace("You do not have to tell us why.", "You need not give us a reason.")
        + "\nWe are sorry it came to this.\n",
        actor=staff["officer"],
    )
    asked = _discard_page(client, held)
    assert "letter-edits-not-carried" not in asked and "letter-edits-carried" not in asked
    assert "letter-edits-cannot-tell" not in asked
    assert "You do not have to tell us why." not in asked
    assert "We are sorry it came to this." not in asked


def test_2024_5_12_an_edit_is_still_found_against_the_template_the_letter_was_written_from(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_response(client, hana, complaint)
    draft = services.draft_for_held_step(held=held, actor=hana)
    added = "We also found the repair had been booked to the wrong address."
    body = draft.body.replace(RESPONSE["reasons"], f"{RESPONSE['reasons']} {added}")
    LetterDraft.objects.filter(pk=draft.pk).update(
        body=body.replace("You do not have to tell us why.", "You need not give us a reason.")
    )
    template = services.template_for("stage1-response")
    services.save_template(
        kind="stage1-response",
        title=template.title,
        body=template.body.replace("{{ response.reasons }}", "Our reasons:\n{{ response.reasons }}"),
        actor=staff["officer"],
    )
    edits = again.letter_edits(held)
    assert edits.carried == {"reasons": f"{RESPONSE['reasons']} {added}"}
    assert [heading for heading, _ in edits.not_carried] == ["If you are not happy with our response"]
    assert not edits.cannot_tell


def test_2024_5_12_a_name_corrected_after_the_letter_was_written_is_not_called_an_edit(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make(name="Ann Smyth")
    held = _held_response(client, hana, complaint)
    services.draft_for_held_step(held=held, actor=hana)
    complaint.resident.name = "Ann Smith"
    complaint.resident.save()
    asked = _discard_page(client, held)
    assert "letter-edits-not-carried" not in asked
    # the salutation differs from a letter written today: it may be the case that changed, so the
    # page says it cannot tell, and shows it to copy
    assert 'id="letter-edits-cannot-tell"' in asked and "Dear Ann Smyth," in asked


def test_2024_5_12_text_moved_from_one_recorded_section_to_another_is_in_the_form_once(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_response(client, hana, complaint)
    draft = services.draft_for_held_step(held=held, actor=hana)
    # the remedy moved to the end of the reasons, its own section left empty
    body = draft.body.replace(f"\n{RESPONSE['remedy']}\n", "\n\n").replace(
        RESPONSE["reasons"], f"{RESPONSE['reasons']} {RESPONSE['remedy']}"
    )
    LetterDraft.objects.filter(pk=draft.pk).update(body=body)
    edits = again.letter_edits(held)
    assert edits.carried == {"reasons": f"{RESPONSE['reasons']} {RESPONSE['remedy']}", "remedy": ""}
    assert edits.not_carried == [] and edits.cannot_tell == []
    url = f"/workspace/complaints/{complaint.reference}/held/{held.pk}/discard/"
    done = client.post(url, {"then": "again"})
    page = client.get(done["Location"]).content.decode()
    assert page.count(RESPONSE["remedy"]) == 1


def test_2024_5_12_the_letter_is_written_from_the_record_once_to_compare(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_response(client, hana, complaint)
    services.draft_for_held_step(held=held, actor=hana)
    calls: list[PendingStep] = []
    held_values = services.held_values

    def counted(step: PendingStep, *, today: Any) -> dict[str, str]:
        calls.append(step)
        return held_values(step, today=today)

    monkeypatch.setattr(services, "held_values", counted)
    again.letter_edits(held)
    assert len(calls) == 1


def test_2024_5_12_a_letter_written_from_a_template_no_longer_kept_is_not_said_to_be_edited(
    client: Client,
    staff: dict[str, User],
    make: Make,
    letterhead: Any,  # noqa: F811
) -> None:
    hana = staff["hana"]
    complaint = make()
    held = _held_response(client, hana, complaint)
    draft = services.draft_for_held_step(held=held, actor=hana)
    # written before the template's history begins, and the template changed since
    first = LetterTemplateVersion.objects.filter(kind="stage1-response").order_by("saved_at").first()
    assert first is not None
    LetterDraft.objects.filter(pk=draft.pk).update(created_at=first.saved_at - timedelta(days=1))
    template = services.template_for("stage1-response")
    services.save_template(
        kind="stage1-response", title=template.title, body=template.body + "\nA new line.\n", actor=hana
    )
    edits = again.letter_edits(held)
    assert edits.carried == {} and edits.not_carried == []
    assert edits.cannot_tell == [("The letter", draft.body)]
    asked = _discard_page(client, held)
    assert 'id="letter-edits-cannot-tell"' in asked and "letter-edits-not-carried" not in asked


def test_2024_5_12_a_letter_line_is_matched_to_a_template_line_in_one_pass() -> None:
    """A line of the letter is "filled from the case" where it is a template line with anything at its
    placeholders (``again._fits``), as a pattern of ``.*`` between the line's words would say; that
    pattern took minutes on a 4,000-character line of a letter where its template line had five
    placeholders, on the discard page. Same answers, one pass."""
    import random
    import re

    from putright.workspace.again import _fits

    def as_a_pattern(text: str, parts: list[str]) -> bool:
        return re.fullmatch(".*".join(re.escape(part) for part in parts), text) is not None

    rng = random.Random(5)
    for _ in range(3000):
        parts = [
            "".join(rng.choice("ab ") for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(2, 5))
        ]
        text = "".join(rng.choice("ab ") for _ in range(rng.randint(0, 12)))
        assert _fits(text, parts) == as_a_pattern(text, parts), (text, parts)
    assert _fits("Dear Ms Ann Smyth,", ["Dear ", ","])
    assert not _fits("Dear Ann,", ["Dear ", " ", ","])
    hostile = ("A " + " b  c  d  e " * 300 + "x")[:4000]
    assert not _fits(hostile, ["A ", " b ", " c ", " d ", " e ", "."])
