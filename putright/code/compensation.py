"""Remedies: the Ombudsman's Compensation Guidance and the landlord's own policy, as dated data.

Where something has gone wrong the landlord must put it right, and a financial remedy is one way
(2024 7.1); the remedy must reflect the impact on the resident (2024 7.2), say what will happen and
by when (2024 7.3), and the landlord must take account of the Ombudsman's guidance when deciding it
(2024 7.4). The 2022 Code says the same in its own words: the remedy reflects the extent of the
service failure and the detriment (2022 6.2), is set out and followed through (2022 6.5), considers
time and trouble and distress and inconvenience (2022 6.6), and points to the Ombudsman's remedies
policy (2022 6.8).

The guidance is data: each edition is a TOML file in ``compensation_guidance/`` with its source and
effective date, so a new edition is a new file. The landlord's own compensation policy (for example
a Right to Repair schedule) is a second table with its own effective dates, passed in as a
:class:`Schedule`. For each failure found the calculator proposes a sum with the rule and its source;
a sum of the landlord's judgement (distress and inconvenience, time and trouble) is never invented.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from putright.code.provisions import cite

GUIDANCE_FOLDER = "compensation_guidance"
#: a failure longer than ten years or counted more than this many times is a typing error
MAX_QUANTITY = 3660

#: the provisions a proposal applies, by edition
PROVISIONS: dict[str, tuple[str, ...]] = {
    "2024": ("7.1", "7.2", "7.3", "7.4"),
    "2022": ("6.1", "6.2", "6.5", "6.6", "6.8"),
}
#: the provision that says the Ombudsman's guidance must be taken into account
GUIDANCE_PROVISION = {"2024": "7.4", "2022": "6.8"}
#: the provision behind a reasoned sum for the impact on the resident
IMPACT_PROVISION = {"2024": "7.2", "2022": "6.6"}


class CompensationInputError(ValueError):
    """Unusable input to the calculator: an unknown kind, a negative count, a malformed date."""


class NoGuidance(CompensationInputError):
    """No edition of the guidance held by PutRight was in force on the day asked about."""


class Basis(StrEnum):
    PER_DAY = "per_day"
    PER_WEEK = "per_week"
    EACH = "each"
    JUDGEMENT = "judgement"


UNITS = {Basis.PER_DAY: "days", Basis.PER_WEEK: "weeks", Basis.EACH: "times", Basis.JUDGEMENT: ""}


@dataclass(frozen=True)
class Rate:
    """One line of a schedule: a kind of failure and what is paid for it."""

    kind: str
    label: str
    basis: Basis
    amount_pence: int | None
    rule: str

    @property
    def defined(self) -> bool:
        return self.basis != Basis.JUDGEMENT and self.amount_pence is not None


@dataclass(frozen=True)
class Schedule:
    """The Ombudsman's guidance (one edition) or one version of the landlord's policy."""

    title: str
    publisher: str
    source: str
    effective_from: date
    rates: tuple[Rate, ...]
    effective_to: date | None = None
    published_on: date | None = None
    provenance: str = ""
    url: str = ""
    is_ombudsman: bool = False

    def rate(self, kind: str) -> Rate | None:
        for rate in self.rates:
            if rate.kind == kind:
                return rate
        return None

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Failure:
    """A failure the landlord found: what, from when to when, how many times.

    ``days`` for daily sums (or ``started_on`` and ``ended_on``, counted inclusively), ``weeks`` for
    weekly ones (or days, of which only whole weeks count), ``count`` for each occurrence; for a
    category left to judgement, the ``amount_pence`` decided and the ``reason`` for it."""

    kind: str
    days: int | None = None
    weeks: int | None = None
    count: int | None = None
    started_on: date | None = None
    ended_on: date | None = None
    amount_pence: int | None = None
    reason: str = ""
    description: str = ""


@dataclass(frozen=True)
class Proposal:
    """The calculator's proposal for one failure, with the rule and source it applies."""

    failure: Failure
    label: str
    basis: Basis
    quantity: int | None
    defined_pence: int | None
    """The Ombudsman's defined sum for this failure, or None where the guidance defines none."""
    policy_pence: int | None
    """The landlord's policy's sum for it, or None where the policy has none."""
    proposed_pence: int | None
    """What to offer: None where only the landlord's reasoned judgement can say."""
    rule: str
    source: str
    workings: str
    provisions: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def below_defined_sum(self, offered_pence: int) -> bool:
        """An offer for this failure below the Ombudsman's defined sum (2024 7.4)."""
        return self.defined_pence is not None and offered_pence < self.defined_pence

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.failure.kind,
            "label": self.label,
            "basis": self.basis.value,
            "quantity": self.quantity,
            "unit": UNITS[self.basis],
            "defined_pence": self.defined_pence,
            "policy_pence": self.policy_pence,
            "proposed_pence": self.proposed_pence,
            "rule": self.rule,
            "source": self.source,
            "workings": self.workings,
            "provisions": list(self.provisions),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Calculation:
    on: date
    edition: str
    guidance: Schedule
    policy: Schedule | None
    proposals: tuple[Proposal, ...] = field(default_factory=tuple)

    @property
    def total_pence(self) -> int:
        """The sum of every proposal that has an amount; judgement left open adds nothing."""
        return sum(p.proposed_pence for p in self.proposals if p.proposed_pence is not None)

    @property
    def defined_total_pence(self) -> int:
        return sum(p.defined_pence for p in self.proposals if p.defined_pence is not None)

    @property
    def left_to_judgement(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.proposals if p.proposed_pence is None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "edition": self.edition,
            "guidance": schedule_as_dict(self.guidance),
            "policy": schedule_as_dict(self.policy) if self.policy else None,
            "failures": [p.as_dict() for p in self.proposals],
            "total_pence": self.total_pence,
            "defined_total_pence": self.defined_total_pence,
            "left_to_judgement": [p.failure.kind for p in self.left_to_judgement],
        }


# --------------------------------------------------------------------------------------------------
# Loading the guidance


def _rate(raw: Mapping[str, Any], where: str) -> Rate:
    try:
        basis = Basis(raw["basis"])
        amount = raw.get("amount_pence")
        if basis == Basis.JUDGEMENT:
            if amount is not None:
                raise ValueError("a judgement category has no defined sum")
        elif not isinstance(amount, int) or amount <= 0:
            raise ValueError("a defined sum needs a positive amount_pence")
        return Rate(
            kind=str(raw["kind"]),
            label=str(raw["label"]),
            basis=basis,
            amount_pence=amount,
            rule=str(raw["rule"]),
        )
    except (KeyError, ValueError) as error:
        raise ValueError(f"{where}: bad rule {raw!r}: {error}") from None


@cache
def guidance_editions() -> tuple[Schedule, ...]:
    """Every edition of the Ombudsman's guidance held, oldest first, each ending the day before the
    next one takes effect."""
    folder = resources.files("putright.code").joinpath(GUIDANCE_FOLDER)
    loaded = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".toml"):
            continue
        raw = tomllib.loads(entry.read_text(encoding="utf-8"))
        loaded.append(
            Schedule(
                title=raw["title"],
                publisher=raw["publisher"],
                source=raw["source"],
                effective_from=raw["effective_from"],
                published_on=raw.get("published_on"),
                provenance=raw.get("provenance", ""),
                url=raw.get("url", ""),
                rates=tuple(_rate(r, entry.name) for r in raw["rules"]),
                is_ombudsman=True,
            )
        )
    loaded.sort(key=lambda s: s.effective_from)
    return tuple(
        replace(s, effective_to=loaded[i + 1].effective_from - timedelta(days=1))
        if i + 1 < len(loaded)
        else s
        for i, s in enumerate(loaded)
    )


def guidance_on(day: date) -> Schedule:
    """The edition of the guidance in force on ``day``."""
    editions = guidance_editions()
    for schedule in reversed(editions):
        if schedule.effective_from <= day:
            return schedule
    raise NoGuidance(
        f"PutRight holds no edition of the Ombudsman's Compensation Guidance in force on {day.isoformat()} "
        f"(the earliest held takes effect on {editions[0].effective_from.isoformat()})"
    )


def kinds(on: date, policy: Schedule | None = None) -> tuple[Rate, ...]:
    """Every kind of failure known on ``on``: the guidance's, then the policy's own."""
    guidance = guidance_on(on)
    extra = tuple(r for r in (policy.rates if policy else ()) if guidance.rate(r.kind) is None)
    return guidance.rates + extra


# --------------------------------------------------------------------------------------------------
# Input


def parse_date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise CompensationInputError(f"{what} must be a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CompensationInputError(f"{what} {value!r} is not a date in the form YYYY-MM-DD") from None


def _whole(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CompensationInputError(f"{what} must be a whole number")
    if value < 0:
        raise CompensationInputError(f"{what} cannot be negative")
    if value > MAX_QUANTITY and not what.endswith("amount_pence"):
        raise CompensationInputError(f"{what} cannot be more than {MAX_QUANTITY}")
    return value


def days_between(started_on: date, ended_on: date) -> int:
    """Days from ``started_on`` to ``ended_on``, both counted (1 to 23 May is 23 days)."""
    if ended_on < started_on:
        raise CompensationInputError("a failure cannot end before it started")
    return (ended_on - started_on).days + 1


FAILURE_FIELDS = frozenset(
    {"kind", "days", "weeks", "count", "from", "to", "amount_pence", "reason", "description"}
)


def parse_failure(raw: Any, where: str = "failure") -> Failure:
    """A :class:`Failure` from JSON-like input, or a :class:`CompensationInputError` naming the field."""
    if not isinstance(raw, Mapping):
        raise CompensationInputError(f"{where} must be an object")
    unknown = sorted(set(raw) - FAILURE_FIELDS)
    if unknown:
        raise CompensationInputError(f"{where}: unknown field {unknown[0]!r}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind.strip():
        raise CompensationInputError(f"{where} needs a kind")
    started = parse_date(raw["from"], f"{where} from") if raw.get("from") is not None else None
    ended = parse_date(raw["to"], f"{where} to") if raw.get("to") is not None else None
    if (started is None) != (ended is None):
        raise CompensationInputError(f"{where}: give both from and to, or neither")
    if started and ended:
        days_between(started, ended)
    reason = raw.get("reason", "")
    description = raw.get("description", "")
    if not isinstance(reason, str) or not isinstance(description, str):
        raise CompensationInputError(f"{where}: reason and description must be text")
    return Failure(
        kind=kind.strip(),
        days=_whole(raw.get("days"), f"{where} days"),
        weeks=_whole(raw.get("weeks"), f"{where} weeks"),
        count=_whole(raw.get("count"), f"{where} count"),
        started_on=started,
        ended_on=ended,
        amount_pence=_whole(raw.get("amount_pence"), f"{where} amount_pence"),
        reason=reason.strip(),
        description=description.strip(),
    )


def parse_request(raw: Any) -> tuple[date, list[Failure]]:
    """``{"on": "2026-05-01", "failures": [...]}`` as the CLI and the API take it."""
    if not isinstance(raw, Mapping):
        raise CompensationInputError("the input must be a JSON object with 'on' and 'failures'")
    unknown = sorted(set(raw) - {"on", "failures"})
    if unknown:
        raise CompensationInputError(f"unknown field {unknown[0]!r}")
    if "on" not in raw:
        raise CompensationInputError("'on' is required: the day the remedy is decided, YYYY-MM-DD")
    on = parse_date(raw["on"], "on")
    failures = raw.get("failures")
    if not isinstance(failures, list) or not failures:
        raise CompensationInputError("'failures' must be a list with at least one failure")
    return on, [parse_failure(item, f"failure {n}") for n, item in enumerate(failures, start=1)]


# --------------------------------------------------------------------------------------------------
# The calculation


def pounds(pence: int) -> str:
    """£345, £12.50: how sums are written in proposals."""
    return f"£{pence // 100:,}" + (f".{pence % 100:02d}" if pence % 100 else "")


#: the most a sum typed in pounds may be: more is a slip of the keyboard, not a remedy
MOST_POUNDS = Decimal(1_000_000)


#: pounds as a letter writes them: digits, commas only between thousands ("1,250", never "1,00",
#: which was read as £100), and pence after a point; no powers of ten ("1e6") or other digits
_WRITTEN_IN_POUNDS = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+", re.ASCII)


def pence_of(written: str, *, what: str = "the amount") -> int:
    """The pence in a sum typed in pounds, as people write it: "345", "345.50", "£1,250.00" (the
    inverse of :func:`pounds`). ``what`` names the sum in the error: "enter the offer in pounds"."""
    raw = written.strip().removeprefix("£").strip()
    if not _WRITTEN_IN_POUNDS.fullmatch(raw):
        raise CompensationInputError(f"enter {what} in pounds, for example 345 or 345.50")
    sum_in_pounds = Decimal(raw.replace(",", ""))
    if (
        not sum_in_pounds.is_finite()
        or not 0 <= sum_in_pounds <= MOST_POUNDS
        or sum_in_pounds != sum_in_pounds.quantize(Decimal("0.01"))
    ):
        raise CompensationInputError(
            f"enter {what} from £0 to {pounds(int(MOST_POUNDS) * 100)}, to the penny"
        )
    return int(sum_in_pounds * 100)


def _quantity(failure: Failure, rate: Rate) -> tuple[int, tuple[str, ...]]:
    """How many days, weeks or times the rate multiplies, with any note about the count."""
    days = failure.days
    if days is None and failure.started_on and failure.ended_on:
        days = days_between(failure.started_on, failure.ended_on)
    if rate.basis == Basis.PER_DAY:
        if days is None:
            raise CompensationInputError(f"{failure.kind} is paid per day: give days, or from and to")
        return days, ()
    if rate.basis == Basis.PER_WEEK:
        if failure.weeks is not None:
            return failure.weeks, ()
        if days is None:
            raise CompensationInputError(
                f"{failure.kind} is paid per week: give weeks, or days, or from and to"
            )
        weeks, left = divmod(days, 7)
        notes = (
            (
                f"{left} day{'s' if left != 1 else ''} beyond {weeks} whole week{'s' if weeks != 1 else ''}: "
                "the weekly sum does not say how a part week is paid, so that is left to your judgement",
            )
            if left
            else ()
        )
        return weeks, notes
    if failure.count is None:
        raise CompensationInputError(f"{failure.kind} is paid for each time it happened: give count")
    return failure.count, ()


def _sum(rate: Rate, quantity: int) -> int:
    assert rate.amount_pence is not None
    return rate.amount_pence * quantity


def _workings(rate: Rate, quantity: int) -> str:
    assert rate.amount_pence is not None
    unit = "" if rate.basis == Basis.EACH else " " + UNITS[rate.basis]
    if quantity == 1:
        unit = unit.rstrip("s")
    return f"{quantity}{unit} × {pounds(rate.amount_pence)} = {pounds(_sum(rate, quantity))}"


def propose(
    failure: Failure, *, guidance: Schedule, policy: Schedule | None = None, edition: str = "2024"
) -> Proposal:
    """The sum to propose for one failure, and the rule and source behind it."""
    ombudsman = guidance.rate(failure.kind)
    own = policy.rate(failure.kind) if policy else None
    if ombudsman is None and own is None:
        known = ", ".join(r.kind for r in kinds(guidance.effective_from, policy))
        raise CompensationInputError(f"unknown kind {failure.kind!r}: choose one of {known}")
    label = (ombudsman or own).label  # type: ignore[union-attr]
    provisions = tuple(cite(edition, n) for n in PROVISIONS[edition])
    defined_rate = ombudsman if ombudsman is not None and ombudsman.defined else None
    own_rate = own if own is not None and own.defined else None
    if defined_rate is None and own_rate is None:
        return _judgement(failure, label, guidance, policy, ombudsman or own, provisions, edition)  # type: ignore[arg-type]
    chosen = defined_rate or own_rate
    assert chosen is not None
    quantity, notes = _quantity(failure, chosen)
    defined = _sum(defined_rate, quantity) if defined_rate else None
    mine = None
    if own_rate is not None:
        own_quantity, own_notes = _quantity(failure, own_rate)
        mine = _sum(own_rate, own_quantity)
        if defined is None or mine > defined:
            chosen, quantity, notes = own_rate, own_quantity, own_notes
    if defined is not None and mine is not None and mine < defined:
        notes += (
            f"Your policy's {pounds(mine)} is below the Ombudsman's defined sum of {pounds(defined)}, "
            f"so the Ombudsman's sum is proposed ({cite(edition, GUIDANCE_PROVISION[edition])})",
        )
    source = guidance.source if chosen is defined_rate else (policy.source if policy else "")
    return Proposal(
        failure=failure,
        label=label,
        basis=chosen.basis,
        quantity=quantity,
        defined_pence=defined,
        policy_pence=mine,
        proposed_pence=_sum(chosen, quantity),
        rule=chosen.rule,
        source=source,
        workings=_workings(chosen, quantity),
        provisions=provisions,
        notes=notes,
    )


def _judgement(
    failure: Failure,
    label: str,
    guidance: Schedule,
    policy: Schedule | None,
    rate: Rate,
    provisions: tuple[str, ...],
    edition: str,
) -> Proposal:
    impact = cite(edition, IMPACT_PROVISION[edition])
    source = guidance.source if guidance.rate(failure.kind) is not None else (policy.source if policy else "")
    if failure.amount_pence is None:
        proposed, workings = (
            None,
            f"No defined sum: decide the amount for the impact on the resident ({impact})",
        )
    else:
        if not failure.reason:
            raise CompensationInputError(
                f"{failure.kind}: a sum of your own judgement needs the reasons for it ({impact})"
            )
        proposed, workings = (
            failure.amount_pence,
            f"{pounds(failure.amount_pence)} by judgement: {failure.reason}",
        )
    return Proposal(
        failure=failure,
        label=label,
        basis=Basis.JUDGEMENT,
        quantity=None,
        defined_pence=None,
        policy_pence=None,
        proposed_pence=proposed,
        rule=rate.rule,
        source=source,
        workings=workings,
        provisions=provisions,
    )


def calculate(
    failures: Sequence[Failure], *, on: date, policy: Schedule | None = None, edition: str = "2024"
) -> Calculation:
    """Proposals for every failure under the guidance (and the landlord's policy) in force on ``on``."""
    guidance = guidance_on(on)
    if policy is not None and not policy.in_force(on):
        policy = None
    return Calculation(
        on=on,
        edition=edition,
        guidance=guidance,
        policy=policy,
        proposals=tuple(propose(f, guidance=guidance, policy=policy, edition=edition) for f in failures),
    )


def policy_in_force(versions: Iterable[Schedule], day: date) -> Schedule | None:
    """The landlord's policy version in force on ``day``, from versions that may leave
    ``effective_to`` open: a later version ends the one before it."""
    ordered = sorted(versions, key=lambda s: s.effective_from)
    found = None
    for n, version in enumerate(ordered):
        ends = ordered[n + 1].effective_from - timedelta(days=1) if n + 1 < len(ordered) else None
        limits = [d for d in (ends, version.effective_to) if d is not None]
        bounded = replace(version, effective_to=min(limits) if limits else None)
        if bounded.in_force(day):
            found = bounded
    return found


def schedule_as_dict(schedule: Schedule) -> dict[str, Any]:
    return {
        "title": schedule.title,
        "publisher": schedule.publisher,
        "source": schedule.source,
        "effective_from": schedule.effective_from.isoformat(),
        "effective_to": schedule.effective_to.isoformat() if schedule.effective_to else None,
        "published_on": schedule.published_on.isoformat() if schedule.published_on else None,
        "provenance": schedule.provenance,
    }


def rate_as_dict(rate: Rate, source: str) -> dict[str, Any]:
    return {
        "kind": rate.kind,
        "label": rate.label,
        "basis": rate.basis.value,
        "amount_pence": rate.amount_pence,
        "rule": rate.rule,
        "source": source,
    }
