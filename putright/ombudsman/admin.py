"""Administrators keep the landlord's policies as dated versions here (the compensation policy with
its rates); the records of failures, decisions, files produced and template versions are read-only."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from putright.letters.models import LetterTemplateVersion
from putright.ombudsman.models import (
    CompensationRate,
    ComplaintFileProduced,
    FailureFound,
    PolicyVersion,
    RemedyDecision,
)


class CompensationRateInline(admin.TabularInline[CompensationRate, PolicyVersion]):
    model = CompensationRate
    extra = 1


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin[PolicyVersion]):
    list_display = ("title", "kind", "version", "effective_from", "recorded_at")
    list_filter = ("kind",)
    readonly_fields = ("document_sha256", "recorded_by", "recorded_at")
    inlines = [CompensationRateInline]

    def save_model(self, request: HttpRequest, obj: PolicyVersion, form: Any, change: bool) -> None:
        if obj.document and "document" in form.changed_data:
            obj.document.seek(0)
            obj.document_sha256 = hashlib.sha256(obj.document.read()).hexdigest()
            obj.document.seek(0)
        if not change:
            obj.recorded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FailureFound)
class FailureFoundAdmin(ReadOnly):
    list_display = ("complaint", "number", "kind", "started_on", "ended_on", "days", "count")


@admin.register(RemedyDecision)
class RemedyDecisionAdmin(ReadOnly):
    list_display = ("complaint", "failure", "decision", "proposed_pence", "defined_pence", "offered_pence")


@admin.register(ComplaintFileProduced)
class ComplaintFileProducedAdmin(ReadOnly):
    list_display = ("complaint", "produced_at", "produced_by", "pages", "staff_notes_included")


@admin.register(LetterTemplateVersion)
class LetterTemplateVersionAdmin(ReadOnly):
    list_display = ("kind", "saved_at", "saved_by")
    list_filter = ("kind",)
