"""A letter's text turned into its documents: HTML (for email and PDF), plain text, PDF and DOCX.

No Django here: :func:`compose` takes the letter's text and plain :class:`Letterhead` and
:class:`LetterMeta` values, so the same code renders in a view, a task or a test.

The letter format (what a template and a draft are written in):

* blocks are separated by blank lines; a block of lines that all start with ``- `` is a list; a
  one-line block starting with ``# `` is a heading; any other block is a paragraph (its lines kept).
* a marker line ``[6.9 g] Heading`` (the Code check's markers, :mod:`putright.letters.check`)
  starts a marked section that runs to the next marker line, a ``[/]`` line, or the end. The
  heading (if any) is printed; the marker is not. In HTML the section's content is wrapped in an
  element with ``data-code="6.9 g"`` and in DOCX in a content control tagged ``code:6.9 g``, so the
  issued files can be checked again with ``putright letter check``.
* ``\\[`` at the start of a line prints ``[``, and ``\\{`` prints ``{`` (what a handler or resident
  typed is written so, and printed as typed; see :func:`putright.letters.placeholders.as_read`).

Every piece of text is escaped for its format: ``html.escape`` for HTML and PDF, python-docx runs for
DOCX (which escape XML themselves). Nothing in a letter is ever interpreted as markup.
"""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from putright.code.wording import long_date
from putright.letters.check import _MARKER_LINE, _parse_tokens
from putright.letters.placeholders import as_read

STANDARD_PT = 12
LARGE_PRINT_PT = 16


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    signoff_name: str = ""
    signoff_role: str = ""
    logo: bytes | None = None
    logo_type: str = ""  # e.g. image/png


@dataclass(frozen=True)
class LetterMeta:
    title: str
    issued_on: date
    reference: str
    addressee: str
    address: tuple[str, ...] = ()
    large_print: bool = False
    #: a named contact (a reasonable adjustment), printed after the sign-off
    named_contact: str = ""
    issued_at: datetime | None = None


# --- parsing ---------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "p", "list", "heading"
    lines: list[str]


@dataclass
class Section:
    code: str | None  # None for unmarked text
    heading: str = ""
    blocks: list[Block] = field(default_factory=list)


def _blocks(lines: list[str]) -> list[Block]:
    found: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if not current:
            return
        stripped = [as_read(line.strip()) for line in current]
        if all(re.match(r"^[-*•]\s+", line) for line in stripped):
            found.append(Block("list", [re.sub(r"^[-*•]\s+", "", line) for line in stripped]))
        elif len(stripped) == 1 and stripped[0].startswith("# "):
            found.append(Block("heading", [stripped[0][2:].strip()]))
        else:
            found.append(Block("p", stripped))
        current.clear()

    for line in lines:
        if line.strip():
            current.append(line)
        else:
            flush()
    flush()
    return found


def parse(text: str) -> list[Section]:
    """The letter as sections: unmarked runs of text and marked sections, in order."""
    sections: list[Section] = []
    current = Section(code=None)
    pending: list[str] = []

    def close() -> None:
        current.blocks = _blocks(pending)
        if current.blocks or current.code or current.heading:
            sections.append(current)
        pending.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = _MARKER_LINE.match(line)
        if match:
            raw = match.group("tokens")
            if match.group("close") and (not raw.strip() or _parse_tokens(raw) is not None):
                close()
                current = Section(code=None)
                continue
            tokens = None if match.group("close") else _parse_tokens(raw)
            if tokens:
                close()
                current = Section(
                    code=", ".join(str(t) for t in tokens), heading=match.group("heading").strip()
                )
                continue
        pending.append(line)
    close()
    return sections


def plain_text(text: str) -> str:
    """The letter body as the resident reads it: markers removed, headings kept, values as typed."""
    out: list[str] = []
    for section in parse(text):
        if section.heading:
            out.append(section.heading)
        for block in section.blocks:
            if block.kind == "list":
                out.append("\n".join(f"- {line}" for line in block.lines))
            else:
                out.append("\n".join(block.lines))
    return "\n\n".join(out).strip() + "\n"


# --- HTML ------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _block_html(block: Block) -> str:
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in block.lines) + "</ul>"
    if block.kind == "heading":
        return f"<h2>{_e(block.lines[0])}</h2>"
    return "<p>" + "<br>".join(_e(line) for line in block.lines) + "</p>"


def split_salutation(text: str) -> tuple[str, str]:
    """("Dear Ms Patel,", the rest) when the letter opens with a salutation, else ("", text)."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n\n")
    if first.startswith("Dear ") and "\n" not in first.strip():
        return first.strip(), rest
    return "", text


def body_html(text: str) -> str:
    parts: list[str] = []
    for section in parse(text):
        if section.heading:
            parts.append(f"<h2>{_e(section.heading)}</h2>")
        inner = "\n".join(_block_html(b) for b in section.blocks)
        if section.code:
            parts.append(f'<div class="code-section" data-code="{_e(section.code)}">\n{inner}\n</div>')
        elif inner:
            parts.append(inner)
    return "\n".join(parts)


def _css(meta: LetterMeta) -> str:
    size = LARGE_PRINT_PT if meta.large_print else STANDARD_PT
    return f"""
@page {{ size: A4; margin: 20mm 20mm 22mm 20mm;
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-size: 9pt; }} }}
html {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: {size}pt;
  line-height: 1.45; color: #0b0c0c; }}
body {{ margin: 0; }}
.letterhead {{ text-align: right; margin-bottom: 1.5em; }}
.letterhead img {{ max-height: 25mm; max-width: 70mm; }}
.letterhead p, .addressee p, .signoff p {{ margin: 0; }}
.organisation {{ font-weight: bold; font-size: 1.15em; }}
.addressee {{ margin-bottom: 1.5em; }}
.meta {{ margin-bottom: 1.5em; }}
h1 {{ font-size: 1.3em; margin: 1em 0 0.6em; }}
h2 {{ font-size: 1.1em; margin: 1.2em 0 0.4em; }}
p {{ margin: 0 0 0.8em; }}
ul {{ margin: 0 0 0.8em 1.2em; padding: 0; }}
.signoff {{ margin-top: 1.5em; }}
.named-contact {{ margin-top: 1em; }}
"""


def letter_html(text: str, letterhead: Letterhead, meta: LetterMeta, *, for_email: bool = False) -> str:
    """The whole letter as one accessible HTML document (``lang``, ``title``, headings, alt text).

    The body is taken after the salutation line as written. The logo is embedded (``data:``) so the
    document stands alone; in email (``for_email``) it is left out, as many mail programs block
    embedded images.
    """
    logo = ""
    if letterhead.logo and not for_email:
        encoded = base64.b64encode(letterhead.logo).decode("ascii")
        logo = f'<img src="data:{_e(letterhead.logo_type or "image/png")};base64,{encoded}" alt="{_e(letterhead.name)}">'
    head_lines = "".join(f"<p>{_e(line)}</p>" for line in letterhead.address)
    contact = "".join(
        f"<p>{label} {_e(value)}</p>"
        for label, value in (
            ("Telephone:", letterhead.phone),
            ("Email:", letterhead.email),
            ("Website:", letterhead.website),
        )
        if value
    )
    address = "".join(f"<p>{_e(line)}</p>" for line in (meta.addressee, *meta.address) if line)
    signoff = "".join(
        f"<p>{_e(line)}</p>" for line in (letterhead.signoff_name, letterhead.signoff_role) if line
    )
    named = f'<p class="named-contact">{_e(meta.named_contact)}</p>' if meta.named_contact else ""
    opening, rest = split_salutation(text)
    salutation = f"<p>{_e(opening)}</p>\n" if opening else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{_e(meta.title)}</title>
<meta name="author" content="{_e(letterhead.name)}">
<meta name="description" content="Our reference: {_e(meta.reference)}">
<style>{_css(meta)}</style>
</head>
<body>
<header class="letterhead">
{logo}
<p class="organisation">{_e(letterhead.name)}</p>
{head_lines}
{contact}
</header>
<div class="addressee">{address}</div>
<div class="meta"><p>{_e(long_date(meta.issued_on))}</p><p>Our reference: {_e(meta.reference)}</p></div>
<main>
{salutation}<h1>{_e(meta.title)}</h1>
{body_html(rest)}
<div class="signoff">{signoff}</div>
{named}
</main>
</body>
</html>
"""


def letter_text(text: str, letterhead: Letterhead, meta: LetterMeta) -> str:
    """The whole letter as plain text (the text email, the plain-text format)."""
    head = "\n".join(
        [
            letterhead.name,
            *letterhead.address,
            *(
                f"{label} {value}"
                for label, value in (("Telephone:", letterhead.phone), ("Email:", letterhead.email))
                if value
            ),
        ]
    )
    address = "\n".join(line for line in (meta.addressee, *meta.address) if line)
    signoff = "\n".join(line for line in (letterhead.signoff_name, letterhead.signoff_role) if line)
    opening, rest = split_salutation(text)
    parts = [
        head,
        address,
        f"{long_date(meta.issued_on)}\nOur reference: {meta.reference}",
        opening,
        meta.title,
        plain_text(rest).strip(),
        signoff,
    ]
    if meta.named_contact:
        parts.append(meta.named_contact)
    return "\n\n".join(p for p in parts if p.strip()) + "\n"


# --- PDF -------------------------------------------------------------------------------------


def letter_pdf(document_html: str) -> bytes:
    """A tagged PDF/UA-1 from the letter's HTML (WeasyPrint): title, language and structure kept."""
    import weasyprint  # imported here: it is slow to import and only the renderer needs it (its logging
    # is quietened in settings.LOGGING)

    return bytes(weasyprint.HTML(string=document_html).write_pdf(pdf_variant="pdf/ua-1"))


# --- DOCX ------------------------------------------------------------------------------------


def _content_control(document: object, code: str, paragraphs: list[object]) -> None:
    """Wrap ``paragraphs`` (already in the body) in a block content control tagged ``code:<code>``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not paragraphs:
        return
    first = paragraphs[0]._p  # type: ignore[attr-defined]
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    tag = OxmlElement("w:tag")
    tag.set(qn("w:val"), f"code:{code}")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), f"Code {code}")
    properties.append(alias)
    properties.append(tag)
    content = OxmlElement("w:sdtContent")
    sdt.append(properties)
    sdt.append(content)
    first.addprevious(sdt)
    for paragraph in paragraphs:
        content.append(paragraph._p)  # type: ignore[attr-defined]


def letter_docx(text: str, letterhead: Letterhead, meta: LetterMeta) -> bytes:
    """The letter as a Word document: core properties (title, language, author), real headings and
    lists, the large-print size where the resident asked for it."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    size = LARGE_PRINT_PT if meta.large_print else STANDARD_PT
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(size)
    for name, scale in (("Title", 1.4), ("Heading 1", 1.3), ("Heading 2", 1.1), ("List Bullet", 1.0)):
        document.styles[name].font.size = Pt(round(size * scale))
        document.styles[name].font.name = "Arial"
    properties = document.core_properties
    properties.title = meta.title
    properties.language = "en-GB"
    properties.author = letterhead.name
    properties.subject = f"Our reference: {meta.reference}"
    properties.comments = "Issued by PutRight"
    if meta.issued_at is not None:
        properties.created = meta.issued_at.replace(tzinfo=None)
        properties.modified = meta.issued_at.replace(tzinfo=None)
    for page in document.sections:
        page.left_margin = page.right_margin = Mm(20)

    def right(line: str, bold: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold = bold

    if letterhead.logo:
        try:
            document.add_picture(io.BytesIO(letterhead.logo), height=Mm(20))
            picture = document.paragraphs[-1]
            picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for node in picture._p.iter():
                if node.tag.endswith("}docPr"):
                    node.set("descr", letterhead.name)
        except Exception:  # noqa: S110 - an unreadable logo is left out; the name is printed below
            pass
    right(letterhead.name, bold=True)
    for line in letterhead.address:
        right(line)
    for label, value in (
        ("Telephone:", letterhead.phone),
        ("Email:", letterhead.email),
        ("Website:", letterhead.website),
    ):
        if value:
            right(f"{label} {value}")
    document.add_paragraph()
    for line in (meta.addressee, *meta.address):
        if line:
            document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    document.add_paragraph(long_date(meta.issued_on)).paragraph_format.space_after = Pt(0)
    document.add_paragraph(f"Our reference: {meta.reference}")
    opening, rest = split_salutation(text)
    if opening:
        document.add_paragraph(opening)
    document.add_heading(meta.title, level=1)

    for section in parse(rest):
        if section.heading:
            document.add_heading(section.heading, level=2)
        added: list[object] = []
        for block in section.blocks:
            if block.kind == "heading":
                added.append(document.add_heading(block.lines[0], level=2))
            elif block.kind == "list":
                added.extend(document.add_paragraph(line, style="List Bullet") for line in block.lines)
            else:
                paragraph = document.add_paragraph()
                for index, line in enumerate(block.lines):
                    run = paragraph.add_run(line)
                    if index < len(block.lines) - 1:
                        run.add_break()
                added.append(paragraph)
        if section.code:
            _content_control(document, section.code, added)

    document.add_paragraph()
    for line in (letterhead.signoff_name, letterhead.signoff_role):
        if line:
            document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    if meta.named_contact:
        document.add_paragraph()
        document.add_paragraph(meta.named_contact)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
