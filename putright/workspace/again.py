"""Recording a discarded step again with what was written for it.

A held step (a response, an extension, an acknowledgement...) waits for its letter; when the letter
cannot be issued as it stands ("The letter no longer says what the response records"), the way on is
to discard the step and record it again. Discarding used to lose what the handler had written: the
form opened empty (browser walk). The discarded step keeps its fields (``PendingStep.fields``), so
the form can open filled in with them, for the handler to change and record again.

What the person changed in the step's letter draft is carried back too (browser walk: a sentence
added to the reasons in the letter was lost when the step was recorded again): each section the
template fills from one recorded entry is read back through the template (``letters.read_back``, as
a step told by a letter already issued is), and where the letter says something else there, that is
what the form opens with. A change that cannot be read back (words around the entry reworded, a
paragraph added outside the sections) is shown on the discard page before anything is discarded, to
copy: the letter is written again from the template when the step is recorded again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.utils import timezone

from putright.code.lifecycle import Action
from putright.complaints.models import Complaint, PendingStep
from putright.letters import read_back
from putright.letters import services as letter_services
from putright.letters.check import parse_markers
from putright.letters.models import LetterDraft
from putright.letters.placeholders import fill, placeholders_in
from putright.workspace.actions import HELD_STEP_OF_ACTION


@dataclass(frozen=True)
class LetterEdits:
    """What the person changed in a held step's letter draft, against the letter as it was written
    from what the step records."""

    draft: LetterDraft | None = None
    #: form field -> what the letter says in its section instead of what was recorded
    carried: dict[str, str] = field(default_factory=dict)
    #: (heading, what the letter says) for each change the form cannot be filled with
    not_carried: list[tuple[str, str]] = field(default_factory=list)

    @property
    def carried_labels(self) -> list[str]:
        return [_LABEL_OF_FIELD.get(name, name.replace("_", " ")) for name in self.carried]


#: what each recorded field is called ("the reasons"), by form field
_LABEL_OF_FIELD = {
    read_back.FIELD_OF[name]: label
    for name, label in letter_services.RECORDED_SECTIONS.items()
    if name in read_back.FIELD_OF
}


def _plain(text: str) -> str:
    return " ".join(text.split())


def letter_draft_of(held: PendingStep) -> LetterDraft | None:
    """The letter written for ``held``, as last saved (an issued one is saved as issued)."""
    return LetterDraft.objects.filter(pending_step=held).order_by("-updated_at", "-id").first()


def letter_edits(held: PendingStep) -> LetterEdits:
    """What was changed in ``held``'s letter draft: the recorded sections the letter reads back
    differently (carried into the form when the step is recorded again), and the changes that cannot
    be read back (to be copied by the person). Nothing for a step with no letter, or one unchanged."""
    draft = letter_draft_of(held)
    if draft is None:
        return LetterEdits()
    template = letter_services.template_for(draft.kind).body
    drafted = timezone.localdate(draft.created_at)
    as_recorded = letter_services.held_values(held, today=drafted)
    recorded = read_back.recorded_values(draft.body, template)
    carried: dict[str, str] = {}
    for name, value in recorded.items():
        field_name = read_back.FIELD_OF.get(name)
        if field_name is None or field_name not in held.fields or not value:
            continue
        written = {_plain(str(held.fields.get(field_name) or "")), _plain(as_recorded.get(name, ""))}
        if _plain(value) not in written:
            carried[field_name] = value
    return LetterEdits(draft, carried, _not_carried(draft, held, template, recorded, drafted))


def _not_carried(
    draft: LetterDraft, held: PendingStep, template: str, recorded: dict[str, str], drafted: date
) -> list[tuple[str, str]]:
    """Each part of ``draft`` that says something else than the letter written from the record and
    that no recorded section read back explains: a section by its heading, and lines outside the
    sections (or under a heading that was changed) as "Elsewhere in the letter"."""
    written = fill(
        template, letter_services.letter_values(held.complaint, draft.kind, today=drafted, held=held)
    )
    _, written_sections = parse_markers(written)
    _, template_sections = parse_markers(template)
    _, draft_sections = parse_markers(draft.body)
    as_written = {tuple(str(t) for t in s.tokens): _plain(s.content) for s in written_sections}
    read = {
        tuple(str(t) for t in s.tokens)
        for s in template_sections
        if (names := [n for n in placeholders_in(s.content) if n in read_back.FIELD_OF])
        and all(n in recorded for n in names)
    }
    changed: list[tuple[str, str]] = []
    section_lines: set[str] = set()
    for section in draft_sections:
        tokens = tuple(str(t) for t in section.tokens)
        section_lines.update(_plain(line) for line in section.lines)
        if tokens in read or as_written.get(tokens) == _plain(section.content):
            continue
        changed.append((section.heading or " ".join(tokens), section.content))
    lines_written = {_plain(line) for line in written.splitlines()}
    elsewhere = [
        line.strip()
        for line in draft.body.splitlines()
        if line.strip() and _plain(line) not in lines_written and _plain(line) not in section_lines
    ]
    if elsewhere:
        changed.append(("Elsewhere in the letter", "\n".join(elsewhere)))
    return changed


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
    # what the person changed in the step's letter, where it reads back into a field: the letter said
    # it, so the step recorded again should too (2024 5.12)
    carried = {name: value for name, value in letter_edits(held).carried.items() if name in form.fields}
    form.initial.update(carried)
    form.from_letter = LetterEdits(carried=carried).carried_labels  # type: ignore[attr-defined]
    return held
