"""2024 9.7 c: "clear the one recorded" is how a start of the Ombudsman's investigation recorded in
error is taken off a case. A start recorded before the dates were checked (next year's, typed for
this year's) is shown on the progress form as recorded, so clearing it sends that date back with
"clear it" ticked: it was refused as a date still to come, which is exactly why it was being
cleared, and the wrong start stayed. A date being cleared is not a date being recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.governance import services
from putright.governance.models import OmbudsmanCase

pytestmark = pytest.mark.django_db


def test_2024_9_7_c_a_start_recorded_in_error_before_the_dates_were_checked_can_be_cleared(
    officer,
    ombudsman_case,  # noqa: F811
):  # type: ignore[no-untyped-def]
    wrong = timezone.localdate() + timedelta(days=365)
    OmbudsmanCase.objects.filter(pk=ombudsman_case.pk).update(
        progress="investigation", investigation_started_on=wrong
    )
    case = OmbudsmanCase.objects.get(pk=ombudsman_case.pk)
    services.update_ombudsman_case(
        case=case,
        actor=officer,
        progress="investigation",
        investigation_started_on=wrong,  # the date the form shows, as recorded
        clear_investigation_started=True,
        reason="Next year's date typed in error",
    )
    case.refresh_from_db()
    assert case.investigation_started_on is None
    latest = case.progress_history.order_by("-recorded_at", "-id")[0]
    assert latest.investigation_started_on is None and latest.reason == "Next year's date typed in error"
