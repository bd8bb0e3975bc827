"""2024 5.12 (the record says what happened), 6.3 and 6.14 (a response "within" the limit may be
promised sooner), through the API: a landlord's system that acknowledges by its own email reads, and
puts right, the response date the record keeps from the text, by the same service and the same
rules as the workspace's record page (``workspace.promised_dates``, ``code.promises``). Before, only
a person in the workspace could: a client whose text PutRight could not read ("by Friday") had no
way to say what the resident was promised, and the case kept to the Code's later date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from api.test_api_v1 import Api, new_complaint
from letters.conftest import letterhead  # noqa: F401
from letters.test_2024_6_3_an_acknowledgement_may_promise_the_response_sooner import _officer
from workspace.test_2024_5_12_an_emailed_letter_counts_from_the_day_its_email_is_sent import _at
from workspace.test_2024_6_3_a_promise_in_an_acknowledgement_sent_another_way import (
    _acknowledged_another_way,
    _kept_text,
)

from putright.access.models import AccessRecord
from putright.accounts.models import Role, Team, User
from putright.complaints.models import Complaint, Correspondence
from putright.letters.models import ResponseDateInTextSent
from putright.workspace.models import Amendment, ChangeKind

pytestmark = pytest.mark.django_db

FRIDAY = "We will send you our full response by Friday."
CALL = "We will call you by 5 March and send you our full response by 12 March 2025."


def _text_of(ref: str) -> Correspondence:
    return Correspondence.objects.get(complaint__reference=ref, direction="out")


def _path(ref: str, pk: int) -> str:
    return f"/complaints/{ref}/texts-sent/{pk}/response-date"


def _record(api: Api, ref: str, pk: int, on: str | None, reason: str = "Read the email", **kw: Any) -> Any:
    with _at(5):
        return api.post(_path(ref, pk), {"response_date_given": on, "reason": reason}, **kw)


def _kept(ref: str) -> list[tuple[date | None, int | None]]:
    return list(
        ResponseDateInTextSent.objects.filter(complaint__reference=ref).values_list(
            "response_date_given", "recorded_by_id"
        )
    )


def _amendments() -> int:
    return Amendment.objects.filter(kind=ChangeKind.RESPONSE_DATE_GIVEN).count()


def test_2024_6_3_a_date_putright_could_not_read_is_listed_recorded_and_kept_to(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(FRIDAY))
    text = _text_of(ref)
    with _at(5):
        listed = officer.get(f"/complaints/{ref}/texts-sent")
        before = officer.get(f"/complaints/{ref}").json()["deadline"]
    assert listed.status_code == 200, listed.content
    assert listed.json() == [
        {
            "correspondence_id": text.pk,
            "stage": 1,
            "sent_on": "2025-03-03",
            "method": text.channel,
            "subject": text.subject,
            "response_date_given": None,
            "read_by": None,
            "response_due": "2025-03-17",
        }
    ]
    # reading the list is a look at the complaint's record, logged as one
    assert AccessRecord.objects.filter(complaint__reference=ref, what="complaint").exists()
    assert before["promised_to_resident"] is None

    done = _record(officer, ref, text.pk, "2025-03-07", reason="Sent Monday 3 March: by Friday")
    assert done.status_code == 200, done.content
    assert done.json() == {
        **listed.json()[0],
        "response_date_given": "2025-03-07",
        "read_by": "officer",
        "said": "the case, the lists and the resident's page keep to 7 March 2025, sooner than the Code's "
        "17 March 2025",
    }
    with _at(5):
        after = officer.get(f"/complaints/{ref}").json()
        assert officer.get(f"/complaints/{ref}/texts-sent").json() == [
            {k: v for k, v in done.json().items() if k != "said"}
        ]
    assert after["deadline"]["promised_to_resident"] == "2025-03-07"
    assert after["deadline"]["due"] == "2025-03-17"  # the Code's date stays the Code's
    [amendment] = Amendment.objects.filter(kind=ChangeKind.RESPONSE_DATE_GIVEN)
    assert amendment.actor == officer.user and amendment.reason == "Sent Monday 3 March: by Friday"
    assert amendment.changes[0]["old"] == "none (PutRight found none)"
    assert any(e["kind"] == ChangeKind.RESPONSE_DATE_GIVEN for e in after["timeline"])


def test_2024_6_3_the_stages_handler_records_an_earlier_date_than_putright_read(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(CALL))
    text = _text_of(ref)
    handler = Api(User.objects.create_user("hana", role=Role.COMPLAINT_HANDLER))
    Complaint.objects.filter(reference=ref).update(handler=handler.user)
    with _at(4):
        [entry] = handler.get(f"/complaints/{ref}/texts-sent").json()
    assert (entry["response_date_given"], entry["read_by"]) == ("2025-03-05", "putright")
    done = _record(handler, ref, text.pk, "2025-03-04", reason="The email says 4 March")
    assert done.status_code == 200, done.content
    assert (done.json()["response_date_given"], done.json()["read_by"]) == ("2025-03-04", "hana")
    with _at(4):
        deadline = handler.get(f"/complaints/{ref}").json()["deadline"]
    assert deadline["promised_to_resident"] == "2025-03-04"


def test_2024_5_12_refusals_cite_the_rule_and_change_nothing(letterhead: Any) -> None:  # noqa: F811
    officer = _officer()
    friday = _acknowledged_another_way(officer, _kept_text(FRIDAY))
    call = _acknowledged_another_way(officer, _kept_text(CALL))
    kept = {ref: _kept(ref) for ref in (friday, call)}

    before = _record(officer, friday, _text_of(friday).pk, "2025-03-02")
    assert before.status_code == 422, before.content
    assert before.json()["provision"] is not None
    assert "cannot be before 3 March 2025, the day the acknowledgement was sent" in before.json()["detail"]
    no_reason = _record(officer, friday, _text_of(friday).pk, "2025-03-07", reason="")
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["loc"][-1] == "reason"
    blank = _record(officer, friday, _text_of(friday).pk, "2025-03-07", reason="   ")
    assert blank.status_code == 422 and "say how you know" in blank.json()["detail"]
    same = _record(officer, friday, _text_of(friday).pk, None)
    assert same.status_code == 422 and "already keeps that" in same.json()["detail"]

    # the officer recorded the acknowledgement: a later date would set their own clock
    later = _record(officer, call, _text_of(call).pk, "2025-03-12", reason="5 March is the call")
    assert later.status_code == 422, later.content
    assert "because you handle or handled this stage" in later.json()["detail"]
    none = _record(officer, call, _text_of(call).pk, None, reason="5 March is the call")
    assert none.status_code == 422
    # a complaint handler who never touched the stage may not give a colleague's stage more time
    Complaint.objects.filter(reference=call).update(handler=None)
    colleague = Api(User.objects.create_user("colleague", role=Role.COMPLAINT_HANDLER))
    theirs = _record(colleague, call, _text_of(call).pk, "2025-03-12", reason="5 March is the call")
    assert theirs.status_code == 422
    assert "only a complaints officer, a manager or an administrator" in theirs.json()["detail"]

    assert _amendments() == 0
    assert {ref: _kept(ref) for ref in (friday, call)} == kept


def test_2024_5_12_a_manager_gives_more_time_where_the_text_gave_it(letterhead: Any) -> None:  # noqa: F811
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(CALL))
    manager = Api(User.objects.create_user("mo", role=Role.MANAGER))
    done = _record(manager, ref, _text_of(ref).pk, "2025-03-12", reason="5 March is the call")
    assert done.status_code == 200, done.content
    assert done.json()["read_by"] == "mo" and done.json()["said"].startswith("the case, the lists")
    assert _amendments() == 1


def test_2024_5_12_only_those_who_may_act_on_the_complaint(letterhead: Any) -> None:  # noqa: F811
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(FRIDAY))
    text = _text_of(ref)
    Complaint.objects.filter(reference=ref).update(handler=officer.user)
    north, _ = Team.objects.get_or_create(name="North")
    other_team = Api(User.objects.create_user("handler", role=Role.COMPLAINT_HANDLER, team=north))
    board = Api(User.objects.create_user("board", role=Role.GOVERNING_BODY_READER))
    mrc = Api(User.objects.create_user("mrc", role=Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS))
    for api, status in ((other_team, 404), (board, 403), (mrc, 403)):
        with _at(5):
            assert api.get(f"/complaints/{ref}/texts-sent").status_code == status, api.user
        assert _record(api, ref, text.pk, "2025-03-07").status_code == status, api.user
    assert _kept(ref) == [] and _amendments() == 0


def test_2024_5_12_a_correspondence_that_is_no_text_sent_of_this_complaint_is_a_404(
    letterhead: Any,  # noqa: F811
) -> None:
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(FRIDAY))
    other = _acknowledged_another_way(officer, _kept_text(FRIDAY))
    text = _text_of(ref)
    note = Correspondence.objects.create(
        complaint=text.complaint, direction="in", channel="phone", body="Rang", occurred_at=text.occurred_at
    )
    for pk in (_text_of(other).pk, note.pk, 999_999):
        answer = _record(officer, ref, pk, "2025-03-07")
        assert answer.status_code == 404, (pk, answer.content)
        assert answer.json()["provision"] is None
    assert _kept(ref) == [] and _amendments() == 0
    with _at(5):
        assert [t["correspondence_id"] for t in officer.get(f"/complaints/{ref}/texts-sent").json()] == [
            text.pk
        ]
    # a complaint acknowledged by no text sent another way lists none; one that is not there is a 404
    with _at(5):
        plain = str(new_complaint(officer, received_on="2025-03-03")["reference"])
        assert officer.get(f"/complaints/{plain}/texts-sent").json() == []
        assert officer.get(f"/complaints/{ref}-X/texts-sent").status_code == 404


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "[]",
        "null",
        '{"reason": "Read the email"}',  # no date: null must be said, never assumed
        '{"response_date_given": "2025-02-30", "reason": "Read it"}',
        '{"response_date_given": "Friday", "reason": "Read it"}',
        '{"response_date_given": "2025-03-07", "reason": "Read\\u0000it"}',
        '{"response_date_given": "2025-03-07", "reason": "Read it", "extra": 1}',
        '{"response_date_given": "2025-03-07", "reason": 7}',
    ],
)
def test_bad_input_is_a_4xx_never_a_500(raw: str, letterhead: Any) -> None:  # noqa: F811
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(FRIDAY))
    with _at(5):
        answer = officer.post(_path(ref, _text_of(ref).pk), raw=raw)
    assert 400 <= answer.status_code < 500, answer.content
    assert _kept(ref) == [] and _amendments() == 0


def test_a_retry_with_the_same_idempotency_key_records_once(letterhead: Any) -> None:  # noqa: F811
    officer = _officer()
    ref = _acknowledged_another_way(officer, _kept_text(FRIDAY))
    pk = _text_of(ref).pk
    key = {"Idempotency-Key": "date-1"}
    first = _record(officer, ref, pk, "2025-03-07", headers=key)
    again = _record(officer, ref, pk, "2025-03-07", headers=key)
    assert first.status_code == again.status_code == 200, again.content
    assert again.json() == first.json()
    assert _amendments() == 1
    other = _record(officer, ref, pk, "2025-03-06", headers=key)
    assert other.status_code == 409 and "different request" in other.json()["detail"]
    assert _kept(ref) == [(date(2025, 3, 7), officer.user.pk)] and _amendments() == 1
