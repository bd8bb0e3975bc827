"""Export what is on screen: the queue with its filters (every page), the governance lists and the
learning register, as CSV and XLSX (read back with openpyxl), formula-safe, with the same
permission rules as the screen."""

from __future__ import annotations

import csv
import io

from django.test import Client
from openpyxl import load_workbook
from workspace.conftest import Make

from putright.accounts.models import User
from putright.complaints import services
from putright.web.exports import tables_in


def _xlsx(content: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_queue_exports_every_page_with_its_filters_as_csv_and_xlsx(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    for i in range(12):
        make(name=f"Export {i}", handler=staff["hugo"] if i % 2 else staff["hana"])
    make(name="Someone Else", handler=staff["sian"])
    client.force_login(staff["officer"])
    page = client.get("/workspace/", {"q": "Export", "per_page": "10"}).content.decode()
    assert "export=xlsx" in page and "q=Export" in page.split("export=xlsx")[0].rsplit("href", 1)[1]
    response = client.get("/workspace/", {"q": "Export", "per_page": "10", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="complaints-queue-' in response["Content-Disposition"]
    rows = _xlsx(response.content)
    assert rows[0][:3] == ["Reference", "Resident", "Address"]
    names = sorted(str(r[1]) for r in rows[1:])
    assert names == sorted(f"Export {i}" for i in range(12))  # all 12, not the 10 on the page
    assert rows[1][5] == 1  # stage, a number
    client.force_login(staff["manager"])  # in the North team, with Hana and Hugo
    response = client.get("/workspace/", {"q": "Export", "export": "csv", "whose": "team"})
    text = response.content.decode("utf-8-sig")
    found = list(csv.reader(io.StringIO(text)))
    assert found[0][0] == "Reference" and len(found) == 13  # Hana's and Hugo's team (North)


def test_queue_export_is_formula_safe(client: Client, staff: dict[str, User], make: Make) -> None:
    make(name='=HYPERLINK("http://evil.example","click")')
    client.force_login(staff["officer"])
    rows = _xlsx(client.get("/workspace/", {"export": "xlsx"}).content)
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","click")'
    text = client.get("/workspace/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_queue_export_follows_the_screens_permission_rules(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    make(name="North Resident", handler=staff["hana"])
    make(name="South Resident", handler=staff["sian"])
    hidden = make(
        name="Restricted Resident", handler=staff["hana"], restricted=True, restricted_to=[staff["manager"]]
    )
    client.force_login(staff["hana"])
    text = client.get("/workspace/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "North Resident" in text and "South Resident" not in text and hidden.reference not in text
    client.force_login(staff["manager"])
    text = client.get("/workspace/", {"export": "csv"}).content.decode("utf-8-sig")
    assert hidden.reference in text


def test_2024_9_3_the_learning_register_export_says_what_changed_and_who_was_told(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """2024 9.3: "Landlords must report back on wider learning and improvements from complaints to
    stakeholders, such as residents' panels". The register's export had the status only: what changed
    and who was told were on the page's update panel and nowhere in the export (walker-186)."""
    from putright.governance import services as governance

    improvement = governance.record_service_improvement(
        actor=staff["manager"],
        title="Text residents when a contractor cancels",
        description="Contractor no-shows were not texted",
        complaints=[make()],
    )
    governance.update_service_improvement(
        improvement=improvement,
        actor=staff["manager"],
        status="done",
        outcome="Residents now get a text within the hour.",
        reported_to="Residents panel, 3 December 2026",
    )
    client.force_login(staff["manager"])
    response = client.get("/governance/learning/", {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book["Service improvements"].iter_rows(values_only=True)]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Improvement"] == "Text residents when a contractor cancels"
    assert row["Description"] == "Contractor no-shows were not texted"
    assert row["What changed"] == "Residents now get a text within the hour."
    assert row["Reported to"] == "Residents panel, 3 December 2026"


def test_learning_register_and_governance_lists_export_what_the_page_shows(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    complaint = make()
    services.record_learning_point(
        complaint=complaint, actor=staff["manager"], description="+Check the fan on every damp visit"
    )
    client.force_login(staff["manager"])
    page = client.get("/governance/learning/")
    assert page.status_code == 200 and "export=xlsx" in page.content.decode()
    response = client.get("/governance/learning/", {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    sheets = {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    points = sheets["Learning points"]
    assert points[0] == ["Complaint", "Learning", "Owner", "Due", "Status"]
    assert points[1][0] == complaint.reference and points[1][1] == "'+Check the fan on every damp visit"
    assert sheets["Service improvements"] == [
        ["Improvement", "Description", "Owner", "Due", "Status", "What changed", "Reported to", "Complaints"]
    ]
    for url in (
        "/governance/tsm/",
        "/governance/ombudsman/",
        "/governance/self-assessment/",
        "/governance/reports/",
    ):
        response = client.get(url, {"export": "csv"})
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/csv"), url
        assert "attachment" in response["Content-Disposition"], url


def test_2024_9_4_the_learning_registers_themes_export_each_count_as_a_number_in_its_own_column(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    """2024 9.4: the lead person "must assess any themes or trends". The register's counts by
    category went into the file as text, "2 complaints: Damp and mould" (the words a screen reader
    hears with the figure's link), which a spreadsheet cannot sum or sort."""
    make()
    make()
    client.force_login(staff["manager"])
    response = client.get("/governance/learning/", {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    (themes,) = [sheet for sheet in book.worksheets if sheet["A1"].value == "Category"]
    assert [cell.value for cell in themes[1]] == ["Category", "Complaints"]
    label, count = themes[2]
    assert label.value == "Damp and mould"
    assert count.value == 2 and count.data_type == "n"  # a number, not "2 complaints: Damp and mould"


def test_governance_export_refuses_whoever_the_page_refuses(client: Client, make: Make) -> None:
    make()
    assert client.get("/governance/learning/", {"export": "csv"}).status_code == 302  # sign in first


def test_tables_on_a_page_skip_notes_and_keep_captions() -> None:
    html = """<main><h2>Ignored heading</h2><table><caption>Cases</caption><thead><tr><th>A</th><th>B</th></tr></thead>
    <tbody><tr><td>1</td><td>x<br>y</td></tr><tr><td colspan="2">Nothing else</td></tr></tbody></table>
    <table><tr><td>note</td></tr></table></main><table><tr><td>outside main</td></tr></table>"""
    tables = tables_in(html)
    assert [t.title for t in tables] == ["Cases", "Ignored heading"]
    assert tables[0].headers == ["A", "B"] and tables[0].rows == [["1", "x y"]]
