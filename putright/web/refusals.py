"""How every web door words a refused step: the provision that refuses it, then why ("2024 6.4: the
response is already late"); a refusal no provision makes starts as a sentence. One wording, so the
workspace, letters and Ombudsman pages say a refusal alike, in the API's ``provision`` and
``detail`` words (a refusal without a provision starts with a capital here, as a sentence on a page)."""

from __future__ import annotations

from typing import TypeVar

from django import forms

from putright.code.errors import LifecycleError
from putright.web.forms import ask_for_files_again

#: the status of a page shown again with a refused form
REFUSED = 422

FormT = TypeVar("FormT", bound=forms.BaseForm)


def as_sentence(text: str) -> str:
    """``text`` with its first letter a capital."""
    return text[:1].upper() + text[1:]


def refusal(error: LifecycleError) -> str:
    """``error`` as staff read it: "provision: detail", or the detail as a sentence."""
    return f"{error.provision}: {error.detail}" if error.provision else as_sentence(error.detail)


def refused_on_its_fields(form: FormT, *errors: LifecycleError) -> FormT:
    """A refused form, to show again on its own page (status ``REFUSED``) rather than redirect to an
    empty one with its field names in a banner: what was typed kept, each problem on its field and in
    the GOV.UK error summary, a chosen file asked for again. Each refusal by the core goes on the
    fields it names (unless the form has already refused that field), or at the top of the form."""
    for error in errors:
        named = [(name, message) for name, message in error.fields if name in form.fields]
        for name, message in named:
            if name not in form.errors:
                form.add_error(name, message)
        if not named:
            form.add_error(None, refusal(error))
    ask_for_files_again(form)
    return form
