"""Plain text from a letter file: ``.txt``, ``.md``, ``.html``/``.htm``, ``.docx`` and ``.pdf``.

* Text and Markdown are read as UTF-8 (a byte-order mark is dropped; other encodings are refused
  with a clear error rather than guessed).
* HTML: tags are stripped with the standard library's parser (no code is run, nothing is fetched);
  block elements (``p``, ``div``, headings, ``li``, ``tr``, ``br``...) become line breaks, list
  items get a ``-`` bullet, ``script``/``style``/``head`` content is dropped, entities are decoded.
  An element carrying ``data-code="6.9 g"`` becomes a marked section for the Code check (see
  :mod:`putright.letters.check`): a heading (``h1``-``h6``) becomes the marker line
  ``[6.9 g] Heading``, whose section runs to the next marker; any other element becomes
  ``[6.9 g]`` ... ``[/6.9 g]`` around its own content.
* DOCX (python-docx): the body's paragraphs and tables in document order (cells joined with
  `` | ``, one row a line), then each section's headers and footers (de-duplicated). Block content
  controls (``w:sdt``) whose tag (or title) is ``code:6.9 g`` or ``6.9 g`` become marked sections
  like the HTML ``data-code`` ones; a paragraph typed as ``[6.9 g] How to escalate`` is already a
  marker line.
* A file whose sections are marked by its structure (``data-code``, tagged content controls: every
  letter PutRight issues) has its markers there and nowhere else: a line of its text that starts
  with ``[`` is text (written ``\\[``), as the handler or resident typed it (2024 5.12: a value
  printed in the letter cannot make a section when the issued file is checked again).

Whatever a resident typed (markup, spreadsheet formulas like ``=HYPERLINK(...)``, stray ``<`` and
``{{``) is treated as text: nothing is evaluated.
"""

from __future__ import annotations

import logging
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


class ExtractionError(Exception):
    """The file cannot be read as a letter: missing, unreadable, or of a type PutRight does not read."""


_BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr",
    "address", "pre", "hr", "dl", "dt", "dd", "figure", "figcaption", "form", "fieldset",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_TAGS = {"script", "style", "head", "template", "noscript", "title"}
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
#: where the document's own text has a "[": told from the markers the parser writes
_TEXT_BRACKET = "\x00["
_TEXT_MARKER_LINE = re.compile(r"^(\s*)\x00\[", re.MULTILINE)
_LINE_START_BRACKET = re.compile(r"^(\s*)\[", re.MULTILINE)


def _text_not_markers(text: str) -> str:
    """Text of a document marked by its structure: a line starting with ``[`` is written ``\\[``."""
    return _LINE_START_BRACKET.sub(r"\1\\[", text)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        #: open elements: (tag, code marker or None)
        self.stack: list[tuple[str, str | None]] = []
        #: whether the document marks sections with ``data-code``
        self.marked = False

    def _newline(self, count: int = 1) -> None:
        self.parts.append("\n" * count)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "br":
            self._newline()
            return
        if tag in _VOID_TAGS:
            return
        code = next((v for k, v in attrs if k == "data-code" and v and v.strip()), None)
        code = " ".join(code.split()) if code else None
        if tag in _BLOCK_TAGS or code:
            self._newline(1 if tag in ("li", "tr") and not code else 2)
        if code:
            self.marked = True
            self.parts.append(f"[{code}] " if tag in _HEADINGS else f"[{code}]\n")
        if tag == "li":
            self.parts.append("- ")
        if tag in ("td", "th"):
            self.parts.append(" | ")
        self.stack.append((tag, code))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._newline()
        elif tag not in _VOID_TAGS:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _VOID_TAGS:
            return
        # close up to the matching open tag (HTML in the wild leaves tags open)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                closing = self.stack[index:]
                del self.stack[index:]
                for closed_tag, code in reversed(closing):
                    if code and closed_tag not in _HEADINGS:
                        self.parts.append(f"\n[/{code}]\n")
                    if (closed_tag in _BLOCK_TAGS and closed_tag not in ("li", "tr")) or code:
                        self._newline(2)
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data).replace("[", _TEXT_BRACKET))


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    lines = [re.sub(r"^\|\s*", "", line) for line in lines]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


def html_to_text(source: str) -> str:
    """Plain text from HTML, with ``data-code`` elements as marked sections."""
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    text = _tidy("".join(parser.parts))
    if parser.marked:
        text = _TEXT_MARKER_LINE.sub(r"\1\\[", text)
    return text.replace(_TEXT_BRACKET, "[")


# --- DOCX ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _code_of_sdt(sdt: Any) -> str | None:
    pr = sdt.find(f"{_W}sdtPr")
    if pr is None:
        return None
    for name in ("tag", "alias"):
        node = pr.find(f"{_W}{name}")
        value = node.get(f"{_W}val") if node is not None else None
        if value:
            value = value.strip()
            if value.lower().startswith("code:"):
                return " ".join(value[5:].split())
            if re.fullmatch(r"(?:\d{4}\s+)?\d+\.\d+(?:\s*[a-z])?", value):
                return " ".join(value.split())
    return None


def _paragraph_text(p: Any) -> str:
    texts: list[str] = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            texts.append(node.text)
        elif node.tag == f"{_W}tab":
            texts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            texts.append("\n")
    return "".join(texts)


def _blocks(container: Any, *, marked: bool = False) -> list[str]:
    """Text blocks of a body, cell, header or footer element, in document order. ``marked``: the
    document marks its sections with content controls, so its paragraphs are text, never markers."""
    out: list[str] = []
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            text = _paragraph_text(child)
            out.append(_text_not_markers(text) if marked else text)
        elif child.tag == f"{_W}tbl":
            out.append("")
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.iterchildren(f"{_W}tc"):
                    cells.append(" ".join(t for t in (b.strip() for b in _blocks(cell, marked=marked)) if t))
                out.append(" | ".join(c for c in cells if c))
            out.append("")
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            inner = _blocks(content, marked=marked) if content is not None else []
            code = _code_of_sdt(child)
            if code:
                out.extend(["", f"[{code}]", *inner, f"[/{code}]", ""])
            else:
                out.extend(inner)
    return out


def docx_to_text(path: Path) -> str:
    """Plain text from a DOCX: body (paragraphs, tables, content controls), then headers and footers."""
    try:
        import docx  # python-docx
    except ImportError as error:  # pragma: no cover - a dependency of the project
        raise ExtractionError("reading DOCX needs python-docx") from error
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ExtractionError(f"cannot read {path.name} as a Word document: {error}") from None
    except Exception as error:  # python-docx raises its own types for broken packages
        raise ExtractionError(f"cannot read {path.name} as a Word document: {error}") from None
    # a paragraph per line; blank lines between Word paragraphs so each is a block
    body = document.element.body
    marked = any(_code_of_sdt(sdt) for sdt in body.iter(f"{_W}sdt"))
    lines = [line for block in _blocks(body, marked=marked) for line in (block, "")]
    seen: set[str] = set()
    extra: list[str] = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            try:
                if part.is_linked_to_previous:
                    continue
                text = "\n\n".join(b for b in _blocks(part._element, marked=marked) if b.strip())
            except Exception:  # noqa: S112 - a missing header part is not an error
                continue
            if text.strip() and text not in seen:
                seen.add(text)
                extra.append(text)
    return _tidy("\n".join(lines) + ("\n\n" + "\n\n".join(extra) if extra else ""))


# --- PDF -------------------------------------------------------------------------------------


def pdf_to_text(path: Path) -> str:
    """The text of a PDF letter (pypdf's layout mode, which keeps the blank line between paragraphs,
    so headings and sections read as they do on the page). A PDF without a text layer (a scan) is
    refused: PutRight does not guess at words in pictures."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a broken file is reported once, as an ExtractionError
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ExtractionError(
                f"{path.name} is password-protected: save it without a password and try again"
            )
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise ExtractionError(f"cannot read {path.name} as a PDF: {error}") from None
    finally:
        quiet.setLevel(level)
    texts = []
    for page in pages:
        lines = [line.rstrip() for line in page.splitlines()]
        indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
        cut = min(indents) if indents else 0
        texts.append("\n".join(line[cut:] for line in lines))
    text = re.sub(r"\n{3,}", "\n\n", "\n\n".join(texts)).strip()
    if not re.search(r"[A-Za-z]{2}", text):
        raise ExtractionError(
            f"{path.name} has no text to read (is it a scan?): save it from the word processor"
        )
    return text + "\n"


# --- files -----------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(f"{path.name} is not UTF-8 text: save it as UTF-8 and try again") from None


def extract_text(path: str | Path) -> str:
    """The letter in ``path`` as plain text. Raises :class:`ExtractionError` with a one-line reason."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractionError(
            f"cannot read {file.name!r}: letters must be {', '.join(SUPPORTED_SUFFIXES)} "
            f"(got {suffix or 'no extension'})"
        )
    try:
        if not file.is_file():
            raise ExtractionError(f"no such file: {str(file)!r}")
        if file.stat().st_size > MAX_BYTES:
            raise ExtractionError(f"{file.name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        if suffix in DOCX_SUFFIXES:
            return docx_to_text(file)
        if suffix in PDF_SUFFIXES:
            return pdf_to_text(file)
        text = _read_text(file)
    except OSError as error:
        raise ExtractionError(f"cannot read {str(file)!r}: {error.strerror or error}") from None
    if suffix in HTML_SUFFIXES:
        return html_to_text(text)
    return text
