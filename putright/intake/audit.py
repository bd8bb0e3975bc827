"""Check what intake stored for a message against the message as sent, independently of how intake
read it: Python's own email package (modern policy) walks the message, decodes each text part and
each file, and every word of every text part must be in the stored text, which must show no sign of
mojibake, and every file must be stored (same bytes, same name) or held back with a visible reason.

Used by the corpus test and ``benchmarks/intake_corpus.py``; it reads the record, never writes.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

from putright.complaints.models import Attachment
from putright.intake.mail import raw_digest
from putright.intake.mime import REPORT_TYPES, repair
from putright.intake.models import InboundEmail
from putright.intake.sources import IntakeReport, read_folder

#: signs of text decoded in the wrong charset, or left encoded
GARBLED = re.compile(
    r"\ufffd"  # a replacement character
    r"|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a]"  # UTF-8 read as Latin-1/1252
    r"|(?:Ð[\u0080-\u00bf]){2}|(?:Ñ[\u0080-\u00bf]){2}"  # Cyrillic UTF-8 read as Latin-1
    r"|=\?[\w.-]+\?[bqBQ]\?[^?\s]*\?="  # an RFC 2047 word left encoded
    r"|&(?:nbsp|amp|lt|gt|quot|[a-zA-Z]uml|szlig|#\d{2,5});"  # HTML entities left as written
)


@dataclass
class MessageAudit:
    name: str
    status: str
    text_parts: int = 0
    files: int = 0
    missing_words: list[str] = field(default_factory=list)
    garbled: list[str] = field(default_factory=list)
    files_missing: list[str] = field(default_factory=list)
    names_wrong: list[str] = field(default_factory=list)
    quarantined: int = 0
    #: signs of mojibake that are in the message as sent (Python's email package reads the same)
    broken_as_sent: list[str] = field(default_factory=list)

    @property
    def text_ok(self) -> bool:
        return not self.missing_words and not self.garbled

    @property
    def files_ok(self) -> bool:
        return not self.files_missing and not self.names_wrong


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "td",
            "th",
            "tr",
            "li",
            "ul",
            "ol",
            "table",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "hr",
            "dt",
            "dd",
            "section",
        ]
    )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "head", "title"}:
            self.skip += 1
        if tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "head", "title"} and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def _words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"\w{2,}", text)}


def _stdlib_text(part: EmailMessage) -> str | None:
    """The part's text as Python's email package decodes it, or ``None`` when it cannot."""
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError, KeyError):
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            return None
        # charset_normalizer (about 4 MB) is imported only when a charset must be guessed (issue 17)
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
        text = str(best) if best is not None else None
    if not isinstance(text, str):
        return None
    if part.get_content_subtype() == "html":
        parser = _Text()
        parser.feed(text)
        text = "".join(parser.out)
    return text


def _is_body(part: EmailMessage) -> bool:
    disposition = part.get_content_disposition()
    return part.get_content_type() in {"text/plain", "text/html"} and not (
        disposition == "attachment" and part.get_filename()
    )


def _leaves(part: EmailMessage, in_alternative: bool = False) -> list[tuple[EmailMessage, bool]]:
    """Every leaf part, with whether it is the text chosen from its alternatives."""
    content_type = part.get_content_type()
    if content_type in REPORT_TYPES:
        return [(part, True)]
    if part.is_multipart():
        children = [c for c in part.iter_parts() if isinstance(c, EmailMessage)]
        if content_type == "multipart/alternative":
            chosen = _chosen(children)
            return [
                leaf
                for child in children
                for leaf in _leaves(child)
                if child is chosen or not _is_body(leaf[0])
            ]
        return [leaf for child in children for leaf in _leaves(child)]
    return [(part, True)]


def _chosen(children: list[EmailMessage]) -> EmailMessage | None:
    for wanted in ("text/plain", "text/html"):
        for child in children:
            if child.get_content_type() == wanted and child.get_content_disposition() != "attachment":
                data = child.get_payload(decode=True)
                if isinstance(data, bytes) and data.strip():
                    return child
    return children[-1] if children else None


def _tnef_hashes(data: bytes) -> set[str]:
    import tnefparse

    try:
        return {hashlib.sha256(a.data).hexdigest() for a in tnefparse.TNEF(data).attachments if a.data}
    except Exception:
        return set()


def audit(name: str, raw: bytes, inbound: InboundEmail | None, status: str) -> MessageAudit:
    """Audit one message's record. Signs of mojibake that Python's email package finds in the
    message as well (bytes broken in the file itself) are listed in ``broken_as_sent``, not as
    garbling by intake."""
    result = MessageAudit(name=name, status=status)
    if inbound is None or inbound.correspondence is None:
        return result
    message = email.message_from_bytes(repair(raw), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    stored = f"{inbound.subject}\n{inbound.correspondence.body}"
    stored_words = _words(stored)
    attachments = list(Attachment.objects.filter(correspondence=inbound.correspondence))
    names_by_hash: dict[str, set[str]] = {}
    for attachment in attachments:
        names_by_hash.setdefault(attachment.sha256, set()).add(attachment.original_filename)
        names_by_hash[attachment.sha256].add(attachment.description)
    notes = inbound.notes or []
    held = [note for note in notes if note.get("outcome") == "quarantined"]
    result.quarantined = len(held)
    as_sent: list[str] = [str(message.get("Subject", ""))]
    for part, _ in _leaves(message):
        content_type = part.get_content_type()
        filename = str(part.get_filename() or "")
        as_sent.append(filename)
        if _is_body(part):
            result.text_parts += 1
            text = _stdlib_text(part)
            if text is None:
                continue
            as_sent.append(text)
            if "\ufffd" in text:
                continue  # the email package cannot read it either: see broken_as_sent
            missing = sorted(_words(text) - stored_words)
            if missing:
                result.missing_words.append(
                    f"{len(missing)} word(s) of a {content_type} part, e.g. {missing[:5]}"
                )
            continue
        if content_type == "message/external-body":
            if not any("external-body" in str(note.get("reason", "")) for note in notes):
                result.files_missing.append("a message/external-body part with no note")
            continue
        result.files += 1
        data = part.get_payload(decode=True)
        label = filename or content_type
        if content_type in REPORT_TYPES:
            wanted = REPORT_TYPES[content_type]
            if not any(a.original_filename in {wanted, filename} for a in attachments):
                result.files_missing.append(label)
            continue
        if content_type.startswith("multipart/") and isinstance(data, bytes) and data.strip():
            result.text_parts += 1  # a multipart without a usable boundary: its text is kept as text
            missing = sorted(_words(data.decode("utf-8", "replace")) - stored_words)
            if missing:
                result.missing_words.append(
                    f"{len(missing)} word(s) of a broken {content_type}, e.g. {missing[:5]}"
                )
            continue
        if not isinstance(data, bytes) or not data.strip():
            if not any("empty" in str(note.get("reason", "")) for note in notes):
                result.files_missing.append(f"{label} (empty, with no note)")
            continue
        digest = hashlib.sha256(data).hexdigest()
        names = names_by_hash.get(digest)
        if names is None:
            if not any(note.get("size") == len(data) for note in held):
                result.files_missing.append(f"{label} ({len(data)} bytes)")
            continue
        clean = filename.replace("\\", "/").rsplit("/", 1)[-1].strip(" .")
        if clean and "\ufffd" not in clean and not _named(clean, names):
            result.names_wrong.append(f"{clean!r} stored as {sorted(names)!r}")
    sent = "\n".join(as_sent)
    for match in GARBLED.finditer(stored):
        if match.group(0) in sent:
            result.broken_as_sent.append(match.group(0))
        else:
            result.garbled.append(stored[max(0, match.start() - 20) : match.end() + 20])
    return result


def _named(clean: str, names: set[str]) -> bool:
    """The stored name is the name sent, or its last part (a folder such as ``C:\\TEMP\\`` dropped,
    its backslashes already lost to quoting), or it was too long and is given in the description."""
    return any(name == clean or clean.endswith(name) or name.startswith(clean) for name in names)


@dataclass
class CorpusRun:
    """Intake run twice over a folder of messages, each message audited."""

    first: IntakeReport
    second: IntakeReport
    audits: list[MessageAudit]
    #: rows the second run added (all should be 0)
    created_on_second: dict[str, int]
    #: messages reported as duplicates whose bytes differ from the message they were taken for
    distinct_discarded: list[str]

    def counts(self) -> dict[str, int]:
        audits = self.audits
        return {
            "messages": len(self.first.results) + len(self.first.skipped) + len(self.first.errors),
            **{f"first run {k}": v for k, v in self.first.counts().items()},
            "crashes": len(self.first.errors) + len(self.second.errors),
            "text parts checked": sum(a.text_parts for a in audits),
            "messages with text missing": sum(1 for a in audits if a.missing_words),
            "messages with text garbled": sum(1 for a in audits if a.garbled),
            "messages broken as sent": sum(1 for a in audits if a.broken_as_sent),
            "files checked": sum(a.files for a in audits),
            "files held back with a reason": sum(a.quarantined for a in audits),
            "files missing with no note": sum(len(a.files_missing) for a in audits),
            "files stored under another name": sum(len(a.names_wrong) for a in audits),
            "distinct messages discarded as duplicates": len(self.distinct_discarded),
            **{f"second run created {k}": v for k, v in self.created_on_second.items()},
        }


def _tallies() -> dict[str, int]:
    from putright.complaints.models import Complaint, Correspondence

    return {
        "complaints": Complaint.objects.count(),
        "correspondence": Correspondence.objects.count(),
        "documents": Attachment.objects.count(),
        "emails": InboundEmail.objects.count(),
    }


def run_corpus(files: list[Path], drop: Path) -> CorpusRun:
    """Copy ``files`` into the empty folder ``drop``, read it twice, and audit every message."""
    for path in files:
        shutil.copyfile(path, drop / path.name)
    first = read_folder(drop, settle=0)
    before = _tallies()
    second = read_folder(drop, settle=0)
    after = _tallies()
    audits: list[MessageAudit] = []
    distinct: list[str] = []
    for name, result in first.results:
        raw = (drop / name).read_bytes()
        if result.status == "duplicate":
            if result.inbound is None or result.inbound.raw_sha256 != raw_digest(raw):
                distinct.append(name)
            continue
        audits.append(audit(name, raw, result.inbound, result.status))
    return CorpusRun(first, second, audits, {k: after[k] - before[k] for k in after}, distinct)
