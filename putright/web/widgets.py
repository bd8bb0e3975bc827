"""The text area every PutRight form uses: line breaks as the record keeps them.

A browser sends a text area's line breaks as CRLF (the HTML standard's form encoding) whatever the
person typed, while text from email, the API and the demo keeps LF. Read as sent, an unchanged
summary posted back compared unequal to the one stored, and the timeline recorded a change nobody
made; and a limit counted each line break twice. Read here as LF, as every other door stores it."""

from __future__ import annotations

from typing import Any

from django import forms


def one_line_ending(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Textarea(forms.Textarea):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        return one_line_ending(value) if isinstance(value, str) else value
