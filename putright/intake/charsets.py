"""Text in the charset it was really written in, whatever the message says it is.

Mail clients label text wrongly or not at all: ``gb2312`` text with GBK-only characters,
``iso-8859-1`` that is really Windows-1252, ``us-ascii`` with 8-bit bytes, a charset name no codec
knows, or raw 8-bit header bytes. :func:`decode_text` tries the declared charset (through the
superset codecs browsers use for the same labels), then UTF-8, then asks ``charset-normalizer`` to
detect it; it never raises and says when it had to guess. :func:`decode_header` does the same for a
header with RFC 2047 encoded words or raw 8-bit bytes.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass

#: labels whose text is, in practice, written in a superset (the WHATWG Encoding Standard's choice)
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso_8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-8-i": "iso-8859-8",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "big5": "big5hkscs",
    "iso-2022-jp": "iso2022_jp_ext",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "",
    "unknown-8bit": "",
    "x-user-defined": "",
    "default": "",
}


#: below this many non-ASCII bytes, charset detection is a guess
FEW_BYTES = 16


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str
    #: how the charset was found when the label was not usable, else ""
    note: str = ""

    def __post_init__(self) -> None:
        # NUL is not text (PostgreSQL cannot store it); the original message keeps it
        if "\x00" in self.text:
            object.__setattr__(self, "text", self.text.replace("\x00", ""))


def codec_for(label: str | None) -> str:
    """A Python codec name for a charset label, or "" when no codec knows it."""
    name = (label or "").strip().strip("\"'").lower()
    if not name:
        return ""
    name = SUPERSETS.get(name, name)
    if not name:
        return ""
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it (a damaged header)
        return ""


def _detect(data: bytes) -> str:
    # charset_normalizer (about 4 MB) is imported only when a charset must be guessed (issue 17)
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    return best.encoding if best is not None else ""


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """``data`` as text; see the module's docstring for the order of attempts. Bytes that are valid
    UTF-8 with any non-ASCII in them are read as UTF-8 whatever the label says (text in another
    charset is almost never valid UTF-8 by chance), except when the label is a UTF-16/32 one."""
    codec = codec_for(declared)
    if not codec.startswith(("utf-16", "utf-32")) and not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            note = f"declared {declared!r}, read as UTF-8" if codec not in {"utf-8", ""} else ""
            return Decoded(text, "utf-8", note if declared else "")
    if codec:
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            pass
    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii")
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return Decoded(mostly, "utf-8", "UTF-8 with a few broken bytes, shown as \ufffd")
    if sum(1 for byte in data if byte > 0x7F) < FEW_BYTES:
        # too few non-ASCII bytes for detection to mean anything: Windows-1252, the commonest
        # unlabelled or mislabelled charset in mail, when it reads them all
        try:
            said = f"declared {declared!r}" if declared else "no charset declared"
            return Decoded(data.decode("cp1252"), "cp1252", f"{said}, read as Windows-1252")
        except UnicodeDecodeError:
            pass
    detected = _detect(data)
    if detected:
        try:
            text = data.decode(detected)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            said = f"declared {declared!r}" if declared else "no charset declared"
            return Decoded(text, detected, f"{said}, detected as {detected}")
    fallback = codec or "cp1252"
    return Decoded(
        data.decode(fallback, "replace"),
        fallback,
        f"declared {declared!r}: some bytes could not be read and are shown as \ufffd",
    )


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 cut short or with a stray byte (a name truncated mid-character) rather than another
    charset: most non-ASCII characters are valid multi-byte UTF-8 and only a few bytes are not."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if broken and wide >= 4 * broken:
        return text
    return None


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding.lower() == "b":
        cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        cleaned = cleaned[: len(cleaned) - len(cleaned) % 4] if len(cleaned) % 4 == 1 else cleaned
        try:
            return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=True)


def decode_header(value: str | None) -> str:
    """A header's text: encoded words (RFC 2047, also when written without the spaces around them
    or split mid-character across words) and raw 8-bit bytes decoded; whitespace unfolded."""
    if not value:
        return ""
    raw = str(value)
    # Raw 8-bit bytes arrive as surrogate escapes (email's compat32 policy): read them as bytes.
    if any("\udc80" <= ch <= "\udcff" for ch in raw):
        raw = decode_text(raw.encode("utf-8", "surrogateescape")).text
    raw = re.sub(r"\r?\n[ \t]+", " ", raw)
    out: list[str] = []
    position = 0
    pending: tuple[str, bytes] | None = None  # adjacent words in one charset are joined first

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            out.append(decode_text(pending[1], pending[0]).text)
            pending = None

    for match in _ENCODED_WORD.finditer(raw):
        between = raw[position : match.start()]
        charset = match.group(1).split("*", 1)[0]  # RFC 2231 language suffix
        data = _word_bytes(match.group(2), match.group(3))
        if between.strip() or pending is None or pending[0].lower() != charset.lower():
            flush()
            # whitespace between two encoded words is not part of the text (RFC 2047 6.2)
            if between.strip() or not out:
                out.append(between)
            pending = (charset, data)
        else:
            pending = (pending[0], pending[1] + data)
        position = match.end()
    flush()
    out.append(raw[position:])
    return "".join(out).replace("\x00", "").strip()
