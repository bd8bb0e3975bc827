"""2024 7.1 (a financial remedy is one way of putting things right): the governance figures total as
compensation the amounts of financial remedies only. An amount stored on another kind (an apology
that took £50, recorded before the core refused one) was counted as money agreed and paid, and as a
financial remedy. It is now left out, and said beside the figures with the remedies behind it, so
the figures do not change silently. The live figures, the kept tally and the figures as at a past
moment agree."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from governance.journeys import imported

from putright.accounts.models import Role, User
from putright.code.compensation import pence_of
from putright.code.lifecycle import RemedyAgreed, RemedyCompleted, RemedyKind
from putright.complaints.models import Complaint
from putright.governance.facts import AsAt
from putright.governance.measures import Period, amounts_not_counted, extra_figures, money
from putright.governance.performance import Scope, performance
from putright.governance.tally import full

_YEAR = Period.reporting_year(2025)
_NOTE = (
    "£50.00 on 1 remedy that is not financial not counted as compensation: recorded before only a "
    "financial remedy could hold an amount (2024 7.1)."
)


@pytest.fixture
def apology_with_an_amount(journey) -> Complaint:  # type: ignore[no-untyped-def]
    """£20 compensation agreed and paid, and an apology recorded with £50 on it before the core
    refused an amount on a remedy that is not financial, carried out too."""
    c = journey(
        date(2025, 7, 1),
        ack=date(2025, 7, 2),
        remedy=(date(2025, 7, 3), 2000, date(2025, 7, 10), date(2025, 7, 9)),
    )
    on = date(2025, 7, 4)
    imported(
        c,
        RemedyAgreed(
            on=on,
            number=2,
            remedy_kind=RemedyKind.APOLOGY,
            description="A written apology",
            due=date(2025, 7, 20),
            agreed_with_resident=True,
            amount_pence=5000,
        ),
    )
    imported(c, RemedyCompleted(on=date(2025, 7, 5), number=2, evidence="Letter sent"))
    return c


def _figures(as_at: AsAt) -> dict[str, int]:
    figures = extra_figures(_YEAR, as_at)
    keys = (
        "remedies",
        "remedies_financial",
        "remedies_completed",
        "remedies_paid",
        "remedies_amount_not_counted",
    )
    return {key: figures[key].value for key in keys} | money(_YEAR, as_at)


_EXPECTED = {
    "remedies": 2,
    "remedies_financial": 1,
    "remedies_completed": 2,
    "remedies_paid": 1,  # the apology was carried out, but paid nothing
    "remedies_amount_not_counted": 1,
    "agreed_pence": 2000,
    "paid_pence": 2000,
}


def test_2024_7_1_an_amount_on_an_apology_is_not_compensation_in_any_engine(apology_with_an_amount) -> None:  # type: ignore[no-untyped-def]
    assert _figures(AsAt.of(date(2025, 12, 31))) == _EXPECTED  # from the history
    assert _figures(AsAt.now()) == _EXPECTED  # from the remedy rows
    kept = full(_YEAR.range(), timezone.localdate()).remedies()  # the dashboard's kept tally
    assert {k: kept[k] for k in _EXPECTED if k != "remedies"} == {
        k: v for k, v in _EXPECTED.items() if k != "remedies"
    }
    assert kept["not_counted_pence"] == 5000
    for as_at in (AsAt.of(date(2025, 12, 31)), AsAt.now()):
        assert amounts_not_counted(_YEAR, as_at) == {"remedies": 1, "pence": 5000}


def test_2024_7_1_the_amount_left_out_is_said_beside_the_figures_with_the_remedy_behind_it(
    client: Client, apology_with_an_amount
) -> None:  # type: ignore[no-untyped-def]
    assert performance(Scope(_YEAR, AsAt.of(date(2025, 12, 31))))["money_not_counted"] == _NOTE
    mrc = User.objects.create_user(
        "mrc", password="mrc-pass-123", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS
    )
    client.force_login(mrc)
    query = "from=2025-04-01&to=2026-03-31"
    page = client.get(f"/governance/?{query}").content.decode()
    assert "£20.00" in page and _NOTE in page
    listed = client.get(
        f"/governance/complaints/?measure=remedies_amount_not_counted&{query}"
    ).content.decode()
    assert "Remedy 2: Apology, £50.00" in listed
    assert apology_with_an_amount.reference in listed


def test_2024_7_1_no_note_when_every_amount_is_on_a_financial_remedy(journey) -> None:  # type: ignore[no-untyped-def]
    journey(date(2025, 7, 1), ack=date(2025, 7, 2), remedy=(date(2025, 7, 3), 2000, date(2025, 7, 10), None))
    data = performance(Scope(_YEAR, AsAt.now()))
    assert data["money_not_counted"] == ""
    assert data["money"] == {"agreed_pence": 2000, "paid_pence": 0}
    shown = {f["key"] for f in data["remedy_figures"]}
    assert "remedies_amount_not_counted" not in shown and "remedies_paid" not in shown  # said with the money


_PAID = re.compile(
    r'of it paid \(remedy completed\): <strong><a class="govuk-link" href="([^"]+)">£(\d[\d,]*(?:\.\d+)?)</a>'
)


def _paid_and_its_list(client: Client, query: str) -> tuple[int, list[int]]:
    """The compensation paid on the dashboard, in pence, and the amounts on the list it links to."""
    found = _PAID.search(client.get(f"/governance/?{query}").content.decode())
    assert found, "no compensation paid on the dashboard"
    listed = client.get(html.unescape(found.group(1))).content.decode()
    amounts = re.findall(r"Remedy \d+: [^,<]+, £(\d[\d,]*(?:\.\d+)?)", listed)
    return pence_of(found.group(2)), [pence_of(a) for a in amounts]


@pytest.mark.parametrize("from_the_history", [False, True])
def test_2024_7_1_the_compensation_paid_links_to_exactly_the_remedies_it_totals(
    client: Client, apology_with_an_amount, from_the_history: bool
) -> None:  # type: ignore[no-untyped-def]
    """It linked to every remedy completed: the apology carrying £50 was listed behind £20.00 paid.
    Live (the kept tally) and as at today (the history, which holds the apology as recorded now)."""
    client.force_login(
        User.objects.create_user("mrc", password="mrc-pass-123", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS)
    )
    as_at = f"&as_at={timezone.localdate().isoformat()}" if from_the_history else ""
    paid, listed = _paid_and_its_list(client, "from=2025-04-01&to=2026-03-31" + as_at)
    assert paid == 2000
    assert sum(listed) == paid and len(listed) == 1


def test_2024_7_1_the_live_figures_read_the_remedies_once_and_say_what_the_kept_tally_says(
    apology_with_an_amount,
) -> None:  # type: ignore[no-untyped-def]
    """The remedy figures, the money and the amounts not counted each read every remedy of the period
    afresh: three passes over the remedies for one page. Counted in statements, not timed."""
    scope = Scope(_YEAR, AsAt.now())
    with CaptureQueriesContext(connection) as read:
        data = performance(scope)
    remedies = [q["sql"] for q in read.captured_queries if 'FROM "complaints_remedy"' in q["sql"]]
    assert len(remedies) == 1, remedies
    kept = performance(scope, tally=full(_YEAR.range(), timezone.localdate()))
    for said in ("money", "money_not_counted", "extras"):
        assert data[said] == kept[said], said
    assert data["money"] == {"agreed_pence": 2000, "paid_pence": 2000}
