"""Is an uploaded file a photo or document we can keep? Judged by its content, not its name.

The first bytes of a file say what it is (its "magic bytes"): a JPEG starts ``FF D8 FF``, a PDF
``%PDF-``, a Windows program ``MZ``, a Linux program ``7F 45 4C 46`` ("\\x7fELF"), a script ``#!``.
A file is accepted only when its content is one of the kinds below AND its name's extension belongs
to that kind, so ``photo.jpg`` that is really a program is refused with a message saying so.

Hostile content is refused too, reading a bounded number of bytes: a zip (Office, OpenDocument) whose
entries claim to expand more than ``MAX_RATIO`` times or past ``MAX_EXPANDED`` bytes (a "zip bomb":
nothing is decompressed to find out, the sizes are read from its directory), macros
(``vbaProject.bin``, an OLE ``Macros``/``_VBA_PROJECT`` storage, OpenDocument ``Basic/``), and PDFs
with active content (JavaScript, Launch actions, embedded files). :func:`hazard` says why a file is
dangerous without judging whether it is a photo or document, for email attachments, which are kept
whatever their kind unless dangerous.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

MAX_BYTES = 20 * 1024 * 1024
MAX_LABEL = "20 MB"
#: a zip whose entries expand more than this many times their compressed size is refused
MAX_RATIO = 100
#: ... or whose entries expand to more than this in all
MAX_EXPANDED = 200 * 1024 * 1024
MAX_ENTRIES = 10_000
#: the most of a zip entry read to tell what it is (an OpenDocument ``mimetype``)
ENTRY_SAMPLE = 200
#: the most of a PDF's compressed streams inflated in all to look for active content
PDF_INFLATE_BUDGET = 32 * 1024 * 1024

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


def _zip_entries(archive: zipfile.ZipFile) -> set[str]:
    """The entry names, after refusing an archive that would expand too far (read from its
    directory: nothing is decompressed)."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise FileRefused(f"it is an archive of {len(infos):,} files, more than we open")
    expanded = 0
    for info in infos:
        expanded += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise FileRefused(
                f"{info.filename!r} inside it would expand {ratio:,.0f} times (a zip bomb): "
                f"we open nothing that expands more than {MAX_RATIO} times"
            )
    if expanded > MAX_EXPANDED:
        raise FileRefused(f"it would expand to {expanded / 2**20:,.0f} MB, more than we open")
    return {info.filename for info in infos}


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as entry:
        return entry.read(ENTRY_SAMPLE)


def _zip_kind(head: IO[bytes]) -> str | None:
    """``docx``, ``xlsx``, ``odf`` or ``None``; :class:`FileRefused` for a zip bomb."""
    try:
        with zipfile.ZipFile(head) as archive:
            names = _zip_entries(archive)
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                return None
            if "mimetype" in names:
                mimetype = _read_entry(archive, "mimetype")
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return "odf"
    except FileRefused:
        raise
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, zlib.error):
        return None
    return None


def _zip_macros(content: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(content) as archive:
            names = _zip_entries(archive)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    for name in names:
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.endswith("vbaprojectsignature.bin"):
            return f"it contains macros ({name})"
        if lowered.startswith(("basic/", "scripts/")) and not lowered.endswith("/"):
            return f"it contains macros or scripts ({name})"
    return None


def _ole_macros(content: IO[bytes]) -> str | None:
    import olefile  # installed with extract-msg; reads the directory only

    try:
        ole = olefile.OleFileIO(content)
    except (OSError, ValueError):
        return None
    try:
        for entry in ole.listdir(streams=True, storages=True):
            if entry and entry[0] in {"Macros", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT"}:
                return f"it contains macros ({'/'.join(entry)})"
            if entry and entry[-1] == "VBA":
                return f"it contains macros ({'/'.join(entry)})"
    finally:
        ole.close()
    return None


#: PDF names (case-sensitive) that make a document act rather than show
_PDF_ACTIVE = (
    (b"/JavaScript", "JavaScript"),
    (b"/JS", "JavaScript"),
    (b"/Launch", "a Launch action (it can start a program)"),
    (b"/EmbeddedFile", "an embedded file"),
    (b"/EmbeddedFiles", "an embedded file"),
    (b"/RichMedia", "rich media (Flash)"),
)
_PDF_NAME = re.compile(rb"/[A-Za-z0-9#]+")
_PDF_STREAM = re.compile(rb"stream\r?\n")


def _pdf_names(data: bytes) -> set[bytes]:
    def unescape(name: bytes) -> bytes:
        return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)

    return {unescape(name) for name in _PDF_NAME.findall(data)}


def _pdf_active(data: bytes) -> str | None:
    """Active content in a PDF: in its objects, or in its compressed object streams (each inflated
    at most up to ``PDF_INFLATE_BUDGET`` in all)."""
    chunks = [data]
    budget = PDF_INFLATE_BUDGET
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(data[match.end() : match.end() + 4 * 1024 * 1024], budget)
        except zlib.error:
            continue
        budget -= len(out)
        chunks.append(out)
    names: set[bytes] = set()
    for chunk in chunks:
        names |= _pdf_names(chunk)
    for marker, what in _PDF_ACTIVE:
        if marker in names:
            return f"it is a PDF with active content ({what})"
    return None


def active_content(kind: str | None, content: IO[bytes]) -> str | None:
    """Why a file of ``kind`` holds active content (macros, PDF scripts, an archive that would
    expand too far), or ``None``. ``content`` is left at its start."""
    try:
        content.seek(0)
        if kind in {"docx", "xlsx", "odf"} or (kind is None and content.read(4) == b"PK\x03\x04"):
            content.seek(0)
            return _zip_macros(content)
        if kind == "ole":
            return _ole_macros(content)
        if kind == "pdf":
            return _pdf_active(content.read(MAX_BYTES + 1))
        return None
    except FileRefused as refused:
        return str(refused)
    finally:
        content.seek(0)


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
        try:
            return _zip_kind(whole)
        finally:
            whole.seek(0)
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


def program_kind(head: bytes, *, scripts_in_binary: bool = True) -> str | None:
    """``"a Windows program"`` etc. when the content is a program or script, else ``None``.
    ``scripts_in_binary=False`` looks for script markers only in text (uploads keep them refused
    anywhere in the first bytes)."""
    for magic, what in _PROGRAMS:
        if head.startswith(magic):
            return what
    lowered = head[:4096].lower()
    if not scripts_in_binary and not _looks_like_text(head[:4096]):
        return None  # a container (winmail.dat, a zip) may hold a web page without being one
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
    try:
        kind_name = detect(head, content)
    except FileRefused as refused:
        raise FileRefused(f"{name} cannot be accepted: {refused}") from refused
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
    active = active_content(kind.name, content)
    if active:
        raise FileRefused(
            f"{name} cannot be accepted: {active}. Save it without them or choose a different file"
        )
    return kind


def check_bytes(filename: str, data: bytes, *, allow_eml: bool = False) -> FileKind:
    return check_file(filename, len(data), io.BytesIO(data), allow_eml=allow_eml)


def hazard(filename: str, data: bytes) -> str | None:
    """Why ``data`` is dangerous to keep as an ordinary file (a program or script, a web page,
    macros, active PDF content, a zip bomb), or ``None``. Says nothing about whether it is a photo
    or document: an email's calendar invite or signature is kept, a program is not."""
    if len(data) > MAX_BYTES:
        return f"it is {len(data) / 2**20:.0f} MB, larger than the {MAX_LABEL} we keep as a file"
    head = data[:8192]
    program = program_kind(head, scripts_in_binary=False)
    if program:
        return f"it is {program}"
    content = io.BytesIO(data)
    try:
        kind = detect(head, content)
    except FileRefused as refused:
        return str(refused)
    return active_content(kind, content)
