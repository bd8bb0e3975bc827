"""Reading dates from a landlord's file. UK dates are day first: 02/03/2024 is 2 March 2024.

Accepted: date and datetime cells of an XLSX file; Excel serial numbers in a numeric XLSX cell (a
bare number in a CSV is not read as a date); and text in these forms, with or without a time after
it (which is ignored): the forms of :data:`FORMS` (``2024-03-02``, ``02/03/2024``, ``2 Mar 2024``,
``02-Mar-24``, ...).
"""

from __future__ import annotations

import re
from datetime import date, datetime

#: each form of text PutRight reads, with 2 March 2024 written in it (as many ways as the form takes).
#: The import page, the command's help and the README's list are these examples; a test reads each back.
FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("%Y-%m-%d", ("2024-03-02",)),
    ("%d/%m/%Y", ("02/03/2024", "2/3/2024")),
    ("%d/%m/%y", ("02/03/24",)),
    ("%d-%m-%Y", ("02-03-2024",)),
    ("%d.%m.%Y", ("02.03.2024",)),
    ("%d %B %Y", ("2 March 2024",)),
    ("%d %b %Y", ("2 Mar 2024",)),
    ("%d-%b-%Y", ("02-Mar-2024",)),
    ("%d-%b-%y", ("02-Mar-24",)),
)
TEXT_FORMATS = tuple(form for form, _ in FORMS)
#: the examples, in order: each is 2 March 2024
EXAMPLES = tuple(example for _, examples in FORMS for example in examples)
ACCEPTED = ", ".join(EXAMPLES[:-1]) + " and " + EXAMPLES[-1]
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
#: Excel serial numbers PutRight believes: 1 January 1990 to 31 December 2099
_SERIALS = (32874, 73050)


class DateProblem(ValueError):
    """A cell that is not a date PutRight can read."""


def parse_date(value: object) -> date:
    """The date in a cell, or :class:`DateProblem` saying why not."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateProblem(f"{value!r} is not a date")
    if isinstance(value, int | float):
        if not _SERIALS[0] <= value <= _SERIALS[1]:
            raise DateProblem(f"the number {value!r} is not an Excel date between 1990 and 2099")
        from openpyxl.utils.datetime import from_excel  # lazily: see reading.py

        converted = from_excel(value)
        return (
            converted.date() if isinstance(converted, datetime) else date.fromordinal(converted.toordinal())
        )
    text = re.sub(r"\s+", " ", str(value)).strip()
    text = _TIME.sub("", text).strip()
    for form in TEXT_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    hint = ""
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", text):
        hint = " (dates are read day first, as in the UK: 02/03/2024 is 2 March 2024)"
    elif re.fullmatch(r"\d+(\.\d+)?", text):
        hint = " (a number is read as an Excel date only in a date or number cell of an XLSX file)"
    raise DateProblem(f"{str(value).strip()!r} is not a date PutRight can read{hint}")
