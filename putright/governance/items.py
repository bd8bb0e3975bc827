"""The items a figure counts, when it counts something other than complaints (2024 9.7, 5.12).

"Remedies past their due date 33" counts remedies; its list holds the 28 complaints they are on. A
reader going from the figure to the list must see the 33, so each complaint in such a list shows the
items it was counted for (a remedy's kind, amount, due date and completion; an extension's stage,
days and dates; a referral's date and the Ombudsman's reference) and the list says "33 remedies on 28
complaints". The items are read in one query for a page of complaints, whatever its length.

What is shown here is for the MRC and the governing body too, who see anonymised summaries
(``putright.access.policy.summary_scope``): the structured facts only, never free text that may
carry a resident's words; the text (an extension's reason, a remedy's or learning point's
description) only for those who see the records (``words=True``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from putright.complaints.models import REMEDY_KIND_CHOICES, REMEDY_WITHDRAWAL_CHOICES, ComplaintEvent
from putright.governance.facts import AsAt
from putright.governance.measures import ON_AN_OMBUDSMAN_CASE, Period, extra_rows

#: what each figure of :data:`EXTRA_MEASURES` counts: (one, many)
NOUNS: dict[str, tuple[str, str]] = {
    "referred": ("referral", "referrals"),
    "extensions_1": ("extension", "extensions"),
    "extensions_2": ("extension", "extensions"),
    "extensions_good_reason": ("extension", "extensions"),
    "remedies": ("remedy", "remedies"),
    "remedies_financial": ("remedy", "remedies"),
    "remedies_amount_not_counted": ("remedy", "remedies"),
    "remedies_completed": ("remedy", "remedies"),
    "remedies_paid": ("remedy", "remedies"),
    "remedies_overdue": ("remedy", "remedies"),
    "remedies_withdrawn": ("remedy", "remedies"),
    "remedies_withdrawn_after_due": ("remedy", "remedies"),
    "remedies_below_defined_sum": ("offer", "offers"),
    "learning_points": ("learning point", "learning points"),
    "ombudsman_cases": ("Ombudsman case", "Ombudsman cases"),
    "ombudsman_referrals_unrecorded": ("referral", "referrals"),
    "ombudsman_adverse": ("finding", "findings"),
    "ombudsman_orders_due": ("order or recommendation", "orders and recommendations"),
    "ombudsman_orders_overdue": ("order", "orders"),
    "ombudsman_investigations_open": ("Ombudsman case", "Ombudsman cases"),
    "ombudsman_orders_complied": ("order", "orders"),
    "ombudsman_orders_complied_on_time": ("order", "orders"),
}

_KINDS = dict(REMEDY_KIND_CHOICES)
_WITHDRAWALS = dict(REMEDY_WITHDRAWAL_CHOICES)


def counted(measure: str, n: int) -> str:
    """``"33 remedies"``: ``n`` of what ``measure`` counts."""
    one, many = NOUNS[measure]
    return f"{n} {one if n == 1 else many}"


def heading(measure: str) -> str:
    """The list's column of items: "Remedies counted"."""
    return f"{NOUNS[measure][1][0].upper()}{NOUNS[measure][1][1:]} counted"


def total(measure: str, period: Period, as_at: AsAt) -> int:
    """How many items the figure counts (the figure's own value)."""
    return extra_rows(measure, period, as_at).count()


def items_for(
    measure: str, period: Period, as_at: AsAt, complaint_ids: Iterable[int], *, words: bool
) -> dict[int, list[str]]:
    """Each complaint's items counted by ``measure``, described, in one query."""
    rows = extra_rows(measure, period, as_at)
    on_a_case = measure in ON_AN_OMBUDSMAN_CASE
    column = "case__complaint_id" if on_a_case else "complaint_id"
    rows = rows.filter(**{f"{column}__in": list(complaint_ids)}).order_by("pk")
    if on_a_case:
        rows = rows.select_related("case")
    describe = _describer(measure)
    out: dict[int, list[str]] = {}
    for row in rows:
        cid = row.case.complaint_id if on_a_case else row.complaint_id
        out.setdefault(cid, []).append(describe(_values(row), words))
    return out


# --------------------------------------------------------------------------------------------------
# One item, from its projected row or its history event (as at a past moment)


def _values(row: Any) -> dict[str, Any]:
    """The row's fields by name: a history event's ``on`` and stored data, or a row's attributes
    (with the figures' own annotations: a remedy's ``amount``, ``due_on``, ``completed``...)."""
    if isinstance(row, ComplaintEvent):
        data = row.data if isinstance(row.data, dict) else {}
        return {**data, **{k: v for k, v in vars(row).items() if not k.startswith("_")}}
    return {k: v for k, v in vars(row).items() if not k.startswith("_")}


def _day(value: Any) -> str:
    """A date as "3 May 2026"; text that is not a date as it stands; "–" for none."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value or "–"
    return f"{value:%-d %b %Y}" if isinstance(value, date) else "–"


def _money(pence: Any) -> str:
    return f"£{pence / 100:,.2f}" if isinstance(pence, int) else "amount not readable"


def _text(words: bool, label: str, value: Any) -> str:
    return f"; {label}: {value}" if words and value else ""


def _referral(v: dict[str, Any], words: bool) -> str:
    reference = v.get("reference") or "no Ombudsman reference recorded"
    return f"Referred {_day(v.get('on'))}, Ombudsman reference {reference}"


def _extension(v: dict[str, Any], words: bool) -> str:
    beyond = "; beyond the Code's limit, on a recorded good reason" if v.get("good_reason") else ""
    return (
        f"Stage {v.get('stage')}: granted {_day(v.get('granted_on', v.get('on')))}, "
        f"{v.get('working_days')} working days, due {_day(v.get('previous_due'))} "
        f"moved to {_day(v.get('new_due'))}{beyond}{_text(words, 'reason', v.get('reason'))}"
    )


def _remedy(v: dict[str, Any], words: bool) -> str:
    kind = _KINDS.get(v.get("rkind") or "", v.get("rkind") or "kind not recorded")
    amount = f", {_money(v.get('amount'))}" if v.get("amount") else ""
    if v.get("amount") is None and v.get("amount_pence") not in (None, 0):  # history holding an odd value
        amount = f", amount not readable (recorded as {v['amount_pence']!r})"
    done = f"completed {_day(v['completed'])}" if v.get("completed") else "not completed"
    withdrawn = ""
    if v.get("withdrawn"):
        ground = _WITHDRAWALS.get(v.get("withdrawn_as") or "", v.get("withdrawn_as") or "")
        withdrawn = f"; withdrawn {_day(v['withdrawn'])}" + (f" ({ground})" if ground else "")
    return (
        f"Remedy {v.get('number')}: {kind}{amount}, agreed {_day(v.get('agreed_on', v.get('on')))}, "
        f"due {_day(v.get('due_on'))}, {done}{withdrawn}{_text(words, 'what', v.get('description'))}"
    )


def _offer(v: dict[str, Any], words: bool) -> str:
    return (
        f"Offered {_money(v.get('offered_pence'))} against the Ombudsman's defined sum "
        f"{_money(v.get('defined_pence'))}, decided {_day(v.get('decided_at'))}"
    )


def _learning_point(v: dict[str, Any], words: bool) -> str:
    return (
        f"Recorded {_day(v.get('created_at'))}, {str(v.get('status', '')).replace('_', ' ')}, "
        f"due {_day(v.get('due'))}{_text(words, 'learning', v.get('description'))}"
    )


def _case(v: dict[str, Any], words: bool) -> str:
    """A case with its progress as recorded by the figure's moment (``progress_as_recorded``), never
    as it stands today beside a figure of an earlier moment (2024 9.7 c)."""
    progress = v.get("progress_as_recorded", v.get("progress"))
    said = "progress then not known" if progress is None else str(progress).replace("_", " ")
    return f"{v.get('reference') or 'No Ombudsman reference'}: referred {_day(v.get('referred_on'))}, {said}"


def _finding(v: dict[str, Any], words: bool) -> str:
    handling = " (complaint handling)" if v.get("complaint_handling") else ""
    return (
        f"{str(v.get('finding', '')).replace('_', ' ').capitalize()}{handling}, determined "
        f"{_day(v.get('determined_on'))}{_text(words, 'element', v.get('element'))}"
    )


def _order(v: dict[str, Any], words: bool) -> str:
    amount = f", {_money(v.get('amount_pence'))}" if v.get("amount_pence") else ""
    # as recorded by the figure's moment (``complied_as_recorded``), never a date corrected since
    complied = v.get("complied_as_recorded", v.get("complied_on"))
    done = f"complied {_day(complied)}" if complied else "not complied with"
    what = _text(words, "what", v.get("description"))
    return f"{str(v.get('kind', '')).capitalize()}{amount}: due {_day(v.get('due'))}, {done}{what}"


def _describer(measure: str) -> Callable[[dict[str, Any], bool], str]:
    if measure in ("referred", "ombudsman_referrals_unrecorded"):
        return _referral
    if measure.startswith("extensions"):
        return _extension
    if measure == "remedies_below_defined_sum":
        return _offer
    if measure.startswith("remedies"):
        return _remedy
    if measure == "learning_points":
        return _learning_point
    if measure in ("ombudsman_cases", "ombudsman_investigations_open"):
        return _case
    if measure == "ombudsman_adverse":
        return _finding
    if measure.startswith("ombudsman_orders"):
        return _order
    raise KeyError(measure)
