from __future__ import annotations

from typing import Any

from django import forms

#: the largest file the page takes: about 200,000 rows of a typical export
MAX_FILE_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Complaints file",
        help_text="A .csv or .xlsx file whose first row names the columns",
        error_messages={"required": "Choose the file of complaints", "empty": "The chosen file is empty"},
    )
    mapping = forms.FileField(
        label="Column mapping",
        help_text="A .toml or .yaml file saying which column holds what (an example is above)",
        error_messages={"required": "Choose the column mapping", "empty": "The chosen mapping is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The complaints file must be a .csv or .xlsx file")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The complaints file must be 50 MB or smaller")
        return upload

    def clean_mapping(self) -> Any:
        upload = self.cleaned_data["mapping"]
        if not (upload.name or "").lower().endswith((".toml", ".yaml", ".yml")):
            raise forms.ValidationError("The column mapping must be a .toml, .yaml or .yml file")
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("The column mapping must be 1 MB or smaller")
        return upload
