"""2024 6.2: complaints must be acknowledged "within five working days of the complaint being
received" (2022 4.1: "within five days of receipt"). The day the complaint was received is the day
the Code's clock starts, and a letter is evidence of what the resident was told about it.

A walk found that the letter check passed "Thank you for contacting us on" a day still to come. A
letter may not say the resident got in touch, or the complaint was made or received, on a day after
the letter itself, nor say the complaint was made or received later than the record says: that
would tell the resident the clock started later than it did, and a late acknowledgement would read
as on time. A receipt date earlier than the record's is a warning for a person to look at, not a
refusal. The Code does not require these dates, so leaving one out is always open: nothing here
stops a letter that gives no such date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from api.test_api_v1 import Api, new_complaint
from api.test_trustworthy_record_api import DEFINITION
from django.test import Client
from letters.conftest import letterhead  # noqa: F401
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at

from putright.accounts.models import Role, User
from putright.letters import services
from putright.letters.check import check_letter
from putright.letters.contact_dates import WrongDate, wrong_dates
from putright.letters.models import IssuedLetter, LetterDraft

ISSUED = date(2026, 12, 7)
RECEIVED = date(2026, 12, 1)
CONTEXT = {"issued_on": ISSUED, "received_on": RECEIVED}


def _wrong(text: str, *, issued_on: date | None = ISSUED, received_on: date | None = RECEIVED) -> list[str]:
    found, _ = wrong_dates(text, issued_on=issued_on, received_on=received_on, edition="2024")
    return [w.message() for w in found]


def _the_wrong_date(sentence: str) -> WrongDate:
    found, _ = wrong_dates(sentence, issued_on=ISSUED, received_on=RECEIVED, edition="2024")
    [wrong] = found
    return wrong


def _warnings(text: str) -> tuple[str, ...]:
    return wrong_dates(text, issued_on=ISSUED, received_on=RECEIVED, edition="2024")[1]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you for contacting us on 3 January 2030.",
        "Thanks for contacting us on 3 January 2030.",
        "Thank you for getting in touch on 3 January 2030.",
        "Thank you for contacting Northgate Homes on 3 January 2030.",
        "You contacted us by phone on Thursday 10 December 2026 about the damp.",
        "You contacted the repairs team on 3 January 2030.",
        "You emailed us on 08/12/2026.",
        "On 2 January 2031, you contacted us about the repair.",
        "Your email of 2026-12-09 says the roof still leaks.",
        "Thank you for your email on 3 January 2030.",
        "We logged your complaint on 25 December 2026.",
        "You complained on 10 December 2026 that the operative was rude.",
        # no year, but a receipt: it cannot be nearly a year before the letter either
        "We received your complaint on 9 December.",
        "On 9 December we received your complaint.",
    ],
)
def test_2024_5_12_a_letter_cannot_say_the_resident_got_in_touch_on_a_day_still_to_come(
    sentence: str,
) -> None:
    wrong = _the_wrong_date(sentence)
    message = wrong.message()
    assert "after the day the letter is issued (7 December 2026)" in message
    assert wrong.said in sentence and f"\u201c{wrong.said}\u201d" in message  # the letter's own words
    assert ("(read as 9 December 2026)" in message) is (
        "2026" not in sentence and "2030" not in sentence and "2031" not in sentence
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "We received your complaint on 4 December 2026.",
        "We have received your complaint on 4 December 2026.",
        "We\u2019ve received your complaint on 4 December 2026.",
        "The Council received your complaint on 4 December 2026.",
        "Northgate Homes has received your complaint on 4 December 2026.",
        "Your complaint was received by us on 2 December.",
        "We received your complaint on 04/12/2026.",
        "We received your stage 1 complaint on 4 December 2026.",
        "Your complaint, which we received on 4 December 2026, is about the lift.",
        "The complaint we received on Friday 4 December 2026 is about the lift.",
        "Your complaint reached us on 4 December 2026.",
        "Date received: 4 December 2026",
        "On 4 December we received your complaint.",
        "On 4 December, the Council received your complaint.",
        "Your complaint, received on 4 December, is about the lift.",
        "Our contact centre received your complaint on 4 December 2026.",
    ],
)
def test_2024_6_2_a_stage_1_letter_cannot_say_the_complaint_was_received_later_than_the_record(
    sentence: str,
) -> None:
    wrong = _the_wrong_date(sentence)
    assert wrong.provision == "2024 6.2"
    assert wrong.said in sentence and f"\u201c{wrong.said}\u201d" in wrong.message()
    assert "the record says the complaint was received on 1 December 2026" in wrong.message()
    assert "2024 6.2" not in wrong.message()  # the page puts the provision before it, once
    # a stage 2 letter's "we received your complaint" may be the escalation request: not compared
    assert wrong_dates(sentence, issued_on=ISSUED, received_on=RECEIVED, edition="2024", stage=2)[0] == ()


@pytest.mark.parametrize(
    "sentence",
    [
        # true
        "We received your complaint on 1 December 2026.",
        "Thank you for contacting us on 1 December 2026.",
        # a later contact, complaint or channel: a resident can complain again or add to it
        "You contacted us on 5 December 2026 to add to your complaint.",
        "You made your complaint to us on 3 December 2026.",
        "You sent your complaint by email on 5 December 2026.",
        "On 5 December 2026 you complained that the contractor had not arrived.",
        "We logged your complaint on 3 December 2026.",
        "Your complaint dated 28 November 2026 reached us on 1 December 2026.",
        # a date belonging to something else
        "You told us the visit on 10 December 2026 was missed.",
        "We will visit on 10 December 2026.",
        "The appointment on 10 January 2027 you rang us about is confirmed.",
        "The repair on 5 December 2026 you complained about was redone.",
        "On 4 December 2026 the complaint you made was passed to me.",
        "On 5 December we received the complaints team\u2019s notes.",
        "On 5 December we received the complaint handler\u2019s report.",
        "On 5 December 2026 we received your complaint review request.",
        "We received your complaint on 1 December. On 5 December we received your complaint form with photos.",
        # no year, more than a fortnight ahead: a day that has happened (10 January 2026)
        "You first contacted us on 10 January about the damp.",
    ],
)
def test_2024_6_2_true_or_unrelated_dates_are_not_refused(sentence: str) -> None:
    assert _wrong(sentence) == []


def test_2024_6_2_without_the_letters_day_or_the_record_nothing_is_judged() -> None:
    assert _wrong("Thank you for contacting us on 3 January 2030.", issued_on=None, received_on=None) == []
    assert _wrong("We received your complaint on 4 December 2026.", issued_on=None, received_on=None) == []


def test_2024_6_2_a_receipt_earlier_than_the_record_is_a_warning_not_a_refusal() -> None:
    sentence = "We received your complaint on 27 November 2026."
    assert _wrong(sentence) == []
    [warning] = _warnings(sentence)
    assert "27 November 2026" in warning and "received on 1 December 2026" in warning
    # without a year, the warning says how it read the date rather than giving a year as the letter's
    [yearless] = _warnings("We received your complaint on 27 November.")
    assert "\u201cWe received your complaint on 27 November\u201d (read as 27 November 2026)" in yearless
    # made earlier than it arrived (a letter posted before it reached us) is not even a warning
    assert _warnings("You made your complaint on 27 November 2026.") == ()


def test_2022_4_1_the_2022_edition_cites_its_own_provisions() -> None:
    def provision(sentence: str) -> str:
        found, _ = wrong_dates(sentence, issued_on=ISSUED, received_on=RECEIVED, edition="2022")
        return found[0].provision

    assert provision("We received your complaint on 4 December 2026.") == "2022 4.1"
    assert provision("Thank you for contacting us on 3 January 2030.") == "2022 4.15"


def test_2024_6_2_a_wrong_date_stops_the_check_and_is_in_its_report() -> None:
    letter = "We received your complaint on 4 December 2026."
    context = {"issued_on": ISSUED, "received_on": RECEIVED}
    result = check_letter(letter, "stage1-acknowledgement", "2024", context)
    assert not result.can_issue
    [wrong] = result.as_dict()["wrong_dates"]  # type: ignore[misc]
    assert wrong["date"] == "2026-12-04" and wrong["provision"] == "2024 6.2"
    assert wrong["sentence"] == letter
    with pytest.raises(ValueError, match="received_on"):
        check_letter(letter, "stage1-acknowledgement", "2024", {"received_on": "soon"})


def test_2024_6_2_a_long_letter_costs_no_more_per_date() -> None:
    """A repairs log pasted in as one block: 600 dates in one "sentence". The words tying a date are
    looked for near it, not over everything before it (found in review: 5 s for this alone)."""
    log = " ".join(f"{i % 28 + 1} March 2025 repair visit {i} logged by the contractor." for i in range(600))
    log += " Thank you for contacting us on 3 January 2030."
    found, _ = wrong_dates(
        log, issued_on=ISSUED, received_on=RECEIVED, edition="2024", sentences=[log.replace(". ", "; ")]
    )
    assert [w.given for w in found] == [date(2030, 1, 3)]


def test_2024_6_2_the_command_line_check_takes_the_letters_day_and_the_record(tmp_path: Any) -> None:
    from putright.cli import main

    letter = tmp_path / "letter.txt"
    letter.write_text("Thank you for contacting us on 3 January 2030.")
    args = ["letter", "check", str(letter), "--kind", "stage1-acknowledgement"]
    assert main([*args, "--issued-on", "2026-12-07", "--received-on", "2026-12-01"]) == 1
    assert main([*args, "--issued-on", "7 December"]) == 2


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        # what the landlord will do to the complaint, not when it came (found in review)
        ("stage1-acknowledgement", "We will respond to your complaint on 14 December 2026."),
        ("extension-notice", "We will now respond to your complaint on 28 December 2026."),
        ("stage2-acknowledgement", "A panel will review your complaint on 21 December 2026."),
        ("stage1-acknowledgement", "I will return your call on Wednesday 9 December."),
        ("stage1-acknowledgement", "We will reply to your email on 9 December."),
        # a stage 2 escalation in a letter whose kind has no stage of its own
        ("keeping-informed-update", "We received your complaint on 4 December 2026 asking us to review it."),
        ("remedy-offer", "We received your complaint on 4 December 2026 asking us to review it."),
        ("decision-not-to-escalate", "We received your complaint on 4 December 2026 asking us to review it."),
    ],
)
def test_2024_6_2_a_day_still_to_come_for_the_landlords_action_or_another_stage_is_not_refused(
    kind: str, sentence: str
) -> None:
    result = check_letter(f"Dear Ms Khan,\n\n{sentence}\n\nYours sincerely", kind, "2024", CONTEXT)
    assert result.wrong_dates == (), [w.message() for w in result.wrong_dates]


def test_2024_6_2_a_receipt_in_a_stage_1_response_is_compared_with_the_record() -> None:
    result = check_letter(
        "Dear Ms Khan,\n\nWe received your complaint on 4 December 2026.", "stage1-response", "2024", CONTEXT
    )
    assert [w.provision for w in result.wrong_dates] == ["2024 6.2"]


@pytest.mark.parametrize(
    "sentence",
    [
        # a second way: the first came by phone on 1 December
        "You first raised this by phone on 1 December. We received your complaint in writing on 3 December.",
        "We received your complaint, by email, on 3 December.",
    ],
)
def test_2024_6_2_a_receipt_by_a_named_way_later_than_the_record_is_a_warning(sentence: str) -> None:
    assert _wrong(sentence) == []
    [warning] = _warnings(sentence)
    assert "the record says the complaint was received on 1 December 2026" in warning


@pytest.mark.parametrize(
    ("sentence", "issued"),
    [
        ("You first contacted us on 2 January about the damp.", date(2026, 12, 20)),
        ("Your email of 3 January raised the leak again.", date(2026, 12, 22)),
        ("Thank you for contacting us on 9 December.", date(2026, 12, 7)),
    ],
)
def test_2024_5_12_a_contact_day_without_a_year_that_reads_as_to_come_is_a_warning(
    sentence: str, issued: date
) -> None:
    """Near New Year "2 January" may be the coming one or nearly a year ago: the check cannot tell,
    so it says so instead of refusing a letter that may be true (found in review)."""
    found, warnings = wrong_dates(sentence, issued_on=issued, received_on=RECEIVED, edition="2024")
    assert found == ()
    [warning] = warnings
    assert "a day still to come. If it was in an earlier year, give the year (2024 5.12)." in warning


# --- through the service, the API and the draft page ---------------------------------------------


def _held_acknowledgement() -> tuple[Api, str, LetterDraft]:
    """A complaint received and acknowledged (held) on Monday 3 March 2025; its letter drafted."""
    officer = Api(User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu"))
    ref = str(new_complaint(officer, received_on="2025-03-03")["reference"])
    held = officer.post(f"/complaints/{ref}/acknowledge", DEFINITION).json()["not_yet_sent"][0]
    return officer, ref, LetterDraft.objects.get(pk=held["letter_draft"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instead", "why", "provision"),
    [
        (
            "Thank you for contacting us on 3 January 2030.",
            "after the day the letter is issued (3 March 2025)",
            "2024 5.12",
        ),
        (
            # issued on 5 March: the 4th has passed, but the complaint came on the 3rd
            "Thank you for contacting us on 3 March 2025. We received your complaint on 4 March 2025.",
            "the record says the complaint was received on 3 March 2025",
            "2024 6.2",
        ),
    ],
)
def test_2024_6_2_a_letter_giving_a_day_that_cannot_be_is_not_issued_and_the_draft_is_kept(
    instead: str,
    why: str,
    provision: str,
    letterhead: Any,  # noqa: F811
) -> None:
    with _at(3):
        officer, ref, draft = _held_acknowledgement()
    template_words = "Thank you for contacting us on 3 March 2025."
    assert template_words in draft.body
    body = draft.body.replace(template_words, instead)
    with _at(3 if "2030" in instead else 5):
        draft = services.update_draft(draft=draft, actor=officer.user, title=draft.title, body=body)
        refused = officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {})
        assert refused.status_code == 422, refused.content
        assert refused.json()["provision"] == provision and why in refused.json()["detail"]
        client = Client()
        client.force_login(officer.user)
        page = client.get(f"/letters/{ref}/drafts/{draft.pk}/").content.decode()
        assert "a date is wrong" in page and why in page and f"{provision}: The letter says" in page
        read = officer.get(f"/complaints/{ref}/letters/{draft.pk}").json()
    assert not IssuedLetter.objects.filter(complaint__reference=ref).exists()
    assert LetterDraft.objects.get(pk=draft.pk).body == body
    assert read["can_issue"] is False
    [wrong] = read["check"]["wrong_dates"]
    assert wrong["provision"] == provision and why in wrong["message"]


@pytest.mark.django_db
def test_2024_6_2_the_template_letter_gives_the_records_day_and_is_issued(
    letterhead: Any,  # noqa: F811
) -> None:
    with _at(3):
        officer, ref, draft = _held_acknowledgement()
        result = services.check_draft(draft, on=date(2025, 3, 3))
        assert result.wrong_dates == () and result.can_issue, result.as_dict()
        assert officer.post(f"/complaints/{ref}/letters/{draft.pk}/issue", {}).status_code == 201


def test_2024_6_2_what_stops_a_letter_is_said_in_words_with_commas() -> None:
    """ "You cannot issue this letter yet: 1 wrong." read badly, and several problems ran together
    with no separator (found in a browser walk)."""
    letter = "Dear Ms Khan,\n\nWe received your complaint on 4 December 2026. Please call 0300 111 3000."
    result = check_letter(letter, "stage1-acknowledgement", "2024", CONTEXT)
    assert result.why_not.endswith("missing, a date is wrong")
    assert result.why_not.startswith(f"{len(result.missing)} elements missing")


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "You contacted us on 1 December and 10 December 2026 about the damp.",
            "You contacted us on 1 December and 10 December 2026",
        ),
        (
            "You contacted us on 1 December 2026, and again on 3 January 2030.",
            "You contacted us on 1 December 2026, and again on 3 January 2030",
        ),
        (
            "We received your complaint on 1 December & 4 December 2026.",
            "We received your complaint on 1 December & 4 December 2026",
        ),
    ],
)
def test_2024_5_12_every_date_of_a_list_after_the_words_is_read(sentence: str, said: str) -> None:
    """closing20 left it: only the first date of "on 1 December and 10 December" was read."""
    wrong = _the_wrong_date(sentence)
    assert wrong.said == said


@pytest.mark.parametrize(
    "sentence",
    [
        # the second date begins a clause of its own: what the landlord will do
        "You contacted us on 1 December, and on 10 December we will visit.",
        "You contacted us on 1 December, and on 10 December, we will visit.",
        "You contacted us on 1 December and 10 December is when the visit is booked.",
        "You contacted us on 1 December and on 10 December someone will call.",
    ],
)
def test_2024_5_12_a_date_after_the_list_has_ended_is_not_read(sentence: str) -> None:
    assert _wrong(sentence) == []


def test_2024_5_12_a_stage_1_contact_day_later_than_the_record_is_a_warning() -> None:
    """A held acknowledgement drafted before the day received was corrected still says the day first
    recorded (found in a review): in a stage 1 letter the check points at it, without refusing, since
    the resident may have been in touch again."""
    sentence = "Thank you for contacting us on 3 December 2026 about the damp."
    assert _wrong(sentence) == []
    [warning] = _warnings(sentence)
    assert "the record says the complaint was received on 1 December 2026" in warning
    assert "give the record's date (2024 6.2)" in warning
    assert wrong_dates(sentence, issued_on=ISSUED, received_on=RECEIVED, edition="2024", stage=2)[1] == ()
    assert _warnings("Thank you for contacting us on 1 December 2026.") == ()
