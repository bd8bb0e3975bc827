"""2024 6.8: new issues related to a stage 1 complaint not yet answered are added to its definition,
and keep its category; a category is the new complaint's, when they are logged as one. The API
refused a category given with ``added_to_definition``; the workspace recorded the step and dropped
the category chosen without a word. The refusal is now the service's: every door gives it, on the
category field, at 422, with what was typed kept and nothing recorded (the API's:
``api/test_2024_6_8_h180_api_timeline_says_what_became_of_new_issues.py``)."""

from __future__ import annotations

import pytest
from django.test import Client
from refused_form import marked_in_error, summary
from workspace.conftest import Make
from workspace.test_case_page_and_actions import _post

from putright.accounts.models import User
from putright.complaints.models import Category, Complaint, ComplaintEvent, PendingStep

pytestmark = pytest.mark.django_db

ISSUES = "The extractor fan in the kitchen does not work either."
REASON = "Related to the mould, and the stage 1 response is not yet sent."


def test_2024_6_8_the_workspace_refuses_a_category_for_issues_added_to_the_definition_on_its_field(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    noise = Category.objects.create(slug="noise", name="Noise")
    complaint = make("stage_1_acknowledged", handler=staff["hana"])
    response = _post(
        client,
        staff["hana"],
        complaint,
        "record-new-issues",
        {
            "issues": ISSUES,
            "related": "on",
            "handled": "added_to_definition",
            "reason": REASON,
            "category": str(noise.pk),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    (said,) = response.context["form"].errors["category"]
    assert said.startswith("A category is for a new complaint")
    assert ("#id_category", said) in summary(html)
    assert marked_in_error(html, "id_category")
    assert ISSUES in html and REASON in html  # nothing typed lost
    # nothing recorded, nothing held for a letter, the category unchanged
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind="new_issues_raised").exists()
    assert not PendingStep.objects.filter(complaint=complaint).exists()
    assert Complaint.objects.get(pk=complaint.pk).category == complaint.category
