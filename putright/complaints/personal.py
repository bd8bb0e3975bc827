"""Residents' own words kept where they can be erased, outside the append-only history.

An event's free text (the summary of the contact, the complaint definition, the response's decision
and reasons, notes, evidence, the reason given for a step...) is not stored inside the event. Each
non-empty value is stored as a :class:`~putright.complaints.models.PersonalText` row and the event
holds a *token* in its place::

    ⟦personal:<row id>:<HMAC-SHA256 of the value under the row's own random key>⟧

The hash chain (:mod:`putright.complaints.history`) hashes the event as stored, token included, so:

* the chain never changes when a value is erased (the event row is never touched);
* the value is still protected: ``putright verify history`` recomputes each value's HMAC with its
  row's key and compares it with the digest inside the chained token, so a changed value is caught;
* once a value is erased, its row's key is erased with it, so the digest left in the history cannot
  be used to confirm a guess at what the resident wrote (a plain SHA-256 of "John Smith" could).

Readers that need the words (the case page, letters, projections) resolve tokens with
:func:`resolve_data`; an erased value reads as :data:`ERASED`, a non-empty text, so replaying the
history decides exactly as before: no state, deadline or figure depends on the words.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import orjson
from django.utils import timezone

from putright.complaints.inserts import insert

if TYPE_CHECKING:
    from putright.complaints.models import Complaint, ComplaintEvent

#: what an erased value reads as, everywhere
ERASED = "[erased]"

#: the keys of an event's data (at any depth) whose text is personal: the resident's own words, or
#: staff's words about the resident and their complaint. Every other string of an event (kinds,
#: editions, channels, provisions, staff ids, Ombudsman references, how a step was told) is
#: structure and stays in the event. ``tests/records/test_erasure_personal_text.py`` fails when an
#: event type gains a text field that is in neither list.
PERSONAL_KEYS = frozenset(
    {
        # 2024 1.3 and 6.8, in staff's words about the resident's dissatisfaction
        "about",
        "how_offered",
        # 2024 1.3: the resident's words the triage hint read as a complaint, kept with the service
        # request recorded over its reminder
        "complaint_cues",
        "issues",
        "summary",
        "about_service_request",
        "reason",
        "resolution",
        "discretion_reason",
        "explanation",
        "considered_on_merits",
        # where an earlier complaint was considered, as staff name it (2024 5.11): free text
        "previously_considered_in",
        "late_reason",
        "complaint",
        "outcomes_sought",
        "responsible_for",
        "not_responsible_for",
        "decision",
        "reasons",
        "remedy",
        "outstanding_actions",
        "complaint_definition",
        "description",
        "evidence",
        "note",
        "good_reason",
    }
)
#: event text fields that are structure, not personal
PLAIN_KEYS = frozenset(
    {
        "edition",
        "acknowledgement_provision",
        "exclusion_provision",
        "independence_provision",
        "response_provision",
        "extension_provision",
        "interval_provision",
        "contents_provision",
        "escalation_provision",
        "remedy_provision",
        "handler",
        "person",
        "actor",
        "method",
        "reference",
        "owner",
        "complaint_stage",
        "escalation_route",
        # 2024 1.3: where the dissatisfaction was expressed, and the provision
        "during",
        "choice_provision",
        # 2024 6.8: the new complaint's reference, and the provision; a complaint's own links
        "new_complaint",
        "new_issues_provision",
        "raised_during",
        # where an imported step came from (the file and row)
        "imported_from",
        # 2024 5.12: the provision a corrected day received was put right under
        "record_provision",
    }
)

TOKEN = re.compile(r"⟦personal:([0-9a-f]{32}):([0-9a-f]{64})⟧")


def digest(key: str, value: str) -> str:
    return hmac.new(bytes.fromhex(key), value.encode("utf-8"), hashlib.sha256).hexdigest()


def _token(pk: uuid.UUID, value_digest: str) -> str:
    return f"⟦personal:{pk.hex}:{value_digest}⟧"


class Splitter:
    """Takes the personal values out of event data and reasons, making a ``PersonalText`` row for each
    (saved by :meth:`save`), and gives back the data with tokens in their place."""

    def __init__(self, complaint_id: int, model: Any = None) -> None:
        from putright.complaints.models import PersonalText

        self.complaint_id = complaint_id
        self.model = model or PersonalText  # a migration passes its historical model
        self.rows: list[Any] = []

    def text(self, value: str) -> str:
        if not value:
            return value
        key = secrets.token_hex(32)
        row = self.model(id=uuid.uuid4(), complaint_id=self.complaint_id, value=value, key=key)
        self.rows.append(row)
        return _token(row.id, digest(key, value))

    def data(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, Mapping):
            return {k: self.data(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v, key) for v in value]
        if isinstance(value, str) and key in PERSONAL_KEYS:
            return self.text(value)
        return value

    def save(self) -> None:
        insert(self.rows)
        self.rows = []


def split_event(row: ComplaintEvent) -> ComplaintEvent:
    """Replace ``row``'s personal values (in ``data`` and ``reason``) with tokens and store the values;
    call before sealing and saving the event."""
    splitter = Splitter(row.complaint_id)
    row.data = splitter.data(row.data)
    row.reason = splitter.text(row.reason)
    splitter.save()
    return row


def _token_at(item: Any, key: str | None) -> re.Match[str] | None:
    """The token a stored value is, where the services put tokens: a whole string at a personal key
    (or a bare string: an event's reason). Anything else is never read as a token, so text a person
    typed that looks like one (in an Ombudsman reference, say) cannot pull in another record's words."""
    if isinstance(item, str) and (key is None or key in PERSONAL_KEYS):
        return TOKEN.fullmatch(item)
    return None


def _map(value: Any, visit: Any, key: str | None = None) -> Any:
    # stored data is JSON: exact types first (the Mapping check is an ABC lookup, and this runs
    # for every value of every event a report or the self-assessment reads)
    kind = type(value)
    if kind is str:
        return visit(value, key)
    if kind is dict:
        return {k: _map(v, visit, k) for k, v in value.items()}
    if kind is list:
        return [_map(v, visit, key if key is not None else "") for v in value]
    if isinstance(value, Mapping):
        return {k: _map(v, visit, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_map(v, visit, key if key is not None else "") for v in value]
    return visit(value, key)


def _collect(value: Any, out: list[tuple[str, str]], key: str | None) -> None:
    """``tokens_in``'s walk: the same places as ``_map`` visits, nothing rebuilt."""
    kind = type(value)
    if kind is dict or (kind is not str and kind is not list and isinstance(value, Mapping)):
        for k, v in value.items():
            _collect(v, out, k)
    elif kind is list or (kind is not str and isinstance(value, list)):
        for v in value:
            _collect(v, out, key if key is not None else "")
    else:
        match = _token_at(value, key)
        if match:
            out.append((match.group(1), match.group(2)))


#: every token starts so (``_token``); stored data without it anywhere holds no token
PERSONAL_MARK = "⟦personal:"
#: the part of the mark JSON text never escapes
_MARK_TEXT = PERSONAL_MARK[1:]


def _may_hold_a_token(value: Any) -> bool:
    """False when no string anywhere in ``value`` contains ``PERSONAL_MARK``: checked on the data as
    JSON text, in C, before walking it in Python (a year's report reads 160,000 events, most of
    them without words). True only means "walk it": the walk decides what is a token."""
    if isinstance(value, str):
        return PERSONAL_MARK in value
    try:
        return PERSONAL_MARK in json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # not JSON-like: walk it
        return True


def tokens_in(value: Any) -> list[tuple[str, str]]:
    """(row id, digest) of every token in ``value`` (an event's data, a reason, or a list of them)."""
    out: list[tuple[str, str]] = []
    for part in value if isinstance(value, list) else [value]:
        if _may_hold_a_token(part):
            _collect(part, out, None)
    return out


def _values(ids: set[str]) -> dict[str, str]:
    from putright.complaints.models import PersonalText

    wanted = [uuid.UUID(i) for i in ids]
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 900):
        rows = PersonalText.objects.filter(id__in=wanted[start : start + 900]).only(
            "id", "value", "erased_at"
        )
        found.update((row.id.hex, row.value if row.erased_at is None else ERASED) for row in rows)
    return found


def resolve_data(many: Iterable[Any], *, copy: bool = True) -> list[Any]:
    """Event data (or reasons) with every token replaced by its text (:data:`ERASED` once erased);
    one query for all of them (in batches). With ``copy=False`` an item holding no token is given
    back as it is, not rebuilt: for readers that only read (a report over every event of a year)."""
    many = list(many)
    holding = [tokens_in(item) for item in many]
    values = _values({pk for found in holding for pk, _ in found})

    def visit(item: Any, key: str | None) -> Any:
        match = _token_at(item, key)
        return values.get(match.group(1), ERASED) if match else item

    return [_map(item, visit) if copy or found else item for item, found in zip(many, holding, strict=True)]


#: every ASCII digit made "0", so a run of 19 digits (long enough to be an integer past 64 bits,
#: which orjson reads as a float) is found as a run of 19 "0"s: ten times faster than a regex
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19


def _decode(item: str | bytes) -> Any:
    """Stored JSON decoded with orjson (a third of the standard library's time, for the 160,000
    events a year's self-assessment reads), or by the standard library, from the item as given,
    whenever the two could differ: a run of 19 digits (orjson reads an integer past 64 bits as a
    float), or anything orjson refuses (a NaN, a lone surrogate, bytes with a byte-order mark), which
    the standard library decides as it always did."""
    raw = item.encode("utf-8", "surrogatepass") if isinstance(item, str) else item
    if _LONG_NUMBER in raw.translate(_DIGITS_AS_ZERO):
        return json.loads(item)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(item)


def resolve_stored(stored: Iterable[Any]) -> list[Any]:
    """Event data as the database returns it without decoding (JSON text), decoded once, with every
    token replaced; only data whose text holds a token's marker is walked (read-only use: a year's
    report reads 160,000 events, most of them without words). The marker's ASCII part is looked
    for, since the stored text may escape its first character."""
    decoded: list[Any] = []
    marked: list[int] = []
    for i, item in enumerate(stored):
        if isinstance(item, (str, bytes)):
            decoded.append(_decode(item))
            if _MARK_TEXT in (item if isinstance(item, str) else item.decode()):
                marked.append(i)
        else:  # already decoded by the driver: walk it as resolve_data does
            decoded.append(item)
            marked.append(i)
    for i, item in zip(marked, resolve_data([decoded[i] for i in marked], copy=False), strict=True):
        decoded[i] = item
    return decoded


def resolve_rows(rows: Iterable[ComplaintEvent]) -> list[ComplaintEvent]:
    """Give loaded events their words back for display and replay (``data`` and ``reason``). The
    stored forms stay on the row as ``stored_data`` and ``stored_reason``: the hash chain uses them."""
    rows = list(rows)
    todo = [row for row in rows if not hasattr(row, "stored_data")]
    resolved = resolve_data([row.data for row in todo] + [row.reason for row in todo])
    for index, row in enumerate(todo):
        row.stored_data, row.stored_reason = row.data, row.reason  # type: ignore[attr-defined]
        row.data = resolved[index]
        row.reason = resolved[len(todo) + index]
        row.resolved_from = (row.data, row.reason)  # type: ignore[attr-defined]
    return rows


def stored_form(row: ComplaintEvent) -> tuple[Any, str]:
    """(data, reason) as stored: what the hash chain covers. A row whose words were resolved for
    reading gives back its stored tokens, unless its fields were assigned since (then what it holds)."""
    resolved = getattr(row, "resolved_from", None)
    data = row.stored_data if resolved and row.data is resolved[0] else row.data  # type: ignore[attr-defined]
    reason = row.stored_reason if resolved and row.reason is resolved[1] else row.reason  # type: ignore[attr-defined]
    return data, reason


def resolved_events_data(complaint: Complaint | int) -> list[dict[str, Any]]:
    """A complaint's events' data, in order, with the words resolved (for replaying into a ``Case``
    whose texts are shown or projected)."""
    from putright.complaints.models import ComplaintEvent

    pk = complaint if isinstance(complaint, int) else complaint.pk
    rows = ComplaintEvent.objects.filter(complaint_id=pk).order_by("sequence").values_list("data", flat=True)
    return resolve_data(rows)


def check_tokens(tokens: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """Check each token's text against its digest. Returns (problem by row id, "erased on ... by ..."
    by row id); a text that verifies is in neither."""
    from putright.complaints.models import PersonalText

    rows: dict[str, PersonalText] = {}
    wanted = [uuid.UUID(pk) for pk, _ in tokens]
    for start in range(0, len(wanted), 900):
        for row in PersonalText.objects.filter(id__in=wanted[start : start + 900]):
            rows[row.id.hex] = row
    problems: dict[str, str] = {}
    erased: dict[str, str] = {}
    for pk, expected in tokens:
        found = rows.get(pk)
        if found is None:
            problems[pk] = "a personal text it refers to is missing (removed outside an erasure)"
        elif found.erased_at is not None:
            if found.value or found.key:
                problems[pk] = "a personal text marked erased still holds a value or key"
            else:
                erased[pk] = f"erased on {timezone.localdate(found.erased_at):%-d %B %Y} by {found.erased_by}"
        elif not found.key or digest(found.key, found.value) != expected:
            problems[pk] = "a personal text changed after it was recorded (its digest does not match)"
    return problems, erased


TABLE = "complaints_personaltext"
REFUSAL = "personal text in the history can only be erased (value and key blanked, with when and by whom)"


def trigger_sql(vendor: str, *, create: bool = True) -> list[str]:
    """The database's guard on personal text: an UPDATE may only erase a value once (blank value and
    key, set ``erased_at``), DELETE only inside a :func:`~putright.complaints.history.history_purge`."""
    from putright.complaints.history import PURGE_FUNCTION, PURGE_SETTING

    erase_only = (
        "NEW.value = '' AND NEW.\"key\" = '' AND NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL"
        " AND NEW.id = OLD.id AND NEW.complaint_id = OLD.complaint_id"
    )
    if vendor == "sqlite":
        if not create:
            return [
                "DROP TRIGGER IF EXISTS personal_text_erase_only",
                "DROP TRIGGER IF EXISTS personal_text_no_delete",
            ]
        return [
            f"""CREATE TRIGGER personal_text_erase_only BEFORE UPDATE ON {TABLE}
        WHEN NOT ({erase_only})
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
            f"""CREATE TRIGGER personal_text_no_delete BEFORE DELETE ON {TABLE}
        WHEN NOT {PURGE_FUNCTION}()
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
        ]
    if vendor == "postgresql":
        if not create:
            return [
                f"DROP TRIGGER IF EXISTS personal_text_guard ON {TABLE}",
                f"DROP TRIGGER IF EXISTS personal_text_no_truncate ON {TABLE}",
                "DROP FUNCTION IF EXISTS personal_text_erase_only()",
            ]
        return [
            f"""CREATE OR REPLACE FUNCTION personal_text_erase_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF {erase_only} THEN
                    RETURN NEW;
                END IF;
            ELSIF current_setting('{PURGE_SETTING}', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation', DETAIL = TG_OP;
        END;
        $$""",
            f"""CREATE TRIGGER personal_text_guard BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION personal_text_erase_only()""",
            f"""CREATE TRIGGER personal_text_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION personal_text_erase_only()""",
        ]
    raise ValueError(f"triggers are written for SQLite and PostgreSQL, not {vendor}")
