"""Admin: reference data is editable; complaints are read here and changed only through services,
so every change is an event. The history (events) and projections are read-only."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from putright.complaints.models import (
    Category,
    ClosureDay,
    Complaint,
    ComplaintEvent,
    ContactRestriction,
    Landlord,
    Property,
    ReasonableAdjustment,
    Representative,
    Resident,
)

_M = TypeVar("_M", bound=Model)


@admin.register(Landlord)
class LandlordAdmin(admin.ModelAdmin[Landlord]):
    list_display = ["name", "homes", "edition", "third_stage", "escalation_window_working_days"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not Landlord.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin[ClosureDay]):
    list_display = ["date", "reason"]
    date_hierarchy = "date"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["name", "slug", "active"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Property)
class PropertyAdmin(admin.ModelAdmin[Property]):
    list_display = ["reference", "address_line_1", "postcode", "area"]
    search_fields = ["reference", "address_line_1", "postcode"]
    list_filter = ["area"]


class RepresentativeInline(admin.TabularInline[Representative, Resident]):
    model = Representative
    extra = 0


class ReasonableAdjustmentInline(admin.TabularInline[ReasonableAdjustment, Resident]):
    model = ReasonableAdjustment
    extra = 0


class ContactRestrictionInline(admin.TabularInline[ContactRestriction, Resident]):
    model = ContactRestriction
    extra = 0


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin[Resident]):
    list_display = ["name", "email", "phone", "property", "preferred_format"]
    search_fields = ["name", "email", "phone"]
    raw_id_fields = ["property"]
    inlines = [RepresentativeInline, ReasonableAdjustmentInline, ContactRestrictionInline]


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ComplaintEventInline(admin.TabularInline[ComplaintEvent, Complaint]):
    model = ComplaintEvent
    fields = ("sequence", "kind", "on", "actor_label", "reason", "provision", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["sequence"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin[Complaint]):
    list_display = ["reference", "resident", "state", "stage", "current_due", "handler", "received_on"]
    list_filter = ["state", "stage", "category", "channel", "edition"]
    search_fields = ["reference", "resident__name", "summary"]
    list_select_related = ["resident", "handler"]
    inlines = [ComplaintEventInline]


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyAdmin[ComplaintEvent]):
    """The history: readable, never editable (2024 5.12)."""

    list_display = ["complaint", "sequence", "kind", "on", "actor_label", "provision", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["complaint__reference"]
    list_select_related = ["complaint"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}
