"""Staff pages for letters: write a letter with the live Code check, issue it, download what was
issued, retry a failed email; and (for administrators) edit the templates and the letterhead.

Every page works without JavaScript: the Code check is server-rendered when the handler presses
"Check the letter", and issuing is refused on the server whatever the browser sends.
"""

from __future__ import annotations

import csv
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from putright.access.log import How, What, record_access
from putright.access.policy import can_act_on_complaint, can_view_complaint, edits_letter_templates, scope
from putright.accounts.models import User
from putright.code.errors import CodeViolation, LifecycleError
from putright.code.letters import KIND_DESCRIPTIONS, LetterKind, letter_kinds, parse_kind, required_elements
from putright.code.lifecycle import Action
from putright.complaints.models import Complaint, Format
from putright.complaints.rules import landlord_rules
from putright.complaints.services import STEP_LABELS
from putright.letters import posting, second_letter, services
from putright.letters.check import CheckResult
from putright.letters.models import (
    IssuedLetter,
    LetterDelivery,
    LetterDraft,
    LetterheadSettings,
    LetterPosting,
    kind_name,
)
from putright.letters.placeholders import PLACEHOLDERS, TemplateError, blanks_left, problems, spreadsheet_safe
from putright.letters.templatetags.letters import how_sent
from putright.web.dates import DateInputField
from putright.web.next_page import go_next, next_path
from putright.web.refusals import refusal as refusal_of
from putright.web.widgets import Textarea
from putright.workspace.actions import HELD_STEP_OF_ACTION, field_of
from putright.workspace.selectors import case_view

logger = logging.getLogger(__name__)

BODY_ROWS = 28


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _complaint(request: HttpRequest, reference: str, *, act: bool = False) -> Complaint:
    """The complaint, if the policy lets the person see it (404 otherwise) and, with ``act``, draft
    and issue its letters (403 otherwise)."""
    user = _user(request)
    try:
        complaint = (
            scope(user).select_related("resident", "representative", "handler").get(reference=reference)
        )
    except Complaint.DoesNotExist:
        raise Http404("no such complaint") from None
    if not can_view_complaint(user, complaint):
        raise Http404("no such complaint")
    if act and not can_act_on_complaint(user, complaint):
        raise PermissionDenied("writing letters needs a complaint-handling role")
    return complaint


def _may_edit_templates(user: User) -> bool:
    return bool(edits_letter_templates(user))


def case_url(complaint: Complaint) -> str:
    return reverse("letters:case", args=[complaint.reference])


def _not_too_long(what: str) -> Callable[[str], None]:
    """The body's length, checked on the form so the text typed stays on the page. A validator, not
    ``max_length``: that sets the box's ``maxlength``, and the browser cuts a long paste short
    without a word."""

    def validate(body: str) -> None:
        problem = services.too_long(body, what)
        if problem:
            raise ValidationError(problem[0].upper() + problem[1:] + ".")

    return validate


#: GOV.UK's character count under a letter or template box: "You have 2,400 characters remaining"
#: once three quarters of the most a letter can have is used, "too many" past it, as the person types
#: or pastes. A count, never a limit: the browser cuts nothing short; the form's own check refuses
#: (helper-86: the error gave the total only, after the whole letter was sent)
_COUNTED = {
    "character_count": services.LETTER_MOST,
    "count_label": f"{services.LETTER_MOST:,}",
    "count_from": 75,
}


class LetterForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=300, help_text="The letter's heading and the email subject"
    )
    body = forms.CharField(
        label="Letter",
        widget=Textarea(attrs={"rows": BODY_ROWS, **_COUNTED}),
        validators=[_not_too_long("a letter")],
        help_text=(
            "Lines such as [6.9 g] mark the parts the Code requires: keep them, and write under each. "
            "Fill in every [enter ...] blank. The markers are not printed."
        ),
    )


def _format_notes(complaint: Complaint) -> list[str]:
    resident = complaint.resident
    notes: list[str] = []
    fmt = resident.preferred_format
    if fmt == Format.LARGE_PRINT or services.large_print(complaint):
        notes.append(f"Large print: the PDF and Word letter will be set in {16}pt.")
    elif fmt == Format.PLAIN_TEXT:
        notes.append("Plain text: the email will be plain text only, with the letter as a text file.")
    elif fmt not in services.PRODUCED_FORMATS:
        notes.append(
            f"{resident.get_preferred_format_display()}: PutRight does not produce this format. "
            "Arrange it before you send the letter (a reasonable adjustment)."
        )
    if resident.language:
        notes.append(f"Translation: the resident asked for letters in {resident.language}.")
    for adjustment in resident.reasonable_adjustments.all():
        notes.append(f"Reasonable adjustment: {adjustment.adjustment}")
    representative = complaint.representative
    if representative is not None and not services.writes_to_representative(complaint):
        notes.append(
            f"Addressed to {resident.name}, not to {representative.name}: no consent is recorded for "
            f"{representative.name} to act for them (2024 3.6), so the letter would tell the complaint "
            "to someone the resident may not have chosen. Record the resident's consent on the case "
            "page and the letter goes to their representative."
        )
    elif representative is not None and (consented := representative.consent_recorded_on) is not None:
        notes.append(
            f"Addressed to {representative.name}, the resident's representative (consent recorded "
            f"{consented.day} {consented:%B %Y})."
        )
    if printed := services.not_emailed_because(complaint):
        notes.append(printed)
    return notes


def _blanks_to_fill_in(blanks: list[str], result: CheckResult | None) -> list[str]:
    """The blanks the page names ("Fill in [enter the decision]"), each once: not those that are all
    a missing element's section holds, which the element's own "add the decision" already names (the
    page said both, for one section)."""
    said: Counter[str] = (
        Counter(blank for e in result.blocking for blank in e.blanks) if result else Counter()
    )
    named: list[str] = []
    for blank in blanks:
        if said[blank]:
            said[blank] -= 1
        else:
            named.append(blank)
    return list(dict.fromkeys(named))


def _page(
    request: HttpRequest,
    complaint: Complaint,
    kind: LetterKind,
    form: LetterForm,
    *,
    draft: LetterDraft | None,
    result: CheckResult | None,
    refusal: LifecycleError | None = None,
    status: int = 200,
) -> HttpResponse:
    # the body as posted, unless too long to take: read only to be refused (a 2.5 MB body cost more
    # than half a minute here after the form had already said it was too long)
    posted = form.data.get("body", "") if form.is_bound else ""
    posted = "" if services.too_long(posted) else posted
    blanks = blanks_left(posted)
    # what issuing would still refuse though the Code check passes, said before Issue is pressed
    problems = services.record_problems(draft) if draft is not None and refusal is None else []
    return render(
        request,
        "letters/draft.html",
        {
            "nav_section": "queue",
            "complaint": complaint,
            "kind": kind,
            "kind_name": kind_name(kind.value),
            "kind_description": KIND_DESCRIPTIONS[kind],
            "form": form,
            "draft": draft,
            "result": result,
            "blanks": _blanks_to_fill_in(blanks, result),
            "can_issue": bool(result and result.can_issue and not blanks and draft and not problems),
            "record_problems": problems,
            # a last day to ask for stage 2 written on the day the letter was drafted: issuing counts
            # it again from the day it is issued (the landlord's window), said before Issue is pressed
            "escalation_date": (
                services.escalation_by_as_issued(draft, today=timezone.localdate())
                if draft is not None and refusal is None
                else None
            ),
            # a letter that would tell the resident of its step a second time: said, not refused
            "already_told": second_letter.already_told(draft) if draft is not None and not problems else [],
            # sums the letter names that no remedy on the record is for (2024 7.3): asked, not refused
            "sums": services.sums_to_ask(complaint, kind, posted),
            "refusal": refusal,
            # under the summary's own "This letter cannot be issued", the reasons alone
            "refusal_words": refusal.detail.removeprefix("the letter cannot be issued: ") if refusal else "",
            # the check's refusal names each element's provision itself
            "refusal_from_check": bool(
                refusal and refusal.detail.startswith("the letter cannot be issued: ")
            ),
            "format_notes": _format_notes(complaint),
            "required": required_elements(
                kind, complaint.edition, stage=services.letter_stage(complaint, kind)
            )
            if kind.value != "stage3-response" or complaint.edition == "2022"
            else (),
        },
        status=status,
    )


@login_required
def case_letters(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference)
    record_access(request, complaint_id=complaint.pk, what=What.LETTERS_LIST)
    return render(
        request,
        "letters/case.html",
        {
            "nav_section": "queue",
            "complaint": complaint,
            "kinds": _kinds(complaint),
            "can_act": can_act_on_complaint(_user(request), complaint),
        },
    )


def _kinds(complaint: Complaint) -> list[tuple[str, str, str]]:
    return [(k.value, kind_name(k.value), KIND_DESCRIPTIONS[k]) for k in letter_kinds(complaint.edition)]


@login_required
def new_letter(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(request, reference, act=True)
    raw_kind = request.GET.get("kind") or request.POST.get("kind")
    if not raw_kind:
        return render(
            request,
            "letters/choose.html",
            {"nav_section": "queue", "complaint": complaint, "kinds": _kinds(complaint)},
        )
    try:
        kind = parse_kind(raw_kind)
    except LookupError:
        raise Http404("no such kind of letter") from None
    if kind not in letter_kinds(complaint.edition):
        raise Http404(f"the {complaint.edition} Code has no such letter")
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid():
            try:
                draft = services.start_draft(
                    complaint=complaint,
                    kind=kind,
                    actor=_user(request),
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data["title"],
                )
            except LifecycleError as error:
                return _page(
                    request, complaint, kind, form, draft=None, result=None, refusal=error, status=422
                )
            return redirect("letters:draft", reference=complaint.reference, draft_id=draft.pk)
        return _page(request, complaint, kind, form, draft=None, result=None, status=422)
    title, body = services.preview_body(complaint=complaint, kind=kind)
    form = LetterForm(initial={"title": title, "body": body})
    result = services.check_text(complaint=complaint, kind=kind.value, body=body)
    return _page(request, complaint, kind, form, draft=None, result=result)


@login_required
def draft_letter(request: HttpRequest, reference: str, draft_id: int) -> HttpResponse:
    complaint = _complaint(request, reference, act=True)
    draft = get_object_or_404(LetterDraft, pk=draft_id, complaint=complaint)
    record_access(request, complaint_id=complaint.pk, what=What.DRAFT, object_id=draft.pk)
    issued = IssuedLetter.objects.filter(draft=draft).first()
    if issued is not None:
        messages.info(request, "This letter has been issued.")
        return redirect(case_url(complaint))
    kind = parse_kind(draft.kind)
    if request.method != "POST":
        form = LetterForm(data={"title": draft.title, "body": draft.body})
        form.is_valid()
        return _page(request, complaint, kind, form, draft=draft, result=services.check_draft(draft))
    form = LetterForm(request.POST)
    if not form.is_valid():
        return _page(request, complaint, kind, form, draft=draft, result=None, status=422)
    try:
        services.update_draft(
            draft=draft,
            body=form.cleaned_data["body"],
            title=form.cleaned_data["title"],
            actor=_user(request),
        )
    except LifecycleError as error:
        return _page(request, complaint, kind, form, draft=draft, result=None, refusal=error, status=422)
    result = services.check_draft(draft)
    if request.POST.get("action") != "issue":
        return _page(request, complaint, kind, form, draft=draft, result=result)
    try:
        letter = services.issue_letter(draft=draft, actor=_user(request))
    except LifecycleError as error:
        return _page(request, complaint, kind, form, draft=draft, result=result, refusal=error, status=422)
    delivery = letter.deliveries.first()
    note = f" It will be emailed to {delivery.to}." if delivery is not None else " Print the PDF and post it."
    draft.refresh_from_db(fields=["pending_step"])
    if draft.pending_step is not None:
        # the letter is the step's: back to the case, where the step waits for the day its email is
        # sent (usually at once) or the day it is posted (printed)
        label = draft.pending_step.label
        messages.success(
            request,
            f"{letter.title}: letter issued.{note} The {label} counts from the day the email is sent, "
            "shown on the case page."
            if delivery is not None
            else f"{letter.title}: letter issued.{note} Then record the day it was posted, on the case "
            f"page: the {label} counts from that day.",
        )
        return redirect(reverse("workspace:case", args=[complaint.reference]))
    try:
        step_form = _step_it_tells_of(request, complaint, letter)
    except Exception:  # the letter is issued: where to go next must never hide that behind a 500
        logger.exception("could not tell which step letter %s tells of", letter.pk)
        step_form = None
    if step_form is not None:
        # issued before its step was recorded: on to the step, with this letter as how it was told
        action, label = step_form
        messages.warning(
            request,
            f"{letter.title}: letter issued.{note} It tells the resident of the {label}, which is not "
            "on the record yet: record it here, with this letter as how they were told.",
        )
        slug = action.value.replace("_", "-")
        return redirect(reverse("workspace:act", args=[complaint.reference, slug]) + f"?letter={letter.pk}")
    messages.success(request, f"{letter.title}: letter issued.{note}")
    return redirect(case_url(complaint))


def _step_it_tells_of(
    request: HttpRequest, complaint: Complaint, letter: IssuedLetter
) -> tuple[Action, str] | None:
    """The step open now that ``letter`` (issued for no step) tells the resident of, and its label."""
    stage = letter.stage or max(1, complaint.stage)
    telling = [
        (action, step)
        for action, step in HELD_STEP_OF_ACTION.items()
        if services.step_letter_kind_if_any(step, stage) == letter.kind
    ]
    if not telling:  # most letters tell of no step: no need to replay the complaint's history
        return None
    detail = case_view(reference=complaint.reference, user=_user(request), rules=landlord_rules())
    for action, step in telling:
        if action in detail.allowed_actions:
            return action, STEP_LABELS[step]
    return None


@login_required
@require_POST
def confirm_element(request: HttpRequest, reference: str, draft_id: int) -> HttpResponse:
    """A person confirms the sentence the check relied on for an element it was unsure of."""
    complaint = _complaint(request, reference)
    draft = get_object_or_404(LetterDraft, pk=draft_id, complaint=complaint)
    try:
        confirmation = services.confirm_element(
            draft=draft, element=request.POST.get("element", ""), actor=_user(request)
        )
    except LifecycleError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, f"Confirmed: “{confirmation.evidence}”")
    return redirect("letters:draft", reference=complaint.reference, draft_id=draft.pk)


def _stored_file(request: HttpRequest, letter_id: int, which: str) -> HttpResponse:
    letter = get_object_or_404(IssuedLetter.objects.select_related("complaint"), pk=letter_id)
    if not can_view_complaint(_user(request), letter.complaint):
        raise Http404("no such letter")
    record_access(
        request, complaint_id=letter.complaint_id, what=What.LETTER, how=How.DOWNLOADED, object_id=letter.pk
    )
    try:
        data = services.verify_file(letter, which)
    except OSError as error:
        return HttpResponse(str(error), status=500, content_type="text/plain; charset=utf-8")
    types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response = HttpResponse(data, content_type=types[which])
    name = f"{letter.complaint.reference}-{letter.kind}-{letter.issued_at:%Y%m%d}.{which}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-SHA256"] = letter.pdf_sha256 if which == "pdf" else letter.docx_sha256
    return response


@login_required
def issued_pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    return _stored_file(request, letter_id, "pdf")


@login_required
def issued_docx(request: HttpRequest, letter_id: int) -> HttpResponse:
    return _stored_file(request, letter_id, "docx")


@login_required
@require_POST
def retry_delivery(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(LetterDelivery.objects.select_related("letter__complaint"), pk=delivery_id)
    complaint = delivery.letter.complaint
    if not can_view_complaint(_user(request), complaint):
        raise Http404("no such email")
    if not can_act_on_complaint(_user(request), complaint):
        raise PermissionDenied("sending letters needs a complaint-handling role")
    try:
        services.retry_delivery(delivery=delivery)
    except LifecycleError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, f"Sending the email to {delivery.to} again.")
    return go_next(request, request.POST.get("next", ""), case_url(complaint))


#: where a refusal of the day a letter was sent belongs on its form (``field_of``): the day before
#: the letter was issued, in the future, or before the step it follows; a late record's reason
SENT_ERROR_FIELDS = (
    ("", "cannot have been sent before", "sent_on"),
    ("", "in the future", "sent_on"),
    ("", "before the step it follows", "sent_on"),
    ("", "recorded late", "late_reason"),
)


class SentForm(forms.Form):
    """The day a letter was posted or handed over, in the GOV.UK day, month and year boxes (or one
    ISO date), how, and why it is recorded late if it is."""

    sent_on = DateInputField(label="The day the letter was posted or handed over", past=True)
    how = forms.ChoiceField(
        label="How",
        choices=LetterPosting.How.choices,
        initial=LetterPosting.How.POST,
        required=False,  # posted, unless it says handed over
        widget=forms.RadioSelect,
    )
    late_reason = forms.CharField(
        label="Why it is being recorded late",
        required=False,
        max_length=2000,
        widget=Textarea(attrs={"rows": 2}),
        help_text="Needed if it was sent more than 2 working days ago, or a deadline it met has passed "
        "since (2024 5.12)",
    )

    def clean_how(self) -> str:
        return str(self.cleaned_data.get("how") or LetterPosting.How.POST)


@login_required
@require_http_methods(["GET", "POST"])
def record_sent(request: HttpRequest, letter_id: int) -> HttpResponse:
    """The day a printed letter (or one whose email could not be sent) was posted or handed over
    (2024 5.12): the step it tells the resident of counts from that day. For a letter whose email
    was sent, with no day, the step is recorded as told that day, with the reason if it is late.
    A bad date or a refusal is shown on this door's own page with what was typed; nothing is
    recorded."""
    letter = get_object_or_404(IssuedLetter.objects.select_related("complaint"), pk=letter_id)
    complaint = letter.complaint
    if not can_view_complaint(_user(request), complaint):
        raise Http404("no such letter")
    if not can_act_on_complaint(_user(request), complaint):
        raise PermissionDenied("recording letters sent needs a complaint-handling role")
    wanted = request.POST.get("next", "") or request.GET.get("next", "")
    if request.method == "GET":
        return _sent_page(request, letter, SentForm(initial={"sent_on": timezone.localdate()}), wanted)
    form = None
    # no day typed: the step its sent email told of ("email", the held step's button)
    sent_on, how, late_reason = (
        None,
        request.POST.get("how", "email"),
        request.POST.get("late_reason", "")[:2000],
    )
    if any(name.startswith("sent_on") for name in request.POST):
        # a day was typed: the day it was posted or handed over
        form = SentForm(request.POST)
        if not form.is_valid():
            return _sent_page(request, letter, form, wanted, status=422)
        sent_on, how, late_reason = (form.cleaned_data[k] for k in ("sent_on", "how", "late_reason"))
    try:
        done = posting.record_told(
            letter=letter, sent_on=sent_on, how=how, actor=_user(request), late_reason=late_reason
        )
    except LifecycleError as error:
        refusal = refusal_of(error)
        if form is None:
            messages.error(request, refusal)
            return go_next(request, wanted, case_url(complaint))
        # at the field it is about, as the step pages place the core's refusals, so the day typed is
        # marked beside the error (it was in the summary only: found in a browser walk)
        form.add_error(field_of(error, SENT_ERROR_FIELDS, form), refusal)
        return _sent_page(request, letter, form, wanted, status=422)
    messages.success(request, done)
    given = letter.response_date_given
    if given is not None and sent_on is not None and sent_on > given:
        messages.warning(
            request,
            f"It told the resident to expect the response by {given:%-d %B %Y}, a day that had passed when it "
            "was sent: the case shows the promise as passed. Tell the resident when they will now hear from us.",
        )
    return go_next(request, wanted, case_url(complaint))


def _sent_page(
    request: HttpRequest, letter: IssuedLetter, form: SentForm, wanted: str, *, status: int = 200
) -> HttpResponse:
    back = next_path(request, wanted, case_url(letter.complaint))
    waiting = posting.step_waiting_for(letter)
    context = {
        "letter": letter,
        "complaint": letter.complaint,
        "form": form,
        "next": back,
        "counts_for": waiting.label if waiting is not None else "",
        "emailed_on": posting.emailed_on(letter),
        "dead_step": services.dead_step_of(letter),
    }
    return render(request, "letters/sent.html", context, status=status)


@login_required
def letters_csv(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's issued letters as CSV: every cell safe to open in a spreadsheet."""
    complaint = _complaint(request, reference)
    record_access(request, complaint_id=complaint.pk, what=What.LETTERS_LIST, how=How.DOWNLOADED)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{complaint.reference}-letters.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "reference",
            "resident",
            "addressee",
            "kind",
            "title",
            "issued_at",
            "issued_by",
            "email",
            "pdf_sha256",
            # whether, how and when the resident was sent it (2024 5.12): a step it tells of
            # counts from sent_on, not issued_at
            "how_sent",
            "sent_on",
            "response_date_given",
            # the elements the check was unsure of that a person confirmed, by whom and when
            "confirmed_by_a_person",
        ]
    )
    letters = (
        IssuedLetter.objects.filter(complaint=complaint)
        .select_related("issued_by", "posting", "draft__pending_step")
        .prefetch_related("deliveries")
        .order_by("issued_at", "id")
    )
    for letter in letters:
        delivery = max(letter.deliveries.all(), key=lambda d: d.pk, default=None)
        sent_on = posting.told_on_loaded(letter)
        writer.writerow(
            [
                spreadsheet_safe(v)
                for v in (
                    complaint.reference,
                    complaint.resident.name,
                    letter.addressee,
                    letter.kind,
                    letter.title,
                    letter.issued_at.isoformat(),
                    str(letter.issued_by or ""),
                    delivery.status if delivery else "",
                    letter.pdf_sha256,
                    how_sent(letter),
                    sent_on.isoformat() if sent_on else "",
                    letter.response_date_given.isoformat() if letter.response_date_given else "",
                    "; ".join(f"{c['element']}: {c['by']}, {c['at']}" for c in letter.confirmed_elements),
                )
            ]
        )
    return response


# --- templates and letterhead (administrators) ---------------------------------------------------------


def _admin_only(request: HttpRequest) -> User:
    user = _user(request)
    if not _may_edit_templates(user):
        raise PermissionDenied("only administrators and managers can change letter templates")
    return user


class TemplateForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300)
    body = forms.CharField(
        label="Template",
        widget=Textarea(attrs={"rows": BODY_ROWS, **_COUNTED}),
        validators=[_not_too_long("a template")],
    )

    def _check(self, name: str) -> str:
        value: str = self.cleaned_data[name]
        found = problems(value)
        if found:
            raise ValidationError([p.message for p in found])
        return value

    def clean_title(self) -> str:
        return self._check("title")

    def clean_body(self) -> str:
        return self._check("body")


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    rows = []
    for kind in LetterKind:
        template = services.template_for(kind)
        rows.append((kind.value, kind_name(kind.value), KIND_DESCRIPTIONS[kind], template))
    return render(
        request,
        "letters/templates.html",
        {"nav_section": "admin", "rows": rows, "letterhead": LetterheadSettings.load()},
    )


@login_required
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    user = _admin_only(request)
    try:
        chosen = parse_kind(kind)
    except LookupError:
        raise Http404("no such kind of letter") from None
    template = services.template_for(chosen)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "restore":
            services.restore_default_template(kind=chosen, actor=user)
            messages.success(request, f"{kind_name(chosen.value)}: the default template is restored.")
            return redirect("letters:template", kind=chosen.value)
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                services.save_template(
                    kind=chosen, title=form.cleaned_data["title"], body=form.cleaned_data["body"], actor=user
                )
            except (TemplateError, ValidationError) as error:
                form.add_error("body", str(error))
            else:
                messages.success(request, f"{kind_name(chosen.value)}: template saved.")
                return redirect("letters:template", kind=chosen.value)
        status = 422
    else:
        form = TemplateForm(initial={"title": template.title, "body": template.body})
    requirements: list[Any] = []
    for edition in ("2024", "2022"):
        if chosen in letter_kinds(edition):
            requirements.append((edition, required_elements(chosen, edition)))
    return render(
        request,
        "letters/template_edit.html",
        {
            "nav_section": "admin",
            "kind": chosen.value,
            "kind_name": kind_name(chosen.value),
            "description": KIND_DESCRIPTIONS[chosen],
            "form": form,
            "template": template,
            "placeholders": sorted(PLACEHOLDERS.items()),
            "requirements": requirements,
        },
        status=status,
    )


class LetterheadForm(forms.ModelForm[LetterheadSettings]):
    class Meta:
        model = LetterheadSettings
        fields = [
            "organisation_name",
            "address",
            "phone",
            "email",
            "website",
            "signoff_name",
            "signoff_role",
            "logo",
        ]
        widgets = {"address": Textarea(attrs={"rows": 5})}

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "read") and getattr(logo, "size", 0):
            if logo.size > 2 * 1024 * 1024:
                raise ValidationError("The logo must be smaller than 2 MB")
            head = logo.read(8)
            logo.seek(0)
            if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
                raise ValidationError("The logo must be a PNG or JPEG image")
        return logo


@login_required
def letterhead_edit(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    current = LetterheadSettings.load()
    if request.method == "POST":
        form = LetterheadForm(request.POST, request.FILES, instance=current)
        if form.is_valid():
            form.save()
            messages.success(
                request, "Letterhead saved. New letters will use it; issued letters keep theirs."
            )
            return redirect("letters:letterhead")
        status = 422
    else:
        form = LetterheadForm(instance=current)
        status = 200
    return render(
        request,
        "letters/letterhead.html",
        {"nav_section": "admin", "form": form, "letterhead": current},
        status=status,
    )


__all__ = ["CodeViolation"]
