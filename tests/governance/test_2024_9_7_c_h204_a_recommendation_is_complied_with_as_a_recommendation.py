"""2024 9.7 c (the governing body is told of the Ombudsman's orders and recommendations and compliance
with them): the form recording compliance with a *recommendation* asked for "Date the order was
complied with". An order and a recommendation each read as what they are, on the form, the form
correcting what is recorded, and the service's refusals."""

from __future__ import annotations

from datetime import date

import pytest
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.code.errors import InvalidRequest
from putright.governance import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["order", "recommendation"])
def test_2024_9_7_c_compliance_forms_name_an_order_or_a_recommendation_as_what_it_is(
    kind,
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    other = {"order": "recommendation", "recommendation": "order"}[kind]
    order = services.record_ombudsman_order(
        case=ombudsman_case, actor=officer, kind=kind, description="Apologise.", due=date(2025, 12, 1)
    )
    url = f"/governance/ombudsman/{ombudsman_case.pk}/"
    page = signed_in_officer.get(url).content.decode()
    assert f"Date the {kind} was complied with" in page
    assert f"Date the {other} was complied with" not in page
    # once complied with, the form correcting it says the same
    services.record_order_compliance(
        order=order, actor=officer, complied_on=date(2025, 11, 20), evidence_text="Apology sent."
    )
    page = signed_in_officer.get(url).content.decode()
    assert f"Date the {kind} was complied with" in page
    assert f"Date the {other} was complied with" not in page


def test_2024_9_7_c_a_recommendation_complied_with_in_the_future_is_refused_as_a_recommendation(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    order = services.record_ombudsman_order(
        case=ombudsman_case,
        actor=officer,
        kind="recommendation",
        description="Review.",
        due=date(2025, 12, 1),
    )
    with pytest.raises(InvalidRequest) as refused:
        services.record_order_compliance(
            order=order, actor=officer, complied_on=date(2099, 1, 1), evidence_text="Reviewed."
        )
    said = dict(refused.value.fields)["complied_on"]
    assert "recommendation" in said and "order" not in said
