"""Events read back for reports are exactly what was stored (2024 5.12: the record kept as it was).

``personal.resolve_stored`` decodes the stored JSON of every event a report reads (160,000 for a
year's self-assessment) with orjson, for speed. orjson reads some things differently from the
standard library (an integer past 64 bits becomes a float) or not at all (NaN, a lone surrogate):
each of those must come back exactly as the standard library reads it, never rounded."""

from __future__ import annotations

import json

import pytest

from putright.complaints import personal

CASES = [
    '{"kind": "remedy_agreed", "amount_pence": 123456789012345678901234567890}',
    '{"kind": "remedy_agreed", "amount_pence": -9223372036854775809}',
    '{"kind": "remedy_agreed", "amount_pence": 9223372036854775807}',
    '{"kind": "note", "text": "UPRN 1000123456789012345 in words"}',
    '{"kind": "note", "value": NaN}',
    '{"kind": "note", "text": "\\ud800 lone surrogate"}',
    '{"kind": "responded", "on": "2025-06-18", "response": {"outcome": "upheld", "decision": "£50 paid"}}',
    '{"kind": "note", "ratio": 0.1, "big": 1e300, "nested": [1, [2, {"x": null}], true]}',
]


@pytest.mark.parametrize("text", CASES)
def test_stored_json_reads_back_exactly_as_the_standard_library_reads_it(text: str) -> None:
    [decoded] = personal.resolve_stored([text])
    expected = json.loads(text)
    assert repr(decoded) == repr(expected)  # repr: nan != nan, and 1 == 1.0 would hide a float
    [from_bytes] = personal.resolve_stored([text.encode()])
    assert repr(from_bytes) == repr(expected)


def test_an_integer_past_64_bits_stays_an_integer() -> None:
    [decoded] = personal.resolve_stored(['{"amount_pence": 123456789012345678901234567890}'])
    assert decoded["amount_pence"] == 123456789012345678901234567890
    assert isinstance(decoded["amount_pence"], int)


def test_text_that_is_not_json_is_still_refused() -> None:
    with pytest.raises(ValueError):
        personal.resolve_stored(['{"kind": "note", "text": '])


def test_text_holding_a_lone_surrogate_character_reads_as_the_standard_library_reads_it() -> None:
    text = '{"kind": "note", "text": "\ud800"}'  # the character itself, not its JSON escape
    [decoded] = personal.resolve_stored([text])
    assert decoded == json.loads(text)


def test_bytes_with_a_utf8_byte_order_mark_read_as_the_standard_library_reads_them() -> None:
    """Found by the adversarial review: orjson refuses a byte-order mark, and the fallback must read
    the bytes as given (``json.loads`` detects utf-8-sig), not text decoded from them."""
    stored = b'\xef\xbb\xbf{"kind": "note", "text": "x"}'
    assert personal.resolve_stored([stored]) == [json.loads(stored)]
