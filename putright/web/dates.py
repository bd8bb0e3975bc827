"""The GOV.UK date input (day, month and year boxes) as a Django form field, and dates written the
GOV.UK way ("2 December 2026") in messages.

``DateInputField`` reads ``<name>-day``, ``<name>-month`` and ``<name>-year``; a single ``<name>``
holding an ISO date (``2026-12-02``) is read too, so scripts and older clients keep working. Its
errors follow the GOV.UK pattern: "Enter the date received", "Date received must include a month",
"Date received must be a real date"; the boxes keep what was typed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from putright.code.wording import long_date

PARTS = ("day", "month", "year")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def humanise_dates(text: str) -> str:
    """Every ISO date in ``text`` written as "2 December 2026" (for error messages)."""

    def replace(match: re.Match[str]) -> str:
        try:
            return long_date(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return ISO_DATE.sub(replace, text)


class DateInputWidget(forms.Widget):
    """Three text boxes: day, month, year (rendered by ``web/forms/date.html``)."""

    input_type = "date-parts"
    template_name = "web/forms/date_widget.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["parts"] = [
            {"name": part, "label": part.capitalize(), "value": typed}
            for part, typed in zip(PARTS, date_parts(value), strict=True)
        ]
        return context

    def format_value(self, value: Any) -> Any:
        return value

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str] | str | None:
        parts = [str(data.get(f"{name}-{part}", "") or "").strip() for part in PARTS]
        if any(parts):
            return parts
        single = data.get(name)
        return str(single).strip() if single else None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)


def date_parts(value: Any) -> list[str]:
    """What the three boxes show: typed parts as typed, a date as its day, month and year."""
    if isinstance(value, list | tuple):
        return [str(v) for v in ([*list(value), "", "", ""])[:3]]
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, str) and value:
        try:
            found = date.fromisoformat(value)
        except ValueError:
            return ["", "", ""]
        return [str(found.day), str(found.month), str(found.year)]
    return ["", "", ""]


class DateInputField(forms.Field):
    """A date entered in the GOV.UK date input. ``label`` names it in error messages. ``past``: the
    day something happened, refused after today in GOV.UK words ("Date it happened must be today or
    in the past") before anything is recorded. No provision of the Code is cited: none is about
    dating a step ahead (the core's refusal cited 2024 5.12, keeping a full record, which is not the
    rule a handler breaks by typing tomorrow's date)."""

    widget = DateInputWidget

    def __init__(
        self, *, label: str, required: bool = True, help_text: str = "", past: bool = False, **kwargs: Any
    ) -> None:
        kwargs.pop("widget", None)
        kwargs.pop("error_messages", None)
        self.past = past
        super().__init__(label=label, required=required, help_text=help_text, **kwargs)

    @property
    def _name(self) -> str:
        return str(self.label or "The date")

    def to_python(self, value: Any) -> date | None:
        if value in (None, "", [], ["", "", ""]):
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
            if found:
                value = [found[1], found[2], found[3]]
            else:
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    raise ValidationError(f"{self._name} must be a real date", code="invalid") from None
        day, month, year = ([*list(value), "", "", ""])[:3]
        missing = [part for part, typed in zip(PARTS, (day, month, year), strict=True) if not typed]
        if missing:
            raise ValidationError(f"{self._name} must include a {' and a '.join(missing)}", code="incomplete")
        if not all(str(p).isdigit() for p in (day, month, year)):
            raise ValidationError(f"{self._name} must be a real date", code="invalid")
        if len(str(year)) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self._name} must be a real date", code="invalid") from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            label = self._name
            words = f"{label[0].lower()}{label[1:]}"
            # "The day the letter was posted" reads "Enter the day the letter was posted", not "the the"
            raise ValidationError(
                f"Enter {words if words.startswith('the ') else 'the ' + words}", code="required"
            )
        if value is not None and self.past and value > timezone.localdate():
            raise ValidationError(f"{self._name} must be today or in the past", code="future")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return bool(self.to_python(data) != initial)
        except ValidationError:
            return True


def conditional(field: Any) -> Any:
    """Mark a field that is required only in some cases (its hint says when), so it is not labelled
    "(optional)": GOV.UK labels only fields nobody has to fill in as optional."""
    field.widget.attrs["conditional"] = True
    return field
