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
copy: the letter is written again from the template when the step is recorded again.

The letter is compared with what it was written from, not with what it would be written from now: the
template in force on the day (the template's history), and what the step records. What else it was
filled from (the addressee's name, the letterhead, the case's dates) is not kept as it was; where the
letter differs there, it may be the case that changed since, so the page says it cannot tell rather
than call it an edit nobody made. Text moved from one recorded section to another is filled in once,
in the field it went to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone

from putright.code.lifecycle import Action
from putright.complaints.models import Complaint, PendingStep
from putright.letters import read_back
from putright.letters import services as letter_services
from putright.letters.check import MarkedSection, parse_markers
from putright.letters.models import LetterDraft
from putright.letters.placeholders import fill, placeholders_in, plain
from putright.ombudsman.services import template_versions_at
from putright.web.forms import posted_id
from putright.workspace.actions import HELD_STEP_OF_ACTION


@dataclass(frozen=True)
class LetterEdits:
    """What the person changed in a held step's letter draft, against the letter as it was written
    from the template then in force and what the step records."""

    draft: LetterDraft | None = None
    #: form field -> what the letter says in its section instead of what was recorded
    carried: dict[str, str] = field(default_factory=dict)
    #: (heading, what the letter says) for each change the form cannot be filled with
    not_carried: list[tuple[str, str]] = field(default_factory=list)
    #: (heading, what the letter says) for each part that differs from the letter written from the
    #: case as it stands now, where what it was written from is not kept: changed in the letter, or
    #: in the case since (the resident's name corrected, say), we cannot tell which
    cannot_tell: list[tuple[str, str]] = field(default_factory=list)

    @property
    def carried_labels(self) -> list[str]:
        return [_LABEL_OF_FIELD.get(name, name.replace("_", " ")) for name in self.carried]


#: what each recorded field is called ("the reasons"), by form field
_LABEL_OF_FIELD = {
    read_back.FIELD_OF[name]: label
    for name, label in letter_services.RECORDED_SECTIONS.items()
    if name in read_back.FIELD_OF
}

#: placeholders filled from a held step's own fields besides its recorded sections (``held_values``)
_ALSO_FROM_THE_STEP = {"response.outcome": "outcome", "extension.working_days": "working_days"}

_PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def letter_draft_of(held: PendingStep) -> LetterDraft | None:
    """The letter written for ``held``, as last saved (an issued one is saved as issued)."""
    return LetterDraft.objects.filter(pending_step=held).order_by("-updated_at", "-id").first()


def template_written_from(draft: LetterDraft) -> str | None:
    """The template body ``draft`` was written from: the one in force when it was written (its
    history, ``LetterTemplateVersion``); ``None`` where that is not kept."""
    current = letter_services.template_for(draft.kind)
    if current.updated_at <= draft.created_at:
        body: str | None = current.body
    else:
        version = template_versions_at(draft.created_at, [draft.kind]).get(draft.kind)
        body = version.body if version is not None else None
    # with its markers as the draft was written from it: in the complaint's own edition
    return letter_services.template_body(draft.complaint, draft.kind, body) if body is not None else None


def _kept(held: PendingStep) -> set[str]:
    """The placeholders a letter for ``held`` is filled with as they were when it was written: what
    the step records (``PendingStep.fields`` are kept as written) and the day it was written. The rest
    (the addressee's name, the letterhead, the case's dates) is read from the case as it stands now."""
    from_the_step = {**read_back.FIELD_OF, **_ALSO_FROM_THE_STEP}
    return {"letter.date"} | {
        name for name, field_name in from_the_step.items() if str(held.fields.get(field_name) or "").strip()
    }


def letter_edits(held: PendingStep) -> LetterEdits:
    """What was changed in ``held``'s letter draft: the recorded sections the letter reads back
    differently (carried into the form when the step is recorded again), the changes that cannot
    be read back (to be copied by the person), and the parts that may have been changed in the letter
    or in the case since (``cannot_tell``). Nothing for a step with no letter, or one unchanged."""
    draft = letter_draft_of(held)
    if draft is None:
        return LetterEdits()
    template = template_written_from(draft)
    if template is None:
        # the template was changed since and what it said then is not kept: nothing to compare with
        return LetterEdits(draft, cannot_tell=[("The letter", draft.body)])
    drafted = timezone.localdate(draft.created_at)
    # the letter as written from the template and the record, once (``held_values`` within)
    values = letter_services.letter_values(held.complaint, draft.kind, today=drafted, held=held)
    written = fill(template, values)
    recorded = read_back.recorded_values(draft.body, template)
    carried: dict[str, str] = {}
    for name, value in recorded.items():
        field_name = read_back.FIELD_OF.get(name)
        if field_name is None or field_name not in held.fields or not value:
            continue
        if plain(value) not in {plain(str(held.fields.get(field_name) or "")), plain(values.get(name, ""))}:
            carried[field_name] = value
    sections = _Sections(template, written, draft.body)
    moved_out = _moved_out(held, carried, values, sections)
    changed, unsure = _not_carried(draft, sections, recorded, _kept(held), moved_out)
    return LetterEdits(draft, carried, changed, unsure)


def _tokens(section: MarkedSection) -> tuple[str, ...]:
    return tuple(str(t) for t in section.tokens)


class _Sections:
    """The marked sections of a template, of the letter written from it, and of the letter saved."""

    def __init__(self, template: str, written: str, saved: str) -> None:
        self.template = template
        self.written_text = written
        self.names = {_tokens(s): placeholders_in(s.content) for s in parse_markers(template)[1]}
        self.written = {_tokens(s): plain(s.content) for s in parse_markers(written)[1]}
        self.saved = parse_markers(saved)[1]
        self.saved_content = {_tokens(s): plain(s.content) for s in self.saved}


def _moved_out(
    held: PendingStep, carried: dict[str, str], values: dict[str, str], sections: _Sections
) -> dict[tuple[str, ...], str]:
    """Text moved in the letter from one recorded section to another: carried into the section it
    went to, it is taken out of the field of the section it left (``carried`` changed in place), or
    the form would say it twice. The sections it left, with what each should say without it."""
    field_of_section = {
        tokens: [read_back.FIELD_OF[n] for n in names if n in read_back.FIELD_OF]
        for tokens, names in sections.names.items()
    }
    explained: dict[tuple[str, ...], str] = {}
    for went_to, value in list(carried.items()):
        before = plain(str(held.fields.get(went_to) or ""))
        gained = [plain(piece) for piece in _SENTENCE_END.split(value) if plain(piece)]
        for piece in (p for p in gained if p not in before):
            for tokens, field_names in field_of_section.items():
                if len(field_names) != 1 or field_names[0] in carried or field_names[0] == went_to:
                    continue
                left = field_names[0]
                own = str(held.fields.get(left) or "")
                if piece not in plain(own) or piece in sections.saved_content.get(tokens, piece):
                    continue
                carried[left] = _without(own, piece)
                explained[tokens] = plain(sections.written.get(tokens, "").replace(piece, ""))
    return explained


def _fits(text: str, parts: list[str]) -> bool:
    """Whether ``text`` is ``parts`` (a template line's words, split at its placeholders) with anything
    where each placeholder was: it starts with the first, ends with the last and has the others in
    order between. Found leftmost, one pass: a pattern of ``.*`` between the parts took minutes on a
    4,000-character line where a template line has five placeholders."""
    if len(parts) < 2:
        return text == "".join(parts)
    first, *middle, last = parts
    if not text.startswith(first) or not text.endswith(last) or len(text) < len(first) + len(last):
        return False
    at, end = len(first), len(text) - len(last)
    for part in middle:
        found = text.find(part, at, end)
        if found < 0:
            return False
        at = found + len(part)
    return True


def _without(text: str, piece: str) -> str:
    """``text`` with the words of ``piece`` taken out once, however its lines were broken."""
    pattern = r"\s+".join(re.escape(word) for word in piece.split())
    left = re.sub(pattern, "", text, count=1)
    lines = [" ".join(line.split()) for line in left.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _not_carried(
    draft: LetterDraft,
    sections: _Sections,
    recorded: dict[str, str],
    kept: set[str],
    moved_out: dict[tuple[str, ...], str],
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Each part of ``draft`` that says something else than the letter written from the record and
    that no recorded section read back explains: a section by its heading, and lines outside the
    sections (or under a heading that was changed) as "Elsewhere in the letter". Split in two: the
    changes, and the parts filled from the case as it stands now, which may be what changed."""
    read = {
        tokens
        for tokens, names in sections.names.items()
        if (fields := [n for n in names if n in read_back.FIELD_OF]) and all(n in recorded for n in fields)
    }
    changed: list[tuple[str, str]] = []
    unsure: list[tuple[str, str]] = []
    section_lines: set[str] = set()
    for section in sections.saved:
        tokens = _tokens(section)
        section_lines.update(plain(line) for line in section.lines)
        content = plain(section.content)
        if tokens in read or content in (sections.written.get(tokens), moved_out.get(tokens)):
            continue
        from_the_case = any(n not in kept for n in sections.names.get(tokens, []))
        (unsure if from_the_case else changed).append((section.heading or " ".join(tokens), section.content))
    lines_written = {plain(line) for line in sections.written_text.splitlines()}
    elsewhere = [
        line.strip()
        for line in draft.body.splitlines()
        if line.strip() and plain(line) not in lines_written and plain(line) not in section_lines
    ]
    # a line of the template filled from the case: what it said then is not kept
    case_lines = [
        _PLACEHOLDER.split(plain(line))
        for line in sections.template.splitlines()
        if any(n not in kept for n in placeholders_in(line))
    ]
    changed_lines = [line for line in elsewhere if not any(_fits(plain(line), parts) for parts in case_lines)]
    unsure_lines = [line for line in elsewhere if line not in changed_lines]
    if changed_lines:
        changed.append(("Elsewhere in the letter", "\n".join(changed_lines)))
    if unsure_lines:
        unsure.append(("Elsewhere in the letter", "\n".join(unsure_lines)))
    return changed, unsure


def action_of(held: PendingStep) -> Action | None:
    """The workspace action whose form records ``held``'s step."""
    return next((action for action, step in HELD_STEP_OF_ACTION.items() if step == held.step), None)


def prefill_from_discarded(
    form: forms.Form, complaint: Complaint, action: Action, again: str
) -> PendingStep | None:
    """Fill ``form`` with what was written for the discarded step ``again`` (its id, from the page's
    address) of ``complaint``, where it is a step of ``action``'s kind; the step, or ``None`` (and the
    form left as it was) for anything else: another complaint's, one not discarded, another kind."""
    number = posted_id(again)  # "²" was a server error (helper-120)
    if number is None:
        return None
    held = PendingStep.objects.filter(
        pk=number, complaint=complaint, state=PendingStep.State.DISCARDED
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
