"""Admin: templates and the letterhead are editable (the template's placeholders are validated);
issued letters can be read, never changed or deleted (2024 5.12); deliveries are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from putright.complaints.admin import ReadOnlyAdmin
from putright.letters.models import (
    IssuedLetter,
    LetterDelivery,
    LetterDraft,
    LetterheadSettings,
    LetterTemplate,
)


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ["kind", "title", "updated_at", "updated_by"]
    readonly_fields = ["kind", "updated_at", "updated_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LetterheadSettings)
class LetterheadSettingsAdmin(admin.ModelAdmin[LetterheadSettings]):
    list_display = ["__str__", "phone", "email", "signoff_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not LetterheadSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuedLetter)
class IssuedLetterAdmin(ReadOnlyAdmin[IssuedLetter]):
    """Issued letters: readable, never editable or deletable."""

    list_display = ["complaint", "kind", "title", "edition", "issued_at", "issued_by", "pdf_sha256"]
    list_filter = ["kind", "edition"]
    search_fields = ["complaint__reference", "title"]
    list_select_related = ["complaint", "issued_by"]
    exclude = ["rendered_html"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}


@admin.register(LetterDraft)
class LetterDraftAdmin(ReadOnlyAdmin[LetterDraft]):
    list_display = ["complaint", "kind", "title", "updated_at", "created_by"]
    search_fields = ["complaint__reference"]


@admin.register(LetterDelivery)
class LetterDeliveryAdmin(ReadOnlyAdmin[LetterDelivery]):
    list_display = ["letter", "to", "provider", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "provider"]
