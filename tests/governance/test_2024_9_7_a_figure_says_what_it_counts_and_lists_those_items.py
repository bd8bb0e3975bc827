"""A governance figure says what it counts, and its list shows the items counted (2024 9.7, 5.12).

"Referred to the Ombudsman 5" beside "Ombudsman cases opened 0" left a board member unable to say
how many Ombudsman cases there were: a referral is an event on the complaint, an Ombudsman case a
record in the register. The two are now shown side by side with the referrals the register has no
case for. "Remedies agreed 243" opened a list of 106 complaints with no remedy on it: a figure that
counts remedies, extensions, referrals or learning points now says "N remedies on M complaints" and
shows each item's own details, on screen and in the export, in a fixed number of queries, and
without free text for the MRC and the governing body (anonymised summaries)."""

from __future__ import annotations

import csv
import io
import pickle
import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.complaints import services
from putright.governance import services as governance_services
from putright.governance.facts import AsAt
from putright.governance.measures import EXTRA_MEASURES, Period, extra_figures

YEAR = Period.reporting_year(2025)
QUERY = "from=2025-04-01&to=2026-03-31"


@pytest.fixture
def mrc(db: None) -> User:
    return User.objects.create_user(
        "mrc", password="mrc-pass-123", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS
    )


@pytest.fixture
def referred_before_the_period(journey):  # type: ignore[no-untyped-def]
    """Received and answered in February 2025, referred to the Ombudsman on 1 May 2025 (in the year)."""
    return journey(date(2025, 2, 3), ack=date(2025, 2, 4), respond=date(2025, 2, 10), refer=date(2025, 5, 1))


@pytest.fixture
def two_remedies(journey, officer):  # type: ignore[no-untyped-def]
    """One complaint with two remedies agreed in the year, one overdue and not completed."""
    c = journey(
        date(2025, 6, 2),
        ack=date(2025, 6, 3),
        remedy=(date(2025, 6, 4), 2500, date(2025, 6, 20), date(2025, 6, 19)),
    )
    with services.recording_as_it_happened():
        return services.agree_remedy(
            complaint=c,
            actor=officer,
            remedy_kind="apology",
            description="A written apology from the repairs manager",
            due=date(2025, 6, 25),
            agreed_with_resident=True,
            on=date(2025, 6, 5),
        )


def _figures(as_at: AsAt | None = None) -> dict[str, int]:
    return {k: f.value for k, f in extra_figures(YEAR, as_at or AsAt.now()).items()}


def test_2024_9_7_c_a_referral_with_no_ombudsman_case_is_counted_beside_the_cases(  # type: ignore[no-untyped-def]
    referred_before_the_period, officer
):
    assert EXTRA_MEASURES["referred"][1] == "2024 9.7 c"  # not 3.7, which is about telling residents
    before = _figures()
    assert (before["referred"], before["ombudsman_cases"], before["ombudsman_referrals_unrecorded"]) == (
        1,
        0,
        1,
    )
    governance_services.open_ombudsman_case(
        actor=officer, complaint=referred_before_the_period, referred_on=date(2025, 5, 1), reference="HOS-1"
    )
    after = _figures()
    assert (after["referred"], after["ombudsman_cases"], after["ombudsman_referrals_unrecorded"]) == (1, 1, 0)
    # as at a day before the case was recorded in the register, the referral had none
    pinned = AsAt.of(timezone.localdate(), timezone.now().replace(year=2025, month=5, day=2))
    assert _figures(pinned)["ombudsman_referrals_unrecorded"] == 1


def test_2024_9_7_c_the_dashboard_shows_the_referrals_in_the_ombudsman_section_once(  # type: ignore[no-untyped-def]
    client: Client, mrc, referred_before_the_period
):
    client.force_login(mrc)
    html = client.get(f"/governance/?{QUERY}").content.decode()
    ombudsman = html[html.index('id="ombudsman"') :]
    assert "Complaints referred to the Ombudsman (referral recorded on the complaint)" in ombudsman
    assert "Referrals in the period with no Ombudsman case recorded in the Ombudsman register" in ombudsman
    assert "record it in the Ombudsman cases register" in ombudsman
    assert html.count("Complaints referred to the Ombudsman (referral recorded on the complaint)") == 1
    assert "2024 3.7" not in html
    page = client.get("/governance/ombudsman/").content.decode()
    assert "Referrals recorded on complaints with no Ombudsman case here" in page
    assert referred_before_the_period.reference in page and "HOS-1" in page


def test_2024_9_7_c_the_referral_list_shows_the_referral_date_it_counts(  # type: ignore[no-untyped-def]
    client: Client, mrc, referred_before_the_period
):
    client.force_login(mrc)
    html = client.get(f"/governance/complaints/?measure=referred&{QUERY}").content.decode()
    assert "1 referral on 1 complaint." in html
    assert "Referred 1 May 2025, Ombudsman reference HOS-1" in html  # received 3 Feb 2025: outside


def test_2024_7_3_the_remedies_list_shows_each_remedy_counted(client: Client, mrc, officer, two_remedies):  # type: ignore[no-untyped-def]
    client.force_login(mrc)
    html = client.get(f"/governance/complaints/?measure=remedies&{QUERY}").content.decode()
    assert "2 remedies on 1 complaint." in html
    assert "Remedy 1: Financial, £25.00, agreed 4 Jun 2025, due 20 Jun 2025, completed 19 Jun 2025" in html
    assert "Remedy 2: Apology, agreed 5 Jun 2025, due 25 Jun 2025, not completed" in html
    assert "repairs manager" not in html  # the MRC sees no free text
    overdue = client.get(f"/governance/complaints/?measure=remedies_overdue&{QUERY}").content.decode()
    assert "1 remedy on 1 complaint." in overdue and "Remedy 2:" in overdue and "Remedy 1:" not in overdue
    client.force_login(officer)
    assert (
        "repairs manager" in client.get(f"/governance/complaints/?measure=remedies&{QUERY}").content.decode()
    )


def test_2024_7_3_the_remedies_export_has_each_remedy(client: Client, mrc, two_remedies):  # type: ignore[no-untyped-def]
    client.force_login(mrc)
    body = client.get(f"/governance/complaints/?measure=remedies&{QUERY}&export=csv").content.decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header = next(r for r in rows if "Reference" in r)
    assert "Remedies counted" in header
    (row,) = [r for r in rows if two_remedies.reference in r]
    cell = row[header.index("Remedies counted")]
    assert "Remedy 1: Financial, £25.00" in cell and "; Remedy 2: Apology" in cell


def test_2024_6_4_the_extensions_list_shows_each_extension(client: Client, mrc, journey):  # type: ignore[no-untyped-def]
    journey(
        date(2025, 6, 2),
        ack=date(2025, 6, 3),
        extend=[(date(2025, 6, 10), 5, ""), (date(2025, 6, 20), 5, "")],
    )
    client.force_login(mrc)
    html = client.get(f"/governance/complaints/?measure=extensions_1&{QUERY}").content.decode()
    assert "2 extensions on 1 complaint." in html
    assert "Stage 1: granted 10 Jun 2025, 5 working days" in html
    assert "Stage 1: granted 20 Jun 2025, 5 working days" in html
    assert "Waiting for a survey" not in html  # the reason is free text: not for the MRC


def test_2024_9_7_the_items_read_as_at_a_past_moment_are_the_same(client: Client, officer, two_remedies):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    live = client.get(f"/governance/complaints/?measure=remedies&{QUERY}").content.decode()
    past = client.get(
        f"/governance/complaints/?measure=remedies&{QUERY}&as_at={timezone.localdate().isoformat()}"
    ).content.decode()
    line = "Remedy 2: Apology, agreed 5 Jun 2025, due 25 Jun 2025, not completed"
    assert line in live and line in past and "2 remedies on 1 complaint." in past


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("as_at", ["", "&as_at=today"])
def test_2024_9_7_an_item_list_takes_the_same_queries_for_more_complaints(  # type: ignore[no-untyped-def]
    client: Client, officer, journey, as_at
):
    def remedied(day: int) -> None:
        journey(
            date(2025, 6, day),
            ack=date(2025, 6, day + 1),
            remedy=(date(2025, 6, day + 2), 1000, date(2025, 7, 1), None),
        )

    client.force_login(officer)
    url = f"/governance/complaints/?measure=remedies&{QUERY}" + as_at.replace(
        "today", timezone.localdate().isoformat()
    )
    remedied(2)
    one = _queries(client, url)
    for day in (3, 4, 9, 10):
        remedied(day)
    assert _queries(client, url) == one


@pytest.fixture
def determined(referred_before_the_period, officer):  # type: ignore[no-untyped-def]
    """The referred complaint's Ombudsman case, with a finding of maladministration and an order."""
    case = governance_services.open_ombudsman_case(
        actor=officer, complaint=referred_before_the_period, referred_on=date(2025, 5, 1), reference="HOS-1"
    )
    governance_services.record_ombudsman_finding(
        case=case,
        actor=officer,
        element="The handling of the repair",
        finding="maladministration",
        determined_on=date(2025, 9, 1),
    )
    governance_services.record_ombudsman_order(
        case=case,
        actor=officer,
        kind="order",
        description="Pay £300",
        due=date(2025, 10, 1),
        amount_pence=30000,
    )
    return case


@pytest.mark.parametrize("as_at", ["", "&as_at=today"])
def test_2024_9_7_every_figure_counting_items_says_so_on_its_list(  # type: ignore[no-untyped-def]
    client: Client, mrc, journey, two_remedies, determined, as_at
):
    from putright.governance import items

    journey(date(2025, 6, 2), ack=date(2025, 6, 3), extend=(date(2025, 6, 10), 12, "Specialist survey"))
    client.force_login(mrc)
    figures = _figures()
    shown = {
        "ombudsman_adverse": "Maladministration, determined 1 Sep 2025",
        "ombudsman_orders_due": "Order, £300.00: due 1 Oct 2025, not complied with",
        "ombudsman_cases": "HOS-1: referred 1 May 2025, referred",
        "extensions_good_reason": "granted 10 Jun 2025, 12 working days, due 17 Jun 2025 moved to 3 Jul 2025; beyond the Code",
        "referred": "Referred 1 May 2025",
    }
    for key in EXTRA_MEASURES:
        url = f"/governance/complaints/?measure={key}&{QUERY}" + as_at.replace(
            "today", timezone.localdate().isoformat()
        )
        html = client.get(url).content.decode()
        if figures[key]:
            assert f"{items.counted(key, figures[key])} on " in html, key
            assert items.heading(key) in html, key
        if key in shown:
            assert shown[key] in html, key
    assert "Pay £300" not in html and "handling of the repair" not in html  # free text: not for the MRC


def test_2024_9_7_c_figures_stored_by_a_release_without_the_ombudsman_section_are_not_shown(  # type: ignore[no-untyped-def]
    client: Client, mrc, referred_before_the_period
):
    """Figures stored in the older shape (no Ombudsman section of their own) for unchanged data
    would show the dashboard with the referrals nowhere: they are counted again."""
    from putright.governance.dashboard_cache import cache_key, data_version, store
    from putright.governance.models import DashboardFigures
    from putright.governance.performance import Scope

    client.force_login(mrc)
    assert client.get("/governance/").status_code == 200
    today = timezone.localdate()
    key = cache_key(
        Scope(Period.reporting_year(today.year if today.month >= 4 else today.year - 1), AsAt.now()), today
    )
    kept = DashboardFigures.objects.get(key=key)
    figures = pickle.loads(bytes(kept.figures))["figures"]
    old = {k: v for k, v in figures["data"].items() if k not in ("ombudsman_figures", "remedy_figures")}
    store(key, data_version(key, today).current, today, {"figures": {**figures, "data": old}, "unseen": []})
    assert DashboardFigures.objects.get(key=key).version == kept.version
    data = client.get("/governance/").context["data"]
    assert [f["key"] for f in data["ombudsman_figures"]][:3] == [
        "referred",
        "ombudsman_cases",
        "ombudsman_referrals_unrecorded",
    ]


@pytest.mark.parametrize(
    ("stored", "shown"), [(1250, "£12.50"), ("1250", "not readable"), (12.5, "not readable")]
)
def test_2024_7_3_a_remedy_imported_with_an_odd_amount_is_listed_as_at_a_past_day(  # type: ignore[no-untyped-def]
    client: Client, officer, journey, stored, shown
):
    from governance.journeys import raw_event

    c = journey(date(2025, 7, 1), ack=date(2025, 7, 2))
    raw_event(
        c,
        "remedy_agreed",
        date(2025, 7, 4),
        number=1,
        remedy_kind="financial",
        description="Compensation, imported",
        due="10 July 2025",
        agreed_with_resident=True,
        amount_pence=stored,
    )
    client.force_login(officer)
    html = client.get(f"/governance/complaints/?measure=remedies&{QUERY}&as_at=2025-12-31").content.decode()
    assert "1 remedy on 1 complaint." in html
    line = html[html.index("Remedy 1: Financial") :]
    assert shown in line[:200] and "agreed 4 Jul 2025" in line[:200]


def _links_in(html: str, starts: str) -> list[tuple[str, str]]:
    """The links in the dashboard's paragraph beginning ``starts``, in order: (text, address)."""
    paragraph = html[html.index(starts) :].split("</p>")[0]
    return [
        (" ".join(re.sub("<[^>]+>", " ", text).split()), href.replace("&amp;", "&"))
        for href, text in re.findall(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', paragraph)
    ]


def test_2024_9_7_c_the_ombudsman_summary_figures_link_to_exactly_what_they_count(  # type: ignore[no-untyped-def]
    client: Client, mrc, officer, journey, determined
):
    """ "Investigations open: 1. Orders due in the period complied with: 1 of 3 (0 on time)" had no
    links: the only figures on the dashboard its reader could not open. Each now opens the
    complaints it counts, and the list says how many of the items the figure counted it holds."""
    complaint = journey(
        date(2025, 5, 6), ack=date(2025, 5, 7), respond=date(2025, 5, 12), refer=date(2025, 6, 2)
    )
    open_case = governance_services.open_ombudsman_case(
        actor=officer,
        complaint=complaint,
        referred_on=date(2025, 6, 2),
        investigation_started_on=date(2025, 7, 1),
    )
    for due, complied in ((date(2025, 11, 3), date(2025, 11, 20)), (date(2025, 12, 1), None)):
        order = governance_services.record_ombudsman_order(
            case=open_case, actor=officer, kind="order", description="Repair the roof", due=due
        )
        if complied:
            governance_services.record_order_compliance(
                order=order, actor=officer, complied_on=complied, evidence_text="Invoice"
            )
    client.force_login(mrc)
    links = _links_in(client.get(f"/governance/?{QUERY}").content.decode(), "Investigations open at")
    expected = [
        ("1 Ombudsman investigation open", "1 Ombudsman case on 1 complaint", {complaint}),
        ("1 order complied with", "1 order on 1 complaint", {complaint}),
        ("3 orders due", "3 orders and recommendations on 2 complaints", {complaint, determined.complaint}),
        ("0 on time", "0 orders on 0 complaints", set()),
    ]
    assert [text for text, _ in links] == [text for text, _, _ in expected] + ["All Ombudsman cases"]
    for (_, href), (text, counted, complaints) in zip(links, expected, strict=False):
        listed = client.get(href).content.decode()
        assert counted in listed, text
        for c in (complaint, determined.complaint):
            assert (c.reference in listed) == (c in complaints), (text, c.reference)
