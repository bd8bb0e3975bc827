"""Long and hostile text in a letter: the check reads it the same way as before, in time that grows
with its length, and a body longer than ``LETTER_MOST`` characters is refused at every door with a
clear error, nothing saved.

The time itself is measured by ``benchmarks/bench_letter_check.py`` (a test that timed it would fail
on a busy machine, not on a slow check). These tests hold what keeps it linear: no address pattern
tried at every character of a long run, pysbd never given more than a piece of a long paragraph, the
names before a contact detail looked up rather than searched again."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from putright.accounts.models import Role, User
from putright.code.errors import InvalidRequest
from putright.letters import readability, services
from putright.letters.check import _LINK, check_letter
from putright.letters.facts import wrong_ombudsman_details
from putright.letters.models import LetterDraft, LetterTemplate
from putright.letters.ombudsman import ombudsman_contact

ROOT = Path(__file__).parents[1]
LETTERS = sorted((ROOT / "fixtures" / "letters").rglob("*.txt")) + sorted(
    (ROOT / "letters" / "fixtures").glob("*.txt")
)

#: the address pattern before it was anchored, kept as the reference for what it finds
_LINK_BEFORE = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|gov|co|net)\.?(?:uk)?\S*",
    re.IGNORECASE,
)


def test_every_letter_of_the_corpus_has_its_addresses_found_as_before() -> None:
    assert len(LETTERS) > 150
    for path in LETTERS:
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in _LINK.finditer(text)] == [m.span() for m in _LINK_BEFORE.finditer(text)], (
            path
        )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "visit www.housing-ombudsman.org.uk/make-a-complaint today",
            ["www.housing-ombudsman.org.uk/make-a-complaint"],
        ),
        ("email info@housing-ombudsman.org.uk.", ["info@housing-ombudsman.org.uk"]),
        ("at housing-ombudsman.org.uk, or", ["housing-ombudsman.org.uk,"]),
        ("thanks.housing-ombudsman.org.uk", ["thanks.housing-ombudsman.org.uk"]),
        ("(see .northgate.org.uk)", ["northgate.org.uk)"]),
        ("first.last+tag@northgate-homes.co.uk", ["first.last+tag@northgate-homes.co.uk"]),
        ("https://example.org/a?b=c", ["https://example.org/a?b=c"]),
        # the one difference from before: a hyphen that starts the run is taken with it
        ("us5.list=\n-manage.com/unsubscribe", ["-manage.com/unsubscribe"]),
        ("no address here. Or here.", []),
        ("a." * 3000, []),
        ("a@" * 3000, []),
        ("x" * 10000, []),
    ],
)
def test_an_address_is_found_where_its_run_starts(text: str, found: list[str]) -> None:
    assert [m.group(0) for m in _LINK.finditer(text)] == found


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What pysbd is given from now on (a fresh sentence cache, so nothing is served from it)."""
    given: list[str] = []
    real = readability._segmenter()

    class Recording:
        def segment(self, text: str) -> list[str]:
            given.append(text)
            return list(real.segment(text))

    monkeypatch.setattr(readability, "_segmenter", Recording)
    readability._sentences_of.cache_clear()
    return given


def _sentences_before(unit: str) -> list[str]:
    """The sentences of one unit as they were found before it was cut into pieces."""
    found = [
        s for segment in readability._segmenter().segment(unit) for s in readability._split_plain(segment)
    ]
    return [s.strip() for s in found if s.strip()]


def test_a_long_paragraph_is_split_into_the_same_sentences_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    letter = (ROOT / "letters" / "fixtures" / "stage2-response.txt").read_text(encoding="utf-8")
    sentences = [s for block in readability.blocks(letter) for s in readability.split_sentences(block)]
    prose = [s for s in sentences if s.endswith(".") and s[:1].isupper()]
    unit = " ".join(prose * 6)
    assert len(unit) > 3 * readability._PIECE
    before = _sentences_before(unit)
    given = _recording(monkeypatch)
    assert readability.split_sentences(unit) == before
    assert len(given) > 3 and max(len(piece) for piece in given) <= readability._PIECE


@pytest.mark.parametrize(
    "block",
    [
        "You are unhappy that the repair was late. " * 1500,
        "1 January 2025 " * 3000,
        "Dr. Smith visited on 3 Jan. and 4 Feb. " * 1000,
        "word " * 12000,
    ],
)
def test_pysbd_is_never_given_more_than_a_piece(monkeypatch: pytest.MonkeyPatch, block: str) -> None:
    given = _recording(monkeypatch)
    sentences = readability.split_sentences(block)
    assert sentences and max(len(piece) for piece in given) <= readability._PIECE
    # nothing lost or added: the words read are the words written
    assert " ".join(sentences).split() == block.split()


@pytest.mark.parametrize("word", ["x" * 5000, ("-a." * 3000)[:9000], "{{" * 3000])
def test_a_word_longer_than_a_piece_is_given_in_pieces(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    """A run with no space is cut too: pysbd took three minutes over 100,000 characters of "-a.-a."."""
    given = _recording(monkeypatch)
    sentences = readability.split_sentences(word)
    assert "".join("".join(sentences).split()) == word
    assert max(len(piece) for piece in given) <= readability._PIECE


def test_2024_5_6_the_ombudsmans_wrong_number_is_found_among_many_other_numbers() -> None:
    """Each number's owner is the last name before it (facts module docstring), looked up per number."""
    contact = ombudsman_contact()
    paragraph = "Call us on 0161 496 0000. " * 400 + "Or call the Housing Ombudsman on 0300 111 3001."
    wrong = wrong_ombudsman_details(paragraph, contact)
    assert [(w.detail, w.found) for w in wrong] == [("telephone", "0300 111 3001")]
    mixed = " ".join(
        f"the Ombudsman on {contact.telephone}, our repairs team on 0161 496 {n:04d}," for n in range(300)
    )
    assert wrong_ombudsman_details(f"You can call {mixed} at any time.", contact) == []
    turned = mixed.replace("our repairs team on 0161 496 0150", "the Ombudsman on 0161 496 0150")
    assert [w.found for w in wrong_ombudsman_details(f"You can call {turned} at any time.", contact)] == [
        "0161 496 0150"
    ]


def test_a_hostile_letter_is_still_judged() -> None:
    result = check_letter("a." * 20000 + "\n\n" + "0300 111 3000 " * 2000, "stage1-response", "2024")
    assert result.can_issue is False
    assert "complaint_definition" in {m.element for m in result.missing}


# --- the longest body taken ----------------------------------------------------------------------------

TOO_LONG = "You are unhappy that the repair was late. " * (services.LETTER_MOST // 40)


def test_the_cap_is_above_the_longest_letter_of_the_corpus() -> None:
    assert len(TOO_LONG) > services.LETTER_MOST
    assert max(len(p.read_text(encoding="utf-8")) for p in LETTERS) * 10 < services.LETTER_MOST


@pytest.mark.django_db
def test_a_body_over_the_cap_is_refused_by_the_services_and_nothing_is_saved(
    case_for_kind: Any, handler_1: User, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    with pytest.raises(InvalidRequest, match=r"at most 100,000 characters .* this one has 1"):
        services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1, body=TOO_LONG)
    assert not LetterDraft.objects.exists()
    draft = services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    before = draft.body
    with pytest.raises(InvalidRequest, match="at most 100,000 characters"):
        services.update_draft(draft=draft, body=TOO_LONG, actor=handler_1)
    draft.refresh_from_db()
    assert draft.body == before
    exactly = "x" * services.LETTER_MOST
    assert services.update_draft(draft=draft, body=exactly, actor=handler_1).body == exactly
    # a browser sends each line end as two characters; it is saved, and counted, as one
    lines = ("x" * 99 + "\r\n") * (services.LETTER_MOST // 100)
    assert len(lines) > services.LETTER_MOST
    assert len(services.update_draft(draft=draft, body=lines, actor=handler_1).body) == services.LETTER_MOST


@pytest.mark.django_db
def test_a_body_over_the_cap_is_refused_through_the_api(
    api: Any, case_for_kind: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    path = f"/complaints/{complaint.reference}/letters"
    refused = api("post", path, {"kind": "stage1-response", "body": TOO_LONG})
    assert refused.status_code in (400, 422), refused.content
    assert "at most 100,000 characters" in refused.json()["detail"]
    assert not LetterDraft.objects.exists()
    draft = api("post", path, {"kind": "stage1-response"}).json()
    changed = api("put", f"{path}/{draft['id']}", {"body": TOO_LONG})
    assert changed.status_code in (400, 422), changed.content
    assert "at most 100,000 characters" in changed.json()["detail"]
    assert LetterDraft.objects.get(pk=draft["id"]).body == draft["body"]


@pytest.mark.django_db
def test_a_body_over_the_cap_is_refused_on_the_page_and_stays_in_the_box(
    handler_1: User, case_for_kind: Any, letterhead: Any
) -> None:
    complaint = case_for_kind("stage1-response")
    client = Client()
    client.force_login(handler_1)
    page = client.get(f"/letters/{complaint.reference}/new/?kind=stage1-response").content.decode()
    # no maxlength on the box: the browser would cut a long paste short without a word
    assert not re.search(r'<textarea[^>]*name="body"[^>]*maxlength', page)
    # a blank and a sum in it: a body refused as too long is not read for them (that took half a minute
    # for 2.5 MB of "{%")
    body = "[enter the date] We will pay you £50. " + TOO_LONG
    response = client.post(
        f"/letters/{complaint.reference}/new/",
        {"title": "Our response", "body": body, "kind": "stage1-response", "action": "check"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "A letter can be at most 100,000 characters (about 40 pages); this one has" in text
    assert body.strip()[:2000] in text
    assert "Blanks to fill in" not in text and "names £50" not in text
    assert not LetterDraft.objects.exists()


@pytest.mark.django_db
def test_a_template_over_the_cap_is_refused(letterhead: Any) -> None:
    admin = User.objects.create_user("admin", role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    before = (
        LetterTemplate.objects.get(kind="stage1-response").body if LetterTemplate.objects.exists() else None
    )
    refused = client.post(
        "/letters/templates/stage1-response/", {"title": "Our answer", "body": TOO_LONG, "action": "save"}
    )
    assert refused.status_code == 422
    assert "A template can be at most 100,000 characters" in refused.content.decode()
    # the page's title says "Error:" once (the base page says it for any form with errors)
    title = re.search(r"<title>(.*?)</title>", refused.content.decode(), re.S)
    assert title and title.group(1).strip().startswith("Error: Stage 1 response template")
    assert title.group(1).count("Error:") == 1
    after = LetterTemplate.objects.filter(kind="stage1-response").first()
    assert (after.body if after else None) == before
    with pytest.raises(InvalidRequest, match="at most 100,000 characters"):
        services.save_template(kind="stage1-response", title="Our answer", body=TOO_LONG, actor=admin)


@pytest.mark.parametrize(
    ("text", "blanks"),
    [
        ("Dear {{ resident.name }}, [enter the reason].", ["{{ resident.name }}", "[enter the reason]"]),
        ("Dear {{ resident.name", ["{{"]),  # its closing brackets deleted: still a blank
        ("We will [Enter the date", ["[Enter"]),
        ("{% if x %}", ["{% if x %}"]),
        ("{{" + "a" * 400 + "}}", ["{{"]),  # longer than a blank can be: its opening is the blank
        ("{{" * 20000, ["{{"] * 20000),
        ("Nothing to fill in here.", []),
    ],
)
def test_2024_5_12_every_blank_left_is_found_however_it_was_left(text: str, blanks: list[str]) -> None:
    """A letter with any blank cannot be issued; the blanks are read in time that grows with the
    letter's length (a closing pattern searched to the end from every opening took a minute)."""
    from putright.letters.placeholders import blanks_left

    assert blanks_left(text) == blanks


@pytest.mark.django_db
def test_a_step_whose_letter_would_be_too_long_is_not_recorded(
    case_for_kind: Any, handler_1: User, letterhead: Any
) -> None:
    """The reason entered fills the extension notice past the cap: no held step is left behind that no
    letter could tell the resident of, and the error says what to shorten."""
    from putright.complaints import services as cs
    from putright.complaints.models import ComplaintEvent, PendingStep

    complaint = case_for_kind("extension-notice")
    events = ComplaintEvent.objects.filter(complaint=complaint).count()

    def extend(reason: str) -> Any:
        with cs.recording_as_it_happened():
            return services.take_step(
                lambda: cs.extend_response_deadline(
                    complaint=complaint,
                    actor=handler_1,
                    working_days=5,
                    reason=reason,
                    ombudsman_details_given=True,
                    on=date(2025, 3, 24),
                ),
                complaint=complaint,
                actor=handler_1,
            )

    reason = "We are waiting for the contractor's damp survey. " * 2100
    with pytest.raises(
        InvalidRequest, match=r"the letter telling the resident of this would have .* shorten what"
    ):
        extend(reason)
    assert not PendingStep.objects.filter(complaint=complaint).exists()
    assert not LetterDraft.objects.exists()
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == events
    _, draft = extend(reason[:2000])
    assert draft is not None and draft.pending_step is not None


def test_2024_5_6_the_ombudsmans_number_written_with_wide_spacing_is_still_the_ombudsmans() -> None:
    contact = ombudsman_contact()
    for written in (
        "0300  -  111  -  3000",
        "0300\t111\t3000",
        "+44 (0) 300 111 3000",
        "0300\u00a0111\u00a03000",
    ):
        assert wrong_ombudsman_details(f"Call the Housing Ombudsman on {written}.", contact) == [], written
    wrong = wrong_ombudsman_details("Call the Housing Ombudsman on 0300  -  111  -  3001.", contact)
    assert [w.found for w in wrong] == ["0300  -  111  -  3001"]


def test_a_letter_of_thousands_of_wrong_numbers_reports_a_few_each_quoted_short() -> None:
    """One sentence of 7,600 wrong numbers made a check result of 750 MB."""
    from putright.letters.facts import QUOTED_MOST, WRONG_MOST

    text = "You can contact the Housing Ombudsman on " + "0300 111 300 " * 7600
    wrong = wrong_ombudsman_details(text, ombudsman_contact())
    assert len(wrong) == WRONG_MOST
    assert all(len(w.sentence) <= QUOTED_MOST for w in wrong)
    assert check_letter(text, "stage1-response", "2024").can_issue is False


def test_a_template_with_a_placeholder_never_closed_is_refused() -> None:
    from putright.letters.placeholders import problems

    for template in (
        "Dear {{ settings.SECRET_KEY" + " " * 300 + "}}",
        "Dear {{ resident.name",
        "{{ foo |\n" + "\n" * 300 + "}}",
    ):
        assert problems(template), template
    assert problems("Dear {{ resident.name }},") == []
