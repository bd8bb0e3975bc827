"""Recording a discarded step again with what was written for it.

A held step (a response, an extension, an acknowledgement...) waits for its letter; when the letter
cannot be issued as it stands ("The letter no longer says what the response records"), the way on is
to discard the step and record it again. Discarding used to lose what the handler had written: the
form opened empty (browser walk). The discarded step keeps its fields (``PendingStep.fields``), so
the form can open filled in with them, for the handler to change and record again."""

from __future__ import annotations

from django import forms

from putright.code.lifecycle import Action
from putright.complaints.models import Complaint, PendingStep
from putright.workspace.actions import HELD_STEP_OF_ACTION


def action_of(held: PendingStep) -> Action | None:
    """The workspace action whose form records ``held``'s step."""
    return next((action for action, step in HELD_STEP_OF_ACTION.items() if step == held.step), None)


def prefill_from_discarded(
    form: forms.Form, complaint: Complaint, action: Action, again: str
) -> PendingStep | None:
    """Fill ``form`` with what was written for the discarded step ``again`` (its id, from the page's
    address) of ``complaint``, where it is a step of ``action``'s kind; the step, or ``None`` (and the
    form left as it was) for anything else: another complaint's, one not discarded, another kind."""
    if not (again.isascii() and again.isdigit()):  # "²" is a digit int() refuses (helper-120)
        return None
    held = PendingStep.objects.filter(
        pk=int(again), complaint=complaint, state=PendingStep.State.DISCARDED
    ).first()
    if held is None or action_of(held) != action:
        return None
    for name, value in held.fields.items():
        if name in form.fields and isinstance(value, str | int | bool) and value != "":
            form.initial[name] = value
    return held
