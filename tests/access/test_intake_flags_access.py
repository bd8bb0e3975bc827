"""``/intake/flags/`` (possible complaints, 2024 1.3): residents' own words, so the same policy as the
complaint records. A restricted complaint's flag (a whistleblower's message) is shown only to the
people named on it, a handler sees the flags of the complaints they may see, and the MRC and the
governing body neither read nor review flags."""

from __future__ import annotations

from django.test import Client
from workspace.conftest import Make

from putright.accounts.models import Role, User
from putright.intake.models import DissatisfactionFlag
from putright.intake.services import flag_dissatisfaction

WHISTLE = "I am fed up and want to complain: the repairs manager Gary Pike took cash to skip inspections."
OTHER_TEAM = "This is the fourth time I have chased the leak and nobody came. I want to make a complaint."
OWN_TEAM = "I am fed up, the mould is back and nobody has come. I want to complain about it."


def _flag(text: str, complaint: object) -> DissatisfactionFlag:
    flag = flag_dissatisfaction(text=text, source="portal", complaint=complaint)  # type: ignore[arg-type]
    assert flag is not None
    return flag


def test_flags_follow_the_complaint_scope_and_restricted_ones_only_the_people_named(
    client: Client, staff: dict[str, User], make: Make
) -> None:
    named = User.objects.create_user("rex", role=Role.COMPLAINTS_OFFICER)
    restricted = make(handler=staff["hugo"], restricted=True, restricted_to=[named])
    whistle = _flag(WHISTLE, restricted)
    south = make(handler=staff["sian"])
    _flag(OTHER_TEAM, south)
    north = make(handler=staff["hugo"])
    _flag(OWN_TEAM, north)

    def page(user: User) -> str:
        client.force_login(user)
        response = client.get("/intake/flags/")
        assert response.status_code == 200
        return response.content.decode()

    officer = page(staff["officer"])
    assert "Gary Pike" not in officer and restricted.reference not in officer
    assert south.reference in officer and north.reference in officer
    handler = page(staff["hana"])  # team North: their team's flag, not team South's
    assert "Gary Pike" not in handler and south.reference not in handler and north.reference in handler
    assert "Gary Pike" in page(named) and restricted.reference in page(named)

    # a handler cannot review a flag they cannot see; the board can neither read nor review
    client.force_login(staff["hana"])
    assert client.post(f"/intake/flags/{whistle.pk}/review/", {"review": "complaint"}).status_code == 404
    client.force_login(staff["board"])
    assert client.get("/intake/flags/").status_code == 403
    assert client.post(f"/intake/flags/{whistle.pk}/review/", {"review": "complaint"}).status_code == 403
    whistle.refresh_from_db()
    assert whistle.review == DissatisfactionFlag.Review.OPEN
