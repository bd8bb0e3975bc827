"""Domain errors raised by the core. The web and API layers turn them into messages, 409s and 422s."""

from __future__ import annotations


class LifecycleError(Exception):
    """A refused step in a complaint's life. ``provision`` cites the Code where a rule refuses it.
    ``fields``: (field, message) for each field the refusal is about, where it is about what fields
    say ("[TBC]" left in the reasons; "None" over the record's remedies and actions, 2024 6.9 e, f):
    each door shows every one of them on the field that said it, at once."""

    status_hint = 422

    def __init__(
        self, provision: str | None, detail: str, *, fields: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(f"{provision}: {detail}" if provision else detail)
        self.provision = provision
        self.detail = detail
        self.fields = fields


class CodeViolation(LifecycleError):
    """The step would break a provision of the Code, e.g. ``CodeViolation("2024 6.13", ...)``."""

    def __init__(
        self,
        provision: str,
        detail: str,
        *,
        missing: tuple[str, ...] = (),
        fields: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(provision, detail, fields=fields)
        #: for content checks: every provision whose required content is missing
        self.missing = missing


class TransitionNotAllowed(LifecycleError):
    """The step is not one the complaint's current state allows (e.g. responding before acknowledging)."""

    status_hint = 409


class InvalidRequest(LifecycleError):
    """The step's own data is unusable (a date before the complaint was received, an unknown remedy)."""


class UnreadableRecord(ValueError):
    """A stored event that cannot be read back into the Code's event: a date that is no date, a value
    that is no member of its list, nothing where the Code requires a value. PutRight's own steps never
    store one, so the history was altered outside them, or stored by a version that read it
    differently. Raised instead of reading a guess. ``detail`` is what staff are shown: it never
    names the complaint, since the page may be one that lists complaints its reader may not open;
    ``reference`` is for the log. A ``ValueError``, as the reader's own errors were, so whatever
    caught those still catches it."""

    def __init__(self, kind: str, on: object, reason: str, reference: str = "") -> None:
        self.kind, self.on, self.reason, self.reference = kind, on, reason, reference
        self.detail = (
            f'A complaint\'s stored history holds a step PutRight cannot read: its "{kind.replace("_", " ")}" '
            f"step dated {on} ({reason}). PutRight's own steps never store such a value, so PutRight "
            "stopped here rather than guess, and recorded nothing for that complaint. "
            "`putright verify history` shows whether its history was altered."
        )
        super().__init__(self.detail)

    @property
    def for_the_log(self) -> str:
        return f"complaint {self.reference or '(not known here)'}: {self.detail}"
