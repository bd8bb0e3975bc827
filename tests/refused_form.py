"""What a page showing a refused form again must say, read from its HTML: the GOV.UK error summary's
links, each field's own error beside it and named by its ``aria-describedby``, and a title that
starts "Error:". Shared by the tests of every form refused at 422 with what was typed."""

from __future__ import annotations

import re
from html import unescape


def summary(html: str) -> list[tuple[str, str]]:
    """The error summary's links: (href, message)."""
    body = html.split('class="govuk-error-summary"', 1)
    assert len(body) == 2, "no error summary on the page"
    listed = body[1].split("</ul>", 1)[0]
    return [(href, unescape(said)) for href, said in re.findall(r'<a href="([^"]+)">([^<]+)</a>', listed)]


def marked_in_error(html: str, field_id: str) -> bool:
    """The field's own error message is beside it, and the field says so to a screen reader."""
    described = re.search(rf'aria-describedby="[^"]*{re.escape(field_id)}-error"', html)
    return f'id="{field_id}-error"' in html and described is not None


def title_says_error(html: str) -> bool:
    """The page title starts "Error: ", once (a template adding its own said "Error: Error:")."""
    return bool(re.search(r"<title>\s*Error: (?!Error:)", html))
