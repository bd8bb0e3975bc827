"""Reads: the queue in a constant number of queries, the detail with its timeline, restricted cases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from complaints.complaint_states import RECEIVED

from putright.accounts.models import User
from putright.code.lifecycle import Action
from putright.complaints import services
from putright.complaints.selectors import case_for, complaint_detail, complaint_list, people_named


@pytest.fixture
@services.recording_as_it_happened()
def many(resident, officer, handler_1) -> None:
    for n in range(12):
        complaint = services.receive_complaint(
            resident=resident,
            summary=f"Complaint {n}",
            channel="email",
            received_on=RECEIVED,
            actor=officer,
            accept=n % 2 == 0,
        )
        if n % 4 == 0:
            services.allocate_handler(complaint=complaint, actor=officer, handler=handler_1, on=RECEIVED)


@pytest.mark.parametrize("limit", [1, 5, 50])
def test_the_queue_is_two_queries_whatever_the_page_size(many, limit, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        page = complaint_list(limit=limit, is_open=True)
        for complaint in page.items:  # everything a queue row shows is already joined in
            assert complaint.resident.name and complaint.category is None
            assert complaint.handler is None or complaint.handler.username
            assert complaint.property is None
    assert page.total == 12
    assert len(page.items) == min(limit, 12)


def test_queue_filters_and_order(many, handler_1) -> None:
    page = complaint_list(state="complaint")
    assert page.total == 6
    dues = [c.current_due for c in complaint_list(order="due").items]
    assert dues[:6] == sorted(d for d in dues if d) and dues[6:] == [None] * 6
    assert complaint_list(handler=handler_1).total == 3
    assert complaint_list(unallocated=True).total == 9
    assert complaint_list(search="Complaint 3").total == 1


def test_restricted_complaints_are_seen_only_by_the_named_staff(
    resident, officer, handler_1, handler_2
) -> None:
    services.receive_complaint(
        resident=resident,
        summary="About a member of staff",
        channel="email",
        actor=officer,
        restricted=True,
        restricted_to=[handler_1],
    )
    services.receive_complaint(resident=resident, summary="Open to all", channel="email", actor=officer)
    assert complaint_list(visible_to=handler_1).total == 2
    assert complaint_list(visible_to=handler_2).total == 1
    assert complaint_list().total == 2


def test_2024_5_12_detail_merges_events_and_correspondence_in_order(build, handler_1) -> None:
    complaint = build("stage_1_responded")
    services.record_correspondence(
        complaint=complaint,
        actor=handler_1,
        direction="in",
        channel="telephone",
        subject="Resident called about the fan",
        body="Asked when the fan will be fixed.",
        occurred_at=datetime(2025, 3, 6, 10, 30, tzinfo=UTC),
    )
    detail = complaint_detail(reference=complaint.reference)
    assert detail.case == case_for(complaint)
    titles = [(entry.on, entry.kind, entry.title) for entry in detail.timeline]
    assert titles[0][2] == "Contact received"
    assert (date(2025, 3, 6), "correspondence", "Resident called about the fan") in titles
    assert [t[0] for t in titles] == sorted(t[0] for t in titles)
    # every event, the call, and the letters that told the resident of each communicated step
    assert len(detail.timeline) == len(detail.events) + complaint.correspondence.count()
    assert Action.REQUEST_ESCALATION in detail.allowed_actions
    assert [s.number for s in detail.stages] == [1]
    assert detail.remedies[0].amount_pence == 5000


def test_detail_of_a_restricted_complaint_is_hidden(resident, officer, handler_2) -> None:
    from putright.complaints.models import Complaint

    complaint = services.receive_complaint(
        resident=resident,
        summary="x",
        channel="email",
        actor=officer,
        restricted=True,
        restricted_to=[officer],
    )
    assert complaint_detail(reference=complaint.reference, visible_to=officer).complaint == complaint
    with pytest.raises(Complaint.DoesNotExist):
        complaint_detail(reference=complaint.reference, visible_to=handler_2)


def test_2024_5_12_a_person_whose_account_was_deleted_is_named_a_former_member_of_staff(
    officer, handler_1
) -> None:  # type: ignore[no-untyped-def]
    """The record names whoever took a step (2024 5.12); one whose account has since gone was shown as
    its bare id ("17"), which tells the reader nothing."""
    gone = User.objects.create_user("leaver", first_name="Lee", last_name="Leaver")
    ref = str(gone.pk)
    gone.delete()
    named = people_named([ref, str(handler_1.pk), "a reference of some other kind"])
    assert named[ref] == "a former member of staff"
    assert named[str(handler_1.pk)] == str(handler_1)
    assert named["a reference of some other kind"] == "a reference of some other kind"


def test_2024_5_12_a_name_of_digits_that_are_not_an_id_is_shown_as_it_was_given(officer) -> None:  # type: ignore[no-untyped-def]
    """An imported handler named "²" or "١٢" (digits to ``str.isdigit`` but no number to ``int``)
    made the case page fail (ValueError): it is shown as it was given."""
    named = people_named(["²", "١٢", "44207946000012345678"])
    assert named == {"²": "²", "١٢": "١٢", "44207946000012345678": "44207946000012345678"}
