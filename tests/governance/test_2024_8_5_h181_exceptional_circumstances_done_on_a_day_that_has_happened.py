"""2024 8.5 ("they must inform the Ombudsman, provide information to residents who may be affected, and
publish this on their website"): the days these were done, and the day compliance was restored, are
days that have happened. A record of exceptional circumstances took them in the future: "published on
our website" next month passed the self-assessment's 8.5 rule (each "published on the website") while
nothing was published. Each is refused on its field (422), everything typed kept; today is recorded.
The day they began is not refused: the Code does not say they cannot be recorded ahead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    EXCEPTIONAL,
    _marked_in_error,
    _summary,
)

from putright.governance.models import ExceptionalCircumstance

pytestmark = pytest.mark.django_db

DONE = {
    "published_on": "Date published on our website",
    "ombudsman_informed_on": "Date we informed the Ombudsman",
    "residents_informed_on": "Date we gave information to residents who may be affected",
    "ended_on": "Date compliance was restored",
}


@pytest.mark.parametrize("field", DONE)
def test_2024_8_5_a_step_dated_in_the_future_is_refused_on_its_date(signed_in_officer, field):  # type: ignore[no-untyped-def]
    later = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = signed_in_officer.post("/governance/exceptional/", {**EXCEPTIONAL, field: later})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Cyber incident"' in html
    assert _summary(html) == [(f"#id_{field}", f"{DONE[field]} must be today or in the past")]
    assert _marked_in_error(html, f"id_{field}")
    assert not ExceptionalCircumstance.objects.exists()


def test_2024_8_5_each_step_done_today_is_recorded(signed_in_officer):  # type: ignore[no-untyped-def]
    today = timezone.localdate().isoformat()
    response = signed_in_officer.post(
        "/governance/exceptional/", {**EXCEPTIONAL, **dict.fromkeys(DONE, today)}
    )
    assert response.status_code == 302
    assert ExceptionalCircumstance.objects.get().published_on == timezone.localdate()
