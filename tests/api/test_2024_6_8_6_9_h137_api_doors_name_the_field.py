"""The API's doors give the same rules a clear 422 on the field that broke them (GUIDE: bad input
always gets a clear error; 4ca072d names each blank's field). Adversarial review, helper-137:

* 2024 6.9 e, f: a response saying "None" over the record's remedies and outstanding actions is
  refused (ce2c3bb), but the 422 names neither field and only the first section, where a blank in the
  same response names each field at once;
* 2024 6.8: new issues added to the complaint definition are held until the resident is told (the
  "definition-amended" letter prints them), so a blank typed into them is a letter that can never be
  issued, refused at recording like any other step's."""

from __future__ import annotations

from api.test_2024_6_9_e_f_api_response_cannot_say_none_over_the_record import _acknowledged_with_the_record
from api.test_api_2024_1_3_6_8 import NEW_ISSUES, _acknowledged
from api.test_api_v1 import RESPONSE, Api, handler_1, officer, told  # noqa: F401 -- fixtures

from putright.accounts.models import User
from putright.complaints.models import PendingStep


def _fields(response: object) -> set[tuple[str, ...]]:
    return {tuple(p["loc"]) for p in response.json()["detail"]}  # type: ignore[attr-defined]


def test_2024_6_9_e_f_api_respond_saying_none_over_the_record_names_both_fields(
    officer: Api,  # noqa: F811
    handler_1: User,  # noqa: F811
) -> None:
    ref = _acknowledged_with_the_record(officer)
    body = {**RESPONSE, "remedy": "None", "outstanding_actions": "None", **told()}
    refused = officer.post(f"/complaints/{ref}/respond", body)
    assert refused.status_code == 422, refused.content
    assert isinstance(refused.json()["detail"], list), refused.json()
    assert _fields(refused) == {("remedy",), ("outstanding_actions",)}


def test_2024_6_8_api_new_issues_with_a_blank_are_refused_naming_the_field(officer: Api) -> None:  # noqa: F811
    ref = _acknowledged(officer)
    body = {"on": "2025-03-06", **NEW_ISSUES, "issues": "The lift has been broken since [date]."}
    refused = officer.post(f"/complaints/{ref}/new-issues", body)
    assert refused.status_code == 422, refused.content
    assert _fields(refused) == {("issues",)}
    assert not PendingStep.objects.filter(complaint__reference=ref, step="amend_definition").exists()
