"""Your account: API tokens (named, expiring, revocable) and the second factor."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.accounts.models import User
from putright.accounts.services import create_api_token, revoke_api_token, tokens_visible_to
from putright.workspace.views import staff_required

LIFETIMES = [(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "1 year")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use it, so you recognise it later, e.g. “Housing management system”",
        error_messages={"required": "Enter a name for the token"},
    )
    days = forms.TypedChoiceField(label="Lasts for", choices=(), coerce=int, initial=90)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        longest = settings.PUTRIGHT_API_TOKEN_MAX_DAYS
        self.fields["days"].choices = [(d, label) for d, label in LIFETIMES if d <= longest]  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@staff_required
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    created = ""
    if request.method == "POST" and form.is_valid():
        created, _token = create_api_token(user, form.cleaned_data["name"], days=form.cleaned_data["days"])
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens_visible_to(user).order_by("-created")[:200],
            "two_factor": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "two_factor_required": settings.PUTRIGHT_REQUIRE_TWO_FACTOR,
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(tokens_visible_to(user), pk=pk)
    if token.user_id != user.pk and not (user.is_superuser or user.role == "administrator"):
        raise PermissionDenied
    revoke_api_token(token, by=user)
    messages.success(
        request, f"The token “{token.name or token.prefix}” has been revoked: it no longer works."
    )
    return redirect("accounts:account")
