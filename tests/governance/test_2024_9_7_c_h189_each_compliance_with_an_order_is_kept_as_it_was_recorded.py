"""2024 9.7 c (the governing body is told of the Ombudsman's orders and compliance with them): the
compliance with an order could be recorded again over the earlier one with no trace. Only the later
record's moment remained, so a report taken as at a moment in between, re-run for its own moment,
lost the compliance it had shown (its figures changed after it was given), and a date of compliance
corrected left no trace of what had been recorded, nor who changed it, nor why. Each recording is now
kept (who, when, and why when a date already recorded is changed); the orders complied with (on time)
as at a moment read what was recorded by then: never more compliance than was recorded then, and
never a date corrected since."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    _marked_in_error,
    _summary,
    ombudsman_case,  # noqa: F401 (a fixture)
)
from governance.test_2024_9_7_c_h181_the_mrc_report_lists_the_orders_outstanding_at_its_date import (
    _orders_in_the_word_document,
)

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.facts import AsAt
from putright.governance.items import items_for
from putright.governance.measures import Period, ombudsman_summary
from putright.governance.models import OmbudsmanCase, OmbudsmanOrder, OrderCompliance
from putright.governance.performance import Scope

pytestmark = pytest.mark.django_db

YEAR = Period.reporting_year(2025)
QUARTER = Period.quarter(2025, 3)
DUE = date(2025, 12, 1)
ON_TIME, LATE = date(2025, 11, 20), date(2025, 12, 15)
CORRECTED = "The bank's remittance shows the payment reached the resident on 15 December"


def _order(case: OmbudsmanCase, officer) -> OmbudsmanOrder:  # type: ignore[no-untyped-def]
    return services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £400", due=DUE
    )


def _complied(
    order: OmbudsmanOrder, officer, on: date, reason: str = "", evidence: str = "Paid by BACS."
) -> None:  # type: ignore[no-untyped-def]
    services.record_order_compliance(
        order=order, actor=officer, complied_on=on, evidence_text=evidence, reason=reason
    )


def _history(order: OmbudsmanOrder) -> list[tuple[object, ...]]:
    return list(
        order.compliance_history.order_by("recorded_at", "id").values_list(
            "complied_on", "evidence", "reason", "recorded_by", "before_history"
        )
    )


def _complied_figures(as_at: AsAt) -> tuple[int, int]:
    summary = ombudsman_summary(YEAR, as_at)
    return summary["orders_complied"], summary["orders_complied_on_time"]


def test_2024_9_7_c_each_compliance_recorded_is_kept_with_who_recorded_it_when_and_why(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME)
    _complied(order, officer, LATE, reason=CORRECTED, evidence="Paid by BACS; remittance attached.")
    assert _history(order) == [
        (ON_TIME, "Paid by BACS.", "", officer.pk, False),
        (LATE, "Paid by BACS; remittance attached.", CORRECTED, officer.pk, False),
    ]
    order.refresh_from_db()  # the order's own columns are the latest
    assert (order.complied_on, order.evidence) == (LATE, "Paid by BACS; remittance attached.")


def test_2024_9_7_c_a_date_of_compliance_changed_without_a_reason_is_refused_and_nothing_lost(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME)
    with pytest.raises(InvalidRequest) as refused:
        _complied(order, officer, LATE)
    assert refused.value.provision == "2024 9.7"
    assert refused.value.fields == (
        ("reason", "Say why the date the order was complied with, recorded as 20 November 2025, is changed"),
    )
    order.refresh_from_db()
    assert order.complied_on == ON_TIME and len(_history(order)) == 1
    # not over-enforced: the same date again, with more evidence, needs no reason (and is kept)
    _complied(order, officer, ON_TIME, evidence="Paid by BACS; remittance attached.")
    assert [row[:3] for row in _history(order)] == [
        (ON_TIME, "Paid by BACS.", ""),
        (ON_TIME, "Paid by BACS; remittance attached.", ""),
    ]


def test_2024_9_7_c_orders_complied_with_as_at_a_past_moment_read_what_was_recorded_then(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """The MRC was told at the quarter's end that the order was complied with, on time; the date was
    corrected since to a day after it was due. The report re-run for its own moment still says what
    the MRC was told; as the records stand now it was complied with late."""
    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME)
    told = AsAt(day=QUARTER.end, moment=timezone.now())
    _complied(order, officer, LATE, reason=CORRECTED)
    assert _complied_figures(told) == (1, 1)
    assert _complied_figures(AsAt.of(QUARTER.end)) == (1, 0)
    [(_, _, complied, evidence)] = _orders_in_the_word_document(Scope(QUARTER, told), officer)
    assert (complied, evidence) == ("20 Nov 2025", "Paid by BACS.")


def test_2024_9_7_c_a_past_report_never_shows_more_compliance_than_was_recorded_then(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """Recorded as complied with late, then corrected to on time: the report of a moment before the
    correction says late; one before any compliance was recorded says none."""
    order = _order(ombudsman_case, officer)
    before = AsAt(day=QUARTER.end, moment=timezone.now())
    _complied(order, officer, LATE)
    late = AsAt(day=QUARTER.end, moment=timezone.now())
    _complied(
        order, officer, ON_TIME, reason="The payment was made on 20 November; 15 December was the receipt"
    )
    assert _complied_figures(before) == (0, 0)
    assert _complied_figures(late) == (1, 0)
    assert _complied_figures(AsAt.of(QUARTER.end)) == (1, 1)
    # the list behind a past figure names the day then recorded, not the one corrected since
    [said] = items_for("ombudsman_orders_complied", YEAR, late, [ombudsman_case.complaint_id], words=False)[
        ombudsman_case.complaint_id
    ]
    assert "complied 15 Dec 2025" in said


def test_2024_9_7_c_compliance_recorded_before_history_was_kept_is_kept_as_recorded_when_it_was(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """The migration keeps each order's compliance as it stands, marked as recorded before history was
    kept, at the moment the order says it was recorded: a report of an earlier moment reads, as before,
    that it was not yet complied with."""
    order = _order(ombudsman_case, officer)
    recorded = timezone.now() - timedelta(days=3)
    OmbudsmanOrder.objects.filter(pk=order.pk).update(
        recorded_at=recorded - timedelta(days=1),
        complied_on=ON_TIME,
        evidence="Paid by BACS.",
        complied_recorded_at=recorded,
    )
    migration = importlib.import_module("putright.governance.migrations.0009_order_compliance_history")
    migration.history_begins(django_apps, None)
    [kept] = OrderCompliance.objects.filter(order=order)
    assert (kept.complied_on, kept.evidence, kept.recorded_at, kept.before_history) == (
        ON_TIME,
        "Paid by BACS.",
        recorded,
        True,
    )
    assert _complied_figures(AsAt(day=QUARTER.end, moment=recorded - timedelta(seconds=1))) == (0, 0)
    assert _complied_figures(AsAt(day=QUARTER.end, moment=recorded)) == (1, 1)


def test_2024_9_7_c_compliance_recorded_again_from_a_stale_page_asks_why_on_its_field(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """The case page offers compliance for an order not yet complied with; posted again from a page
    opened before it was recorded, a different date is refused at 422 with the reason asked for on
    its field and what was typed kept."""
    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME)
    prefix = f"c{order.pk}"
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    posted = {
        "action": "comply",
        "order": order.pk,
        f"{prefix}-complied_on-day": "15",
        f"{prefix}-complied_on-month": "12",
        f"{prefix}-complied_on-year": "2025",
        f"{prefix}-evidence": "Paid by cheque.",
    }
    refused = signed_in_officer.post(url, posted)
    assert refused.status_code == 422
    html = refused.content.decode()
    said = "Say why the date the order was complied with, recorded as 20 November 2025, is changed"
    assert _summary(html) == [(f"#id_{prefix}-reason", said)]
    assert _marked_in_error(html, f"id_{prefix}-reason") and "Paid by cheque." in html
    kept = signed_in_officer.post(url, {**posted, f"{prefix}-reason": CORRECTED})
    assert kept.status_code == 302
    order.refresh_from_db()
    assert order.complied_on == LATE
    page = signed_in_officer.get(url).content.decode()
    history = page.split("Compliance as recorded", 1)[1]
    assert "20 November 2025" in history and CORRECTED.replace("'", "&#x27;") in history


def test_2024_9_7_c_the_case_page_offers_to_correct_a_compliance_recorded_starting_from_it(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """A compliance recorded in error could be corrected only by a hand-made post: the page offered
    its form only for orders not yet complied with. It now offers "Correct the compliance recorded",
    filled in with what is recorded, and asking why (the correction is kept)."""
    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME)
    prefix = f"c{order.pk}"
    page = signed_in_officer.get(f"/governance/ombudsman/{ombudsman_case.pk}/").content.decode()
    form = page.split("Correct the compliance recorded: order due 1 December 2025", 1)[1]
    for name, value in (("complied_on-day", "20"), ("complied_on-month", "11"), ("complied_on-year", "2025")):
        assert f'name="{prefix}-{name}"' in form and f'value="{value}"' in form
    assert "Paid by BACS." in form and f'name="{prefix}-reason"' in form
    assert "Record the correction" in form


def test_2024_9_7_c_the_case_export_gives_each_compliance_as_recorded_apart_with_its_evidence(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """The page's "Compliance as recorded" kept no evidence but the latest, and its export ran the
    entries together ("...by BACSCompliance as recordedComplied on..."), in the file the governing
    body reads for 9.7 c."""
    from governance.test_governance_exports import _sheets

    order = _order(ombudsman_case, officer)
    _complied(order, officer, ON_TIME)
    _complied(order, officer, LATE, reason=CORRECTED, evidence="Paid by cheque.")
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    history = signed_in_officer.get(url).content.decode().split("Compliance as recorded", 1)[1]
    assert "(evidence: Paid by BACS.)" in history and "(evidence: Paid by cheque.)" in history
    cell = _sheets(signed_in_officer.get(url, {"export": "xlsx"}).content)["Orders and recommendations"][1][
        -1
    ]
    entries = [entry.strip() for entry in cell.split(";")]
    assert entries[0] == "Complied on 15 December 2025: Paid by cheque."
    assert entries[1] == "Compliance as recorded"
    assert entries[2].startswith("Complied on 15 December 2025 (evidence: Paid by cheque.), recorded ")
    assert entries[3].startswith("Complied on 20 November 2025 (evidence: Paid by BACS.), recorded ")
