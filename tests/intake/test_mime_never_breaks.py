"""Whatever bytes arrive, reading them as an email never raises and never yields text the database
cannot store (lone surrogates, NUL): damaged copies of real messages, cut anywhere, bytes flipped."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake.conftest import corpus_folder

from putright.intake.mime import Reading, read_message

SAMPLES = [
    "phpmmp__issue163.eml",
    "flanker__messages_outlook-express.eml",
    "mimekit__tnef_rich-text.eml",
    "mikel__attachment_emails_attachment_message_rfc822.eml",
    "zbateson__emails_m0001.eml",
    "mikel__multi_charset_japanese_iso_2022.eml",
]


def _texts(reading: Reading) -> list[str]:
    texts = [reading.subject, reading.from_name, reading.from_address, reading.date, reading.text]
    texts += [reading.message_id or "", *reading.notes]
    texts += [part.filename for part in reading.parts] + [part.within for part in reading.parts]
    return texts


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(0, 255)), max_size=8),
)
def test_a_damaged_real_message_is_read_without_error(
    sample: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    raw = bytearray((corpus_folder() / sample).read_bytes())
    for where, value in flips:
        raw[int(where * (len(raw) - 1))] = value
    raw = raw[: max(1, int(cut * len(raw)))]
    reading = read_message(bytes(raw))
    assert all(_storable(text) for text in _texts(reading))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_after_a_header_are_read_without_error(data: bytes) -> None:
    reading = read_message(b"Subject: \xff\xfe\x00 =?utf-8?b?w6k=?= =?x-unknown?q?=00?=\r\n" + data)
    assert all(_storable(text) for text in _texts(reading))


def test_a_charset_label_with_a_nul_in_it_is_read_as_an_unknown_charset() -> None:
    """Found by the test above in a CI run: a damaged Subject declaring charset "UT\\x00-8" made the
    codec lookup raise ValueError (not LookupError) and the whole message unreadable."""
    raw = b"From: r@example.org\r\nSubject: =?UT\x00-8?Q?Boiler_broken?=\r\n\r\nThe boiler is broken.\r\n"
    reading = read_message(raw)
    assert isinstance(reading, Reading)
    assert "boiler is broken" in reading.text.lower()
