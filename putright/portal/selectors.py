"""What a resident sees about their complaint: plain words, dates, letters, what is left to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.utils import timezone

from putright.code.lifecycle import Action
from putright.code.timescales import timescales
from putright.complaints.models import Complaint, Landlord, Party, Stage
from putright.complaints.rules import landlord_rules
from putright.complaints.selectors import ComplaintDetail, complaint_detail

#: what a working day is, for every date we give a resident: the landlord's calendar skips its
#: closure days as well as weekends and bank holidays (``landlord_rules().calendar``), so the
#: definition says so wherever such a date is shown (2024 6.2, 6.3)
WORKING_DAYS = "Working days are Monday to Friday, not counting bank holidays or days our offices are closed."

#: the line the online form writes over what the complaint asks us to do, in the summary staff read
#: (:func:`putright.portal.views._summary`); the complaint's page puts it to its reader instead
OUTCOME_LINE = "What they would like us to do:"
#: how the same summary's last line names the home the form was told
HOME_LINE = "Home: "


@dataclass(frozen=True)
class AsMade:
    """The complaint as made, for the person reading its page: what happened, what the complaint asks
    us to do under a heading put to the reader, and the home the form was told (both "" when it was
    not made on the online form)."""

    told: str
    wanted: str
    home: str


def as_made_for_reader(text: str) -> AsMade:
    """``text`` split at the online form's line over what the complaint asks us to do, and at the
    line naming the home it adds last (:func:`putright.portal.views._summary`; 2024 5.6)."""
    told, line, wanted = text.partition(f"\n{OUTCOME_LINE}\n")
    if not line:
        return AsMade(told=text, wanted="", home="")
    wanted, gap, home = wanted.rpartition(f"\n\n{HOME_LINE}")
    if not gap or "\n" in home.strip():
        wanted, home = wanted + gap + home, ""
    return AsMade(
        told=told.rstrip(), wanted=wanted.strip(), home=f"{HOME_LINE}{home.strip()}" if home else ""
    )


def outcomes_heading(whose: str) -> str:
    """ "What you would like us to do", or "What Rita Patel would like us to do" for a reader who may
    not be the resident (2024 3.6: their representative, or an address both share)."""
    return f"What {whose} would like us to do"


def as_made_heading(whose: str) -> str:
    """ "What you told us", or "What Rita Patel told us" over the complaint as made, for a reader who
    may not be the one who made it (2024 3.6, 5.12: the record does not say the reader said what
    someone else said); ``whose`` as :func:`who_made_it` gives it."""
    return f"What {whose} told us"


def who_made_it(complaint: Complaint, reader: Party) -> str:
    """Who told us the complaint as made, put to ``reader``: "you" where they made it, otherwise by
    name. The representative it was received with made it for the resident (2024 3.6), whoever acts
    for the resident since; otherwise the resident did. An address both share is either of them, so
    is never "you" (5.12)."""
    maker = complaint.made_by_representative
    if maker is None:
        return "you" if reader == Party.RESIDENT else complaint.resident.name
    if reader == Party.REPRESENTATIVE and complaint.representative_id == maker.pk:
        return "you"
    return maker.name


#: the state of a complaint, as a resident would put it, with a GOV.UK tag colour
STATE_WORDS: dict[str, tuple[str, str]] = {
    "received": ("Received", "blue"),
    "service_request": ("Passed to the right team as a request for service", "purple"),
    "complaint": ("Stage 1: received", "blue"),
    "stage_1_acknowledged": ("Stage 1: being looked into", "blue"),
    "stage_1_responded": ("Stage 1: we have responded", "green"),
    "escalation_requested": ("Stage 2: you have asked for stage 2", "blue"),
    "stage_2_acknowledged": ("Stage 2: being looked into", "blue"),
    "stage_2_responded": ("Stage 2: our final response", "green"),
    "stage_3_requested": ("Stage 3: requested", "blue"),
    "stage_3_acknowledged": ("Stage 3: being looked into", "blue"),
    "stage_3_responded": ("Stage 3: our final response", "green"),
    "closed": ("Closed", "grey"),
    "referred_to_ombudsman": ("With the Housing Ombudsman", "grey"),
    "declined": ("Not accepted as a complaint", "grey"),
    "withdrawn": ("Withdrawn", "grey"),
}


@dataclass(frozen=True)
class ExpectedDates:
    acknowledge_by: date
    acknowledge_days: int
    acknowledge_provision: str
    respond_by: date
    respond_days: int
    respond_provision: str


def expected_dates(complaint: Complaint) -> ExpectedDates:
    """When we will acknowledge and usually respond at stage 1, with the landlord's working days:
    acknowledge within 5 working days of receipt (2024 6.2), respond within 10 working days of the
    acknowledgement (6.3)."""
    calendar = landlord_rules().calendar
    scales = timescales(complaint.edition)
    acknowledge = scales.acknowledge_stage_1
    respond = scales.respond[1]
    stage = Stage.objects.filter(complaint=complaint, number=1).first()
    ack_days = acknowledge.working_days
    acknowledge_by = (stage.acknowledgement_due if stage else None) or calendar.add_working_days(
        complaint.received_on, ack_days
    )
    respond_from = (stage.acknowledged_on if stage else None) or acknowledge_by
    respond_by = (stage.response_due if stage else None) or calendar.add_working_days(
        respond_from, respond.working_days
    )
    return ExpectedDates(
        acknowledge_by=acknowledge_by,
        acknowledge_days=ack_days,
        acknowledge_provision=acknowledge.provision,
        respond_by=respond_by,
        respond_days=respond.working_days,
        respond_provision=respond.provision,
    )


@dataclass(frozen=True)
class EscalationWindow:
    """Whether the resident can ask for stage 2 on this page now, and if not, why not."""

    can_ask: bool
    last_day: date | None
    reason: str


def escalation_window(detail: ComplaintDetail, today: date | None = None) -> EscalationWindow:
    """Stage 2 may be asked for once stage 1 has been responded to (2024 6.10), without a reason
    (6.12), within the landlord's window after the stage 1 response
    (``Landlord.escalation_window_working_days``)."""
    today = today or timezone.localdate()
    complaint = detail.complaint
    if Action.REQUEST_ESCALATION not in detail.allowed_actions:
        if complaint.state in ("escalation_requested", "stage_2_acknowledged"):
            return EscalationWindow(False, None, "already")
        if complaint.stage >= 2 or complaint.state == "referred_to_ombudsman":
            return EscalationWindow(False, None, "final")
        return EscalationWindow(False, None, "not_yet")
    responded = complaint.stage_1_responded_on
    if responded is None:
        return EscalationWindow(True, None, "")
    window = Landlord.load().escalation_window_working_days
    last_day = landlord_rules().calendar.add_working_days(responded, window)
    if today > last_day:
        return EscalationWindow(False, last_day, "late")
    return EscalationWindow(True, last_day, "")


def issued_letters(complaint: Complaint) -> list[Any]:
    """Letters issued on the complaint (the letters app's ``IssuedLetter``), when that app is there."""
    try:
        model = apps.get_model("letters", "IssuedLetter")
    except LookupError:
        return []
    return list(model.objects.filter(complaint=complaint).order_by("issued_at", "id"))


@dataclass(frozen=True)
class LetterToResident:
    """An issued letter as the resident's page shows it: sent only once it really went.

    ``how``: ``"emailed"`` (the mail service accepted the email; ``when`` it did), ``"sending"``
    (an email is queued or being retried: not sent yet; ``when`` is None), ``"posted"`` (recorded as
    posted or handed over on ``when``), or ``"here"`` (no email address: the letter is on this page
    from ``when`` it was issued)."""

    letter: Any
    how: str
    when: Any

    @property
    def pk(self) -> int:
        return int(self.letter.pk)


def letters_for_resident(complaint: Complaint) -> list[LetterToResident]:
    """The complaint's issued letters, each with whether (and when) it was actually sent."""
    try:
        model = apps.get_model("letters", "IssuedLetter")
    except LookupError:
        return []
    shown: list[LetterToResident] = []
    for letter in (
        model.objects.filter(complaint=complaint)
        .select_related("posting", "draft__pending_step")
        .prefetch_related("deliveries")
        .order_by("issued_at", "id")
    ):
        emails = [d for d in letter.deliveries.all() if d.channel == "email"]
        sent = sorted(d.sent_at for d in emails if d.status == "sent" and d.sent_at is not None)
        posted = getattr(letter, "posting", None)
        if sent:
            shown.append(LetterToResident(letter, "emailed", sent[0]))
        elif posted is None and _never_to_be_sent(letter, emails):
            continue  # its step was discarded or recorded again before it went: never theirs
        elif posted is None and any(d.status != "cancelled" for d in emails):
            shown.append(LetterToResident(letter, "sending", None))
        elif posted is not None:
            shown.append(LetterToResident(letter, "posted", posted.sent_on))
        else:
            shown.append(LetterToResident(letter, "here", letter.issued_at))
    return shown


def response_dates_given(complaint: Complaint, stages: list[Stage]) -> dict[int, date]:
    """Stage by stage, the response date the resident's acknowledgement letter gave them, where it
    is sooner than the record's date (an acknowledgement may promise the response sooner than the
    Code's limit, 2024 6.3, 6.14) and no extension has told them a new one since: the same letters
    the case page reads (``putright.letters.posting.response_dates_told``: only those sent)."""
    if not apps.is_installed("putright.letters"):
        return {}
    from putright.letters.posting import response_dates_told

    # what they were told last: a later letter's date, though an earlier one had passed
    given = response_dates_told(complaint.pk, last_told=True)
    return {
        s.number: given[s.number]
        for s in stages
        if s.number in given
        and s.response_due is not None
        and given[s.number] < s.response_due
        and (s.original_response_due is None or s.original_response_due == s.response_due)
    }


def _never_to_be_sent(letter: Any, emails: list[Any]) -> bool:
    """A letter whose emails were all stopped, or issued for a held step since discarded or
    replaced, and not sent: the resident was never sent it, and the record does not hold it."""
    draft = letter.draft
    step = draft.pending_step if draft is not None else None
    dead = step is not None and step.state in ("discarded", "replaced")
    return dead or (bool(emails) and all(d.status == "cancelled" for d in emails))


def resident_view(reference: str) -> ComplaintDetail:
    return complaint_detail(reference=reference, visible_to=None)
