"""Export what is on screen as CSV or Excel (XLSX), in one click.

Two ways in:

* :func:`table_response` writes rows a view already has (the workspace queue with its filters).
* :func:`exportable` wraps a page's view: with ``?export=csv`` or ``?export=xlsx`` it runs the same
  view for the same person, so the same permission rules and the same filters apply, and turns the
  tables the page shows into the file (one sheet per table). What a person cannot see on screen
  cannot be in their export.

Every text cell is made formula-safe (a value starting with ``=``, ``+``, ``-`` or ``@`` gets a
leading apostrophe), so a resident's words can never run as a spreadsheet formula. Whole numbers
are written as numbers so the figures can be summed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from putright.letters.placeholders import spreadsheet_safe

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: how many rows a paged list gives an export (``export_page_size``)
EXPORT_ROWS = 100_000
_NUMBER = re.compile(r"\d{1,15}")


@dataclass
class Table:
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def is_export(request: HttpRequest) -> bool:
    return request.GET.get("export", "") in FORMATS


def export_page_size(request: HttpRequest, on_screen: int) -> int:
    """A paged list's page size: all its rows when exporting, else what the screen shows."""
    return EXPORT_ROWS if is_export(request) else on_screen


def export_links(request: HttpRequest) -> dict[str, str]:
    """``{"csv": "?...&export=csv", "xlsx": ...}`` for the page as it stands (filters kept)."""
    query = {key: value for key, value in request.GET.items() if key not in ("export", "page")}
    return {fmt: "?" + urlencode({**query, "export": fmt}) for fmt in FORMATS}


def _cell(value: object) -> object:
    text = "" if value is None else str(value)
    if _NUMBER.fullmatch(text):
        return int(text)
    return spreadsheet_safe(text)


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]\*\?/\\:]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def to_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables or [Table("Empty")]:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        if table.headers:
            sheet.append([spreadsheet_safe(h) for h in table.headers])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(tables: Sequence[Table]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for n, table in enumerate(tables):
        if len(tables) > 1:
            if n:
                writer.writerow([])
            writer.writerow([spreadsheet_safe(table.title)])
        if table.headers:
            writer.writerow([spreadsheet_safe(h) for h in table.headers])
        writer.writerows([spreadsheet_safe(v) for v in row] for row in table.rows)
    return out.getvalue()


def table_response(tables: Sequence[Table], *, fmt: str, name: str) -> HttpResponse:
    """The tables as a download named ``<name>-<date>.<fmt>``."""
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(tables), content_type=FORMATS["xlsx"])
    else:
        response = HttpResponse("\ufeff" + to_csv(tables), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------------------------------
# The tables on a page


#: figure cards (``<ul class="putright-cards">``): the parts of each card, in the sheet's order
CARD_PARTS = ("putright-card__label", "putright-card__value", "putright-card__provision")
CARD_HEADERS = ["Figure", "Number", "Code provision"]
SUMMARY_HEADERS = ["Item", "Detail"]


class _Tables(HTMLParser):
    """What a page shows as rows inside ``<main>``, each as a table: ``<table>`` elements (caption,
    header cells and body rows as text), GOV.UK summary lists (``<dl class="govuk-summary-list">``:
    a row per key and value, its "Change" links left out) and figure cards (``<ul
    class="putright-cards">``: a row per figure). Each is titled by its caption or the heading
    before it. Visually hidden text is kept (it is part of what a screen reader reads), but for a
    figure's own (a numeric cell's ``50<span class="govuk-visually-hidden"> complaints: Repairs</span>``):
    it repeats the row's and column's headers, which the sheet has, and would write the figure as
    text; ``data-export="skip"`` on an element leaves it out (buttons, forms)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._in_main = 0
        self._table: Table | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._figure = False  # the cell is a figure's (``govuk-table__cell--numeric``)
        self._caption: list[str] | None = None
        self._heading: list[str] | None = None
        self._last_heading = ""
        self._skip = 0
        self._in_thead = False
        self._list: str | None = None  # "dl" or "ul" while inside a summary list or figure cards
        self._card: dict[str, list[str]] | None = None
        self._card_part: list[str] | None = None
        self._card_depth = 0
        # a block inside a cell has just closed: the cell's next words are a new entry, not the
        # block's last word's end ("<p>Failed</p>by email" read "Failedby email")
        self._block_closed = False

    def _start_list(self, kind: str, headers: list[str]) -> None:
        self._list = kind
        self._table = Table(self._last_heading or f"Table {len(self.tables) + 1}", list(headers))

    def _list_tag(self, tag: str, classes: list[str]) -> None:
        """A tag inside a summary list or figure cards."""
        if self._list == "dl":
            if tag == "dt":
                self._flush_row()
                self._row, self._cell, self._block_closed = [], [], False
            elif tag == "dd" and self._row is not None and "govuk-summary-list__actions" not in classes:
                self._cell, self._block_closed = [], False
            elif tag == "dd":
                self._skip = 1  # the row's "Change" link is not data
            elif tag == "br" and self._cell is not None:
                self._cell.append(" ")
            elif tag in CELL_BLOCKS and self._cell is not None:
                self._start_block()
        elif tag == "li" and self._card is None:
            self._card = {part: [] for part in CARD_PARTS}
        elif self._card is not None:
            part = next((p for p in CARD_PARTS if p in classes), None)
            if part is not None:
                self._card_part, self._card_depth = self._card[part], 1
            elif self._card_part is not None and tag not in VOID:
                self._card_depth += 1

    def _flush_row(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(_squash("".join(self._cell)))
            self._cell = None
        if self._row and self._table is not None and any(self._row):
            self._table.rows.append(self._row)
        self._row = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._skip:
            self._skip += 1 if tag not in VOID else 0
            return
        classes = (found.get("class") or "").split()
        figure_words = self._figure and self._cell is not None and "govuk-visually-hidden" in classes
        # a form inside a cell (to record something on that row) is no data: its labels are not the record
        form_in_cell = tag == "form" and self._cell is not None
        if (found.get("data-export") == "skip" or figure_words or form_in_cell) and tag not in VOID:
            self._skip = 1
            return
        if tag == "main":
            self._in_main += 1
        if not self._in_main:
            return
        if self._list is not None:
            self._list_tag(tag, classes)
            return
        if tag in ("h1", "h2", "h3") and self._table is None:
            self._heading = []
        elif tag == "dl" and self._table is None and "govuk-summary-list" in classes:
            self._start_list("dl", SUMMARY_HEADERS)
        elif tag == "ul" and self._table is None and "putright-cards" in classes:
            self._start_list("ul", CARD_HEADERS)
        elif tag == "table":
            self._table = Table(self._last_heading or f"Table {len(self.tables) + 1}")
        elif self._table is not None:
            if tag == "caption":
                self._caption = []
            elif tag == "thead":
                self._in_thead = True
            elif tag == "tr":
                self._row = []
            elif tag in ("td", "th") and self._row is not None:
                self._cell, self._block_closed = [], False
                self._figure = any(c.endswith("--numeric") for c in classes)
            elif tag == "br" and self._cell is not None:
                self._cell.append(" ")
            elif tag in CELL_BLOCKS and self._cell is not None:
                self._start_block()

    def _start_block(self) -> None:
        """A list or a folded section inside a cell (a history) reads as separate entries, not words
        run together ("...by BACSCompliance as recordedComplied on...")."""
        assert self._cell is not None
        self._cell[:] = [_entry_ended("".join(self._cell))]
        self._block_closed = False

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        if tag == "main":
            self._in_main -= 1
        if tag in CELL_BLOCKS and self._cell is not None:
            self._block_closed = True  # words after it in the cell are another entry
        if self._list is not None:
            self._list_end(tag)
            return
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self._last_heading = _squash("".join(self._heading))
            self._heading = None
        elif tag == "caption" and self._caption is not None and self._table is not None:
            caption = _squash("".join(self._caption))
            if caption:
                self._table.title = caption
            self._caption = None
        elif tag == "thead":
            self._in_thead = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_squash("".join(self._cell)))
            self._cell = None
            self._figure = False  # only this cell was a figure's: a summary list after keeps its words
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._in_thead and not self._table.headers:
                self._table.headers = self._row
            elif any(self._row) and not (len(self._row) == 1 and len(self._table.headers) > 1):
                # a single cell across a table with columns is a note ("None recorded yet"), not a row
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def _list_end(self, tag: str) -> None:
        if (self._list == "dl" and tag == "dd" and self._cell is not None and self._row is not None) or (
            self._list == "dl" and tag == "dt" and self._cell is not None and self._row is not None
        ):
            self._row.append(_squash("".join(self._cell)))
            self._cell = None
        elif self._card_part is not None and tag not in VOID:
            self._card_depth -= 1
            if not self._card_depth:
                self._card_part = None
        elif tag == "li" and self._card is not None and self._table is not None:
            row = [_squash("".join(self._card[part])) for part in CARD_PARTS]
            if any(row):
                self._table.rows.append(row)
            self._card = None
        elif tag == self._list and self._table is not None:
            self._flush_row()
            self.tables.append(self._table)
            self._table, self._list = None, None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._card_part is not None:
            self._card_part.append(data)
        if self._block_closed and self._cell is not None and data.strip():
            # words after a block closed inside the cell ("<p>a</p>and more"): "a; and more", not "aand more"
            self._start_block()
        for part in (self._cell, self._caption, self._heading):
            if part is not None:
                part.append(data)


VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"})
CELL_BLOCKS = frozenset({"details", "summary", "div", "p", "ul", "ol", "li"})


def _entry_ended(text: str) -> str:
    """A cell's text so far with the entry it ends separated from the block starting inside the cell:
    "; " straight after its words ("Failed; Email failed", not "Failed ; Email failed"), nothing more
    after a separator already or nothing, and a space after a colon ("Warnings: one", not "Warnings:;")."""
    entry = text.rstrip()
    if not entry:
        return text
    return f"{entry} " if entry.endswith((";", ":")) else f"{entry}; "


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def tables_in(html: str) -> list[Table]:
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return parser.tables


def exportable(name: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Let a page be downloaded as CSV or XLSX with ``?export=csv|xlsx``: the page's own view runs
    for the same person with the same filters; only a successful page is exported."""

    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            fmt = request.GET.get("export", "")
            if fmt not in FORMATS or request.method != "GET":
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                return response
            return table_response(tables_in(response.content.decode()), fmt=fmt, name=name)

        return wrapped

    return wrap


def rows_table(title: str, headers: Iterable[str], rows: Iterable[Iterable[object]]) -> Table:
    return Table(title, list(headers), [["" if v is None else str(v) for v in row] for row in rows])
