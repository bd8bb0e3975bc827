"""2024 6.9 e "the details of any remedy offered to put things right", f "details of any outstanding
actions"; 7.3 the remedy offer "must clearly set out what will happen and by when".

A browser walk (demo landlord, PR-000341): the handler had recorded an apology, £75 compensation due
14 December 2026 and an extractor fan to fix by 15 January 2027. The stage 1 response form opened with
the remedy and outstanding actions empty, she typed "None" in both, and the response was recorded:
its letter would tell the resident nothing was offered. Now the form opens with what the record
holds, written out, and "None" over it is a field error naming it, with everything typed kept.

Also from the walk: an apology took an amount (£50) and the case page showed "1. Apology (£50.00)"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from letters.conftest import letterhead  # noqa: F401
from workspace.conftest import Make
from workspace.test_case_page_and_actions import RESPONSE, _post

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint, PendingStep, Remedy
from putright.letters.services import letter_values

pytestmark = pytest.mark.django_db


def _in(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _fan() -> str:
    """The outstanding action as the record sets it out: due five weeks on, as in the walk."""
    return f"Replace the bathroom extractor fan (Repairs team), by {_day(_in(39))}."


def _compensation() -> str:
    """The £75 as the record sets it out: due a week on, as in the walk."""
    return f"Compensation for the delay (£75), by {_day(_in(7))}."


def _with_the_walks_record(make: Make, staff: dict[str, User]) -> Complaint:
    complaint = make("stage_1_acknowledged")
    hana = staff["hana"]
    complaint = services.agree_remedy(
        complaint=complaint,
        actor=hana,
        remedy_kind="apology",
        description="An apology for the delay in repairing the fan.",
        due=timezone.localdate() + timedelta(days=1),
        agreed_with_resident=True,
    )
    complaint = services.agree_remedy(
        complaint=complaint,
        actor=hana,
        remedy_kind="financial",
        description="Compensation for the delay",
        due=_in(7),
        agreed_with_resident=True,
        amount_pence=7500,
    )
    return services.add_outstanding_action(
        complaint=complaint,
        actor=hana,
        description="Replace the bathroom extractor fan.",
        owner="Repairs team",
        due=_in(39),
    )


def test_2024_6_9_e_f_the_response_form_opens_with_the_remedies_and_actions_recorded(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _with_the_walks_record(make, staff)
    client.force_login(staff["hana"])
    form = client.get(f"/workspace/complaints/{complaint.reference}/respond/").context["form"]
    assert form.initial["remedy"].splitlines()[1] == _compensation()
    assert "An apology for the delay in repairing the fan, by " in form.initial["remedy"]
    assert form.initial["outstanding_actions"] == _fan()
    # a response letter started before the response is recorded says the same (2024 6.9 e, f)
    values = letter_values(complaint, "stage1-response")
    assert _compensation() in values["response.remedy"]
    assert values["response.outstanding_actions"] == _fan()


def test_2024_6_9_e_f_the_response_form_opens_empty_where_none_are_recorded(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = make("stage_1_acknowledged")
    client.force_login(staff["hana"])
    form = client.get(f"/workspace/complaints/{complaint.reference}/respond/").context["form"]
    assert not form.initial.get("remedy") and not form.initial.get("outstanding_actions")


def test_2024_6_9_e_f_none_over_the_record_is_a_field_error_keeping_what_was_typed(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _with_the_walks_record(make, staff)
    response = _post(
        client,
        staff["hana"],
        complaint,
        "respond",
        {**RESPONSE, "remedy": "None", "outstanding_actions": "None"},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["remedy", "outstanding_actions"]
    assert errors["remedy"][0].startswith("2024 6.9 e: the response says there is no remedy")
    assert _compensation() in errors["remedy"][0]
    assert (
        errors["outstanding_actions"][0].startswith("2024 6.9 f:")
        and _fan() in errors["outstanding_actions"][0]
    )
    assert RESPONSE["reasons"] in response.content.decode()  # nothing typed is lost
    assert not PendingStep.objects.filter(complaint=complaint, step="respond").exists()


def test_2024_6_9_e_f_a_response_in_its_own_words_is_recorded(
    client: Client,
    make: Make,
    staff: dict[str, User],
    letterhead: Any,  # noqa: F811
) -> None:
    complaint = _with_the_walks_record(make, staff)
    response = _post(client, staff["hana"], complaint, "respond", RESPONSE)
    assert response.status_code == 302
    assert PendingStep.objects.filter(complaint=complaint, step="respond").exists()


def test_2024_7_3_an_amount_on_an_apology_is_a_field_error(
    client: Client, make: Make, staff: dict[str, User]
) -> None:
    complaint = make("stage_1_acknowledged")
    response = _post(
        client,
        staff["hana"],
        complaint,
        "agree-remedy",
        {
            "remedy_kind": "apology",
            "description": "An apology for the delay.",
            "due": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "amount": "50",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["amount"]
    assert errors["amount"][0].startswith("Only a financial remedy has an amount")
    assert "An apology for the delay." in response.content.decode()
    assert not Remedy.objects.filter(complaint=complaint).exists()
