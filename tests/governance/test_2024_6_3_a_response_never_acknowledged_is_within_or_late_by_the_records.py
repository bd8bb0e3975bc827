"""2024 6.3 "Landlords must issue a full response to stage 1 complaints within 10 working days of the
complaint being acknowledged"; 6.2 "Complaints must be acknowledged ... within five working days of
the complaint being received".

A stage 1 the previous system answered without ever acknowledging (imported as it happened) had no
response date, so every response figure counted it as not within the timescale, even one answered on
working day 3: a figure the records contradict. Its response date is now the latest day the Code
could have required it (10 working days after the last day 6.2 allowed to acknowledge it): answered
on working day 3 it is within, on working day 20 late. Its acknowledgement stays missed (6.2) either
way. The live figures, the dashboard's tally, the figures as at a day (from the history), TSM CH02 and
the 6.3 evidence agree, and so do the projections rebuilt from the events."""

from __future__ import annotations

from datetime import date

from governance.test_governance_evidence_rules import AS_AT, YEAR, letterhead, refs, show, small_minimum  # noqa: F401
from imports.conftest import FIXTURES, administrator, upload  # noqa: F401

from putright.accounts.models import User
from putright.complaints.models import Stage
from putright.complaints.services import rebuild_projections
from putright.governance import live, tally
from putright.governance.facts import AsAt
from putright.governance.measures import fact_figures
from putright.governance.tsm import tenant_satisfaction_measures
from putright.imports.models import ImportedRow
from putright.imports.services import import_file

#: both received Monday 2 June 2025, never acknowledged (6.2's last day: 9 June), so due by 23 June
#: (6.3): W-3 answered on 5 June (working day 3), W-20 on 30 June (working day 20)
ANSWERED = FIXTURES / "responded_never_acknowledged_in_time_and_late.csv"
#: (counted, within the Code's time): two responses, one within; two acknowledgements, none in time
EXPECTED = {"s1_resp": (2, 1), "s1_ack": (2, 0)}


def _imported(by: User) -> None:
    assert import_file(upload(ANSWERED, "mapping_walker.toml"), actor=by).created == 2


def _reference(key: str) -> str:
    return ImportedRow.objects.get(key=key).complaint.reference


def _every_engine() -> list[dict[str, tuple[int, int | None]]]:
    today = AsAt.now().today
    as_at = fact_figures(YEAR, AsAt.of(AS_AT), list(EXPECTED))
    now = live.figures(YEAR.range(), today)
    counted = tally.full(YEAR.range(), today).figures()
    return [
        {k: (f.value, f.numerator) for k, f in as_at.items()},
        {k: now[k] for k in EXPECTED},
        {k: counted[k] for k in EXPECTED},
    ]


def test_2024_6_3_answered_on_working_day_3_is_within_and_on_working_day_20_late_in_every_engine(
    administrator: User,  # noqa: F811
) -> None:
    _imported(administrator)
    assert _every_engine() == [EXPECTED] * 3
    due = dict(Stage.objects.filter(number=1).values_list("complaint__reference", "response_due"))
    assert due == {_reference("W-3"): date(2025, 6, 23), _reference("W-20"): date(2025, 6, 23)}
    ch02 = tenant_satisfaction_measures(2025, AsAt.of(AS_AT), homes=1000)
    assert (ch02.stage_1_responded, ch02.stage_1_within) == (2, 1)


def test_2024_6_3_the_projections_rebuilt_from_the_events_give_the_same_figures(
    administrator: User,  # noqa: F811
) -> None:
    _imported(administrator)
    Stage.objects.update(response_due=None, original_response_due=None)
    assert rebuild_projections() == 2
    assert set(Stage.objects.values_list("response_due", "original_response_due")) == {
        (date(2025, 6, 23), date(2025, 6, 23))
    }
    assert _every_engine() == [EXPECTED] * 3


def test_2024_6_3_the_evidence_lists_only_the_late_response_as_failing(  # type: ignore[no-untyped-def]
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
):
    _imported(administrator)
    found = show("6.3")
    assert found.state == "non_compliance" and refs(found) == {_reference("W-20")}
    assert [f["value"] for f in found.figures][:3] == [2, 1, 1]  # in the period, within, late
    # the acknowledgement of both was missed (6.2), whenever they were answered
    assert refs(show("6.2")) == {_reference("W-3"), _reference("W-20")}
