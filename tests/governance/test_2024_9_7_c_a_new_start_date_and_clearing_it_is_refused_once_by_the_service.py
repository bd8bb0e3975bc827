"""2024 9.7 c (the Ombudsman's investigations, as the governing body is told of them): a new date the
Ombudsman started investigating with "clear the one recorded" ticked is refused, as which was meant
cannot be told. The check was made twice, by the case page's form and by the service, each with its
own copy of the rule: it now lives once, in the service (every door's), and the page shows the
service's refusal on the date's field, in the same words, with nothing recorded."""

from __future__ import annotations

from datetime import date

import pytest
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    _marked_in_error,
    _summary,
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.code.errors import InvalidRequest
from putright.governance import services
from putright.governance.forms import ProgressForm
from putright.governance.models import OmbudsmanCase

pytestmark = pytest.mark.django_db

STARTED = date(2025, 9, 1)
BOTH = {
    "action": "progress",
    "progress": "investigation",
    "clear_started": "on",
    "started-day": "15",
    "started-month": "10",
    "started-year": "2025",
    "reason": "Recorded on this case in error",
}


def _investigating(case: OmbudsmanCase, officer) -> OmbudsmanCase:  # type: ignore[no-untyped-def]
    services.update_ombudsman_case(
        case=case, actor=officer, progress="investigation", investigation_started_on=STARTED
    )
    return case


def test_2024_9_7_c_the_progress_form_leaves_a_new_start_date_with_clearing_it_to_the_service() -> None:
    form = ProgressForm(BOTH, initial={"progress": "investigation", "started": STARTED})
    assert form.is_valid(), form.errors  # no copy of the rule of its own


def test_2024_9_7_c_the_case_page_shows_the_services_refusal_on_the_date(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
):  # type: ignore[no-untyped-def]
    case = _investigating(ombudsman_case, officer)
    kept = case.progress_history.count()
    # the service's words, whatever they are, are the page's: reworded in one place, said everywhere
    monkeypatch.setattr(services, "BOTH_START_AND_CLEAR", "A new start date or clear it: not both")
    refused = signed_in_officer.post(f"/governance/ombudsman/{case.pk}/", BOTH)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert _summary(html) == [("#id_started", "A new start date or clear it: not both")]
    assert _marked_in_error(html, "id_started")
    case.refresh_from_db()
    assert case.investigation_started_on == STARTED and case.progress_history.count() == kept


def test_2024_9_7_c_the_service_refuses_it_on_the_start_date_in_the_pages_words(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    case = _investigating(ombudsman_case, officer)
    with pytest.raises(InvalidRequest) as refused:
        services.update_ombudsman_case(
            case=case,
            actor=officer,
            progress="investigation",
            investigation_started_on=date(2025, 10, 15),
            clear_investigation_started=True,
            reason="Recorded on this case in error",
        )
    assert refused.value.fields == (
        (
            "investigation_started_on",
            "Either give a new date the Ombudsman started investigating or clear the one recorded, not both",
        ),
    )


def test_2024_9_7_c_clearing_the_date_shown_is_not_both(
    officer,
    signed_in_officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    """The page shows the date recorded in its date input: ticked with that date still there, it is
    cleared, not refused (never refuse what is allowed)."""
    case = _investigating(ombudsman_case, officer)
    shown = {**BOTH, "started-day": "1", "started-month": "9", "started-year": "2025"}
    assert signed_in_officer.post(f"/governance/ombudsman/{case.pk}/", shown).status_code == 302
    case.refresh_from_db()
    assert case.investigation_started_on is None
