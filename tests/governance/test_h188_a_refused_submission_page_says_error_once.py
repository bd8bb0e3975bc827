"""The annual submission's pages (2024 8.2, 8.4) refused: the page title says "Error: " once. The
base template already adds it where the page's form has errors; the pages adding their own said
"Error: Error:" to a screen reader before anything else."""

from __future__ import annotations

from typing import Any

from governance.test_governance_submission import _approved
from refused_form import title_says_error

from putright.governance.models import AnnualSubmission


def test_2024_8_2_a_submission_pack_refused_is_titled_error_once(
    officer: Any,
    landlord: Any,
    signed_in_officer: Any,
) -> None:
    assessment = _approved(officer)
    response = signed_in_officer.post(
        "/governance/submission/", {"assessment": assessment.pk, "complaints_policy_url": "not a link"}
    )
    assert response.status_code == 422 and not AnnualSubmission.objects.exists()
    assert title_says_error(response.content.decode())


def test_2024_9_4_a_review_refused_under_a_period_that_is_no_date_is_titled_error_once(
    signed_in_officer: Any,
) -> None:
    """The learning register's own "Error: " for a refused form, and the base template's for a scope
    (its ``form``) that is no period, said it twice."""
    response = signed_in_officer.post(
        "/governance/learning/?from=not-a-date",
        {"sr-reviewed_on": "2025-10-01", "sr-period_from": "2025-04-01", "sr-period_to": "2025-09-30"},
    )
    assert response.status_code == 422
    assert title_says_error(response.content.decode())
