"""Tenant Satisfaction Measures on complaints (Regulator of Social Housing), from the records.

PutRight's reading of the Regulator's definitions, for a reporting year Y (1 April Y to 31 March Y+1):

* **CH01 (1)** stage 1 complaints received per 1,000 homes = (complaints received in the year, by
  the day the landlord received them, that were accepted as stage 1 complaints, less any then
  declined at stage 1 as not suitable for the procedure) x 1,000 / homes owned in that year (``HomesOwned``, else ``Landlord.homes``).
  Service requests, contacts not accepted (declined under 2024 section 2) and contacts still awaiting
  a decision are not complaints received. A complaint later withdrawn still counts: it was received.
* **CH01 (2)** stage 2 complaints received per 1,000 homes = (escalation requests received in the
  year, by the day the resident asked, not refused under 2024 5.11) x 1,000 / homes.
* **CH02 (1)** proportion of stage 1 complaints responded to within the Code's timescales =
  stage 1 responses issued in the year on or before their due date / stage 1 responses issued in the
  year. The due date is 10 working days from acknowledgement (2024 6.3; 2022 5.1 from logging),
  moved by any extension the Code allows (6.4: 10 further working days, or more with a good reason
  recorded) -- the Regulator counts agreed extensions within the Code as within timescale.
* **CH02 (2)** the same for stage 2 (20 working days from acknowledgement, 6.14; extensions 6.15).

Both the numerator and the denominator of every measure come with their complaint lists
(:func:`tsm_lists`), so each figure can be checked complaint by complaint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from putright.complaints.models import Complaint
from putright.governance.facts import AsAt
from putright.governance.measures import Period, complaints_for, fact_figures
from putright.governance.services import homes_in_year


@dataclass(frozen=True)
class TSMResult:
    year: int
    homes: int
    stage_1_received: int
    stage_2_received: int
    stage_1_responded: int
    stage_1_within: int
    stage_2_responded: int
    stage_2_within: int

    @property
    def period(self) -> Period:
        return Period.reporting_year(self.year)

    @staticmethod
    def _per_thousand(count: int, homes: int) -> float | None:
        return round(count * 1000 / homes, 2) if homes else None

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def ch01_1(self) -> float | None:
        return self._per_thousand(self.stage_1_received, self.homes)

    @property
    def ch01_2(self) -> float | None:
        return self._per_thousand(self.stage_2_received, self.homes)

    @property
    def ch02_1(self) -> float | None:
        return self._share(self.stage_1_within, self.stage_1_responded)

    @property
    def ch02_2(self) -> float | None:
        return self._share(self.stage_2_within, self.stage_2_responded)

    def rows(self) -> list[dict[str, Any]]:
        """The four measures as the Regulator names them, with their parts and the lists behind them."""
        return [
            {
                "code": "CH01 (1)",
                "name": "Stage 1 complaints received per 1,000 homes",
                "value": self.ch01_1,
                "unit": "per 1,000 homes",
                "numerator": self.stage_1_received,
                "numerator_label": "stage 1 complaints received",
                "denominator": self.homes,
                "denominator_label": "homes",
                "numerator_measure": ("s1_received", "all"),
                "denominator_measure": None,
            },
            {
                "code": "CH01 (2)",
                "name": "Stage 2 complaints received per 1,000 homes",
                "value": self.ch01_2,
                "unit": "per 1,000 homes",
                "numerator": self.stage_2_received,
                "numerator_label": "stage 2 complaints received",
                "denominator": self.homes,
                "denominator_label": "homes",
                "numerator_measure": ("s2_received", "all"),
                "denominator_measure": None,
            },
            {
                "code": "CH02 (1)",
                "name": "Stage 1 complaints responded to within the Code's timescales",
                "value": self.ch02_1,
                "unit": "%",
                "numerator": self.stage_1_within,
                "numerator_label": "responded to within timescale",
                "denominator": self.stage_1_responded,
                "denominator_label": "stage 1 complaints responded to",
                "numerator_measure": ("s1_resp", "met"),
                "denominator_measure": ("s1_resp", "all"),
            },
            {
                "code": "CH02 (2)",
                "name": "Stage 2 complaints responded to within the Code's timescales",
                "value": self.ch02_2,
                "unit": "%",
                "numerator": self.stage_2_within,
                "numerator_label": "responded to within timescale",
                "denominator": self.stage_2_responded,
                "denominator_label": "stage 2 complaints responded to",
                "numerator_measure": ("s2_resp", "met"),
                "denominator_measure": ("s2_resp", "all"),
            },
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "homes": self.homes,
            "CH01 (1)": self.ch01_1,
            "CH01 (2)": self.ch01_2,
            "CH02 (1)": self.ch02_1,
            "CH02 (2)": self.ch02_2,
            "stage_1_received": self.stage_1_received,
            "stage_2_received": self.stage_2_received,
            "stage_1_responded": self.stage_1_responded,
            "stage_1_within": self.stage_1_within,
            "stage_2_responded": self.stage_2_responded,
            "stage_2_within": self.stage_2_within,
        }


def tenant_satisfaction_measures(year: int, as_at: AsAt | None = None, homes: int | None = None) -> TSMResult:
    """CH01 and CH02 for the reporting year starting 1 April ``year``."""
    as_at = as_at or AsAt.now()
    period = Period.reporting_year(year)
    f = fact_figures(period, as_at, ["s1_received", "s2_received", "s1_resp", "s2_resp"])
    return TSMResult(
        year=year,
        homes=homes_in_year(year) if homes is None else homes,
        stage_1_received=f["s1_received"].value,
        stage_2_received=f["s2_received"].value,
        stage_1_responded=f["s1_resp"].value,
        stage_1_within=f["s1_resp"].numerator or 0,
        stage_2_responded=f["s2_resp"].value,
        stage_2_within=f["s2_resp"].numerator or 0,
    )


def tsm_lists(year: int, as_at: AsAt | None = None) -> dict[str, QuerySet[Complaint]]:
    """The complaints counted in each numerator and denominator."""
    as_at = as_at or AsAt.now()
    period = Period.reporting_year(year)
    return {
        "CH01 (1)": complaints_for("s1_received", period, as_at),
        "CH01 (2)": complaints_for("s2_received", period, as_at),
        "CH02 (1) numerator": complaints_for("s1_resp", period, as_at, part="met"),
        "CH02 (1) denominator": complaints_for("s1_resp", period, as_at),
        "CH02 (2) numerator": complaints_for("s2_resp", period, as_at, part="met"),
        "CH02 (2) denominator": complaints_for("s2_resp", period, as_at),
    }
