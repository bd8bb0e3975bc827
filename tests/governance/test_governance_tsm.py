"""Tenant Satisfaction Measures CH01 and CH02 on a fixture small enough to check by hand.

Reporting year 2025/26: 1 April 2025 to 31 March 2026. Homes: 2,000. No bank holidays fall in
June or July 2025; Good Friday (18 April 2025) and Easter Monday (21 April 2025) do.
"""

from __future__ import annotations

from datetime import date

import pytest

from putright.governance.facts import AsAt
from putright.governance.tsm import tenant_satisfaction_measures, tsm_lists

JUN = lambda d: date(2025, 6, d)  # noqa: E731
JUL = lambda d: date(2025, 7, d)  # noqa: E731


@pytest.fixture
def tsm_fixture(journey):  # type: ignore[no-untyped-def]
    c = {}
    # A: received Mon 2 Jun, acknowledged Wed 4 Jun (due Mon 9 Jun); response due 10 working days
    #    after 4 Jun = Wed 18 Jun; responded 18 Jun -> ON TIME.
    c["A"] = journey(JUN(2), ack=JUN(4), respond=JUN(18))
    # B: the same, responded Thu 19 Jun -> LATE (one working day).
    c["B"] = journey(JUN(2), ack=JUN(4), respond=JUN(19))
    # C: the same, extended on 16 Jun by 5 working days: 18 Jun -> 19, 20, 23, 24, 25 Jun;
    #    responded Wed 25 Jun -> ON TIME (an extension within the Code's limit counts).
    c["C"] = journey(JUN(2), ack=JUN(4), extend=(JUN(16), 5, ""), respond=JUN(25))
    # D: stage 1 responded 10 Jun (on time); escalated Fri 20 Jun (stage 2 acknowledgement due
    #    Fri 27 Jun), acknowledged Mon 23 Jun; stage 2 response due 20 working days later =
    #    Mon 21 Jul; responded 21 Jul -> stage 2 ON TIME.
    c["D"] = journey(JUN(2), ack=JUN(4), respond=JUN(10), escalate=JUN(20), ack2=JUN(23), respond2=JUL(21))
    # E: as D but stage 2 responded Tue 22 Jul -> stage 2 LATE; stage 1 (11 Jun) on time.
    c["E"] = journey(JUN(2), ack=JUN(4), respond=JUN(11), escalate=JUN(20), ack2=JUN(23), respond2=JUL(22))
    # F: received Thu 20 Mar 2025 (the year before), acknowledged Fri 21 Mar; response due
    #    10 working days later = Fri 4 Apr 2025; responded Thu 3 Apr 2025 -> counted in CH02 (1)
    #    for 2025/26 (responded in the year, ON TIME) but not in CH01 (1) (received the year before).
    c["F"] = journey(date(2025, 3, 20), ack=date(2025, 3, 21), respond=date(2025, 4, 3))
    # G: received Mon 30 Mar 2026, accepted, not yet acknowledged -> CH01 (1) only.
    c["G"] = journey(date(2026, 3, 30))
    # H: not accepted (declined under 2.2) -> not a complaint received.
    c["H"] = journey(date(2025, 5, 5), decline=date(2025, 5, 6))
    # I: a service request, not a complaint (1.4) -> not counted.
    c["I"] = journey(date(2025, 5, 5), service_request=date(2025, 5, 5))
    # J: accepted then withdrawn -> still received at stage 1.
    c["J"] = journey(date(2025, 5, 5), withdraw=date(2025, 5, 7))
    # K: received Thu 10 Apr 2025, acknowledged Fri 11 Apr; response due 10 working days later
    #    skipping Good Friday and Easter Monday = Tue 29 Apr; responded 15 Apr -> ON TIME. The
    #    resident asked to escalate on 16 Apr; refused on 17 Apr (5.11) -> not a stage 2 complaint.
    c["K"] = journey(
        date(2025, 4, 10),
        ack=date(2025, 4, 11),
        respond=date(2025, 4, 15),
        escalate=date(2025, 4, 16),
        refuse_escalation=date(2025, 4, 17),
    )
    # L: received 2 Apr 2026 (the next year) -> not counted anywhere.
    c["L"] = journey(date(2026, 4, 2), ack=date(2026, 4, 7), respond=date(2026, 4, 8))
    return c


EXPECTED = {
    # CH01 (1): A B C D E G J K = 8 stage 1 complaints; 8 x 1000 / 2000 = 4.0
    "stage_1_received": 8,
    "CH01 (1)": 4.0,
    # CH01 (2): D E = 2; 2 x 1000 / 2000 = 1.0
    "stage_2_received": 2,
    "CH01 (2)": 1.0,
    # CH02 (1): responded at stage 1 in the year: A B C D E F K = 7; on time: all but B = 6;
    #           6 / 7 = 85.714... -> 85.7%
    "stage_1_responded": 7,
    "stage_1_within": 6,
    "CH02 (1)": 85.7,
    # CH02 (2): D (on time) and E (late): 1 / 2 = 50.0%
    "stage_2_responded": 2,
    "stage_2_within": 1,
    "CH02 (2)": 50.0,
}


@pytest.mark.parametrize("source", ["projection", "events"])
def test_tsm_ch01_ch02_match_the_hand_checked_fixture(tsm_fixture, source):  # type: ignore[no-untyped-def]
    as_at = AsAt.now() if source == "projection" else AsAt.of(date(2026, 11, 1))
    result = tenant_satisfaction_measures(2025, as_at)
    got = result.as_dict()
    for key, value in EXPECTED.items():
        assert got[key] == value, key


def test_tsm_lists_name_the_complaints_counted(tsm_fixture):  # type: ignore[no-untyped-def]
    refs = {k: v.reference for k, v in tsm_fixture.items()}
    name = {v: k for k, v in refs.items()}
    lists = {key: sorted(name[c.reference] for c in qs) for key, qs in tsm_lists(2025).items()}
    assert lists == {
        "CH01 (1)": ["A", "B", "C", "D", "E", "G", "J", "K"],
        "CH01 (2)": ["D", "E"],
        "CH02 (1) numerator": ["A", "C", "D", "E", "F", "K"],
        "CH02 (1) denominator": ["A", "B", "C", "D", "E", "F", "K"],
        "CH02 (2) numerator": ["D"],
        "CH02 (2) denominator": ["D", "E"],
    }


def test_tsm_without_homes_gives_no_rate(tsm_fixture):  # type: ignore[no-untyped-def]
    result = tenant_satisfaction_measures(2025, homes=0)
    assert result.ch01_1 is None and result.stage_1_received == 8
