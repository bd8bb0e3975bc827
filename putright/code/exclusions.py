"""Valid reasons not to accept (or not to escalate) a complaint, and the time limit.

The Code lists acceptable exclusions (2024 2.2; 2022 1.8 gives the same three as examples). A
landlord's policy may set out others that are fair and reasonable, but each complaint is still
considered on its own merits (2024 2.1, 2.5), the reasoning is evidenced (2.1), and the resident is
told why and of their right to take the decision to the Ombudsman (2024 2.4; 2022 1.9). Refusing to
escalate rests on the same reasons (2024 5.11; 2022 4.14).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from putright.code.provisions import cite
from putright.code.timescales import add_months, timescales


class ExclusionGround(StrEnum):
    OUTSIDE_TIME_LIMIT = "outside_time_limit"
    LEGAL_PROCEEDINGS = "legal_proceedings"
    PREVIOUSLY_CONSIDERED = "previously_considered"
    LANDLORD_POLICY = "landlord_policy"


@dataclass(frozen=True)
class Exclusion:
    ground: ExclusionGround
    description: str
    provision: str


def _listed(edition: str) -> str:
    return {"2024": "2.2", "2022": "1.8"}[edition]


def listed_under(edition: str) -> str:
    """The provision listing the valid reasons not to accept a complaint: "2024 2.2", "2022 1.8"."""
    return cite(edition, _listed(edition))


def exclusions(edition: str, *, months: int | None = None) -> tuple[Exclusion, ...]:
    """The exclusions an edition recognises, in the Code's order, then the landlord's own policy.
    ``months`` is the landlord's policy time limit where the edition leaves it to the policy (2022 1.8)."""
    number = _listed(edition)
    months = months or timescales(edition).time_limit_months
    return (
        Exclusion(
            ExclusionGround.OUTSIDE_TIME_LIMIT,
            f"The issue giving rise to the complaint occurred over {months} months ago",
            cite(edition, number),
        ),
        Exclusion(
            ExclusionGround.LEGAL_PROCEEDINGS,
            "Legal proceedings have started (the claim has been filed at court)",
            cite(edition, number),
        ),
        Exclusion(
            ExclusionGround.PREVIOUSLY_CONSIDERED,
            "The matter has previously been considered under the complaints policy",
            cite(edition, number),
        ),
        Exclusion(
            ExclusionGround.LANDLORD_POLICY,
            "Another circumstance set out in the landlord's complaints policy as fair and reasonable",
            cite(edition, number),
        ),
    )


def exclusion(edition: str, ground: ExclusionGround | str, *, months: int | None = None) -> Exclusion:
    wanted = ExclusionGround(ground)
    for candidate in exclusions(edition, months=months):
        if candidate.ground == wanted:
            return candidate
    raise LookupError(ground)  # pragma: no cover - every ground is listed for every edition


def time_limit_ends(edition: str, issue_date: date, *, months: int | None = None) -> date:
    """The last day a complaint about an issue on (or first known on) ``issue_date`` must be accepted."""
    months = months or timescales(edition).time_limit_months
    if months is None:
        return date.max
    return add_months(issue_date, months)


def outside_time_limit(
    edition: str, *, issue_date: date, received_on: date, months: int | None = None
) -> bool:
    """True when the complaint came more than the time limit after the issue (2024 2.3; under the 2022
    Code the landlord's policy sets the limit, 1.8)."""
    return received_on > time_limit_ends(edition, issue_date, months=months)
