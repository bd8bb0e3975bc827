"""2024 5.12: one held step is recorded once, whichever doors send it at the same moment. An
adversarial review told a held 5-day extension by a letter already issued while PutRight's own
letter for it was issued: both read the step as waiting, two extensions were appended (18 Dec to
29 Dec to 6 Jan), and the record allowed a response on 5 January the resident was told was due on
29 December. ``send_held_step`` now locks the complaint, then re-reads the held step."""

import re
import threading

import pytest
from at_once import needs_postgresql
from django.db import connection
from django.utils import timezone
from letters.conftest import letterhead  # noqa: F401
from workspace.test_2024_5_12_a_step_told_by_a_letter_already_issued import issue_on

from putright.code.calendar import england_and_wales as cal
from putright.complaints import services as cs
from putright.complaints.models import Complaint, ComplaintEvent, PendingStep
from putright.letters import already_issued, services
from putright.letters.models import IssuedLetter, LetterDraft

REASON = "We are waiting for the contractor's damp survey."


def _extension_letter(complaint, actor, on):
    _, body = services.preview_body(complaint=complaint, kind="extension-notice", today=on)
    due = cal().add_working_days(complaint.stages.get(number=1).response_due, 5)
    body = re.sub(r"\[enter the reason for the extension[^\]]*\]", REASON, body)
    body = re.sub(r"\[enter the new response date[^\]]*\]", services.format_date(due), body)
    return issue_on(complaint, actor, "extension-notice", body, on=on)


@pytest.mark.django_db(transaction=True)
def test_2024_5_12_one_held_extension_told_two_ways_at_once_is_recorded_once(staff, make, letterhead):  # noqa: F811
    needs_postgresql()
    hana = staff["hana"]
    complaint = make("stage_1_acknowledged", handler=hana)
    letter = _extension_letter(complaint, hana, timezone.localdate())  # letters page, for no step
    cs.extend_response_deadline(
        complaint=Complaint.objects.get(pk=complaint.pk),
        actor=hana,
        working_days=5,
        reason=REASON,
        ombudsman_details_given=True,
    )
    held = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    own = services.draft_for_held_step(held=held, actor=hana)  # PutRight's own letter for it
    start, results = threading.Barrier(2), []

    def run(call):
        start.wait()
        try:
            results.append(call())
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            args=(
                lambda: already_issued.tell_by_issued_letter(
                    held=PendingStep.objects.get(pk=held.pk),
                    letter=IssuedLetter.objects.get(pk=letter.pk),
                    actor=hana,
                ),
            ),
        ),
        threading.Thread(target=run, args=(lambda: services.issue_letter(draft=own, actor=hana),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    events = ComplaintEvent.objects.filter(complaint=complaint, kind="deadline_extended")
    assert events.count() == 1, [(e.data["previous_due"], e.data["new_due"]) for e in events]


@pytest.mark.django_db(transaction=True)
def test_2024_5_12_two_copies_of_a_step_sent_another_way_issued_at_once_go_once(staff, make, letterhead):  # noqa: F811
    """A step sent by email, with two letters tied to it (its own, and one started from the letters
    page while it was held): one after the other, the second is refused as a second letter; issued
    at the same moment, both went (found in an adversarial review). ``issue_letter`` now locks the
    complaint first, as the steps do."""
    from django.test import Client
    from workspace.test_2024_5_12_a_step_told_by_a_letter_already_issued import (
        DEFINITION,
        _acknowledge,
        _filled_by_hand,
    )

    needs_postgresql()
    hana = staff["hana"]
    complaint = make("complaint", handler=hana)
    assert "/drafts/" in _acknowledge(Client(), hana, complaint)["Location"]
    own = LetterDraft.objects.get(complaint=complaint, pending_step__step="acknowledge")
    held = PendingStep.objects.get(complaint=complaint, state=PendingStep.State.PENDING)
    body = _filled_by_hand(complaint, on=timezone.localdate(), definition=DEFINITION["complaint_definition"])
    by_hand = services.start_draft(complaint=complaint, kind="stage1-acknowledgement", actor=hana, body=body)
    assert by_hand.pending_step_id == held.pk
    cs.send_held_step(
        pending=held,
        told=cs.Told(method="email", on=timezone.localdate(), body="We have your complaint."),
        actor=hana,
    )
    start, results = threading.Barrier(2), []

    def run(draft):
        start.wait()
        try:
            results.append(services.issue_letter(draft=LetterDraft.objects.get(pk=draft.pk), actor=hana))
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(d,)) for d in (own, by_hand)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert IssuedLetter.objects.filter(complaint=complaint).count() == 1, results
