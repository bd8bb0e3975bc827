"""Evidence for 2024 6.13 reads "considered" as the core does: someone a manager confirmed never
considered stage 1 (allocated in error, reallocated before any work) may consider stage 2, so the
self-assessment does not count them as having considered both stages (no rule the Code does not make)."""

from __future__ import annotations

from datetime import date

from governance.journeys import DEFINITION, RESPONSE
from governance.test_governance_evidence_rules import letterhead, refs, show, small_minimum  # noqa: F401

from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.services import Told


@services.recording_as_it_happened()
def _stage_2_by_someone_cleared_at_stage_1(journey, handler_1, manager, cleared, day: int):  # type: ignore[no-untyped-def]
    c = journey(date(2025, 6, day))
    c = services.allocate_handler(complaint=c, actor=manager, handler=cleared, on=date(2025, 6, day))
    c = services.allocate_handler(complaint=c, actor=manager, handler=handler_1, on=date(2025, 6, day))
    c = services.confirm_independence(
        complaint=c,
        actor=manager,
        person=cleared,
        stage=1,
        reason="Allocated in error and reallocated the same day before any work",
        on=date(2025, 6, day),
    )
    c = services.acknowledge_complaint(
        complaint=c,
        actor=handler_1,
        told=Told(method="post", on=date(2025, 6, day), body="Sent."),
        **DEFINITION,
    )
    c = services.respond_to_complaint(
        complaint=c, actor=handler_1, told=Told(method="post", on=date(2025, 6, 16), body="Sent."), **RESPONSE
    )
    c = services.request_escalation(
        complaint=c, actor=None, actor_label="Resident (portal)", on=date(2025, 6, 20)
    )
    c = services.allocate_handler(complaint=c, actor=manager, handler=cleared, on=date(2025, 6, 23))
    return services.acknowledge_complaint(
        complaint=c, actor=cleared, told=Told(method="post", on=date(2025, 6, 23), body="Sent."), **DEFINITION
    )


def test_2024_6_13_someone_confirmed_never_to_have_considered_stage_1_may_consider_stage_2(  # type: ignore[no-untyped-def]
    journey,
    handler_1,
    handler_2,
    small_minimum,  # noqa: F811
):
    cleared = User.objects.create_user("handler3", first_name="Ida", last_name="Three")
    for day in (2, 3):
        _stage_2_by_someone_cleared_at_stage_1(journey, handler_1, handler_2, cleared, day)
    found = show("6.13")
    assert found.state == "compliance", (found.summary, refs(found))
