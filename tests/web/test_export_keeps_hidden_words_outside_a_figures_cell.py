"""Exports (2024 9.7 a: the figures and records given to the governing body keep their meaning in a
spreadsheet): a figure's screen-reader words are left out of its cell (the sheet's headers say them),
but the parser kept "this cell is a figure's" after the cell ended, so the screen-reader words of a
summary list's value that followed a table ending in a figure were dropped too: only a figure's own
words are the headers' repeat."""

from __future__ import annotations

from putright.web.exports import tables_in

PAGE = """<main>
<table class="govuk-table"><caption>Figures</caption>
<thead><tr><th>Category</th><th class="govuk-table__header--numeric">Complaints</th></tr></thead>
<tbody><tr><td>Repairs</td><td class="govuk-table__cell--numeric">50<span class="govuk-visually-hidden">
complaints: Repairs</span></td></tr></tbody></table>
<h2>Decision</h2>
<dl class="govuk-summary-list"><div class="govuk-summary-list__row">
<dt class="govuk-summary-list__key">Told in writing</dt>
<dd class="govuk-summary-list__value">No<span class="govuk-visually-hidden">, the letter was never issued</span></dd>
</div></dl>
</main>"""


def test_2024_9_7_a_a_summary_list_after_a_figure_keeps_its_screen_reader_words() -> None:
    figures, decision = tables_in(PAGE)
    assert figures.rows == [["Repairs", "50"]]
    assert decision.rows == [["Told in writing", "No, the letter was never issued"]]
