"""Render Django form fields as GOV.UK Frontend components, and show working days the Code's way.

``{% govuk_field form.name %}`` picks the component from the widget (text input, textarea, select,
radios, checkboxes, date) with its label, hint and error message; ``{% govuk_error_summary form %}``
lists the errors at the top of the page, linking to each field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from putright.code.lifecycle import rule
from putright.web.dates import PARTS, DateInputWidget, date_parts, humanise_dates

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
    if isinstance(widget, DateInputWidget):
        return "date"
    return "input"


#: Django's own messages, and the GOV.UK wording that replaces them ({label} is the field's label)
DJANGO_DEFAULTS = {
    "This field is required.": "Enter {the_label}",
    "Enter a valid email address.": "Enter an email address in the correct format, like name@example.com",
    "Enter a valid date.": "{Label} must be a real date",
    "Enter a whole number.": "{Label} must be a number",
}


_BOUNDS = (
    (re.compile(r"Ensure this value is greater than or equal to (.+)\.$"), "{label} must be {0} or more"),
    (re.compile(r"Ensure this value is less than or equal to (.+)\.$"), "{label} must be {0} or less"),
    (
        re.compile(r"Ensure that there are no more than (\d+) decimal places?\.$"),
        "{label} must have {0} decimal places at most",
    ),
    (
        re.compile(r"Ensure that there are no more than (\d+) digits in total\.$"),
        "{label} must be {0} digits at most",
    ),
    (
        re.compile(r"Ensure that there are no more than (\d+) digits? before the decimal point\.$"),
        "{label} must have {0} digits before the decimal point at most",
    ),
    (
        re.compile(r"Ensure this value has at least (\d+) characters? .*$"),
        "{label} must be {0} characters or more",
    ),
)


def _bounds(text: str, label: str) -> str:
    """Django's "Ensure this value is greater than or equal to 0." in GOV.UK words: "Amount must be 0
    or more" (found on the remedy form in a walk)."""
    for pattern, words in _BOUNDS:
        found = pattern.match(text)
        if found:
            return words.format(found.group(1), label=label)
    return text


def govuk_messages(field: forms.BoundField) -> list[str]:
    """A field's errors in GOV.UK style: Django's defaults reworded with the field's label, and ISO
    dates written as "2 December 2026"."""
    label = str(field.label or field.name)
    choose = isinstance(field.field.widget, forms.RadioSelect | forms.Select | forms.CheckboxInput)
    found = []
    for error in field.errors:
        text = str(error)
        if text.startswith("Select a valid choice") or (text == "This field is required." and choose):
            # a question ("Who contacted us?") is not a noun: "Select the who contacted us?" read badly
            text = f"Select an answer to “{label}”" if label.endswith("?") else "Select {the_label}"
        text = _bounds(text, label)
        text = DJANGO_DEFAULTS.get(text, text)
        text = text.replace("{the_label}", f"the {label[0].lower()}{label[1:]}").replace("{Label}", label)
        if text.startswith("Ensure this value has at most"):
            text = f"{label} must be {text.split('at most ', 1)[1].split(' (', 1)[0]} or fewer"
        found.append(humanise_dates(text))
    return found


@register.simple_tag
def govuk_field(field: forms.BoundField, label_size: str = "s", **options: Any) -> str:
    """One field as a GOV.UK form group. ``label_size`` is s, m, l or xl; a page's only question
    can pass ``as_heading=True`` to make its label the page heading. Radios can pass
    ``reveal="value:field,field"``: the form's fields asked only when that answer is chosen, shown
    under it as a GOV.UK conditional reveal (all shown when JavaScript is off)."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    reveal_value, _, names = str(options.get("reveal", "")).partition(":")
    revealed = "".join(govuk_field(field.form[name.strip()]) for name in names.split(",") if name.strip())
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
            "errors": govuk_messages(field),
            "parts": _date_parts(field) if _kind(field) == "date" else [],
            "reveal_value": reveal_value if revealed else "",
            "revealed": mark_safe(revealed),  # noqa: S308 - fields rendered by these templates
        },
    )


def _date_parts(field: forms.BoundField) -> list[dict[str, str]]:
    typed = date_parts(field.value())
    base = field.id_for_label
    return [
        {
            "name": name,
            "label": name.capitalize(),
            "value": value,
            "id": base if name == "day" else f"{base}-{name}",
        }
        for name, value in zip(PARTS, typed, strict=True)
    ]


@register.inclusion_tag("web/forms/error_summary.html")
def govuk_error_summary(*forms_: forms.Form, problems: str = "main-content") -> dict[str, Any]:
    """The GOV.UK error summary of ``forms_``: each field's errors linked to the field, and the
    problems that are no one field's linked to ``problems``, the id of where the page says them
    (a form far down a long page says them above itself; otherwise the top of the page)."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            errors.append({"href": f"#{problems}", "message": humanise_dates(str(error))})
        for field in form:
            for message in govuk_messages(field):
                errors.append({"href": f"#{_anchor(field)}", "message": message})
    return {"errors": errors}


def _anchor(field: forms.BoundField) -> str:
    """Where the error summary's link moves focus. A group of radios or checkboxes has no one label
    (Django gives it none, and the link was ``#``, going nowhere): its first option, as GOV.UK does."""
    if field.id_for_label:
        return str(field.id_for_label)
    first = next(iter(field.subwidgets), None)
    return str(first.id_for_label) if first is not None and first.id_for_label else str(field.auto_id)


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
def code_rule(edition: str, name: str) -> str:
    """The provision a named rule is in the complaint's own edition: ``{{ case.edition|code_rule:"record" }}``
    gives "2024 5.12", or "2022 4.15" for a complaint under the 2022 Code (``putright.code.lifecycle.rule``)."""
    return rule(edition, name)


@register.filter
def sentence(text: str) -> str:
    """``text`` as a sentence on a page: a capital first, a full stop last unless it ends in one
    ("Give a working day up to then" read unfinished, found in a browser walk)."""
    text = str(text).strip()
    if not text:
        return text
    ending = "" if text[-1] in '.!?:\u201d")' else "."
    return text[:1].upper() + text[1:] + ending


@register.filter(name="clause")
def clause_filter(text: str) -> str:
    """``{{ remedy.description|clause }}, due ...``: without the full stop typed at its end
    (``putright.complaints.wording.clause``)."""
    from putright.complaints.wording import clause

    return clause(text)


@register.filter(name="remedy_words")
def remedy_words_filter(description: str, amount_pence: int | None) -> str:
    """``{{ remedy.description|remedy_words:remedy.amount_pence }}: Done``: without its full stop, and
    its sum once (``putright.complaints.wording.remedy_words``)."""
    from putright.complaints.wording import remedy_words

    return remedy_words(description, amount_pence or 0)


@register.filter
def pounds(pence: int | None) -> str:
    if not pence:
        return "£0.00"
    return f"£{pence / 100:,.2f}"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or None (for dicts the view passes keyed by id)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("web/_export_links.html", takes_context=True)
def export_links(context: Any, what: str = "this list") -> dict[str, Any]:
    """ "Download this list: CSV, Excel" for the page as it stands (same filters, same person)."""
    from putright.web.exports import export_links as links

    request = context.get("request")
    return {"links": links(request) if request is not None else {}, "what": what}


@register.filter
def needing_attention_first(messages: Any) -> list[Any]:
    """The page's messages with what needs the person's attention (a warning, an error) before what
    was done: the first banner takes the focus, and a screen reader announced the green "Done" and
    never the warning after it ("the text kept as sent does not set out...": found in a browser walk)."""
    return sorted(messages, key=lambda message: message.level_tag == "success")
