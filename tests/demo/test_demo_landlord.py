"""The demo landlord: loaded through the services into every state, consistent with its own history."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from putright.accounts.models import Role, User
from putright.code.exclusions import ExclusionGround
from putright.complaints.models import (
    STATES,
    Category,
    Complaint,
    ComplaintEvent,
    ContactRestriction,
    Correspondence,
    ExclusionApplied,
    Extension,
    LearningPoint,
    OutstandingAction,
    PendingStep,
    Property,
    ReasonableAdjustment,
    Remedy,
    Representative,
    Resident,
    Stage,
)
from putright.complaints.selectors import case_for
from putright.demo.loader import (
    DEMO_PASSWORD,
    LANDLORD_NAME,
    DemoResult,
    load_demo,
    read_sign_ins,
    sign_ins_path,
)
from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope
from putright.letters import posting
from putright.letters.models import DeliveryStatus, IssuedLetter, LetterDelivery, LetterPosting

#: every state under the 2024 Code (the stage 3 states exist only for 2022 landlords with three stages)
CODE_2024_STATES = {state for state in STATES if not state.startswith("stage_3")}


#: how many emails loading the demo handed to the configured email backend (filled by ``demo``)
EMAILS_TO_THE_CONFIGURED_BACKEND: list[int] = []


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker, tmp_path_factory) -> Iterator[DemoResult]:  # type: ignore[no-untyped-def]
    """The demo at 500 homes, loaded once for the module and rolled back afterwards."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    with django_db_blocker.unblock(), override_settings(DATA_DIR=data_dir), transaction.atomic():
        outbox = mail.outbox  # the test settings' backend (locmem): what a mail server would get
        before = len(outbox)
        result = load_demo(homes=500, out=lambda line: None)
        EMAILS_TO_THE_CONFIGURED_BACKEND.append(len(outbox) - before)
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo: DemoResult, db: None) -> DemoResult:
    return demo


def test_the_demo_is_a_fictional_landlord_with_homes_residents_and_staff_in_every_role(loaded):
    assert loaded.loaded
    assert "fictional" in LANDLORD_NAME
    assert Property.objects.count() == 500
    assert Property.objects.values("area").distinct().count() == 8
    assert all(p.postcode.startswith("RV") for p in Property.objects.all()[:50])
    assert Resident.objects.count() >= 500
    assert {u.role for u in User.objects.all()} == set(Role.values)
    handler_teams = User.objects.filter(role=Role.COMPLAINT_HANDLER).values("team").distinct().count()
    assert handler_teams >= 2
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="officer").check_password(DEMO_PASSWORD)


def test_complaints_reach_every_state_of_the_2024_code_and_every_category(loaded):
    states = set(Complaint.objects.values_list("state", flat=True))
    assert states == CODE_2024_STATES
    used = set(Complaint.objects.values_list("category__slug", flat=True))
    assert set(Category.objects.values_list("slug", flat=True)) <= used


def test_acknowledgements_and_responses_are_on_time_and_late(loaded):
    first = Stage.objects.filter(number=1)
    assert first.filter(acknowledged_on__lte=F("acknowledgement_due")).exists()
    assert first.filter(acknowledged_on__gt=F("acknowledgement_due")).exists()
    assert first.filter(responded_on__lte=F("response_due")).exists()
    assert first.filter(responded_on__gt=F("response_due")).exists()
    today = timezone.localdate()
    # open work past its deadline, for the queues to show
    assert Complaint.objects.filter(is_open=True, current_due__lt=today).exists()


def test_extensions_within_the_limit_and_beyond_it_with_a_good_reason(loaded):
    assert Extension.objects.filter(good_reason="").exists()
    beyond = Extension.objects.exclude(good_reason="").first()
    assert beyond is not None
    total = sum(
        Extension.objects.filter(complaint=beyond.complaint, stage=beyond.stage).values_list(
            "working_days", flat=True
        )
    )
    assert total > (10 if beyond.stage == 1 else 20)


def test_escalations_to_stage_2_have_a_different_handler(loaded):
    escalated = Complaint.objects.filter(stage=2)
    assert escalated.exists()
    for complaint in escalated:
        case = case_for(complaint)
        assert not (case.considered_by.get(1, frozenset()) & case.considered_by.get(2, frozenset()))
    assert (
        Complaint.objects.filter(stage=2, stage_2_handler__isnull=False)
        .exclude(stage_2_handler=F("stage_1_handler"))
        .exists()
    )


def test_remedies_actions_and_learning(loaded):
    assert Remedy.objects.filter(kind="financial", amount_pence__gt=0).exists()
    assert Remedy.objects.exclude(kind="financial").exists()
    assert Remedy.objects.filter(completed_on__isnull=False).exists()
    assert Remedy.objects.filter(completed_on__isnull=True).exists()
    today = timezone.localdate()
    assert OutstandingAction.objects.filter(completed_on__isnull=False).exists()
    assert OutstandingAction.objects.filter(completed_on__isnull=True, due__lt=today).exists()
    assert LearningPoint.objects.exists()


def test_declined_withdrawn_referred_and_service_requests(loaded):
    grounds = set(ExclusionApplied.objects.values_list("ground", flat=True))
    assert grounds == {g.value for g in ExclusionGround}
    referred = Complaint.objects.filter(state="referred_to_ombudsman")
    assert referred.exists() and all(c.ombudsman_reference for c in referred)
    assert ComplaintEvent.objects.filter(kind="withdrawn").exists()
    resolved = [e.data for e in ComplaintEvent.objects.filter(kind="service_request_resolved")]
    assert any(d["resolved_there_and_then"] for d in resolved)
    # a complaint about a service request (1.5): accepted after being triaged as one
    assert Complaint.objects.exclude(about_service_request="").filter(stage__gte=1).exists()


def test_the_rest_of_the_record(loaded):
    today = timezone.localdate()
    assert ReasonableAdjustment.objects.filter(review_due__lt=today).exists()
    assert ReasonableAdjustment.objects.filter(review_due__gte=today).exists()
    assert ContactRestriction.objects.exists()
    assert Representative.objects.filter(complaints__isnull=False).exists()
    assert Correspondence.objects.filter(direction="in").exists()
    assert Correspondence.objects.filter(direction="out").exists()
    restricted = Complaint.objects.filter(restricted=True).first()
    assert restricted is not None and restricted.restricted_to.exists()


def test_2024_5_12_the_first_message_came_the_way_the_complaint_records_it_came(loaded):
    """An online-form complaint's first message was recorded as a telephone call (the resident's
    preferred way of contact), on the case page and the resident's page (found in a browser walk)."""
    first = Correspondence.objects.filter(
        direction="in", subject__in=("Complaint received", "Repair reported")
    )
    assert first.exists()
    assert not first.exclude(channel=F("complaint__channel")).exists()


def test_every_complaint_is_what_its_events_say_dated_in_order_and_never_after_today(loaded):
    today = timezone.localdate()
    year_ago = date(today.year - 1, today.month, min(today.day, 28))
    for complaint in Complaint.objects.all():
        case = case_for(complaint)
        assert complaint.state == case.state, complaint.reference
        assert complaint.stage == case.stage
        assert complaint.is_open == case.is_open
        deadline = case.current_deadline()
        assert complaint.current_due == (deadline[0] if deadline else None)
        days = list(complaint.events.order_by("sequence").values_list("on", flat=True))
        assert days == sorted(days), complaint.reference
        assert days[-1] <= today
        assert days[0] >= year_ago
    # the volume of a year at 40 stage 1 complaints per 1,000 homes (plus the showcase)
    assert 20 <= Complaint.objects.filter(stage__gte=1).count() <= 40
    assert (
        ComplaintEvent.objects.values("complaint").annotate(n=Count("id")).count()
        == Complaint.objects.count()
    )


def test_the_sign_ins_are_written_for_the_demo_accounts_only(loaded):
    written = sign_ins_path().read_text()
    for member in User.objects.all():
        assert member.username in written
    assert DEMO_PASSWORD in written
    assert read_sign_ins() == written


def test_if_empty_does_nothing_when_there_are_complaints(loaded):
    before = (Complaint.objects.count(), ComplaintEvent.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("demo", if_empty=True, homes=500, stdout=out)
    assert "not loaded" in out.getvalue()
    call_command("demo", if_empty=True, homes=500, stdout=out)
    assert (Complaint.objects.count(), ComplaintEvent.objects.count(), User.objects.count()) == before
    with pytest.raises(CommandError, match="empty database"):
        call_command("demo", homes=500, stdout=io.StringIO())


def test_2024_5_12_every_step_the_resident_is_told_of_went_as_a_letter_issued_from_putright(loaded):
    """The demo tells residents as staff do: each step the Code requires to be communicated is held,
    its letter written from the template, checked and issued from PutRight, and the step counts from
    the day the letter was emailed or posted. Before, every step was "told by post" outside PutRight,
    so the demo's self-assessment could show none of 2.4, 6.4, 6.5, 6.9, 6.15, 6.16, 6.19 or 7.3."""
    told = [e for e in ComplaintEvent.objects.all() if isinstance(e.data.get("communication"), dict)]
    assert len(told) > 50
    letters = {letter.pk: letter for letter in IssuedLetter.objects.all()}
    for event in told:
        communication = event.data["communication"]
        assert communication["method"] == "letter", event.complaint.reference
        kind, _, number = str(communication["reference"]).partition(":")
        assert kind == "letter"
        letter = letters[int(number)]
        assert letter.complaint_id == event.complaint_id
        # the step is dated the day the resident was sent its letter, and the letter that day
        assert posting.told_on(letter) == event.on == timezone.localdate(letter.issued_at)
    assert len(letters) == len(told)  # no letter issued for nothing, none left waiting
    assert not PendingStep.objects.filter(state=PendingStep.State.PENDING).exists()
    # emailed where the resident has an address, posted otherwise; every email sent, none waiting
    assert LetterDelivery.objects.exists() and LetterPosting.objects.exists()
    assert not LetterDelivery.objects.exclude(status=DeliveryStatus.SENT).exists()
    assert not LetterPosting.objects.filter(letter__deliveries__isnull=False).exists()
    # every record of the telling is of its day, as a handler's would be: none of the moment of loading
    for letter in letters.values():
        day = timezone.localdate(letter.issued_at)
        assert timezone.localdate(letter.draft.created_at) == day, letter.complaint.reference
        held = letter.draft.pending_step
        assert held is not None and timezone.localdate(held.recorded_at) == day
    for posted in LetterPosting.objects.all():
        assert timezone.localdate(posted.recorded_at) == posted.sent_on
    # a resident who prefers letters is posted theirs, even with an email address (2022 4.11)
    assert not LetterDelivery.objects.filter(
        letter__complaint__resident__preferred_contact_method="letter",
        letter__complaint__representative__isnull=True,
    ).exists()


def test_the_demo_sends_no_email_to_anyone(loaded):
    """The residents are fictional: their letters' emails went to Django's dummy backend while the
    demo loaded, so nothing reached the configured mail server (here the test settings' outbox)."""
    assert LetterDelivery.objects.filter(status=DeliveryStatus.SENT).count() > 10
    assert EMAILS_TO_THE_CONFIGURED_BACKEND == [0]


def test_the_demo_self_assessment_has_no_step_to_check_for_text_nobody_checked(loaded):
    """With every step told by a checked letter, the provisions that read letters list no record to
    check for "told another way" (2024 2.4, 5.12, 6.4, 6.5, 6.9, 6.15, 6.16, 6.19, 7.3)."""
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    ctx = evidence.context(Scope(Period.reporting_year(year), AsAt.of(today)))
    for number in ("2.4", "5.12", "6.4", "6.5", "6.9", "6.15", "6.16", "6.19", "7.3"):
        found = evidence.evaluate("2024", number, ctx)
        assert found is not None
        assert not [c for c in found.to_check if "not a letter issued from PutRight" in c.why], number
    responses = evidence.evaluate("2024", "6.9", ctx)
    assert responses is not None and responses.covered >= evidence.MINIMUM_CASES
    assert responses.proposed == evidence.YES, responses.summary
