"""How every web door words a refused step: the provision that refuses it, then why ("2024 6.4: the
response is already late"); a refusal no provision makes starts as a sentence. One wording, so the
workspace, letters and Ombudsman pages say a refusal alike, in the API's ``provision`` and
``detail`` words (a refusal without a provision starts with a capital here, as a sentence on a page)."""

from __future__ import annotations

from putright.code.errors import LifecycleError


def as_sentence(text: str) -> str:
    """``text`` with its first letter a capital."""
    return text[:1].upper() + text[1:]


def refusal(error: LifecycleError) -> str:
    """``error`` as staff read it: "provision: detail", or the detail as a sentence."""
    return f"{error.provision}: {error.detail}" if error.provision else as_sentence(error.detail)
