"""Render Django form fields as GOV.UK Frontend components, and show working days the Code's way.

``{% govuk_field form.name %}`` picks the component from the widget (text input, textarea, select,
radios, checkboxes, date) with its label, hint and error message; ``{% govuk_error_summary form %}``
lists the errors at the top of the page, linking to each field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils import timezone

register = template.Library()


def _kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.DateInput):
        return "date"
    return "input"


@register.simple_tag
def govuk_field(field: forms.BoundField, label_size: str = "s", **options: Any) -> str:
    """One field as a GOV.UK form group. ``label_size`` is s, m, l or xl; a page's only question
    can pass ``as_heading=True`` to make its label the page heading."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    return render_to_string(
        f"web/forms/{_kind(field)}.html",
        {
            "field": field,
            "label_size": label_size,
            "input_type": input_type,
            "as_heading": options.get("as_heading", False),
            "classes": options.get("classes", ""),
            "autocomplete": options.get("autocomplete", ""),
            "choices": list(field.subwidgets) if _kind(field) in ("radios", "checkboxes") else [],
            "value": field.value() if field.value() is not None else "",
        },
    )


@register.inclusion_tag("web/forms/error_summary.html")
def govuk_error_summary(*forms_: forms.Form) -> dict[str, Any]:
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            errors.append({"href": "#main-content", "message": error})
        for field in form:
            for error in field.errors:
                errors.append({"href": f"#{field.id_for_label}", "message": error})
    return {"errors": errors}


@register.filter
def working_days_phrase(due: date | None, today: date | None = None) -> str:
    """ "due today", "due in 2 working days", "3 working days late" (England and Wales calendar
    with the landlord's closures)."""
    if due is None:
        return ""
    from putright.complaints.rules import landlord_rules

    today = today or timezone.localdate()
    days = landlord_rules().calendar.working_days_between(today, due)
    if due == today or (days == 0 and due > today):
        return "due today" if due == today else "due next working day"
    if due > today:
        return f"due in {days} working day{'s' if days != 1 else ''}"
    late = -days
    if late == 0:
        return "due today"
    return f"{late} working day{'s' if late != 1 else ''} late"


@register.filter
def due_class(due: date | None) -> str:
    if due is None:
        return ""
    from putright.complaints.rules import landlord_rules

    days = landlord_rules().calendar.working_days_between(timezone.localdate(), due)
    if due < timezone.localdate():
        return "putright-due--late"
    if days <= 2:
        return "putright-due--soon"
    return ""


@register.filter
def pounds(pence: int | None) -> str:
    if not pence:
        return "£0.00"
    return f"£{pence / 100:,.2f}"
