"""Read an email as mail clients really send it: every text part, every other part, nothing lost.

:func:`read_message` turns the raw bytes of a message into a :class:`Reading`:

* ``text``: every text part in order (``text/plain``, and ``text/html`` rendered to text with
  ``inscriptis``: entities decoded, styles and scripts dropped, links kept), including the text of
  forwarded messages (``message/rfc822``) under a line saying whom they are from. Of the
  alternatives in a ``multipart/alternative`` the plain text is used (the HTML one when there is
  none); a photo between two text parts (iPhone Mail) is marked where it was;
* ``parts``: every other part, with its filename (RFC 2231 and RFC 2047 decoded; a name made from
  its type when it has none), from any depth: inside forwarded, signed or related parts, inline
  images, calendar invites, and the files inside a ``winmail.dat`` (read with ``tnefparse``);
* ``notes``: anything that could not be kept as sent, and why (an empty part, a part held
  elsewhere, a text whose charset had to be detected, a ``winmail.dat`` that could not be opened).

Legacy shapes are repaired before parsing: a header line that lost its folding (Office 365), and
Python's email package (compat32 policy, the most lenient) reads unquoted boundaries, missing
charsets and 8-bit headers; text is decoded by :mod:`putright.intake.charsets`.
"""

from __future__ import annotations

import email
import email.message
import email.utils
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime

from putright.intake.charsets import decode_header, decode_text

Message = email.message.Message

_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
#: a text part is the message's text unless it is a named attachment
BODY_TYPES = {"text/plain", "text/html"}
#: machine-readable reports kept as files, by their MIME type
REPORT_TYPES = {
    "message/delivery-status": "delivery-status.txt",
    "message/disposition-notification": "disposition-notification.txt",
    "message/feedback-report": "feedback-report.txt",
    "text/rfc822-headers": "returned-headers.txt",
    "message/global-headers": "returned-headers.txt",
    "message/global-delivery-status": "delivery-status.txt",
}
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/pjpeg": ".jpg",
    "text/plain": ".txt",
    "text/calendar": ".ics",
    "text/x-vcard": ".vcf",
    "text/vcard": ".vcf",
    "application/pkcs7-signature": ".p7s",
    "application/x-pkcs7-signature": ".p7s",
    "application/pgp-signature": ".asc",
    "application/ms-tnef": ".dat",
    "application/octet-stream": ".bin",
    "message/rfc822": ".eml",
}


@dataclass
class Part:
    """A part kept as a file (or held back by the caller if it is dangerous)."""

    filename: str
    content_type: str
    data: bytes
    #: where it came from when not at the top level, e.g. "in the forwarded email 'Invoice'"
    within: str = ""


@dataclass
class Reading:
    subject: str = ""
    from_name: str = ""
    from_address: str = ""
    message_id: str | None = None
    date: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: str = ""
    #: each text part as decoded, in order (what ``text`` is made of)
    text_parts: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    content_type: str = "text/plain"
    message: Message = field(default_factory=Message)

    def header(self, name: str) -> str:
        return header(self.message, name)


# --------------------------------------------------------------------------------------------------
# Repairs before parsing


def _split_head(raw: bytes) -> tuple[list[bytes], bytes]:
    """The header lines (after any mbox ``From `` line and leading blank lines) and the body."""
    raw = raw.lstrip(b" \t\r\n")
    if raw.startswith(b"From "):
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    match = re.search(rb"\r?\n\r?\n", raw)
    if match is None:
        return raw.splitlines(keepends=True), b""
    return [*raw[: match.start()].splitlines(keepends=True), b"\n"], raw[match.end() :]


_UNQUOTED_BOUNDARY = re.compile(rb'(?im)(;\s*boundary=)(?!")([^\s";]+)')


def repair(raw: bytes) -> bytes:
    """The repairs below, then an unquoted boundary with characters a parameter may not hold
    unquoted (Outlook Express: ``boundary=----=_NextPart_000...``) is quoted."""
    return _UNQUOTED_BOUNDARY.sub(rb'\1"\2"', repair_headers(raw))


def repair_headers(raw: bytes) -> bytes:
    """Refold a header line that lost its leading whitespace (a long header split by a relay):
    a line in the header block that is not ``Name:`` is joined to the header before it when a real
    header line still follows. Without this, the parser takes the rest of the headers, the MIME
    structure with them, for the body."""
    lines, body = _split_head(raw)
    head_lines = [line for line in lines if line.strip()]
    if not head_lines or not _HEADER_LINE.match(head_lines[0]):
        return raw
    fixed: list[bytes] = []
    changed = False
    for index, line in enumerate(head_lines):
        if _HEADER_LINE.match(line) or line[:1] in (b" ", b"\t") or index == 0:
            fixed.append(line)
            continue
        if any(_HEADER_LINE.match(later) for later in head_lines[index + 1 :]):
            fixed.append(b" " + line)
            changed = True
        else:
            fixed.append(line)
    if not changed:
        return raw
    newline = b"\r\n" if b"\r\n" in raw[:2000] else b"\n"
    return b"".join(fixed) + newline + body


# --------------------------------------------------------------------------------------------------
# Headers


def header(message: Message, name: str) -> str:
    """The header's text, decoded, or "" (also when it is malformed)."""
    wanted = name.lower()
    values = [value for key, value in message.raw_items() if key.lower() == wanted]
    for value in values:
        text = decode_header(str(value))
        if text:
            return text
    return ""


def ids_in(value: str) -> list[str]:
    found = re.findall(r"<([^<>\s]+)>", value)
    if not found and value.strip() and " " not in value.strip():
        found = [value.strip()]
    return found


def _address(message: Message) -> tuple[str, str]:
    raw = header(message, "From") or header(message, "Sender")
    name, address = email.utils.parseaddr(raw)
    if not address and "@" in raw:
        match = re.search(r"[^\s<>\"']+@[^\s<>\"']+", raw)
        address = match.group(0) if match else ""
        name = raw.replace(address, "").strip(" <>\"'")
    if "@" not in address:
        address = ""
    return name.strip().strip('"').strip(), address.strip().lower()


def sent_at(reading: Reading) -> datetime | None:
    if not reading.date:
        return None
    try:
        return email.utils.parsedate_to_datetime(reading.date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# --------------------------------------------------------------------------------------------------
# Parts


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except (AttributeError, IndexError, ValueError):
        return "application/octet-stream"


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except (AttributeError, IndexError, ValueError):
        return ""


def _unescape_8bit(value: str) -> str:
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        return decode_text(value.encode("utf-8", "surrogateescape")).text
    return value


def filename_of(part: Message) -> str:
    """The part's filename (``filename`` or, failing that, ``name``), RFC 2231 and RFC 2047 decoded,
    raw 8-bit bytes read in their charset, without any folder in it."""
    params = Message()
    for key, value in part.raw_items():
        if key.lower() in {"content-type", "content-disposition"} and key.title() not in params:
            params[key.title()] = _unescape_8bit(str(value))
    try:
        name = params.get_filename() or ""
    except (AttributeError, IndexError, ValueError, LookupError, TypeError):
        name = ""
    name = decode_header(str(name))
    return re.sub(r"[\x00-\x1f\x7f]", "", name).replace("\\", "/").rsplit("/", 1)[-1].strip(" .")


def generated_name(content_type: str, number: int) -> str:
    extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
    label = content_type.split("/", 1)[0]
    label = {"image": "image", "text": "text", "application": "file", "audio": "audio", "video": "video"}.get(
        label, "part"
    )
    return f"{label}-{number}{extension}"


def _payload(part: Message) -> bytes:
    """The part's bytes with its transfer encoding undone (base64, quoted-printable, uuencode)."""
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    return b""


def _raw_body(part: Message) -> bytes:
    """The body of a message/* part as it was sent (its own headers left out)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return b"".join(
            item.as_bytes() if isinstance(item, Message) else str(item).encode() for item in payload
        )
    return _payload(part)


def html_to_text(html: str) -> str:
    # inscriptis (with lxml, about 7 MB) is imported here, not at start-up: only mail with an HTML
    # part takes this path, and every web worker would otherwise carry it (issue 17, worker RSS)
    from inscriptis import get_text
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    config = ParserConfig(css=CSS_PROFILES["strict"], display_links=True, display_anchors=False)
    try:
        text = get_text(html, config)
    except (ValueError, TypeError, AssertionError, RecursionError):
        # inscriptis could not read it: strip the tags with a regex rather than lose the words
        import html as html_lib

        text = html_lib.unescape(re.sub(r"(?is)<(script|style)\b.*?</\1>|<[^>]+>", " ", html))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _Walker:
    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.numbered = 0

    # text -----------------------------------------------------------------------------------------
    def _text_of(self, part: Message, where: str) -> str:
        data = _payload(part)
        declared = None
        try:
            declared = part.get_param("charset")
        except (AttributeError, IndexError, ValueError):
            declared = None
        if isinstance(declared, tuple):
            declared = email.utils.collapse_rfc2231_value(declared)
        decoded = decode_text(data, str(declared) if declared else None)
        if decoded.note:
            self.reading.notes.append(f"{where or 'The text'}: {decoded.note}")
        text = decoded.text
        if _content_type(part) == "text/html":
            text = html_to_text(text)
        return text.replace("\r\n", "\n").replace("\r", "\n").strip()

    def _add_text(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if text:
            self.reading.text_parts.append(text)
            self.segments.append(text)

    # files ----------------------------------------------------------------------------------------
    def _add_file(self, part: Message, content_type: str, data: bytes, within: str, name: str = "") -> None:
        self.numbered += 1
        filename = name or filename_of(part) or generated_name(content_type, self.numbered)
        if not data:
            self.reading.notes.append(
                f"{filename} ({content_type}){within_label(within)} is empty: nothing to keep"
            )
            return
        self.reading.parts.append(Part(filename, content_type, data, within))
        if content_type == "application/ms-tnef" or filename.lower() == "winmail.dat":
            self._tnef(filename, data, within)
        self.segments.append(f"[{filename} attached]")

    def _tnef(self, filename: str, data: bytes, within: str) -> None:
        """The text and files inside a winmail.dat (Outlook's TNEF), beside the winmail.dat itself,
        which is kept as sent."""
        import tnefparse

        try:
            tnef = tnefparse.TNEF(data)
        except Exception as error:
            self.reading.notes.append(f"{filename} could not be opened ({error}): kept as sent")
            return
        inside = f"{within}, in {filename}" if within else f"in {filename}"
        body = ""
        for attribute, is_html in (("body", False), ("htmlbody", True)):
            value = getattr(tnef, attribute, None)
            if value:
                raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogateescape")
                body = decode_text(raw).text
                body = html_to_text(body) if is_html else body
                break
        self._add_text(body)
        try:
            rtf = getattr(tnef, "rtfbody", None)  # decompressed on reading: a damaged one raises
        except Exception as error:  # any fault in the compressed RTF of a damaged file
            rtf = None
            self.reading.notes.append(f"the rich-text body {inside} could not be read ({error})")
        if not body.strip() and rtf:
            self.reading.parts.append(Part("message.rtf", "application/rtf", bytes(rtf), inside))
        for attachment in tnef.attachments:
            content = attachment.data if isinstance(attachment.data, bytes) else b""
            name = attachment.long_filename() or attachment.name or ""
            if isinstance(name, bytes):
                name = decode_text(name).text
            self.numbered += 1
            name = str(name).replace("\x00", "").strip() or generated_name(
                "application/octet-stream", self.numbered
            )
            if not content:
                self.reading.notes.append(f"{name} ({inside}) is empty: nothing to keep")
                continue
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            self.reading.parts.append(Part(name, kind, content, inside))
            self.segments.append(f"[{name} attached]")

    # structure ------------------------------------------------------------------------------------
    def walk(self, part: Message, within: str = "", text_wanted: bool = True) -> None:
        content_type = _content_type(part)
        payload = part.get_payload()
        if content_type in REPORT_TYPES:
            self._add_file(
                part, "text/plain", _raw_body(part), within, filename_of(part) or REPORT_TYPES[content_type]
            )
            return
        if content_type == "message/external-body":
            self.reading.notes.append(
                f"A part{within_label(within)} is held elsewhere (message/external-body), not in the email"
            )
            return
        if content_type.startswith("message/") and isinstance(payload, list) and payload:
            inner = payload[0]
            if isinstance(inner, Message):
                self._forwarded(inner, within)
                return
        if part.is_multipart() and isinstance(payload, list):
            children = [child for child in payload if isinstance(child, Message)]
            if not children:
                self.reading.notes.append(
                    f"A {content_type} section{within_label(within)} is empty: it has no parts"
                )
                return
            if content_type == "multipart/alternative" and text_wanted:
                chosen = self._choose_alternative(children)
                for child in children:
                    self.walk(child, within, text_wanted=child is chosen)
                return
            for child in children:
                self.walk(child, within, text_wanted)
            return
        disposition = _disposition(part)
        named = bool(filename_of(part))
        if content_type in BODY_TYPES and not (disposition == "attachment" and named):
            if text_wanted:
                self._add_text(self._text_of(part, within))
            return
        if content_type.startswith("multipart/"):  # a multipart without a usable boundary
            data = _payload(part)
            text = decode_text(data).text.strip()
            if not text:
                self.reading.notes.append(
                    f"A {content_type} section{within_label(within)} is empty: it has no parts"
                )
            else:
                self.reading.notes.append(
                    f"A {content_type} section{within_label(within)} has no usable boundary: its text is kept as sent"
                )
                self._add_text(text)
            return
        self._add_file(part, content_type, _payload(part), within)

    def _choose_alternative(self, children: list[Message]) -> Message:
        for wanted in ("text/plain", "text/html"):
            for child in children:
                usable = _content_type(child) == wanted and _disposition(child) != "attachment"
                if usable and _payload(child).strip():
                    return child
        # a multipart/related (HTML and its images) or anything else: the last is the richest
        return children[-1]

    def _forwarded(self, inner: Message, within: str) -> None:
        subject = header(inner, "Subject")
        name, address = _address(inner)
        sender = f"{name} <{address}>" if name and address else (address or name)
        lines = ["---------- Forwarded message ----------"]
        if sender:
            lines.append(f"From: {sender}")
        if header(inner, "Date"):
            lines.append(f"Date: {header(inner, 'Date')}")
        if subject:
            lines.append(f"Subject: {subject}")
        self.segments.append("\n".join(lines))
        label = f"in the forwarded email {subject!r}" if subject else "in a forwarded email"
        self.walk(inner, f"{within}, {label}" if within else label)

    def run(self, message: Message) -> None:
        self.segments: list[str] = []
        self.walk(message)
        self.reading.text = "\n\n".join(segment for segment in self.segments if segment).strip()


def within_label(within: str) -> str:
    return f" ({within})" if within else ""


def parse_bytes(raw: bytes) -> Message:
    return email.message_from_bytes(repair(raw))


def looks_like_email(raw: bytes) -> bool:
    """At least one header line before any blank line: the least a message must have."""
    lines, _ = _split_head(raw[:65536])
    return bool(lines) and bool(_HEADER_LINE.match(lines[0]))


def read_message(raw: bytes) -> Reading:
    message = parse_bytes(raw)
    reading = Reading(message=message, content_type=_content_type(message))
    reading.subject = header(message, "Subject")
    reading.from_name, reading.from_address = _address(message)
    ids = ids_in(header(message, "Message-ID"))
    reading.message_id = ids[0] if ids else None
    reading.date = header(message, "Date")
    reading.in_reply_to = ids_in(header(message, "In-Reply-To"))
    reading.references = ids_in(header(message, "References"))
    _Walker(reading).run(message)
    return reading
