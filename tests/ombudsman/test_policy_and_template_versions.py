"""Policies and letter templates kept as dated versions, so the complaint file and the letters show
what was in force at the time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from putright.code.errors import InvalidRequest
from putright.letters import services as letters
from putright.letters.models import LetterTemplate, LetterTemplateVersion
from putright.ombudsman import services
from putright.ombudsman.models import CompensationRate, PolicyVersion


def test_every_seeded_template_has_a_first_version(db) -> None:  # type: ignore[no-untyped-def]
    kinds = set(LetterTemplate.objects.values_list("kind", flat=True))
    assert kinds and kinds == set(LetterTemplateVersion.objects.values_list("kind", flat=True))


def test_saving_a_template_adds_a_version_and_the_old_wording_stays_in_force_for_earlier_moments(
    officer,
) -> None:  # type: ignore[no-untyped-def]
    template = letters.template_for("remedy-offer")
    before = timezone.now()
    letters.save_template(
        kind="remedy-offer", title=template.title, body=template.body + "\nA new line.", actor=officer
    )
    versions = LetterTemplateVersion.objects.filter(kind="remedy-offer").order_by("saved_at", "id")
    assert versions.count() == 2
    assert versions.last().body.endswith("A new line.")  # type: ignore[union-attr]
    assert versions.last().saved_by == officer  # type: ignore[union-attr]
    assert not services.template_versions_at(before)["remedy-offer"].body.endswith("A new line.")
    later = timezone.now() + timedelta(seconds=1)
    assert services.template_versions_at(later)["remedy-offer"].body.endswith("A new line.")


def test_policy_versions_in_force_by_day(officer) -> None:  # type: ignore[no-untyped-def]
    for version, day in (("1", date(2024, 4, 1)), ("2", date(2025, 4, 1))):
        services.record_policy_version(
            actor=officer, kind="complaints", title="Complaints policy", version=version, effective_from=day
        )
    assert [v.version for v in services.policy_versions_on(date(2025, 3, 31))] == ["1"]
    assert [v.version for v in services.policy_versions_on(date(2025, 4, 1))] == ["2"]
    with pytest.raises(InvalidRequest, match="only the compensation policy has rates"):
        services.record_policy_version(
            actor=officer,
            kind="complaints",
            title="Complaints policy",
            version="3",
            effective_from=date(2026, 4, 1),
            rates=[{"kind": "x", "label": "x", "basis": "each", "amount_pence": 1, "rule": "x"}],
        )
    assert PolicyVersion.objects.count() == 2


def test_a_rate_left_to_judgement_has_no_amount_and_a_defined_rate_needs_one(officer) -> None:  # type: ignore[no-untyped-def]
    policy = services.record_policy_version(
        actor=officer,
        kind="compensation",
        title="Compensation policy",
        version="1",
        effective_from=date(2026, 4, 1),
    )
    with pytest.raises(ValidationError):
        CompensationRate(
            policy=policy, kind="time_and_trouble", label="T", basis="judgement", amount_pence=500, rule="r"
        ).full_clean()
    with pytest.raises(ValidationError):
        CompensationRate(
            policy=policy, kind="right_to_repair", label="R", basis="each", amount_pence=None, rule="r"
        ).full_clean()
