"""The Ombudsman cases register, each case's pages and what we owe the Ombudsman (2024 9.7 c) list
and open only the cases on complaints the person may see: the MRC and the governing body see the
anonymised summary of every unrestricted complaint (``summary_scope``), a complaint handler their
own, their team's and unallocated complaints, and nobody a complaint restricted to other people.
Another team's case, or a restricted one, opened by its number is not found (404). Recording a case
on a complaint hidden from the person is answered as a reference that names nothing is, so the form
does not tell them it exists.

The access tests' landlord has one Ombudsman case on each complaint: ``own`` (the handler's team,
North), ``other`` (team South), ``restricted`` (North, restricted to someone else) and
``unallocated``. Managers see every complaint, whatever their team (README, access), so the manager
(team North) sees the case on team South's complaint."""

from __future__ import annotations

from datetime import timedelta

import pytest
from access.conftest import World
from django.utils import timezone

from putright.code.errors import InvalidRequest
from putright.governance import services as governance
from putright.governance.models import OmbudsmanCase
from putright.ombudsman import follow_through

pytestmark = pytest.mark.django_db

RELATIONS = ("own", "other", "restricted", "unallocated")
#: the cases each role may see, by the complaint's relation to the handler (team North)
SEEN = {
    "handler": {"own", "unallocated"},
    "manager": {"own", "other", "unallocated"},
    "officer": {"own", "other", "unallocated"},
    "mrc": {"own", "other", "unallocated"},
    "board": {"own", "other", "unallocated"},
    "superuser": set(RELATIONS),
}


def _today() -> str:
    return timezone.localdate().isoformat()


def _reference(world: World, relation: str) -> str:
    return world.cases[relation].complaint.reference


def _error_summary(page: str) -> str:
    start = page.index('class="govuk-error-summary"')
    return page[start : page.index("</ul>", start)]


def _shown(world: World, text: str) -> set[str]:
    return {relation for relation in RELATIONS if _reference(world, relation) in text}


def test_the_ombudsman_register_and_its_export_list_only_cases_the_person_may_see(world: World) -> None:
    for role in SEEN:
        _the_register_as(world, role)


def _the_register_as(world: World, role: str) -> None:
    client = world.client(role)
    page = client.get("/governance/ombudsman/")
    assert page.status_code == 200
    assert _shown(world, page.content.decode()) == SEEN[role]
    hidden = len(RELATIONS) - len(SEEN[role])
    if hidden:
        # in the words the reports and the learning register use, never saying why (h192)
        on = "a complaint" if hidden == 1 else "complaints"
        cases = "case" if hidden == 1 else "cases"
        said = f"Not listed here: {hidden} Ombudsman {cases} on {on} you cannot see."
        assert said in page.content.decode()
        assert "restricted complaints" not in page.content.decode()
        assert "outside the ones you work on" not in page.content.decode()
    download = client.get("/governance/ombudsman/?export=csv")
    assert download.status_code == 200
    assert _shown(world, download.content.decode()) == SEEN[role]


def test_an_ombudsman_case_opened_by_its_number_is_not_found_unless_its_complaint_may_be_seen(
    world: World,
) -> None:
    for role in SEEN:
        client = world.client(role)
        for relation in RELATIONS:
            pk = world.cases[relation].ombudsman_case.pk
            for url in (f"/governance/ombudsman/{pk}/", f"/putting-right/ombudsman-cases/{pk}/"):
                for address in (url, url + "?export=csv"):
                    response = client.get(address)
                    if relation in SEEN[role]:
                        assert response.status_code == 200, (role, address)
                        assert _reference(world, relation) in response.content.decode()
                    else:
                        assert response.status_code == 404, (role, address)
                        assert _reference(world, relation) not in response.content.decode()


def test_recording_on_a_hidden_case_is_not_found(world: World) -> None:
    """A finding, order or evidence date posted to a case the person may not see changes nothing."""
    for role in ("handler", "manager", "mrc"):
        for hidden in (r for r in RELATIONS if r not in SEEN[role]):
            _record_on(world, role, hidden)


def _record_on(world: World, role: str, hidden: str) -> None:
    case = world.cases[hidden].ombudsman_case
    client = world.client(role)
    today = timezone.localdate().isoformat()
    response = client.post(
        f"/governance/ombudsman/{case.pk}/",
        {"action": "progress", "progress": "investigation", "started": today},
    )
    assert response.status_code == 404
    response = client.post(
        f"/putting-right/ombudsman-cases/{case.pk}/",
        {"action": "request", "request-requested_on": today, "request-due": today},
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert (case.progress, case.investigation_started_on, case.evidence_due) == ("referred", None, None)


def test_what_we_owe_the_ombudsman_lists_only_cases_the_person_may_see(world: World) -> None:
    today = timezone.localdate()
    for relation in RELATIONS:
        case = world.cases[relation].ombudsman_case
        follow_through.record_evidence_request(case=case, actor=None, requested_on=today, due=today)
        order = governance.record_ombudsman_order(
            case=case, actor=None, kind="order", description="Apologise", due=today + timedelta(days=30)
        )
        governance.record_order_compliance(
            order=order, actor=None, complied_on=today, evidence_text="Apology sent"
        )
    for role in SEEN:
        client = world.client(role)
        page = client.get("/putting-right/ombudsman-cases/")
        assert page.status_code == 200
        assert _shown(world, page.content.decode()) == SEEN[role], role
        download = client.get("/putting-right/ombudsman-cases/?export=csv")
        assert _shown(world, download.content.decode()) == SEEN[role], role
    # the reminders go to the people who answer to the Ombudsman for every case: all four
    overdue, soon = follow_through.outstanding(today)
    assert {i.case.complaint.reference for i in overdue + soon} == {_reference(world, r) for r in RELATIONS}


def test_an_ombudsman_case_on_a_hidden_complaint_is_refused_as_a_reference_to_nothing(world: World) -> None:
    """A manager (or the MRC) may not attach a case to a complaint restricted to other people, and
    the answer is the one a reference to no complaint gets: it does not say the complaint exists."""
    for role in ("manager", "mrc"):
        _refused_as_nothing(world, role)


def _refused_as_nothing(world: World, role: str) -> None:
    client = world.client(role)
    before = OmbudsmanCase.objects.count()
    answers = {}
    for reference in (_reference(world, "restricted"), "PR-999999"):
        response = client.post(
            "/governance/ombudsman/",
            {
                "complaint_reference": reference,
                "reference": "HOS-NEW",
                "referred_on": _today(),
                "progress": "referred",
            },
        )
        assert response.status_code == 422  # refused on the form, as a reference to nothing is
        text = response.content.decode()
        assert f"No complaint with reference {reference}" in text
        answers[reference] = _error_summary(text).replace(reference, "REF")
    assert answers[_reference(world, "restricted")] == answers["PR-999999"]
    assert OmbudsmanCase.objects.count() == before
    # the service refuses it too, in the same words, whoever calls it
    with pytest.raises(
        InvalidRequest, match=f"No complaint with reference {_reference(world, 'restricted')}"
    ):
        governance.open_ombudsman_case(
            actor=world.users[role],
            complaint=world.cases["restricted"].complaint,
            referred_on=timezone.localdate(),
        )
    assert OmbudsmanCase.objects.count() == before


def test_the_mrc_records_a_case_on_any_unrestricted_complaint(world: World) -> None:
    """The MRC records Ombudsman cases (README, access) on every complaint whose summary they see."""
    other = world.cases["other"].complaint
    response = world.client("mrc").post(
        "/governance/ombudsman/",
        {
            "complaint_reference": other.reference,
            "reference": "HOS-MRC",
            "referred_on": _today(),
            "progress": "referred",
        },
    )
    assert response.status_code == 302
    assert OmbudsmanCase.objects.filter(complaint=other, reference="HOS-MRC").exists()


def test_the_list_behind_a_figure_counts_the_complaints_not_shown_in_the_same_words(world: World) -> None:
    """The list behind a figure said "N not shown to you: restricted complaints, or complaints outside
    the ones you work on", telling the reader why; the register, the reports and the learning register
    say "on a complaint you cannot see" (h192): one wording, from ``access.policy``."""
    for role in SEEN:
        page = world.client(role).get("/governance/complaints/?measure=s1_received").content.decode()
        hidden = len(RELATIONS) - len(SEEN[role])
        if hidden:
            complaints = "complaint" if hidden == 1 else "complaints"
            assert f"Not listed here: {hidden} {complaints} you cannot see." in page, role
        else:
            assert "you cannot see" not in page, role
        assert "not shown to you" not in page and "outside the ones you work on" not in page
