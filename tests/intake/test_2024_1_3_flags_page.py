"""2024 1.3, 1.5: staff see dissatisfaction flagged as possible complaints, with the trigger phrases."""

from __future__ import annotations

import pytest

from putright.accounts.models import Role, User
from putright.intake.mail import ingest_email
from putright.intake.models import DissatisfactionFlag
from putright.intake.services import flag_dissatisfaction

pytestmark = pytest.mark.django_db

UNHAPPY = "Third time I have reported the leak and still nobody came. I am fed up and want compensation."


def test_the_flags_page_needs_a_sign_in(client) -> None:
    response = client.get("/intake/flags/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_2024_1_3_staff_see_the_phrases_that_triggered_a_flag(client, make_email) -> None:
    ingest_email(make_email(body=UNHAPPY))
    flag = DissatisfactionFlag.objects.get()
    client.force_login(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER))
    page = client.get("/intake/flags/").content.decode()
    assert flag.complaint.reference in page
    for phrase in flag.phrases:
        assert f'<mark class="putright-mark">{phrase}</mark>' in page or phrase in page
    assert "Offered by automatic email" in page


def test_2024_1_3_not_a_complaint_needs_a_reason(client, make_email) -> None:
    ingest_email(make_email(body=UNHAPPY))
    flag = DissatisfactionFlag.objects.get()
    client.force_login(User.objects.create_user("olu", role=Role.COMPLAINTS_OFFICER))
    client.post(f"/intake/flags/{flag.pk}/review/", {"review": "not_a_complaint", "note": ""})
    flag.refresh_from_db()
    assert flag.review == "open"
    client.post(f"/intake/flags/{flag.pk}/review/", {"review": "not_a_complaint", "note": "A repair request"})
    flag.refresh_from_db()
    assert flag.review == "not_a_complaint" and flag.reviewed_by is not None


def test_2024_1_3_a_second_tab_cannot_overwrite_a_review(client, make_email) -> None:
    """Two officers open the page; the first says "not a complaint" with why, the second (a stale tab)
    "a complaint". The first decision used to be overwritten without a trace: it now stands."""
    ingest_email(make_email(body=UNHAPPY))
    flag = DissatisfactionFlag.objects.get()
    first = User.objects.create_user(
        "olu", first_name="Olu", last_name="Okafor", role=Role.COMPLAINTS_OFFICER
    )
    client.force_login(first)
    client.post(f"/intake/flags/{flag.pk}/review/", {"review": "not_a_complaint", "note": "A repair request"})
    client.force_login(User.objects.create_user("hana", role=Role.COMPLAINTS_OFFICER))
    answer = client.post(f"/intake/flags/{flag.pk}/review/", {"review": "complaint", "note": ""}, follow=True)
    page = answer.content.decode()
    assert "already reviewed by Olu Okafor on " in page and "their decision stands" in page
    flag.refresh_from_db()
    assert (flag.review, flag.review_note, flag.reviewed_by) == ("not_a_complaint", "A repair request", first)


def test_2024_1_6_a_survey_comment_can_be_flagged() -> None:
    flag = flag_dissatisfaction(
        text="The repair was poor, it is the third time and I want someone to come back and fix it properly.",
        source="survey",
    )
    assert flag is not None and flag.source == "survey" and flag.phrases


def test_a_neutral_message_is_not_flagged() -> None:
    assert flag_dissatisfaction(text="Thank you for fixing the door so quickly.", source="email") is None
