"""Staff: messages in which dissatisfaction was heard, to consider as possible complaints (2024 1.3,
1.5, 1.6), with the phrases that triggered each flag, and the emails read from the mailbox."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from putright.access.log import record_listed
from putright.access.policy import handles_complaints, scope
from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.intake.models import DissatisfactionFlag, InboundEmail
from putright.intake.services import review_flag
from putright.web.widgets import Textarea


def highlight(text: str, phrases: list[str]) -> SafeString:
    """``text`` escaped, with each triggering phrase in ``<mark>``."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for phrase in phrases:
        start = lowered.find(phrase.lower())
        while start != -1 and phrase:
            spans.append((start, start + len(phrase)))
            start = lowered.find(phrase.lower(), start + len(phrase))
    spans.sort()
    out: list[str] = []
    position = 0
    for start, end in spans:
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(f'<mark class="putright-mark">{escape(text[start:end])}</mark>')
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


class ReviewForm(forms.Form):
    review = forms.ChoiceField(
        label="What is it?",
        choices=[
            (DissatisfactionFlag.Review.COMPLAINT, "A complaint: the resident wants it dealt with as one"),
            (DissatisfactionFlag.Review.NOT_A_COMPLAINT, "Not a complaint"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is a complaint"},
    )
    note = forms.CharField(label="Note", required=False, widget=Textarea(attrs={"rows": 2}), max_length=2000)


def _visible_flags(user: User) -> QuerySet[DissatisfactionFlag]:
    """Flags on complaints the person may see (restricted ones only by the people named, a handler's
    only on their own, their team's and the intake), and flags not joined to a complaint yet, which
    are intake for anyone who handles complaints. Residents' words: not for the MRC or the board."""
    if not handles_complaints(user):
        raise PermissionDenied("Possible complaints are for the people who handle complaints")
    return DissatisfactionFlag.objects.filter(
        Q(complaint__isnull=True) | Q(complaint__in=scope(user).values("pk"))
    )


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def flags(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    visible = _visible_flags(_user(request))
    queryset = visible.select_related("complaint", "complaint__resident", "reviewed_by")
    if show != "all":
        queryset = queryset.filter(review=DissatisfactionFlag.Review.OPEN)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    rows = [(flag, highlight(flag.text[:2000], list(flag.phrases))) for flag in page]
    emails = list(
        InboundEmail.objects.filter(
            Q(complaint__isnull=True) | Q(complaint__in=scope(_user(request)).values("pk"))
        ).select_related("complaint")[:10]
    )
    shown = {flag.complaint_id for flag, _ in rows} | {email.complaint_id for email in emails}
    record_listed(request, complaint_ids=[pk for pk in shown if pk is not None])
    return render(
        request,
        "intake/flags.html",
        {
            "nav_section": "triage",
            "rows": rows,
            "page": page,
            "show": show,
            "open_count": visible.filter(review=DissatisfactionFlag.Review.OPEN).count(),
            "emails": emails,
        },
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _visible_flags(_user(request)).filter(pk=pk).first()
    if flag is None:
        raise Http404("No such flag")
    form = ReviewForm(request.POST)
    if form.is_valid():
        user = _user(request)
        try:
            review_flag(
                flag=flag, actor=user, review=form.cleaned_data["review"], note=form.cleaned_data["note"]
            )
        except InvalidRequest as error:
            messages.error(request, str(getattr(error, "detail", "") or error))
        else:
            messages.success(request, "Flag reviewed")
    else:
        messages.error(request, "Select whether it is a complaint")
    return redirect("intake:flags")
