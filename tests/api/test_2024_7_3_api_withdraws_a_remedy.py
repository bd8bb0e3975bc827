"""API v1 (added, nothing renamed): ``POST /complaints/{ref}/remedies/{n}/withdraw`` withdraws a remedy
that will not be carried out, with its ground and what happened (2024 7.3). The record keeps it,
marked withdrawn; a withdrawn remedy cannot then be completed, a completed one cannot be withdrawn,
and an unknown ground or a missing reason is a 422 that loses nothing."""

from __future__ import annotations

from datetime import date

from api.test_api_v1 import Api, new_complaint, officer  # noqa: F401 -- officer is a fixture

from putright.complaints.models import ComplaintEvent


def _with_remedy(officer: Api) -> str:  # noqa: F811
    ref = str(new_complaint(officer, received_on=date.today().isoformat())["reference"])
    body = {
        "remedy_kind": "financial",
        "description": "£80 for the delay",
        "due": date.today().isoformat(),
        "agreed_with_resident": False,
        "amount_pence": 8000,
    }
    assert officer.post(f"/complaints/{ref}/remedies", body).status_code == 200
    return ref


def test_2024_7_3_a_remedy_is_withdrawn_with_its_ground_and_reason(officer: Api) -> None:  # noqa: F811
    ref = _with_remedy(officer)
    response = officer.post(
        f"/complaints/{ref}/remedies/1/withdraw", {"ground": "recorded_in_error", "reason": "Recorded twice"}
    )
    assert response.status_code == 200, response.content
    remedy = officer.get(f"/complaints/{ref}").json()["remedies"][0]
    assert remedy["withdrawn_on"] == date.today().isoformat() and remedy["completed_on"] is None
    assert (remedy["withdrawn_ground"], remedy["withdrawn_reason"]) == ("recorded_in_error", "Recorded twice")
    refused = officer.post(f"/complaints/{ref}/remedies/1/complete", {"evidence": "Paid"})
    assert refused.status_code == 409, refused.content


def test_2024_7_3_an_unknown_ground_or_no_reason_is_a_422_and_nothing_is_recorded(officer: Api) -> None:  # noqa: F811
    ref = _with_remedy(officer)
    events = ComplaintEvent.objects.filter(complaint__reference=ref).count()
    wrong = officer.post(f"/complaints/{ref}/remedies/1/withdraw", {"ground": "changed_mind", "reason": "x"})
    assert wrong.status_code == 422
    blank = officer.post(f"/complaints/{ref}/remedies/1/withdraw", {"ground": "replaced", "reason": "  "})
    assert blank.status_code == 422 and "2024 7.3" in blank.content.decode()
    missing = officer.post(f"/complaints/{ref}/remedies/9/withdraw", {"ground": "replaced", "reason": "x"})
    assert missing.status_code == 422 and "no remedy number 9" in missing.content.decode()
    assert ComplaintEvent.objects.filter(complaint__reference=ref).count() == events


def test_2024_7_3_a_completed_remedy_cannot_be_withdrawn(officer: Api) -> None:  # noqa: F811
    ref = _with_remedy(officer)
    assert officer.post(f"/complaints/{ref}/remedies/1/complete", {"evidence": "BACS 1"}).status_code == 200
    refused = officer.post(f"/complaints/{ref}/remedies/1/withdraw", {"ground": "replaced", "reason": "x"})
    assert refused.status_code == 409 and "completed" in refused.content.decode()
