"""The manager view at /workspace/team/: workload per handler, cases at risk in the next 2 working
days, overdue cases, and extensions with their reasons; restricted cases stay hidden."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from workspace.conftest import Make, working_days_ago

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.services import Told


def test_team_view_shows_workload_risk_overdue_and_extensions(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    late = make(handler=staff["hana"], received_on=working_days_ago(12))
    at_risk = make(handler=staff["hugo"], received_on=working_days_ago(9))
    make(handler=staff["hugo"])
    extended = make(handler=staff["sian"])
    services.extend_response_deadline(
        complaint=extended,
        actor=staff["sian"],
        working_days=4,
        reason="The contractor's report is late.",
        ombudsman_details_given=True,
        told=Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    secret = make(handler=staff["sian"], restricted=True, restricted_to=[staff["manager"]])
    services.extend_response_deadline(
        complaint=secret,
        actor=staff["sian"],
        working_days=2,
        reason="Secret reason.",
        ombudsman_details_given=True,
        told=Told(method="post", on=timezone.localdate(), body="Sent by post."),
    )
    client.force_login(staff["officer"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/workspace/team/").content.decode()
    # on PostgreSQL, two more: the statement turning its JIT compiler off for each read of the letters
    # promising a response sooner (the promised-date list, and its rows; putright.web.database); one
    # for the response dates of acknowledgements sent another way, read from their own side across
    # the landlord (helper-95: looked up by every open complaint, it cost SQLite 15 ms at 100,000)
    assert len(queries) <= 13 + (2 if connection.vendor == "postgresql" else 0)
    workload = html.split('id="workload"')[1].split("</table>")[0]
    assert "Hugo Hughes" in workload and "Hana Hussain" in workload
    overdue = html.split('id="overdue"')[1].split("</table>")[0]
    assert late.reference in overdue and "2 working days late" in overdue
    risk = html.split('id="at-risk"')[1].split("</table>")[0]
    assert at_risk.reference in risk and "due in 1 working day" in risk
    extensions = html.split('id="extensions"')[1]
    assert "The contractor&#x27;s report is late." in extensions and "4 working days" in extensions
    assert secret.reference not in html and "Secret reason." not in html
    client.force_login(staff["manager"])
    assert "Secret reason." in client.get("/workspace/team/").content.decode()
