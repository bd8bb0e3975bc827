"""2024 5.9 (2022 4.10): "Landlords must keep the resident regularly updated about the progress of the
complaint." An address the resident and their representative share is recorded as "Resident or
representative (same address)" (2024 5.12), and the workspace offers that party for correspondence
sent too. An update sent to it was not counted as contact with the resident: the 5.9 evidence failed
the complaint for a gap the landlord had filled, and "My work today" said the update was still owed.
Contact with the resident, their representative or the address both share is contact with them, in
every figure that reads it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from governance.test_governance_evidence_rules import _interval_case, refs, show, small_minimum  # noqa: F401
from workspace.conftest import Make, make, staff, teams, working_days_ago  # noqa: F401

from putright.accounts.models import User
from putright.code.calendar import england_and_wales
from putright.complaints import services as cs
from putright.complaints.models import Party
from putright.workspace.workload import updates_owed

pytestmark = pytest.mark.django_db

#: an update every week from the interval agreed on 2 February 2026 to the end of the period
WEEKLY = [date(2026, 2, 6) + timedelta(weeks=n) for n in range(8)]


@cs.recording_as_it_happened()
def _update(complaint: Any, actor: Any, day: date, party: str) -> None:
    cs.record_correspondence(
        complaint=complaint,
        actor=actor,
        direction="out",
        channel="email",
        party=party,
        subject="Update on your complaint",
        body="The roofer comes on Monday.",
        occurred_at=timezone.make_aware(datetime.combine(day, time(10))),
    )


def test_2024_5_9_updates_sent_to_the_address_both_share_keep_the_resident_informed(  # type: ignore[no-untyped-def]
    journey,
    officer,
    handler_1,
    small_minimum,  # noqa: F811
) -> None:
    kept = _interval_case(journey, officer, handler_1, date(2026, 2, 2), [])
    for day in WEEKLY:
        _update(kept, handler_1, day, Party.RESIDENT_OR_REPRESENTATIVE)
    gap = _interval_case(journey, officer, handler_1, date(2026, 2, 2), [date(2026, 2, 6)])
    for number, edition in (("5.9", "2024"), ("4.10", "2022")):
        assert refs(show(number, edition)) == {gap.reference}, number


@cs.recording_as_it_happened()  # steps dated days ago, recorded on their day
@pytest.mark.parametrize("party", [Party.RESIDENT_OR_REPRESENTATIVE, Party.REPRESENTATIVE])
def test_2024_5_9_an_update_sent_to_the_address_both_share_is_not_owed_again(
    staff: dict[str, User],  # noqa: F811
    make: Make,  # noqa: F811
    party: Party,
) -> None:
    """The workspace's list of updates owed reads contact as the 5.9 evidence does: with the resident,
    their representative, or the address both share."""
    hana = staff["hana"]
    complaint = make(handler=hana, received_on=working_days_ago(12))
    cs.agree_update_interval(
        complaint=complaint, actor=hana, every_working_days=5, method="email", on=working_days_ago(8)
    )
    calendar = england_and_wales()
    assert updates_owed([complaint], today=timezone.localdate(), calendar=calendar)
    _update(complaint, hana, timezone.localdate(), party)
    assert not updates_owed([complaint], today=timezone.localdate(), calendar=calendar)
