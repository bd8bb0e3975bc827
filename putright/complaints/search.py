"""Finding a resident or a complaint from what a person types: the same reading at every door.

Staff search from a phone call or a letter, so what they type rarely matches how it was stored:
``Sian`` for ``Siân``, ``sw1a1aa`` for ``SW1A 1AA``, ``123`` or ``pr 123`` for ``PR-000123``,
``07700 900 123`` for ``+44 7700 900123``. Each reading here turns one of those into what the
database can compare, and is used by the queue, the new-contact search, the data-protection
search and the API's ``q`` alike.

Apostrophes are not letters for search: ``obrien``, ``O'Brien`` and ``O’Brien`` (a curly apostrophe,
as pasted from an email) all find ``O'Brien`` and ``O’Brien``.

Accents are folded by one fixed table (Latin letters with diacritics to their base letter, ``ß`` to
``ss``, ``æ`` to ``ae``...), not by PostgreSQL's ``unaccent`` extension: the same table is a Python
function on SQLite connections and an ``IMMUTABLE`` SQL function on PostgreSQL (migration
``workspace.0006``, replaced by ``0010``), so both databases fold exactly alike, no extension needs
installing, and PostgreSQL can index the folded name and address for full-text search."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, CharField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.db.models.lookups import Contains, EndsWith, Exact, IContains

FOLD_FUNCTION = "putright_fold"

#: letters that are not a base letter plus combining marks, and how they are spelt without them
_SPELT_OUT = {
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "TH",
    "ħ": "h",
    "Ħ": "H",
    "ı": "i",
    "ŀ": "l",
    "Ŀ": "L",
    "ŧ": "t",
    "Ŧ": "T",
    "ĸ": "k",
}


def _fold_table() -> dict[str, str]:
    """Every Latin letter with diacritics (Latin-1, Extended-A and Extended Additional, which hold
    Welsh ŵ ŷ ẁ ẃ ẅ ỳ, Irish á é í ó ú, Polish, Czech, Turkish...) to its base letter. Canonical
    decompositions are fixed by Unicode's stability policy, so this table never changes."""
    table: dict[str, str] = {}
    for start, end in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)):
        for code in range(start, end + 1):
            letter = chr(code)
            base = "".join(c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c))
            if base != letter and base.isascii() and base.isalpha():
                table[letter] = base
    table.update(_SPELT_OUT)
    return table


FOLD_TABLE = _fold_table()
_SINGLE = {letter: base for letter, base in FOLD_TABLE.items() if len(base) == 1}
_MULTIPLE = {letter: base for letter, base in FOLD_TABLE.items() if len(base) > 1}

#: dropped by the fold, as they are not letters: the straight apostrophe, the right and left single
#: quotation marks (the "curly" apostrophe word processors and email put in ``O’Brien``) and the
#: modifier letter apostrophe. A name is typed with whichever the keyboard gives, so "O'Brien" found
#: no "O’Brien", and "obrien" neither (found in a browser walk: staff then recorded duplicates).
APOSTROPHES = "'\u2019\u2018\u02bc"

_TRANSLATE = str.maketrans({**FOLD_TABLE, **dict.fromkeys(APOSTROPHES)})


def fold(text: str) -> str:
    """``text`` without accents or apostrophes, in lower case: what the database's
    ``putright_fold`` gives."""
    return text.translate(_TRANSLATE).lower()


def fold_function_sql() -> str:
    """PostgreSQL's ``putright_fold(text)``: the table as ``translate`` and ``replace`` calls, then
    ``lower``. IMMUTABLE (it reads nothing but its argument), so expression indexes can use it; any
    change to what it gives needs a migration that replaces it and rebuilds those indexes
    (``workspace.0010``). The apostrophes come last in ``translate``'s first list, beyond the end of
    its second: ``translate`` drops such characters."""

    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    body = f"translate($1, {literal(''.join(_SINGLE) + APOSTROPHES)}, {literal(''.join(_SINGLE.values()))})"
    for letter, spelt in _MULTIPLE.items():
        body = f"replace({body}, {literal(letter)}, {literal(spelt)})"
    return (
        f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text"
        f" LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT lower({body}) $$"
    )


def register_sqlite_fold(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: ``putright_fold`` on PutRight's SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            FOLD_FUNCTION, 1, lambda text: None if text is None else fold(text), deterministic=True
        )


class Folded(Func):
    """A column (or value) with its accents folded and in lower case, on either database."""

    function = FOLD_FUNCTION
    output_field = CharField()


#: SQLite's ``GLOB`` pattern for text holding a character outside ASCII (it compares code points)
_NOT_ASCII = "*[^\x01-\x7f]*"
#: and for text holding the straight apostrophe
_APOSTROPHE = "*'*"


def _glob(pattern: str, field: str) -> Func:
    return Func(Value(pattern), F(field), function="glob", output_field=BooleanField())


def folded_contains(field: str, term: str) -> Q:
    """``field`` contains ``term``, both folded: ``Sian`` finds ``Siân`` and ``Siân`` finds ``SIAN``,
    ``obrien`` and ``O’Brien`` find ``O'Brien``.

    On SQLite, folding calls Python for each row, which made a search over 60,000 residents half
    as slow again; ``LIKE`` already ignores the case of ASCII letters, so only rows holding a letter
    outside ASCII (the curly apostrophes among them) are folded, and rows holding the straight
    apostrophe are read without it by SQLite's ``replace``, both decided by ``GLOB`` in C; the rest
    are matched by ``LIKE`` alone. (With one name in 80 and one street in 50 holding a straight
    apostrophe, folding those rows in Python too made that search a fifth slower; ``replace``, a
    tenth.)"""
    folded = fold(term)
    if connection.vendor != "sqlite":
        return Q(Contains(Folded(field), folded))
    return (
        Q(**{f"{field}__icontains": term})
        | Q(**{f"{field}__icontains": folded})
        | (Q(_glob(_APOSTROPHE, field)) & Q(IContains(Replace(F(field), Value("'"), Value("")), folded)))
        | (Q(_glob(_NOT_ASCII, field)) & Q(Contains(Folded(field), folded)))
    )


#: the most words of a search read one by one (each is a LIKE per field)
MAX_WORDS = 6


def words_contained(fields: tuple[str, ...], term: str) -> Q:
    """Every word of ``term`` is in one of ``fields`` (each word in the same field), folded
    (:func:`folded_contains`): ``Jones Sian`` and ``Sian  Jones`` find ``Siân Jones`` as ``Sian
    Jones`` does (the whole phrase was looked for, so another order or a double space found no one).
    Words are not matched across fields, as PostgreSQL's full-text search reads the name and the
    address as two documents: ``Counted 11`` is not the resident "Counted 10" at 11 Orchard Way."""
    words = [word for word in term.split() if fold(word)][:MAX_WORDS]
    if not words:  # nothing, or apostrophes alone: folded to nothing, they would match every row
        return Q(pk__in=[])
    found = Q(pk__in=[])
    for field in fields:
        every = Q()
        for word in words:
            every &= folded_contains(field, word)
        found |= every
    return found


# --------------------------------------------------------------------------------------------------
# References, postcodes, telephone numbers

_REFERENCE = re.compile(r"(?:PR)?[\s\-/]*0*(\d{1,12})", re.IGNORECASE)


def reference_forms(term: str) -> set[str]:
    """The complaint reference ``term`` means: ``PR-000123`` from ``123``, ``000123``, ``pr123``,
    ``PR 123`` or ``PR-000123`` (a reference is ``PR-`` and the id in at least six digits)."""
    found = _REFERENCE.fullmatch(term.strip())
    if found is None:
        return set()
    number = int(found.group(1))
    return {f"PR-{number:06d}"} if number else set()


#: the words before a reference that name it as a complaint ("Complaint 341", "#341", "ref: 341"):
#: "Complaint 341" for complaint PR-000341 was taken as an earlier complaint (browser walk)
_COMPLAINT_AS_NAMED = re.compile(
    r"^\s*(?:(?:our\s+)?complaint|case|ref(?:erence)?|no\.?|number)?\s*(?:number|no\.?|ref(?:erence)?)?\s*[:#]?\s*",
    re.IGNORECASE,
)


#: a complaint reference written out among other words ("see PR-000123, March 2023"), however it is
#: typed or pasted ("PR_000123", "PR.000123", "PR: 000123", "PR 000 123", an en dash once dashes are
#: read as hyphens, :data:`_DASHES`), and "complaint 341" or "our complaint no. 341" within a sentence
#: (review 205). Not "case 2019/0451" (a number before a slash is another system's reference), nor a
#: day of a month ("the complaint 12 May")
_REFERENCE_IN_TEXT = re.compile(
    r"(?:\bPR[\s\-/_.:#]*(?:0+\s+)*|\bcomplaint(?:\s+(?:no\.?|number|ref(?:erence)?))?\s*[:#]?\s*)"
    r"0*(\d{1,12})(?!\d|\s*/\s*\d|\s*(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
    re.IGNORECASE,
)
#: dashes and hyphens a word processor puts for "-" (en and em dash, non-breaking hyphen, minus ...)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")


def reference_named(text: str) -> set[str]:
    """The complaint reference ``text`` is, as a person names one ("Complaint 341", "ref: PR-000341",
    "341"): :func:`reference_forms` after the words that name it as a complaint."""
    return reference_forms(_COMPLAINT_AS_NAMED.sub("", text))


def references_named(text: str) -> set[str]:
    """Every complaint reference free text names: the whole of it as a reference
    (:func:`reference_named`), and each written out among other words (``PR-000123``, ``pr 123``)."""
    found = reference_named(text)
    read = unicodedata.normalize("NFKC", text).translate(_DASHES)
    found.update(f"PR-{int(n):06d}" for n in _REFERENCE_IN_TEXT.findall(read) if int(n))
    return found


#: a UK postcode, with or without its space: outward code (2-4 characters) then inward (digit, 2 letters)
_POSTCODE = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})")


def postcode_forms(term: str) -> set[str]:
    """How a postcode ``term`` may have been stored: ``SW1A 1AA`` and ``SW1A1AA`` from either, in
    capitals. Empty when ``term`` is not a postcode."""
    found = _POSTCODE.fullmatch(term.strip().upper())
    if found is None:
        return set()
    outward, inward = found.groups()
    return {f"{outward} {inward}", f"{outward}{inward}"}


def standard_postcode(term: str) -> str:
    """``term`` as a postcode is written (``RV6 1DA`` from ``rv61da`` or ``RV6  1DA``); anything that
    is not a postcode in capitals, as typed."""
    found = _POSTCODE.fullmatch(term.strip().upper())
    return f"{found.group(1)} {found.group(2)}" if found is not None else term.strip().upper()


def postcode_matches(field: str, term: str) -> Q:
    """``field`` holds the postcode ``term``, however either was spaced or cased."""
    found = Q(**{f"{field}__iexact": term.strip()})
    for form in sorted(postcode_forms(term)):
        found |= Q(**{f"{field}__iexact": form})
    return found


_PHONE = re.compile(r"\+?[\d\s\-().]{9,20}")


def phone_number(term: str) -> str | None:
    """The national number a telephone ``term`` dials (``7700900123`` from ``07700 900 123``,
    ``+44 7700 900123`` or ``0044 7700 900123``), or ``None`` when ``term`` is not a phone number."""
    if _PHONE.fullmatch(term.strip()) is None:
        return None
    digits = re.sub(r"\D", "", term)
    for prefix in ("0044", "44", "0"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 9:
            digits = digits[len(prefix) :]
            break
    return digits if 9 <= len(digits) <= 11 else None


def _digits(field: str) -> Func:
    """``field`` without the spaces, dashes, dots, brackets and plus sign people write numbers with."""
    expression: Func | F = F(field)
    for mark in (" ", "-", ".", "(", ")", "+"):
        expression = Replace(expression, Value(mark), Value(""))
    assert isinstance(expression, Func)
    return expression


def phone_matches(field: str, term: str) -> Q | None:
    """``field`` is the telephone number ``term``, however either was written; ``None`` when
    ``term`` is not a phone number."""
    number = phone_number(term)
    return Q(EndsWith(_digits(field), number)) if number else None


# --------------------------------------------------------------------------------------------------
# A resident from what a person types


def resident_matches(term: str, *, prefix: str = "", complaints: QuerySet[Any] | None = None) -> Q:
    """Residents (``prefix=""``) or rows hanging on one (``prefix="resident__"``) that ``term``
    describes: a name or the first line of an address, accents folded; a postcode however spaced;
    an email address; a telephone number however written; a complaint reference however typed, among
    ``complaints`` (those the person searching may see: a restricted complaint's reference must not
    tell a member of staff outside it who made it; every complaint when not given)."""
    term = term.strip()
    found = words_contained((f"{prefix}name", f"{prefix}property__address_line_1"), term) | postcode_matches(
        f"{prefix}property__postcode", term
    )
    if "@" in term:
        found |= Q(**{f"{prefix}email__iexact": term})
    phone = phone_matches(f"{prefix}phone", term)
    if phone is not None:
        found |= phone
    references = reference_forms(term)
    if references:
        from putright.complaints.models import Complaint

        among = Complaint.objects.all() if complaints is None else complaints
        made = among.filter(reference__in=sorted(references)).values("resident_id")
        found |= Q(**{f"{prefix}pk__in": made})
    return found


def same_name(name: str, *, limit: int = 10) -> list[Any]:
    """Residents already known by ``name``, accents, case and spacing aside: before someone new is
    recorded, so that ``Siân Jones`` is not recorded twice and her complaints split between two."""
    from putright.complaints.models import Resident

    wanted = fold(" ".join(name.split()))
    if not wanted:
        return []
    return list(
        Resident.objects.select_related("property")
        .filter(Exact(Folded("name"), wanted))
        .order_by("name", "pk")[:limit]
    )
