"""Sign-in form with messages in plain English (GOV.UK style), what a refused form with a file
input says about the file, and a sum of money asked for in pounds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from putright.code.compensation import CompensationInputError, pence_of

#: said on a file input when its form is refused for something else: the file itself was fine
CHOOSE_THE_FILE_AGAIN = "Choose the file again: a chosen file is not kept when the form is refused"


def ask_for_files_again(form: forms.BaseForm) -> None:
    """A refused form comes back with everything typed in it, but a browser never puts a chosen file
    back in a file input: each file chosen on a refused form is asked for again on its own input (and
    so in the error summary), rather than found missing on the next refusal. A form that is not bound,
    or has no errors, is left alone."""
    if not form.is_bound or not form.errors:
        return
    for name, field in form.fields.items():
        if (
            isinstance(field, forms.FileField)
            and name not in form.errors
            and form.files.get(form.add_prefix(name))
        ):
            form.add_error(name, CHOOSE_THE_FILE_AGAIN)


class PoundsField(forms.CharField):
    """A sum asked for in pounds as people type it ("345", "£345.50", "1,250"), cleaned to pence
    (:func:`putright.code.compensation.pence_of`); blank is no sum (0) when not required. ``what``
    names the sum in the error: "Enter the amount ordered in pounds, for example 345 or 345.50"."""

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        written = super().to_python(value)
        if written in self.empty_values:
            return None if self.required else 0
        try:
            return pence_of(str(written), what=self.what)
        except CompensationInputError as error:
            said = str(error)
            raise ValidationError(said[0].upper() + said[1:], code="invalid") from None


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is not active: ask your administrator",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget = forms.PasswordInput()


def posted_id(value: str) -> int | None:
    """The row id a form or address posted, or ``None`` where it is no id: ASCII digits only ("²" is
    a digit to ``str.isdigit()`` but not to ``int()``, and was a server error: helper-92, helper-120,
    helper-188), and short enough for the database's integer (a tampered 30-digit id is no row)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None
