"""Every governance list exports in one click as CSV and XLSX (issue 15 item 4): exceptional
circumstances (2024 8.5), an Ombudsman case with its findings and orders (9.7 c) and the dashboard's
figures (9.7), each file read back; the same view runs for the same person, so the file holds what
the screen shows and nothing more."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.core.files.base import ContentFile
from openpyxl import load_workbook

from putright.governance import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheets(content: bytes) -> dict[str, list[list[object]]]:
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_2024_8_5_exceptional_circumstances_export_as_csv_and_xlsx(journey, officer, signed_in_officer):  # type: ignore[no-untyped-def]
    journey(date(2025, 6, 2), ack=date(2025, 6, 4))
    services.record_exceptional_circumstance(
        actor=officer,
        title="=Cyber incident",
        description="Systems down",
        started_on=date(2025, 6, 1),
        ended_on=date(2025, 6, 20),
        return_to_compliance_by=date(2025, 7, 1),
        ombudsman_informed_on=date(2025, 6, 2),
        told_ombudsman="Told by email on 2 June",
        residents_informed_on=date(2025, 6, 3),
        told_residents="Letters sent",
    )
    page = signed_in_officer.get("/governance/exceptional/").content.decode()
    assert "export=xlsx" in page and "export=csv" in page
    response = signed_in_officer.get("/governance/exceptional/", {"export": "xlsx"})
    assert response["Content-Type"] == XLSX
    assert 'filename="exceptional-circumstances-' in response["Content-Disposition"]
    rows = next(iter(_sheets(response.content).values()))
    assert rows[0] == [
        "Incident",
        "Affected period",
        "What happened",
        "Ombudsman told",
        "Residents told",
        "Published",
    ]
    assert rows[1][0] == "'=Cyber incident"  # never a formula
    assert rows[1][1] == "1 June 2025 to 20 June 2025"
    assert rows[1][3] == "2 June 2025: Told by email on 2 June" and rows[1][5] == "Not yet"
    text = _csv(signed_in_officer.get("/governance/exceptional/", {"export": "csv"}).content)
    assert text[0][0] == "Incident" and text[1][2] == "Systems down"


def test_2024_9_7_c_ombudsman_case_exports_its_details_findings_and_orders(
    journey, officer, signed_in_officer
):  # type: ignore[no-untyped-def]
    d = date
    complaint = journey(
        d(2025, 7, 1),
        ack=d(2025, 7, 2),
        respond=d(2025, 7, 4),
        escalate=d(2025, 7, 7),
        ack2=d(2025, 7, 8),
        respond2=d(2025, 7, 30),
        refer=d(2025, 8, 15),
    )
    case = services.open_ombudsman_case(
        actor=officer, complaint=complaint, referred_on=d(2025, 8, 15), reference="202512345"
    )
    services.record_ombudsman_finding(
        case=case,
        actor=officer,
        element="Repairs",
        finding="maladministration",
        determined_on=d(2025, 11, 3),
        complaint_handling=True,
    )
    paid = services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Pay £400", due=d(2025, 12, 1), amount_pence=40000
    )
    services.record_ombudsman_order(
        case=case, actor=officer, kind="order", description="Review the repairs policy", due=d(2026, 1, 9)
    )
    services.record_order_compliance(
        order=paid,
        actor=officer,
        complied_on=d(2025, 11, 28),
        evidence_text="Paid on 28 Nov",
        evidence_file=ContentFile(b"%PDF-1.4 receipt", name="receipt.pdf"),
    )
    url = f"/governance/ombudsman/{case.pk}/"
    page = signed_in_officer.get(url).content.decode()
    assert "export=xlsx" in page and "Record compliance: order due 9 January 2026" in page
    sheets = _sheets(signed_in_officer.get(url, {"export": "xlsx"}).content)
    details = sheets[str(case)]  # titled by the page heading, the Ombudsman reference
    assert details[0] == ["Item", "Detail"]
    assert ["Complaint", complaint.reference] in details and ["Referred", "15 August 2025"] in details
    assert sheets["Findings"][0] == ["Finding", "Complaint handling", "Determined"]
    assert sheets["Findings"][1][1:] == ["Yes", "3 November 2025"]
    orders = sheets["Orders and recommendations"]
    assert orders[0] == ["Kind", "What", "Amount", "Due", "Complied"]
    assert orders[1][1:] == [
        "Pay £400",
        "£400.00",
        "1 December 2025",
        "Complied on 28 November 2025: Paid on 28 Nov (evidence document)",
    ]
    assert orders[2][1:] == ["Review the repairs policy", "No payment ordered", "9 January 2026", "Not yet"]
    # the compliance forms are not data
    assert not any("Record compliance" in str(v) for rows in sheets.values() for row in rows for v in row)


def test_2024_9_7_dashboard_figures_export_with_their_period(journey, signed_in_officer):  # type: ignore[no-untyped-def]
    d = date
    journey(d(2025, 6, 2), ack=d(2025, 6, 4), respond=d(2025, 6, 18), category="Damp and mould")
    journey(d(2025, 6, 9), ack=d(2025, 6, 10), respond=d(2025, 6, 20), category="Damp and mould")
    page = signed_in_officer.get("/governance/", {"from": "2025-04-01", "to": "2026-03-31"}).content.decode()
    link = page.split("export=xlsx")[0].rsplit("href=", 1)[1]
    assert "from=2025-04-01" in link and "to=2026-03-31" in link  # the period on screen
    response = signed_in_officer.get(
        "/governance/", {"from": "2025-04-01", "to": "2026-03-31", "export": "xlsx"}
    )
    assert response["Content-Type"] == XLSX
    assert 'filename="complaint-handling-performance-' in response["Content-Disposition"]
    sheets = _sheets(response.content)
    volumes = sheets["Volumes (9.7 a)"]
    assert volumes[0] == ["Figure", "Number", "Code provision"]
    received = next(row for row in volumes if str(row[0]).lower().startswith("stage 1 complaints received"))
    assert received[1] == 2  # a number, so it can be summed
    assert any(title.startswith("Complaints received each") for title in sheets)
    # another period, other figures: the file follows the screen's period
    empty = _sheets(
        signed_in_officer.get(
            "/governance/", {"from": "2024-04-01", "to": "2025-03-31", "export": "xlsx"}
        ).content
    )
    received = next(
        row
        for row in empty["Volumes (9.7 a)"]
        if str(row[0]).lower().startswith("stage 1 complaints received")
    )
    assert received[1] == 0
