"""Every record says who made it: a contact restriction (2024 5.14) and a learning point (9.1) keep
the member of staff who recorded them."""

from __future__ import annotations

from datetime import date

from putright.complaints import services
from putright.complaints.models import ContactRestriction, LearningPoint


def test_2024_5_14_a_contact_restriction_records_who_made_it(resident, officer) -> None:  # type: ignore[no-untyped-def]
    services.record_contact_restriction(
        resident=resident,
        restriction="Contact by email only.",
        reason="Abusive calls on 3 and 5 March.",
        starts_on=date(2025, 3, 10),
        review_due=date(2025, 6, 10),
        equality_considerations="No disability disclosed; email suits the resident's work pattern.",
        actor=officer,
    )
    assert ContactRestriction.objects.get().recorded_by == officer


def test_2024_9_1_a_learning_point_records_who_made_it(build, officer) -> None:  # type: ignore[no-untyped-def]
    complaint = build("stage_1_responded")
    services.record_learning_point(complaint=complaint, actor=officer, description="Book surveys sooner.")
    assert LearningPoint.objects.get().recorded_by == officer
