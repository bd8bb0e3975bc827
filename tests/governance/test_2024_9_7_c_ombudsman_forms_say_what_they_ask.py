"""2024 9.7 c (the landlord's record of the Ombudsman's process): the Ombudsman case, finding and
order forms name each date in words ("Enter the date referred to the Ombudsman", never "Enter the
referred on") and ask an order's amount in pounds as people write it ("£345.50"), kept in pence."""

from __future__ import annotations

import re
from datetime import date

import pytest

from putright.code.compensation import CompensationInputError, pence_of
from putright.governance import services
from putright.governance.models import OmbudsmanCase, OmbudsmanOrder


@pytest.fixture
def case(journey, officer) -> OmbudsmanCase:  # type: ignore[no-untyped-def]
    complaint = journey(
        date(2025, 7, 1),
        ack=date(2025, 7, 2),
        respond=date(2025, 7, 4),
        escalate=date(2025, 7, 7),
        ack2=date(2025, 7, 8),
        respond2=date(2025, 7, 30),
        refer=date(2025, 8, 15),
    )
    return services.open_ombudsman_case(
        actor=officer, complaint=complaint, referred_on=date(2025, 8, 15), reference="202512345"
    )


def test_2024_9_7_c_a_case_without_its_referral_date_asks_for_the_date_referred_to_the_ombudsman(
    case, signed_in_officer
) -> None:  # type: ignore[no-untyped-def]
    page = signed_in_officer.post(
        "/governance/ombudsman/", {"complaint_reference": case.complaint.reference, "progress": "referred"}
    ).content.decode()
    assert "Enter the date referred to the Ombudsman" in page
    assert "Enter the referred on" not in page
    assert OmbudsmanCase.objects.count() == 1


def test_2024_9_7_c_a_finding_and_an_order_without_their_dates_say_which_dates(
    case, signed_in_officer
) -> None:  # type: ignore[no-untyped-def]
    url = f"/governance/ombudsman/{case.pk}/"
    finding = signed_in_officer.post(
        url, {"action": "finding", "f-element": "Repairs", "f-finding": "maladministration"}
    )
    assert "Enter the date the Ombudsman determined the complaint" in finding.content.decode()
    order = signed_in_officer.post(url, {"action": "order", "o-kind": "order", "o-description": "Pay"})
    assert "Enter the date the order is due" in order.content.decode()
    assert not OmbudsmanOrder.objects.exists()


def test_2024_9_7_c_an_order_to_pay_is_asked_in_pounds_and_kept_in_pence(case, signed_in_officer) -> None:  # type: ignore[no-untyped-def]
    url = f"/governance/ombudsman/{case.pk}/"
    page = signed_in_officer.get(url).content.decode()
    assert "Amount in pounds, if payment ordered" in page and "(pence)" not in page
    order = {"action": "order", "o-kind": "order", "o-description": "Pay the resident", "o-due": "2025-12-01"}
    refused = signed_in_officer.post(url, {**order, "o-amount_pence": "345.505"}).content.decode()
    assert "Enter the amount ordered from £0 to £1,000,000, to the penny" in refused
    assert "345.505" in refused  # what was typed is kept
    assert not OmbudsmanOrder.objects.exists()
    assert signed_in_officer.post(url, {**order, "o-amount_pence": "£345.50"}).status_code == 302
    assert OmbudsmanOrder.objects.get().amount_pence == 34550
    signed_in_officer.post(url, {**order, "o-description": "Apologise"})
    assert OmbudsmanOrder.objects.get(description="Apologise").amount_pence == 0  # no payment ordered


def test_2024_9_7_c_an_order_to_pay_shows_its_amount_on_the_case_page(case, signed_in_officer) -> None:  # type: ignore[no-untyped-def]
    """The orders table showed what the Ombudsman ordered and when, but not how much an order to pay
    was for: the one figure the landlord must then evidence it paid."""
    url = f"/governance/ombudsman/{case.pk}/"
    order = {"action": "order", "o-kind": "order", "o-due": "2025-12-01"}
    signed_in_officer.post(url, {**order, "o-description": "Pay the resident", "o-amount_pence": "£1,234.50"})
    signed_in_officer.post(url, {**order, "o-description": "Apologise in writing"})
    page = signed_in_officer.get(url).content.decode()
    table = page[page.index("Orders and recommendations</caption>") :].split("</table>")[0]
    assert ">Amount</th>" in table
    paid, apology = (
        table[table.index(what) :].split("</tr>")[0] for what in ("Pay the resident", "Apologise")
    )
    assert "£1,234.50" in paid
    assert "No payment ordered" in apology and "£" not in apology


@pytest.mark.parametrize(
    ("written", "pence"),
    [
        ("345", 34500),
        ("£345.50", 34550),
        ("£1,250", 125000),
        (" 0.07 ", 7),
        ("1000", 100000),
        ("1,000", 100000),
        ("£12,345.67", 1234567),
        ("1,000,000.00", 100000000),
    ],
)
def test_a_sum_typed_in_pounds_is_read_as_people_write_it(written: str, pence: int) -> None:
    assert pence_of(written) == pence


@pytest.mark.parametrize("written", ["three pounds", "-5", "12.345", "1000000.01", "NaN", "Infinity", ""])
def test_a_sum_that_is_not_pounds_and_pence_is_refused(written: str) -> None:
    with pytest.raises(CompensationInputError):
        pence_of(written)


@pytest.mark.parametrize("written", ["£1,00.00", "3,45", "1,0000", ",100", "1234,567", "1,000,00"])
def test_2024_7_1_a_comma_is_read_only_as_a_thousands_separator(written: str) -> None:
    with pytest.raises(CompensationInputError, match="enter the amount in pounds, for example 345"):
        pence_of(written)


@pytest.mark.parametrize("written", ["£1,00.00", "3,45"])
def test_2024_7_1_an_order_to_pay_with_a_comma_that_does_not_separate_thousands_is_refused(
    case, signed_in_officer, written: str
) -> None:  # type: ignore[no-untyped-def]
    """ "£1,00.00" was recorded as an order to pay £100 and a continental "3,45" as £345."""
    url = f"/governance/ombudsman/{case.pk}/"
    order = {"action": "order", "o-kind": "order", "o-description": "Pay the resident", "o-due": "2025-12-01"}
    refused = signed_in_officer.post(url, {**order, "o-amount_pence": written}).content.decode()
    assert "Enter the amount ordered in pounds, for example 345 or 345.50" in refused
    assert written in refused  # what was typed is kept
    assert not OmbudsmanOrder.objects.exists()
    assert signed_in_officer.post(url, {**order, "o-amount_pence": "1,000.00"}).status_code == 302
    assert OmbudsmanOrder.objects.get().amount_pence == 100000


def test_2024_8_5_exceptional_circumstances_left_undated_say_which_dates_in_the_codes_words(
    signed_in_officer,
) -> None:  # type: ignore[no-untyped-def]
    page = signed_in_officer.post(
        "/governance/exceptional/", {"title": "Cyber incident", "description": "Systems down"}
    ).content.decode()
    for asked in (
        "Enter the date the exceptional circumstances began",
        "Enter the date we informed the Ombudsman",
        "Enter the date we gave information to residents who may be affected",
    ):
        assert asked in page
    assert "Enter the started on" not in page and "Enter the ombudsman informed on" not in page


def _hint_of(page: str, field_id: str) -> str:
    """The hint the field's aria-describedby names, as a screen reader would read it with the field."""
    tag = re.search(rf'<(?:input|textarea)[^>]*id="{field_id}"[^>]*>', page)
    assert tag, field_id
    described = re.search(r'aria-describedby="([^"]+)"', tag.group(0))
    assert described, tag.group(0)
    hints = [h for h in described.group(1).split() if h.endswith("-hint")]
    assert hints, described.group(1)
    found = re.search(rf'id="{hints[0]}"[^>]*>(.*?)</div>', page, re.S)
    assert found, hints[0]
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_2024_8_1_text_the_published_annual_report_prints_says_so_where_it_is_typed(
    case, signed_in_officer
) -> None:  # type: ignore[no-untyped-def]
    """The annual report is published (2024 8.1) and prints a finding's element, an order's
    description and a service improvement's title, description and outcome as staff typed them: each
    field says so, so a resident's name or address is not typed into a public document unawares."""
    published = "Printed in the annual complaints report, which is published: do not name the resident"
    case_page = signed_in_officer.get(f"/governance/ombudsman/{case.pk}/").content.decode()
    for field_id in ("id_f-element", "id_o-description"):
        assert published in _hint_of(case_page, field_id)
    learning = signed_in_officer.get("/governance/learning/").content.decode()
    for field_id in ("id_si-title", "id_si-description", "id_si-outcome"):
        assert published in _hint_of(learning, field_id)
    assert "What changed, and how we know." in _hint_of(learning, "id_si-outcome")
