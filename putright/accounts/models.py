"""Staff accounts: the people who handle complaints and their teams, and API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Team(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Roles in the Code's words (2024 4.1, 9.7, 9.8)."""

    COMPLAINTS_OFFICER = "complaints_officer", "Complaints officer"
    COMPLAINT_HANDLER = "complaint_handler", "Complaint handler"
    MANAGER = "manager", "Manager"
    MEMBER_RESPONSIBLE_FOR_COMPLAINTS = (
        "member_responsible_for_complaints",
        "Member Responsible for Complaints (MRC)",
    )
    GOVERNING_BODY_READER = "governing_body_reader", "Governing body (read only)"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    role = models.CharField(max_length=40, choices=Role.choices, default=Role.COMPLAINT_HANDLER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.PUTRIGHT_API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the REST API. Only the SHA-256 of the token is stored; the plaintext is
    shown once when it is created. Looking one up is a single indexed query, no password hashing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, db_index=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="First characters, for recognising it")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(default=default_token_expiry)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'}) for {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        return "Active" if self.expires_at > timezone.now() else "Expired"
