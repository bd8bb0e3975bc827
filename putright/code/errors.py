"""Domain errors raised by the core. The web and API layers turn them into messages, 409s and 422s."""

from __future__ import annotations


class LifecycleError(Exception):
    """A refused step in a complaint's life. ``provision`` cites the Code where a rule refuses it."""

    status_hint = 422

    def __init__(self, provision: str | None, detail: str) -> None:
        super().__init__(f"{provision}: {detail}" if provision else detail)
        self.provision = provision
        self.detail = detail


class CodeViolation(LifecycleError):
    """The step would break a provision of the Code, e.g. ``CodeViolation("2024 6.13", ...)``."""

    def __init__(self, provision: str, detail: str, *, missing: tuple[str, ...] = ()) -> None:
        super().__init__(provision, detail)
        #: for content checks: every provision whose required content is missing
        self.missing = missing


class TransitionNotAllowed(LifecycleError):
    """The step is not one the complaint's current state allows (e.g. responding before acknowledging)."""

    status_hint = 409


class InvalidRequest(LifecycleError):
    """The step's own data is unusable (a date before the complaint was received, an unknown remedy)."""
