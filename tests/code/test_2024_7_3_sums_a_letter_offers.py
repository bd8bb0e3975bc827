"""2024 7.3: a remedy is followed through only when it is on the record. The letter's sums of money
that no recorded remedy is for are found, to be asked about (never refused: a letter names the rent,
a bill, the Ombudsman's guidance too)."""

from __future__ import annotations

import pytest

from putright.code.offers import sums_named, sums_not_recorded, sums_of_withdrawn


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("We will pay you £150 compensation.", [15000]),
        ("£1,250.00 in all, and £12.5 for postage", [125000, 1250]),
        ("£ 40 for the time and trouble; a further 40 pounds is not owed", [4000]),
        ("We offer £150. That is £150 more than before.", [15000]),
        ("Your reference is PR-000150 and your rent is due on 1 March 2026.", []),
        ("£0 is not a remedy; £1234567 is a typing slip but a sum", [123456700]),
        ("£1,25 is no sum PutRight can read, so it is not guessed", []),
    ],
)
def test_the_sums_a_letter_names(text: str, pence: list[int]) -> None:
    assert sums_named(text) == pence


def test_a_sum_matches_a_recorded_remedy_or_the_total_of_those_standing() -> None:
    letter = "We will pay you £150 for the delay and £250 for the distress: £400 in all. Your rent is £120."
    assert sums_not_recorded(letter, standing=[15000, 25000]) == [12000]
    # the £400 promised in the text, with only the earlier £150 on the record (seen in a walk)
    assert sums_not_recorded("We now offer £400.", standing=[15000]) == [40000]
    assert sums_not_recorded("No money is offered.", standing=[]) == []


def test_a_sum_that_is_only_a_withdrawn_remedys_is_asked_about_on_its_own() -> None:
    """A letter drafted before the £80 remedy was withdrawn still offers it (adversarial review)."""
    letter = "We will pay you £80 by 1 March."
    assert sums_not_recorded(letter, standing=[], withdrawn=[8000]) == []
    assert sums_of_withdrawn(letter, standing=[], withdrawn=[8000]) == [8000]
    # the same sum as a remedy still standing: nothing to ask
    assert sums_of_withdrawn(letter, standing=[8000], withdrawn=[8000]) == []
    # £400 in all for £150 and £250, the £150 since withdrawn: the total no longer stands
    assert sums_not_recorded("£400 in all", standing=[25000], withdrawn=[15000]) == [40000]
