"""Is an uploaded file a photo or document we can keep? Judged by its content, not its name.

The first bytes of a file say what it is (its "magic bytes"): a JPEG starts ``FF D8 FF``, a PDF
``%PDF-``, a Windows program ``MZ``, a Linux program ``7F 45 4C 46`` ("\\x7fELF"), a script ``#!``.
A file is accepted only when its content is one of the kinds below AND its name's extension belongs
to that kind, so ``photo.jpg`` that is really a program is refused with a message saying so.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO

MAX_BYTES = 20 * 1024 * 1024
MAX_LABEL = "20 MB"

#: what we accept, for the hint on the form
ACCEPTED_LABEL = "JPG, PNG, GIF, WEBP or HEIC photos; PDF, Word, Excel, OpenDocument, RTF or text documents; MP4 or MOV videos"
ACCEPT_ATTRIBUTE = (
    ".jpg,.jpeg,.png,.gif,.webp,.heic,.heif,.pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.rtf,.txt,.mp4,.mov"
)


class FileRefused(ValueError):
    """The file cannot be accepted; ``str(error)`` is a message for the person who chose it."""


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("jpeg", "image/jpeg", ("jpg", "jpeg", "jfif")),
        FileKind("png", "image/png", ("png",)),
        FileKind("gif", "image/gif", ("gif",)),
        FileKind("webp", "image/webp", ("webp",)),
        FileKind("heic", "image/heic", ("heic", "heif")),
        FileKind("pdf", "application/pdf", ("pdf",)),
        FileKind("ole", "application/msword", ("doc", "xls")),
        FileKind(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
        ),
        FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
        FileKind("odf", "application/vnd.oasis.opendocument.text", ("odt", "ods")),
        FileKind("rtf", "application/rtf", ("rtf",)),
        FileKind("text", "text/plain", ("txt",)),
        FileKind("video", "video/mp4", ("mp4", "mov", "m4v")),
        FileKind("eml", "message/rfc822", ("eml",)),
    )
}

_PROGRAMS: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xfe\xed\xfa\xce", "a Mac program"),
    (b"\xfe\xed\xfa\xcf", "a Mac program"),
    (b"\xce\xfa\xed\xfe", "a Mac program"),
    (b"\xcf\xfa\xed\xfe", "a Mac program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"#!", "a script"),
)
_SCRIPT_MARKERS = (
    b"<script",
    b"<?php",
    b"@echo off",
    b"powershell",
    b"wscript.",
    b"createobject(",
    b"<html",
    b"<!doctype html",
    b"<svg",
)


def _extension(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _zip_kind(head: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(head) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                return None
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return "odf"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A cut in the middle of a character at the end of the sample is fine.
        if error.start < len(sample) - 4:
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def detect(head: bytes, whole: IO[bytes] | None = None) -> str | None:
    """The kind of file ``head`` (its first bytes) starts, or ``None`` when it is none we accept.
    ``whole`` (seekable) lets an Office or OpenDocument file be told apart from any other zip."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc"):
            return "heic"
        return "video"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        whole.seek(0)
        kind = _zip_kind(whole)
        whole.seek(0)
        return kind
    if head.startswith(b"{\\rtf"):
        return "rtf"
    lowered = head.lower()
    if any(marker in lowered for marker in _SCRIPT_MARKERS):
        return None
    if _looks_like_text(head):
        if lowered.startswith((b"received:", b"return-path:", b"from:", b"message-id:", b"mime-version:")):
            return "eml"
        return "text"
    return None


def program_kind(head: bytes) -> str | None:
    """``"a Windows program"`` etc. when the content is a program or script, else ``None``."""
    for magic, what in _PROGRAMS:
        if head.startswith(magic):
            return what
    lowered = head[:4096].lower()
    if any(marker in lowered for marker in _SCRIPT_MARKERS):
        return "a script or web page"
    return None


def check_file(filename: str, size: int, content: IO[bytes], *, allow_eml: bool = False) -> FileKind:
    """The accepted kind of the file, or :class:`FileRefused` with a message saying why not.
    ``content`` must be seekable; it is left at its start."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "The file"
    if size > MAX_BYTES:
        megabytes = size / (1024 * 1024)
        raise FileRefused(f"{name} is {megabytes:.0f} MB: each file must be smaller than {MAX_LABEL}")
    if size == 0:
        raise FileRefused(f"{name} is empty: choose a different file")
    content.seek(0)
    head = content.read(8192)
    content.seek(0)
    program = program_kind(head)
    if program:
        raise FileRefused(
            f"{name} is {program}, not a photo or document, so we cannot accept it: choose a different file"
        )
    kind_name = detect(head, content)
    kind = KINDS.get(kind_name or "")
    if kind is None or (kind.name == "eml" and not allow_eml):
        raise FileRefused(f"{name} must be a photo or document: {ACCEPTED_LABEL}")
    extension = _extension(filename)
    if kind.name == "eml" and extension not in kind.extensions and extension == "txt":
        kind = KINDS["text"]
    if extension not in kind.extensions:
        raise FileRefused(
            f"{name} is not what its name says (its content is a {kind.name.upper()} file): "
            "rename it or choose a different file"
        )
    return kind


def check_bytes(filename: str, data: bytes, *, allow_eml: bool = False) -> FileKind:
    return check_file(filename, len(data), io.BytesIO(data), allow_eml=allow_eml)
