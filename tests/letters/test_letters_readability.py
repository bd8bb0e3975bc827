"""Plain language (2024 6.9, 6.19: "in clear, plain language"): figures and flags, never blocking."""

from __future__ import annotations

from pathlib import Path

import pytest
from letters_helpers import sample

from putright.letters.check import check_letter
from putright.letters.readability import count_syllables, passive, readability, split_sentences


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("the", 1),
        ("make", 1),
        ("jumped", 1),
        ("gives", 1),
        ("table", 2),
        ("fixes", 2),
        ("pages", 2),
        ("wanted", 2),
        ("sunny", 2),
        ("complaint", 2),
        ("landlord", 2),
        ("ombudsman", 3),
        ("escalate", 3),
        ("compensation", 4),
        ("well-known", 2),
        ("www.housing-ombudsman.org.uk", 1),
    ],
)
def test_syllable_heuristic(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_2024_6_9_flesch_figures_on_a_known_passage() -> None:
    # 11 words, 2 sentences, 12 syllables ("sunny" has two):
    # FRE = 206.835 - 1.015 * 5.5 - 84.6 * 12/11 = 108.96; FK = 0.39 * 5.5 + 11.8 * 12/11 - 15.59 = -0.57
    figures = readability("The cat sat on the mat. It was a sunny day.")
    assert (figures.sentences, figures.words, figures.syllables) == (2, 11, 12)
    assert figures.flesch_reading_ease == 109.0
    assert figures.flesch_kincaid_grade == -0.6
    assert figures.average_sentence_length == 5.5
    assert figures.flags == ()


HARD = (
    "Dear Mr Hughes,\n\n"
    "Pursuant to your correspondence, the aforementioned remediation works were completed by our "
    "contractor in accordance with the specification that was agreed at the pre-inspection meeting "
    "notwithstanding the difficulties previously encountered with access to the void property.\n\n"
    "The decant was arranged.\n\n"
    "We will fix the door.\n\n"
    "Yours sincerely,\n"
)


def test_2024_6_19_long_passive_and_jargon_sentences_are_listed() -> None:
    figures = readability(HARD)
    assert figures.sentences == 3  # the salutation and sign-off are not prose
    assert len(figures.long_sentences) == 1 and figures.long_sentences[0].startswith("Pursuant")
    assert [s[:12] for s in figures.passive_sentences] == ["Pursuant to ", "The decant w"]
    terms = [j.term for j in figures.jargon]
    for term in (
        "aforementioned",
        "pursuant to",
        "in accordance with",
        "notwithstanding",
        "remediation",
        "void",
        "decant",
    ):
        assert term in terms
    assert next(j for j in figures.jargon if j.term == "pursuant to").plain == "under"
    assert any("below 60" in f for f in figures.flags)
    assert any("over 25 words" in f for f in figures.flags)
    assert any(f.startswith("jargon:") for f in figures.flags)


def test_escalate_is_not_jargon_and_feelings_are_not_passive() -> None:
    figures = readability("You can escalate your complaint. We are pleased you called. We are sorry.")
    assert figures.jargon == ()
    assert figures.passive_sentences == ()


def test_stage_0_and_s20_are_flagged() -> None:
    figures = readability("Your complaint was dealt with at stage 0. We sent an s20 notice.")
    assert {"stage 0", "s20"} <= {j.term for j in figures.jargon}


def test_sentences_keep_abbreviations_and_addresses_apart() -> None:
    assert split_sentences("Dr. Smith visited on 3 March. He found damp.") == [
        "Dr. Smith visited on 3 March.",
        "He found damp.",
    ]
    assert split_sentences("Northgate Homes\nPO Box 2210\nLeeds") == [
        "Northgate Homes",
        "PO Box 2210",
        "Leeds",
    ]
    wrapped = "We will send you our full response\nby 10 March 2025, which is soon."
    assert split_sentences(wrapped) == ["We will send you our full response by 10 March 2025, which is soon."]


def test_readability_never_blocks_a_letter() -> None:
    letter = sample("stage1-response") + "\n\n" + HARD
    result = check_letter(letter, "stage1-response")
    assert result.can_issue
    assert result.readability.flags
    data = result.as_dict()["readability"]
    assert isinstance(data, dict) and data["jargon"]


def test_the_sample_letters_are_plain_english() -> None:
    for kind in ("stage1-response", "stage2-response", "extension-notice", "decision-not-to-accept"):
        figures = readability(sample(kind))
        assert figures.flesch_reading_ease >= 60, (kind, figures)
        assert figures.jargon == (), kind


def _in_a_fresh_interpreter(script: str) -> str:
    """Run ``script`` in a new Python (the test process has imported everything); its output."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_pure_letter_modules_load_no_django() -> None:
    _in_a_fresh_interpreter(
        "import sys\n"
        "import putright.code.letters, putright.letters.check, putright.letters.readability\n"
        "import putright.letters.ombudsman, putright.letters.extract\n"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)\n"
    )


# --- passive voice, proven on a labelled set ---------------------------------------------------

PASSIVE_SET = Path(__file__).parents[1] / "fixtures" / "letters" / "passive_voice.txt"


def _labelled() -> list[tuple[str, bool]]:
    rows = []
    for line in PASSIVE_SET.read_text(encoding="utf-8").splitlines():
        if line[:1] in ("A", "P") and "\t" in line:
            label, sentence = line.split("\t", 1)
            rows.append((sentence, label == "P"))
    return rows


def test_2024_6_9_passive_voice_rule_on_100_labelled_sentences() -> None:
    rows = _labelled()
    assert len(rows) >= 100
    assert sum(p for _, p in rows) >= 40 and sum(not p for _, p in rows) >= 40
    wrong = [(sentence, expected) for sentence, expected in rows if passive(sentence) != expected]
    assert wrong == []


@pytest.mark.parametrize(
    "sentence",
    [
        "You told us that the boiler was broken.",
        "You told us that the heating had stopped.",
        "I will write to you by 14 March 2025.",
        "We are pleased to tell you the repair is finished.",
    ],
)
def test_active_sentences_are_not_called_passive(sentence: str) -> None:
    assert not passive(sentence)
    assert readability(sentence).passive_sentences == ()


def test_sentences_split_with_pysbd_keep_abbreviations_and_addresses_whole() -> None:
    found = split_sentences(
        "Mr. Hughes called on 3 March. See www.housing-ombudsman.org.uk for details. Call 0300 111 3000."
    )
    assert found == [
        "Mr. Hughes called on 3 March.",
        "See www.housing-ombudsman.org.uk for details.",
        "Call 0300 111 3000.",
    ]


def test_the_figures_load_their_libraries_on_first_use() -> None:
    """pysbd and textstat are imported when a letter is first measured, not at start-up (issue 17,
    worker memory); the first measurement then gives the same figures as any other."""
    out = _in_a_fresh_interpreter(
        "import sys\n"
        "from putright.letters.readability import readability\n"
        "assert 'pysbd' not in sys.modules and 'textstat' not in sys.modules\n"
        "f = readability('Dear Ms Patel,\\n\\nWe are sorry the repair was late. We will fix it on Monday.')\n"
        "assert 'pysbd' in sys.modules and 'textstat' in sys.modules\n"
        "print(f.sentences, f.words, f.syllables)\n"
    )
    figures = readability("Dear Ms Patel,\n\nWe are sorry the repair was late. We will fix it on Monday.")
    assert out.split() == [str(figures.sentences), str(figures.words), str(figures.syllables)]


def test_figures_are_the_same_when_letters_are_measured_from_threads_at_once() -> None:
    """A threaded server (gunicorn --threads, runserver) measures letters at the same time: each
    gets the figures it gets alone. pysbd's Segmenter keeps the text it is splitting on itself, so
    one shared by every thread mixed up their sentences (found by an adversarial review)."""
    import sys

    corpus = Path(__file__).parents[1] / "fixtures" / "letters" / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))[:16]]
    alone = [readability(t) for t in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, as a busy threaded server does
    try:
        for _ in range(3):
            assert _measured_together(texts) == alone
    finally:
        sys.setswitchinterval(interval)


def _measured_together(texts: list[str]) -> list[object]:
    import threading

    together: list[object] = [None] * len(texts)
    barrier = threading.Barrier(len(texts))

    def run(i: int) -> None:
        barrier.wait()
        together[i] = readability(texts[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return together


def test_sentences_kept_for_a_block_cannot_be_changed_by_a_caller() -> None:
    """A check reads each block three times, so its sentences are kept (pysbd was most of the time
    on long letters); a caller changing the list it was given must not change what the next gets."""
    from putright.letters.readability import split_sentences

    block = "We received your complaint. We will reply by 17 March 2025."
    first = split_sentences(block)
    first.append("Not in the letter.")
    assert split_sentences(block) == ["We received your complaint.", "We will reply by 17 March 2025."]
