"""2024 6.2 "Complaints must be acknowledged ... within five working days of the complaint being
received"; 6.11 the same for stage 2. A stage the previous system answered without ever acknowledging
(imported as it happened, tests/imports/test_2024_6_2_6_11_...) was not acknowledged in time: the
self-assessment lists it as failing and every acknowledgement figure counts it as missed, never as on
time and never left out (it is no longer waiting, so it was not "past due, still waiting" either)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit

from governance.test_governance_evidence_rules import AS_AT, YEAR, letterhead, refs, show, small_minimum  # noqa: F401
from imports.conftest import FIXTURES, administrator, upload  # noqa: F401

from putright.accounts.models import User
from putright.governance import live, tally
from putright.governance.evidence import NOT_ACKNOWLEDGED
from putright.governance.facts import AsAt
from putright.governance.measures import complaints_for, fact_figures
from putright.governance.performance import Scope, performance
from putright.imports.models import ImportedRow
from putright.imports.services import import_file


def _reference(key: str) -> str:
    return ImportedRow.objects.get(key=key).complaint.reference


def _imported(by: User) -> None:
    upload_ = upload(FIXTURES / "responded_never_acknowledged.csv", "mapping_walker.toml")
    assert import_file(upload_, actor=by).created == 3


def test_2024_6_2_a_stage_1_never_acknowledged_is_a_failing_case(  # type: ignore[no-untyped-def]
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
):
    _imported(administrator)
    found = show("6.2")
    assert found.state == "non_compliance" and refs(found) == {_reference("Z-1")}
    # two acknowledgements made, both within the Code's time; the third stage was never acknowledged
    # in the period, within, late, not acknowledged, waiting
    assert [f["value"] for f in found.figures] == [2, 2, 0, 1, 0]


def test_2024_6_11_a_stage_2_never_acknowledged_is_a_failing_case(  # type: ignore[no-untyped-def]
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
):
    _imported(administrator)
    found = show("6.11")
    assert found.state == "non_compliance" and refs(found) == {_reference("Z-2")}
    assert [case.why for case in found.cases] == ["not acknowledged: answered without an acknowledgement"]


def test_2024_6_2_every_acknowledgement_figure_counts_it_missed(administrator: User) -> None:  # noqa: F811
    _imported(administrator)
    today = AsAt.now().today
    # answered, so no longer waiting: never "past due, still waiting" as well
    expected = {
        "s1_ack": (3, 2),
        "s2_ack": (1, 0),
        "s1_ack_overdue": (0, None),
        "s2_ack_overdue": (0, None),
        # of the one not on time at each stage: none acknowledged late, one never acknowledged
        "s1_ack_late": (0, None),
        "s1_ack_never": (1, None),
        "s2_ack_late": (0, None),
        "s2_ack_never": (1, None),
    }
    as_at = fact_figures(YEAR, AsAt.of(AS_AT), list(expected))
    assert {k: (f.value, f.numerator) for k, f in as_at.items()} == expected
    now = live.figures(YEAR.range(), today)
    assert {k: now[k] for k in expected} == expected
    counted = tally.full(YEAR.range(), today).figures()
    assert {k: counted[k] for k in expected} == expected
    missed = complaints_for("s1_ack", YEAR, AsAt.of(AS_AT), part="missed")
    assert set(missed.values_list("reference", flat=True)) == {_reference("Z-1")}


def test_2024_6_10_a_stage_2_answered_without_an_acknowledgement_was_progressed(  # type: ignore[no-untyped-def]
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
):
    """6.10 "it must be progressed to stage 2": Z-2's stage 2 was answered (30 June 2025), so it was
    progressed; its missed acknowledgement counts against 6.11, not as an escalation 'not progressed'."""
    _imported(administrator)
    found = show("6.10")
    assert found.state != "non_compliance" and refs(found) == set()


def _figures_and_list(number: str) -> tuple[dict[str, int], Counter[str]]:
    found = show(number)
    figures = {f["label"].split(",")[0]: f["value"] for f in found.figures}
    return figures, Counter(case.why for case in found.cases)


def test_2024_6_2_6_11_the_figures_say_what_the_list_says(  # type: ignore[no-untyped-def]
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
):
    """The figures counted an acknowledgement that never happened as one made, and as a late one,
    beside a list saying it was not acknowledged at all."""
    _imported(administrator)
    figures, listed = _figures_and_list("6.2")
    assert figures == {
        "Stage 1 acknowledgements in the period": 2,  # only those made
        "within the Code's timescale": 2,
        "late": 0,
        NOT_ACKNOWLEDGED: 1,
        "still waiting": 0,
    }
    assert listed == {NOT_ACKNOWLEDGED: 1}
    figures, listed = _figures_and_list("6.11")
    assert figures["Stage 2 acknowledgements in the period"] == 0
    assert (figures["late"], figures[NOT_ACKNOWLEDGED]) == (0, 1) and listed == {NOT_ACKNOWLEDGED: 1}
    # the figure's link opens the complaints it counts
    late, never = (
        complaints_for("s2_ack_late", YEAR, AsAt.of(AS_AT)),
        complaints_for("s2_ack_never", YEAR, AsAt.of(AS_AT)),
    )
    assert not late.exists() and set(never.values_list("reference", flat=True)) == {_reference("Z-2")}


def test_2024_6_2_6_11_the_dashboard_says_not_acknowledged_apart_and_its_late_link_lists_them(
    administrator: User,  # noqa: F811
) -> None:
    """The dashboard, the MRC's report and the annual report said "Done 3, On time 2, Late 1" of
    stage 1 acknowledgements when two were made, and "Done 1, Late 1" at stage 2 when none was: the
    never-acknowledged stage was counted as an acknowledgement made, and a late one. And the late
    link, read live, opened no complaint: NOT (NULL <= due) is NULL (found by an adversarial
    review). Now: what was made, what was late, and "not acknowledged" said apart, each linked to
    exactly the complaints it counts; the share still counts the never-acknowledged as a failure."""
    _imported(administrator)
    for as_at in (AsAt.now(), AsAt.of(AS_AT)):
        rows = {row["key"]: row for row in performance(Scope(YEAR, as_at))["timeliness"]}
        assert (rows["s1_ack"]["value"], rows["s1_ack"]["numerator"], rows["s1_ack"]["missed"]) == (2, 2, 0)
        assert rows["s1_ack"]["never"] == 1 and rows["s1_ack"]["percent"] == 66.7
        assert (rows["s2_ack"]["value"], rows["s2_ack"]["missed"], rows["s2_ack"]["never"]) == (0, 0, 1)
        # every part of a figure lists the complaints it counts, live and as at a day
        missed = complaints_for("s1_ack", YEAR, as_at, part="missed")
        assert set(missed.values_list("reference", flat=True)) == {_reference("Z-1")}, as_at
        never = complaints_for("s2_ack_never", YEAR, as_at)
        assert set(never.values_list("reference", flat=True)) == {_reference("Z-2")}


def _listed(href: str, as_at: AsAt) -> set[str]:
    """The references the complaint list behind ``href`` (a figure's link) shows."""
    query = parse_qs(urlsplit(href).query)
    measure, part = query["measure"][0], query.get("part", ["all"])[0]
    return set(complaints_for(measure, YEAR, as_at, part=part).values_list("reference", flat=True))


def test_2024_6_2_6_11_the_acknowledgements_made_link_to_exactly_the_complaints_they_count(
    administrator: User,  # noqa: F811
    small_minimum,  # noqa: F811
) -> None:
    """The acknowledgements made in the period (2 at stage 1, none at stage 2) linked to every
    acknowledgement due, the stage never acknowledged included (3 and 1), on the dashboard; the
    self-assessment's figure had no link at all. Each now opens the acknowledgements it counts."""
    _imported(administrator)
    for as_at in (AsAt.now(), AsAt.of(AS_AT)):
        rows = {row["key"]: row for row in performance(Scope(YEAR, as_at))["timeliness"]}
        for key in ("s1_ack", "s2_ack"):
            assert len(_listed(rows[key]["href"], as_at)) == rows[key]["value"], (key, as_at)
    for number, stage in (("6.2", 1), ("6.11", 2)):
        made = show(number).figures[0]
        assert made["label"] == f"Stage {stage} acknowledgements in the period" and made["href"]
        listed = _listed(made["href"], AsAt.of(AS_AT))
        assert len(listed) == made["value"] and _reference(f"Z-{stage}") not in listed
