"""A complaint's life under the Code: states, the steps between them, and the guard on each step.

The lifecycle is a *decider*: each step is a function ``decide_*(case, ..., rules)`` that checks the
Code and returns an event, or raises an error naming the provision it enforces; :func:`evolve`
applies an event to a case without judging it. A case's state is therefore always
``replay(events)``, which is how the storage layer rebuilds it and how reports are re-run "as at"
any past date. Deadlines are computed when the event that starts the clock is decided, and stored in
the event, so later changes to the landlord's closure days never move a past deadline.

States (``Case.state``): received, service_request, complaint (awaiting stage 1 acknowledgement),
stage_1_acknowledged, stage_1_responded, escalation_requested, stage_2_acknowledged,
stage_2_responded (final), stage_3_* (2022 Code, landlords with a third stage only), closed,
referred_to_ombudsman, declined, withdrawn.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from putright.code.calendar import WorkingCalendar, england_and_wales, first_day_covered
from putright.code.contents import Element, says_none, stage_response
from putright.code.errors import (
    CodeViolation,
    InvalidRequest,
    LifecycleError,
    TransitionNotAllowed,
    UnreadableRecord,
)
from putright.code.exclusions import ExclusionGround, exclusion, outside_time_limit, time_limit_ends
from putright.code.provisions import EDITIONS, cite, edition_in_force
from putright.code.timescales import timescales
from putright.code.wording import clause, long_date, remedy_words

# --------------------------------------------------------------------------------------------------
# Values


class Status(StrEnum):
    RECEIVED = "received"
    SERVICE_REQUEST = "service_request"
    AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement"
    ACKNOWLEDGED = "acknowledged"
    RESPONDED = "responded"
    CLOSED = "closed"
    REFERRED_TO_OMBUDSMAN = "referred_to_ombudsman"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Channel(StrEnum):
    """How the contact reached the landlord: any channel, to anyone (2024 3.1, 3.2)."""

    ONLINE_FORM = "online_form"
    EMAIL = "email"
    TELEPHONE = "telephone"
    IN_PERSON = "in_person"
    LETTER = "letter"
    SOCIAL_MEDIA = "social_media"
    SURVEY = "survey"
    STAFF = "staff"


class Route(StrEnum):
    """How a stage 1 complaint will be handled (2024 6.1)."""

    EARLY_RESOLUTION = "early_resolution"
    INVESTIGATION = "investigation"


class Outcome(StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"


class RemedyKind(StrEnum):
    """Ways of putting things right (2024 7.1)."""

    APOLOGY = "apology"
    ACKNOWLEDGEMENT = "acknowledgement"
    EXPLANATION = "explanation"
    ACTION_ON_DELAY = "action_on_delay"
    DECISION_CHANGED = "decision_changed"
    RECORD_AMENDED = "record_amended"
    FINANCIAL = "financial"
    POLICY_CHANGE = "policy_change"


class RemedyWithdrawal(StrEnum):
    """Why a remedy will not be carried out after all: it never goes silently (2024 7.3 asks that a
    remedy be followed through; one that will not be is recorded with its reason, and counted)."""

    RECORDED_IN_ERROR = "recorded_in_error"
    DECLINED_BY_RESIDENT = "declined_by_resident"
    REPLACED = "replaced"

    @property
    def describe(self) -> str:
        return {
            "recorded_in_error": "Recorded in error",
            "declined_by_resident": "Declined by the resident",
            "replaced": "Replaced by another remedy",
        }[self.value]


class ComplaintChoice(StrEnum):
    """What the resident chose when offered the choice to make a complaint (2024 1.3; 2022 1.6)."""

    MAKE_A_COMPLAINT = "make_a_complaint"
    NOT_NOW = "not_now"


class NewIssuesHandling(StrEnum):
    """What was done with new issues raised during a stage (2024 6.8; 2022 5.7)."""

    ADDED_TO_DEFINITION = "added_to_definition"
    LOGGED_AS_NEW_COMPLAINT = "logged_as_new_complaint"


class Action(StrEnum):
    """Every step a person can take; :func:`allowed_actions` says which are open now."""

    OFFER_CHOICE_TO_COMPLAIN = "offer_choice_to_complain"
    TRIAGE_AS_SERVICE_REQUEST = "triage_as_service_request"
    RESOLVE_SERVICE_REQUEST = "resolve_service_request"
    ACCEPT_AS_COMPLAINT = "accept_as_complaint"
    DECLINE = "decline"
    ALLOCATE_HANDLER = "allocate_handler"
    ACKNOWLEDGE = "acknowledge"
    EXTEND = "extend"
    AGREE_UPDATE_INTERVAL = "agree_update_interval"
    RESPOND = "respond"
    REQUEST_ESCALATION = "request_escalation"
    DECLINE_ESCALATION = "decline_escalation"
    AGREE_REMEDY = "agree_remedy"
    COMPLETE_REMEDY = "complete_remedy"
    WITHDRAW_REMEDY = "withdraw_remedy"
    ADD_OUTSTANDING_ACTION = "add_outstanding_action"
    RECORD_NEW_ISSUES = "record_new_issues"
    COMPLETE_OUTSTANDING_ACTION = "complete_outstanding_action"
    CLOSE = "close"
    REFER_TO_OMBUDSMAN = "refer_to_ombudsman"
    WITHDRAW = "withdraw"
    CORRECT_RECEIVED_DATE = "correct_received_date"


@dataclass(frozen=True)
class ComplaintDefinition:
    """The landlord's understanding of the complaint and the outcomes sought (2024 5.6), and which
    aspects it is and is not responsible for (2024 5.7)."""

    complaint: str
    outcomes_sought: str
    responsible_for: str = ""
    not_responsible_for: str = ""


@dataclass(frozen=True)
class StageResponse:
    """What the landlord confirms in writing at the end of a stage (2024 6.9, 6.19)."""

    outcome: Outcome
    decision: str
    reasons: str
    remedy: str
    outstanding_actions: str
    escalation_route: str
    complaint_stage: str = ""
    complaint_definition: str = ""

    @staticmethod
    def field_of(element: Element) -> str:
        """The field that confirms ``element`` (both routes onward are the escalation route's)."""
        return RESPONSE_FIELDS.get(element, "")

    def element(self, element: Element) -> str:
        name = self.field_of(element)
        return str(getattr(self, name)) if name else ""


#: the field of a stage response that confirms each element the Code lists (2024 6.9, 6.19 a-g): the
#: core's refusals and the response forms name the same field
RESPONSE_FIELDS = {
    Element.COMPLAINT_STAGE: "complaint_stage",
    Element.COMPLAINT_DEFINITION: "complaint_definition",
    Element.DECISION: "decision",
    Element.REASONS: "reasons",
    Element.REMEDY: "remedy",
    Element.OUTSTANDING_ACTIONS: "outstanding_actions",
    Element.ESCALATION_ROUTE: "escalation_route",
    Element.OMBUDSMAN_ROUTE: "escalation_route",
}


@dataclass(frozen=True)
class Rules:
    """How one landlord applies the Code: its calendar, and (2022 only) whether it has a third stage."""

    calendar: WorkingCalendar = field(default_factory=england_and_wales)
    third_stage: bool = False
    #: the landlord's policy time limit in months where the edition leaves it to the policy (2022
    #: 1.8 gives "over six months ago" as an example); ``None`` keeps the edition's figure
    time_limit_months: int | None = None


# --------------------------------------------------------------------------------------------------
# Events: what happened, with everything needed to replay it. Never changed once recorded.


@dataclass(frozen=True)
class Communication:
    """How the resident was told of a step the Code requires to be communicated: the issued letter
    (``method`` "letter", ``reference`` "letter:<id>") or a written communication sent by another
    system and kept on the record (``method`` "email", "post", "portal"..., ``reference`` the record's
    id). The step's date is the day it was issued (see :func:`communicated_steps`)."""

    method: str
    reference: str = ""


@dataclass(frozen=True)
class Event:
    kind: ClassVar[str] = ""
    on: date
    #: who took the step, as the core knows staff (their user pk as a string); "" for the resident,
    #: the online form or the system. 2024 6.13 is checked against it.
    actor: str = field(default="", kw_only=True)
    #: why a step dated more than :data:`LATE_AFTER_WORKING_DAYS` working days before the day it was
    #: recorded is recorded late (shown as "recorded late" beside the day it was recorded)
    late_reason: str = field(default="", kw_only=True)
    #: how the resident was told, for the steps the Code requires to be communicated
    communication: Communication | None = field(default=None, kw_only=True)
    #: where an imported step came from ("complaints.csv row 12"): history brought in from the
    #: landlord's previous system by :func:`as_imported`, not a step recorded live; "" for live steps
    imported_from: str = field(default="", kw_only=True)

    def provision(self) -> str | None:
        """The provision this event applied, where one governs it (for the record and reports)."""
        return None


@dataclass(frozen=True)
class ContactReceived(Event):
    kind: ClassVar[str] = "contact_received"
    edition: str
    channel: Channel
    summary: str
    about_service_request: str = ""
    #: the complaint this one was raised during, when new issues were logged as a new complaint
    #: (2024 6.8): its reference
    raised_during: str = ""


@dataclass(frozen=True)
class ChoiceToComplainOffered(Event):
    """The resident expressed dissatisfaction and was given the choice to make a complaint, and what
    they chose (2024 1.3; 2022 1.6). When they chose to complain, the complaint is logged with it."""

    kind: ClassVar[str] = "choice_to_complain_offered"
    #: what the resident is dissatisfied with, in staff's words
    about: str
    #: how the choice was offered (on the call, in the survey reply, in writing...)
    how_offered: str
    chose: ComplaintChoice
    #: where the dissatisfaction was expressed: "contact", "service_request" or "survey"
    during: str
    choice_provision: str

    def provision(self) -> str | None:
        return self.choice_provision


@dataclass(frozen=True)
class TriagedAsServiceRequest(Event):
    """The contact recorded as a service request (2024 1.4). Where the triage hint read the resident's
    words as a complaint, the record keeps that it did, how sure it was and the words it rested on,
    and whether the person recording it was reminded that "whenever a resident expresses
    dissatisfaction landlords must give them the choice to make complaint" (2024 1.3; 2022 1.6):
    nothing is refused (the hint may be wrong), and ``reason`` says why it is not a complaint."""

    kind: ClassVar[str] = "triaged_as_service_request"
    reason: str
    #: the triage hint read the resident's words as a complaint when this was recorded; ``None`` on a
    #: service request recorded before PutRight kept the hint's reading, of which no one can tell
    read_as_complaint: bool | None = None
    #: how sure the hint was, in whole percent (0 when it did not read a complaint)
    read_as_complaint_percent: int = 0
    #: the resident's words the hint rested on, each quoted ("" when none): personal text
    complaint_cues: str = ""
    #: the person recording it was shown the reminder of the choice to make a complaint (the
    #: workspace shows it; the API cannot, so a service request recorded there says it was not)
    choice_reminder_shown: bool = False
    #: where the edition gives the choice to make a complaint (2024 1.3; 2022 1.6), when read so
    choice_provision: str = ""


@dataclass(frozen=True)
class ServiceRequestResolved(Event):
    kind: ClassVar[str] = "service_request_resolved"
    resolution: str
    resolved_there_and_then: bool = False


@dataclass(frozen=True)
class AcceptedAsComplaint(Event):
    kind: ClassVar[str] = "accepted_as_complaint"
    acknowledgement_due: date
    acknowledgement_provision: str
    route: Route = Route.INVESTIGATION
    issue_date: date | None = None
    discretion_reason: str = ""
    reason: str = ""
    #: the day the complaint was made, when it is not the day the contact was received (a service
    #: request the resident later complained about, 2024 1.5); its edition follows that day
    complaint_received_on: date | None = None
    edition: str = ""
    #: accepted in the same step as the contact was logged: dated the day received as typed, so a
    #: correction of that day is bounded by the day it was logged, not by this acceptance
    with_contact: bool = False

    def provision(self) -> str | None:
        return self.acknowledgement_provision


@dataclass(frozen=True)
class Declined(Event):
    kind: ClassVar[str] = "declined"
    stage: int
    ground: ExclusionGround
    explanation: str
    considered_on_merits: str
    exclusion_provision: str
    #: refusing to escalate a matter previously considered: the earlier complaint that considered it
    previously_considered_in: str = ""

    def provision(self) -> str | None:
        return self.exclusion_provision


@dataclass(frozen=True)
class HandlerAllocated(Event):
    kind: ClassVar[str] = "handler_allocated"
    stage: int
    handler: str


@dataclass(frozen=True)
class IndependenceConfirmed(Event):
    """A manager records that someone allocated to an earlier stage never considered it (allocated in
    error and reallocated before any work), so they may consider a later stage (2024 6.13)."""

    kind: ClassVar[str] = "independence_confirmed"
    stage: int
    person: str
    reason: str
    independence_provision: str = ""

    def provision(self) -> str | None:
        return self.independence_provision or None


@dataclass(frozen=True)
class Acknowledged(Event):
    kind: ClassVar[str] = "acknowledged"
    stage: int
    definition: ComplaintDefinition
    response_due: date
    response_provision: str

    def provision(self) -> str | None:
        return self.response_provision


@dataclass(frozen=True)
class DeadlineExtended(Event):
    kind: ClassVar[str] = "deadline_extended"
    stage: int
    previous_due: date
    new_due: date
    working_days: int
    reason: str
    good_reason: str
    ombudsman_details_given: bool
    extension_provision: str

    def provision(self) -> str | None:
        return self.extension_provision


@dataclass(frozen=True)
class UpdateIntervalAgreed(Event):
    kind: ClassVar[str] = "update_interval_agreed"
    stage: int
    every_working_days: int
    method: str
    interval_provision: str = ""

    def provision(self) -> str | None:
        return self.interval_provision or None


@dataclass(frozen=True)
class Responded(Event):
    kind: ClassVar[str] = "responded"
    stage: int
    handler: str
    response: StageResponse
    final: bool
    contents_provision: str
    #: issued at a stage that was never acknowledged: imported history as it happened
    #: (:func:`respond` ``as_it_happened``), a stage acknowledgement missed (2024 6.2, 6.11; 2022 4.1)
    without_acknowledgement: bool = False
    #: for a response ``without_acknowledgement``, the latest day the Code could have required it: the
    #: response period counted from the last day the acknowledgement was due
    #: (:func:`response_due_unacknowledged`); ``None`` otherwise, and not stored
    response_due: date | None = None

    def provision(self) -> str | None:
        return self.contents_provision


@dataclass(frozen=True)
class EscalationRequested(Event):
    kind: ClassVar[str] = "escalation_requested"
    to_stage: int
    reason: str
    acknowledgement_due: date | None
    response_due: date | None
    escalation_provision: str

    def provision(self) -> str | None:
        return self.escalation_provision


@dataclass(frozen=True)
class NewIssuesRaised(Event):
    """The resident raised new issues during a stage: added to the complaint definition (and so to
    the stage response), or logged as a new complaint linked to this one, with the reason (2024 6.8;
    2022 5.7). Added to the definition, the resident must be told of it (see
    :func:`communication_required`)."""

    kind: ClassVar[str] = "new_issues_raised"
    stage: int
    issues: str
    related: bool
    would_unreasonably_delay: bool
    handled: NewIssuesHandling
    reason: str
    new_issues_provision: str
    #: the amended complaint definition, when the issues were added to it
    definition: ComplaintDefinition | None = None
    #: the new complaint's reference, when the issues were logged as one
    new_complaint: str = ""

    def provision(self) -> str | None:
        return self.new_issues_provision


@dataclass(frozen=True)
class RemedyAgreed(Event):
    kind: ClassVar[str] = "remedy_agreed"
    number: int
    remedy_kind: RemedyKind
    description: str
    due: date
    agreed_with_resident: bool
    amount_pence: int = 0
    remedy_provision: str = ""

    def provision(self) -> str | None:
        return self.remedy_provision or None


@dataclass(frozen=True)
class RemedyCompleted(Event):
    kind: ClassVar[str] = "remedy_completed"
    number: int
    evidence: str


@dataclass(frozen=True)
class RemedyWithdrawn(Event):
    """A remedy that will not be carried out, and why: recorded in error (a duplicate, the wrong
    complaint), declined by the resident, or replaced by another remedy. The remedy stays on the
    record, marked withdrawn, and is counted as withdrawn in the governance figures (2024 7.3)."""

    kind: ClassVar[str] = "remedy_withdrawn"
    number: int
    ground: RemedyWithdrawal
    reason: str


@dataclass(frozen=True)
class OutstandingActionAdded(Event):
    kind: ClassVar[str] = "outstanding_action_added"
    number: int
    description: str
    owner: str
    due: date


@dataclass(frozen=True)
class OutstandingActionCompleted(Event):
    kind: ClassVar[str] = "outstanding_action_completed"
    number: int
    note: str


@dataclass(frozen=True)
class Closed(Event):
    kind: ClassVar[str] = "closed"
    reason: str


@dataclass(frozen=True)
class ReferredToOmbudsman(Event):
    kind: ClassVar[str] = "referred_to_ombudsman"
    reference: str


@dataclass(frozen=True)
class Withdrawn(Event):
    kind: ClassVar[str] = "withdrawn"
    reason: str


@dataclass(frozen=True)
class ReceivedDateCorrected(Event):
    """The day the complaint was received, put right on the record because it was recorded wrongly
    (2024 5.12: the record says what happened, when it happened). ``on`` is the day of the
    correction; the steps already recorded keep their own dates. The stage 1 acknowledgement date
    follows the corrected day (2024 6.2), so every clock and report reads the day it came in."""

    kind: ClassVar[str] = "received_date_corrected"
    received_on: date
    previous: date
    reason: str
    #: the stage 1 acknowledgement date counted from the corrected day, once the complaint was accepted
    acknowledgement_due: date | None = None
    record_provision: str = ""

    def provision(self) -> str | None:
        return self.record_provision or None


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        ContactReceived,
        ChoiceToComplainOffered,
        TriagedAsServiceRequest,
        ServiceRequestResolved,
        AcceptedAsComplaint,
        Declined,
        HandlerAllocated,
        IndependenceConfirmed,
        Acknowledged,
        DeadlineExtended,
        UpdateIntervalAgreed,
        Responded,
        EscalationRequested,
        NewIssuesRaised,
        RemedyAgreed,
        RemedyCompleted,
        RemedyWithdrawn,
        OutstandingActionAdded,
        OutstandingActionCompleted,
        Closed,
        ReferredToOmbudsman,
        Withdrawn,
        ReceivedDateCorrected,
    )
}


# --------------------------------------------------------------------------------------------------
# The case: everything the events say, folded together.


@dataclass(frozen=True)
class Remedy:
    number: int
    remedy_kind: RemedyKind
    description: str
    due: date
    agreed_with_resident: bool
    amount_pence: int
    agreed_on: date
    completed_on: date | None = None
    evidence: str = ""
    withdrawn_on: date | None = None
    withdrawn_ground: RemedyWithdrawal | None = None
    withdrawn_reason: str = ""

    @property
    def pending(self) -> bool:
        """Still to be carried out: neither completed nor withdrawn."""
        return self.completed_on is None and self.withdrawn_on is None


@dataclass(frozen=True)
class OutstandingAction:
    number: int
    description: str
    owner: str
    due: date
    added_on: date
    completed_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Extension:
    stage: int
    granted_on: date
    previous_due: date
    new_due: date
    working_days: int
    reason: str
    good_reason: str


@dataclass(frozen=True)
class Case:
    edition: str
    received_on: date
    channel: Channel
    status: Status = Status.RECEIVED
    stage: int = 0
    route: Route | None = None
    issue_date: date | None = None
    acknowledgement_due: Mapping[int, date | None] = field(default_factory=dict)
    acknowledged_on: Mapping[int, date] = field(default_factory=dict)
    definitions: Mapping[int, ComplaintDefinition] = field(default_factory=dict)
    handlers: Mapping[int, str] = field(default_factory=dict)
    #: everyone allocated to each stage, and everyone who took a step considering it (acknowledged and
    #: defined it, extended it, agreed a remedy, responded, declined it): 2024 6.13; 2022 5.12
    allocated: Mapping[int, frozenset[str]] = field(default_factory=dict)
    acted: Mapping[int, frozenset[str]] = field(default_factory=dict)
    #: people a manager confirmed never considered a stage they were allocated to (2024 6.13)
    cleared: Mapping[int, frozenset[str]] = field(default_factory=dict)
    #: the day the contact was first received (earlier than ``received_on`` when a service request
    #: later became a complaint: ``received_on`` is the day the complaint was made, 2024 1.5)
    contact_received_on: date | None = None
    #: the day of the latest step in the complaint's life: a later step cannot be dated before it
    last_step_on: date | None = None
    #: the day of the first step after the complaint was received (its acceptance, when it came from a
    #: service request): a corrected received date cannot be after it
    received_until: date | None = None
    #: the edition the landlord had chosen when the contact came (``edition_by_law`` reads a corrected
    #: day with it, as it read the day first recorded)
    chosen_edition: str | None = None
    #: the complaint was made about a service request (2024 1.5): its contact's day is its own
    from_service_request: bool = False
    #: the day received as first recorded, once it has been corrected (2024 5.12)
    received_first_recorded: date | None = None
    #: who recorded each stage's acknowledgement (their staff reference)
    acknowledged_by: Mapping[int, str] = field(default_factory=dict)
    #: who moved the day received later: they may not then handle or acknowledge stage 1, whose clock
    #: they set (2024 6.2)
    moved_later_by: frozenset[str] = frozenset()
    response_due: Mapping[int, date] = field(default_factory=dict)
    original_response_due: Mapping[int, date] = field(default_factory=dict)
    responded_on: Mapping[int, date] = field(default_factory=dict)
    responses: Mapping[int, StageResponse] = field(default_factory=dict)
    escalation_requested_on: Mapping[int, date] = field(default_factory=dict)
    extensions: tuple[Extension, ...] = ()
    update_interval_working_days: int | None = None
    remedies: tuple[Remedy, ...] = ()
    outstanding_actions: tuple[OutstandingAction, ...] = ()
    declined: Declined | None = None
    final_stage_responded: bool = False
    ended_on: date | None = None
    ombudsman_reference: str = ""

    @property
    def state(self) -> str:
        """The state's name, in the Code's words."""
        if self.status == Status.AWAITING_ACKNOWLEDGEMENT:
            return {1: "complaint", 2: "escalation_requested"}.get(
                self.stage, f"stage_{self.stage}_requested"
            )
        if self.status in (Status.ACKNOWLEDGED, Status.RESPONDED):
            return f"stage_{self.stage}_{self.status.value}"
        return self.status.value

    @property
    def considered_by(self) -> Mapping[int, frozenset[str]]:
        """Who considered each stage: allocated to it or acted on it, less anyone a manager confirmed
        never considered it (2024 6.13; 2022 5.12)."""
        stages = set(self.allocated) | set(self.acted)
        return {
            stage: (self.allocated.get(stage, frozenset()) | self.acted.get(stage, frozenset()))
            - self.cleared.get(stage, frozenset())
            for stage in stages
        }

    @property
    def is_complaint(self) -> bool:
        return self.stage >= 1 or (self.declined is not None)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def current_deadline(self) -> tuple[date, str] | None:
        """The date the next Code step is due and the provision behind it, while one is running."""
        rules = timescales(self.edition)
        if self.status == Status.AWAITING_ACKNOWLEDGEMENT:
            due = self.acknowledgement_due.get(self.stage)
            if due is not None:
                acknowledge = rules.acknowledge.get(self.stage)
                return due, acknowledge.provision if acknowledge else ""
            if self.stage in self.response_due:
                return self.response_due[self.stage], rules.respond[self.stage].provision
        if self.status == Status.ACKNOWLEDGED:
            return self.response_due[self.stage], rules.respond[self.stage].provision
        return None

    def extension_days(self, stage: int) -> int:
        return sum(e.working_days for e in self.extensions if e.stage == stage)

    def remedy(self, number: int) -> Remedy:
        for remedy in self.remedies:
            if remedy.number == number:
                return remedy
        raise InvalidRequest(None, f"this complaint has no remedy number {number}")

    def outstanding_action(self, number: int) -> OutstandingAction:
        for action in self.outstanding_actions:
            if action.number == number:
                return action
        raise InvalidRequest(None, f"this complaint has no outstanding action number {number}")


OPEN_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.SERVICE_REQUEST,
        Status.AWAITING_ACKNOWLEDGEMENT,
        Status.ACKNOWLEDGED,
        Status.RESPONDED,
    }
)
COMPLAINT_STATUSES = frozenset({Status.AWAITING_ACKNOWLEDGEMENT, Status.ACKNOWLEDGED, Status.RESPONDED})


def _with(mapping: Mapping[int, Any], key: int, value: Any) -> dict[int, Any]:
    updated = dict(mapping)
    updated[key] = value
    return updated


def _add(people: Mapping[int, frozenset[str]], stage: int, person: str) -> dict[int, frozenset[str]]:
    return _with(people, stage, people.get(stage, frozenset()) | {person})


def _drop(people: Mapping[int, frozenset[str]], stage: int, person: str) -> Mapping[int, frozenset[str]]:
    """``people`` without ``person`` at ``stage``: a manager's confirmation that someone never
    considered a stage covers only what came before it; given the stage again, or deciding on it,
    they considered it (2024 6.13)."""
    if person not in people.get(stage, frozenset()):
        return people
    return _with(people, stage, people[stage] - {person})


def edition_by_law(received_on: date, chosen: str = "") -> str:
    """The edition governing a complaint received on ``received_on``. The 2024 Code is statutory
    from 1 April 2024, so every complaint received on or after that day is under it whatever the
    landlord's setting; before it, the landlord's choice (or the edition then in force) applies."""
    statutory = edition_in_force(received_on)
    if statutory.name != "2022" or not chosen:
        return statutory.name
    return chosen


#: events that mean their actor considered the complaint at the stage they belong to (2024 6.13: "the
#: person considering the complaint"): deciding it. Logging and defining it (acknowledgement) and
#: extending the time are not considering it, so a complaints officer who acknowledges every stage is
#: not barred from doing so; whoever is allocated to a stage counts as considering it (``allocated``).
_CONSIDERING = ("responded", "remedy_agreed", "declined")
#: events that are not steps in the complaint's own sequence: they follow their own record
_FOLLOW_UP = (
    "remedy_completed",
    "remedy_withdrawn",
    "outstanding_action_completed",
    "received_date_corrected",
)


def _amends_definition(event: Event) -> bool:
    """New issues added to the stage's complaint definition. Like acknowledging (defining the stage),
    it is not considering the complaint, so it does not bar the person from a later stage; at stage 2
    it is checked like an acknowledgement: nobody who considered stage 1 redefines stage 2 (6.13)."""
    return isinstance(event, NewIssuesRaised) and event.handled == NewIssuesHandling.ADDED_TO_DEFINITION


def evolve(case: Case | None, event: Event) -> Case:
    """Apply one recorded event. No judgement here: the decide functions judged it when it happened."""
    if isinstance(event, ContactReceived):
        return Case(
            edition=edition_by_law(event.on, event.edition),
            received_on=event.on,
            contact_received_on=event.on,
            channel=event.channel,
            last_step_on=event.on,
            chosen_edition=event.edition,
        )
    if case is None:
        raise InvalidRequest(None, "a complaint's history must start with the contact being received")
    evolved = _apply(case, event)
    if event.kind not in _FOLLOW_UP:
        last = evolved.last_step_on
        evolved = dataclasses.replace(evolved, last_step_on=max(last, event.on) if last else event.on)
        # an acceptance written with the contact carries the day received as typed: the day it was
        # logged bounds a correction instead
        with_contact = isinstance(event, AcceptedAsComplaint) and event.with_contact
        if evolved.received_until is None and not with_contact:
            evolved = dataclasses.replace(evolved, received_until=event.on)
    if event.actor and event.kind in _CONSIDERING:
        stage = int(getattr(event, "stage", 0) or case.stage or 1)
        evolved = dataclasses.replace(
            evolved,
            acted=_add(evolved.acted, stage, event.actor),
            cleared=_drop(evolved.cleared, stage, event.actor),
        )
    return evolved


def _apply(case: Case, event: Event) -> Case:
    replace = dataclasses.replace
    match event:
        case ChoiceToComplainOffered():
            # the choice is on the record; a complaint the resident asked for is its own event
            return case
        case NewIssuesRaised():
            if event.definition is None:
                return case
            return replace(case, definitions=_with(case.definitions, event.stage, event.definition))
        case TriagedAsServiceRequest():
            return replace(case, status=Status.SERVICE_REQUEST)
        case ServiceRequestResolved():
            return replace(case, status=Status.CLOSED, ended_on=event.on)
        case AcceptedAsComplaint():
            # From a service request, the complaint was made on the day it was accepted (2024 1.5),
            # and its edition follows that day (stored events before this rule are read the same way).
            made_on = event.complaint_received_on or (
                event.on if case.status == Status.SERVICE_REQUEST else case.received_on
            )
            return replace(
                case,
                status=Status.AWAITING_ACKNOWLEDGEMENT,
                stage=1,
                route=event.route,
                issue_date=event.issue_date,
                received_on=made_on,
                edition=edition_by_law(made_on, event.edition or case.edition),
                acknowledgement_due=_with(case.acknowledgement_due, 1, event.acknowledgement_due),
                # made on a later day than the contact, the complaint's receipt is bounded by its
                # acceptance, not by the service request's first step
                received_until=event.on if made_on != case.received_on else case.received_until,
                from_service_request=case.status == Status.SERVICE_REQUEST,
            )
        case Declined():
            return replace(case, status=Status.DECLINED, declined=event, ended_on=event.on)
        case HandlerAllocated():
            return replace(
                case,
                handlers=_with(case.handlers, event.stage, event.handler),
                allocated=_add(case.allocated, event.stage, event.handler),
                cleared=_drop(case.cleared, event.stage, event.handler),
            )
        case IndependenceConfirmed():
            return replace(case, cleared=_add(case.cleared, event.stage, event.person))
        case Acknowledged():
            return replace(
                case,
                status=Status.ACKNOWLEDGED,
                acknowledged_on=_with(case.acknowledged_on, event.stage, event.on),
                acknowledged_by=_with(case.acknowledged_by, event.stage, event.actor),
                definitions=_with(case.definitions, event.stage, event.definition),
                response_due=_with(case.response_due, event.stage, event.response_due),
                original_response_due=_with(case.original_response_due, event.stage, event.response_due),
            )
        case DeadlineExtended():
            extension = Extension(
                stage=event.stage,
                granted_on=event.on,
                previous_due=event.previous_due,
                new_due=event.new_due,
                working_days=event.working_days,
                reason=event.reason,
                good_reason=event.good_reason,
            )
            return replace(
                case,
                extensions=(*case.extensions, extension),
                response_due=_with(case.response_due, event.stage, event.new_due),
            )
        case UpdateIntervalAgreed():
            return replace(case, update_interval_working_days=event.every_working_days)
        case Responded():
            handlers = (
                case.handlers
                if event.stage in case.handlers
                else _with(case.handlers, event.stage, event.handler)
            )
            return replace(
                case,
                status=Status.RESPONDED,
                handlers=handlers,
                responded_on=_with(case.responded_on, event.stage, event.on),
                responses=_with(case.responses, event.stage, event.response),
                **_due_for_unacknowledged(case, event),
                acted=_add(case.acted, event.stage, event.handler),
                final_stage_responded=event.final,
            )
        case EscalationRequested():
            response_due = case.response_due
            original = case.original_response_due
            if event.response_due is not None:
                response_due = _with(response_due, event.to_stage, event.response_due)
                original = _with(original, event.to_stage, event.response_due)
            return replace(
                case,
                status=Status.AWAITING_ACKNOWLEDGEMENT,
                stage=event.to_stage,
                ended_on=None,
                escalation_requested_on=_with(case.escalation_requested_on, event.to_stage, event.on),
                acknowledgement_due=_with(
                    case.acknowledgement_due, event.to_stage, event.acknowledgement_due
                ),
                response_due=response_due,
                original_response_due=original,
            )
        case RemedyAgreed():
            remedy = Remedy(
                number=event.number,
                remedy_kind=event.remedy_kind,
                description=event.description,
                due=event.due,
                agreed_with_resident=event.agreed_with_resident,
                amount_pence=event.amount_pence,
                agreed_on=event.on,
            )
            return replace(case, remedies=(*case.remedies, remedy))
        case RemedyCompleted():
            remedies = tuple(
                replace(r, completed_on=event.on, evidence=event.evidence) if r.number == event.number else r
                for r in case.remedies
            )
            return replace(case, remedies=remedies)
        case RemedyWithdrawn():
            remedies = tuple(
                replace(
                    r, withdrawn_on=event.on, withdrawn_ground=event.ground, withdrawn_reason=event.reason
                )
                if r.number == event.number
                else r
                for r in case.remedies
            )
            return replace(case, remedies=remedies)
        case OutstandingActionAdded():
            action = OutstandingAction(
                number=event.number,
                description=event.description,
                owner=event.owner,
                due=event.due,
                added_on=event.on,
            )
            return replace(case, outstanding_actions=(*case.outstanding_actions, action))
        case OutstandingActionCompleted():
            actions = tuple(
                replace(a, completed_on=event.on, note=event.note) if a.number == event.number else a
                for a in case.outstanding_actions
            )
            return replace(case, outstanding_actions=actions)
        case Closed():
            return replace(case, status=Status.CLOSED, ended_on=event.on)
        case ReferredToOmbudsman():
            return replace(case, status=Status.REFERRED_TO_OMBUDSMAN, ombudsman_reference=event.reference)
        case Withdrawn():
            return replace(case, status=Status.WITHDRAWN, ended_on=event.on)
        case ReceivedDateCorrected():
            # a contact that was the complaint from the start moves with it (2024 1.5 keeps a service
            # request's own day apart)
            due = case.acknowledgement_due
            later = event.received_on > event.previous and bool(event.actor)
            return replace(
                case,
                moved_later_by=case.moved_later_by | {event.actor} if later else case.moved_later_by,
                received_on=event.received_on,
                received_first_recorded=case.received_first_recorded or event.previous,
                contact_received_on=case.contact_received_on
                if case.from_service_request
                else event.received_on,
                acknowledgement_due=due
                if event.acknowledgement_due is None
                else _with(due, 1, event.acknowledgement_due),
            )
    raise InvalidRequest(None, f"unknown event {event!r}")  # pragma: no cover


def _due_for_unacknowledged(case: Case, event: Responded) -> dict[str, Mapping[int, date]]:
    """The response date a response at a stage never acknowledged carries, as the stage's response date
    and its original one (an acknowledged stage's come from its acknowledgement)."""
    if event.response_due is None:
        return {}
    return {
        "response_due": _with(case.response_due, event.stage, event.response_due),
        "original_response_due": _with(case.original_response_due, event.stage, event.response_due),
    }


def replay(events: Iterable[Event]) -> Case:
    """The case as its events leave it."""
    case: Case | None = None
    for event in events:
        case = evolve(case, event)
    if case is None:
        raise InvalidRequest(None, "a complaint needs at least one event")
    return case


# --------------------------------------------------------------------------------------------------
# Guards shared by the steps


def state_in_words(case: Case) -> str:
    """Where the complaint stands, as a person says it ("at stage 2, its response sent"): refusals
    said "in state stage_2_responded" to staff (found in a browser walk)."""
    if case.status == Status.RECEIVED:
        return "waiting for triage"
    if case.status == Status.AWAITING_ACKNOWLEDGEMENT:
        return f"at stage {case.stage}, waiting for its acknowledgement"
    if case.status == Status.ACKNOWLEDGED:
        return f"at stage {case.stage}, acknowledged"
    if case.status == Status.RESPONDED:
        return f"at stage {case.stage}, its response sent"
    return case.status.value.replace("_", " ")


def _require(case: Case, action: Action, rules: Rules) -> None:
    if action not in allowed_actions(case, rules):
        raise TransitionNotAllowed(
            None,
            f"this step ({action.value.replace('_', ' ')}) cannot be taken on a complaint "
            f"{state_in_words(case)} (state {case.state})",
        )


def _not_before(case: Case, on: date) -> None:
    first = case.contact_received_on or case.received_on
    if on < first:
        raise InvalidRequest(
            None, f"{long_date(on)} is before the complaint was received ({long_date(first)})"
        )


def _text(value: str, provision: str | None, what: str, *, are: bool = False) -> str:
    """``value`` stripped, refused when empty: "<what> is required", or "are" for a plural ``what``."""
    cleaned = value.strip()
    if not cleaned:
        required = f"{what} {'are' if are else 'is'} required"
        if provision:
            raise CodeViolation(provision, required)
        raise InvalidRequest(None, required)
    return cleaned


def _cite(case: Case, number: str) -> str:
    return cite(case.edition, number)


# Where the two editions put the same rule.
_RULE_NUMBERS = {
    "2024": dict(
        definition="5.6",
        responsibilities="5.7",
        accept="2.1",
        time_limit="2.3",
        decline_explanation="2.4",
        merits="2.5",
        escalate_refusal="5.11",
        # refusing to escalate, told to the resident: "Landlords must clearly set out these reasons"
        escalate_refusal_told="5.11",
        different_handler="6.13",
        escalate_after_stage_1="6.10",
        no_reason_needed="6.12",
        two_stages="5.3",
        update_interval="5.9",
        remedy="7.3",
        outstanding_actions="6.17",
        outstanding_actions_stage_1="6.6",
        ombudsman_on_extension="6.5",
        acknowledge_within="6.2",
        record="5.12",
        choice_to_complain="1.3",
        new_issues="6.8",
    ),
    "2022": dict(
        definition="4.2",
        responsibilities="4.2",
        accept="1.7",
        time_limit="1.8",
        decline_explanation="1.9",
        merits="4.7",
        escalate_refusal="4.14",
        # "In instances where a landlord declines to escalate a complaint it must clearly communicate
        # in writing its reasons for not escalating as well as the resident's right to approach the
        # Ombudsman about its decision"
        escalate_refusal_told="5.9",
        different_handler="5.12",
        escalate_after_stage_1="5.11",
        no_reason_needed="5.11",
        two_stages="5.17",
        update_interval="4.10",
        remedy="6.5",
        outstanding_actions="5.5",
        outstanding_actions_stage_1="5.5",
        ombudsman_on_extension="5.3",
        acknowledge_within="4.1",
        record="4.15",
        choice_to_complain="1.6",
        new_issues="5.7",
    ),
}


def rule(edition: str, name: str) -> str:
    """The citation for a named rule in an edition, e.g. ``rule("2024", "different_handler")``."""
    return cite(edition, _RULE_NUMBERS[edition][name])


# What the workspace's pages cite beside the rules above, which the core does not enforce under these
# names, by edition: an edition with no such provision is not named, and a page cites nothing for it
# (``rules_cited``), never another edition's number.
_CITED_NUMBERS: dict[str, dict[str, str]] = {
    "complaint_defined": {"2024": "1.2", "2022": "1.2"},
    # "does not have to use the word 'complaint' for it to be treated as such"
    "complaint_in_any_words": {"2024": "1.3", "2022": "1.3"},
    "service_request": {"2024": "1.4", "2022": "1.4"},
    # the Ombudsman's details with an extension; the 2022 Code's "Where agreement over an extension
    # period cannot be reached" at each stage (5.3 at stage 1: ``ombudsman_on_extension``)
    "ombudsman_on_extension_stage_2": {"2024": "6.16", "2022": "5.15"},
    "ombudsman_on_extension_stage_3": {"2022": "5.19"},
    "put_right": {"2024": "7.1", "2022": "6.1"},
    "remedy_reflects": {"2024": "7.2", "2022": "6.2"},
    # which complaints can be resolved early and which need investigating
    "early_resolution_or_investigation": {"2024": "6.1"},
}


def rules_cited(edition: str, *names: str) -> str:
    """The named rules (``_RULE_NUMBERS``, ``_CITED_NUMBERS``) cited together in ``edition``, each number
    once in their order: ``rules_cited("2022", "record", "acknowledge_within")`` is "2022 4.15, 4.1". A
    rule the edition has no provision for is left out (cite nothing rather than a wrong number); ""
    where it has none of them."""
    table = {name: number for name, by in _CITED_NUMBERS.items() if (number := by.get(edition))}
    table.update(_RULE_NUMBERS[edition])
    numbers = dict.fromkeys(cite(edition, table[name]).partition(" ")[2] for name in names if name in table)
    return f"{edition} {', '.join(numbers)}" if numbers else ""


def max_stage(case: Case, rules: Rules) -> int:
    if case.edition == "2022" and rules.third_stage:
        return 3
    return 2


# --------------------------------------------------------------------------------------------------
# What can happen next


def allowed_actions(case: Case, rules: Rules | None = None) -> list[Action]:
    """The steps open to staff now, in the order a handler would usually take them."""
    rules = rules or Rules()
    status = case.status
    allowed: list[Action] = []
    if status == Status.RECEIVED:
        allowed += [
            Action.ACCEPT_AS_COMPLAINT,
            Action.OFFER_CHOICE_TO_COMPLAIN,
            Action.TRIAGE_AS_SERVICE_REQUEST,
            Action.DECLINE,
        ]
    elif status == Status.SERVICE_REQUEST:
        allowed += [
            Action.RESOLVE_SERVICE_REQUEST,
            Action.OFFER_CHOICE_TO_COMPLAIN,
            Action.ACCEPT_AS_COMPLAINT,
        ]
    elif status == Status.AWAITING_ACKNOWLEDGEMENT:
        allowed += [Action.ALLOCATE_HANDLER, Action.ACKNOWLEDGE]
        allowed += [Action.DECLINE_ESCALATION] if case.stage > 1 else [Action.DECLINE]
    elif status == Status.ACKNOWLEDGED:
        allowed += [Action.ALLOCATE_HANDLER, Action.EXTEND, Action.AGREE_UPDATE_INTERVAL, Action.RESPOND]
        # the grounds not to accept (2024 2.2) apply whenever they arise, e.g. legal proceedings
        # started during the investigation: reasons and the Ombudsman right still given (2.1, 2.4)
        allowed.append(Action.DECLINE)
    elif status == Status.RESPONDED:
        if case.stage < max_stage(case, rules):
            allowed.append(Action.REQUEST_ESCALATION)
        allowed.append(Action.CLOSE)
    elif status == Status.CLOSED and case.stage >= 1 and case.stage < max_stage(case, rules):
        allowed.append(Action.REQUEST_ESCALATION)
    if status in (Status.ACKNOWLEDGED, Status.RESPONDED):
        allowed.append(Action.RECORD_NEW_ISSUES)
    if status in COMPLAINT_STATUSES or (status == Status.CLOSED and case.stage >= 1):
        allowed += [Action.AGREE_REMEDY, Action.ADD_OUTSTANDING_ACTION]
    if any(r.pending for r in case.remedies):
        allowed += [Action.COMPLETE_REMEDY, Action.WITHDRAW_REMEDY]
    if any(a.completed_on is None for a in case.outstanding_actions):
        allowed.append(Action.COMPLETE_OUTSTANDING_ACTION)
    if case.is_complaint and (status in COMPLAINT_STATUSES or status in (Status.CLOSED, Status.DECLINED)):
        allowed.append(Action.REFER_TO_OMBUDSMAN)
    if status in (Status.RECEIVED, *COMPLAINT_STATUSES) and not case.final_stage_responded:
        allowed.append(Action.WITHDRAW)
    # a wrongly recorded day is put right whatever the complaint's state (2024 5.12); a service
    # request's own day starts no clock of the Code (2024 1.4)
    if status == Status.RECEIVED or case.is_complaint:
        allowed.append(Action.CORRECT_RECEIVED_DATE)
    return allowed


# --------------------------------------------------------------------------------------------------
# The steps


#: the longest summary ("what the resident said") a contact is received with, in characters, whatever
#: the door: the API's bound since v1, and the workspace's and an import's now too. A longer text is
#: kept whole as correspondence (email intake keeps the whole email there and a shorter summary).
#: Unbounded, a 225,000-character paste was saved and its case page timed out (helper-triage).
SUMMARY_MOST = 20_000


def received_on_counted(on: date) -> None:
    """Refuse, on its field, a day received before the first day the working-day calendar covers
    (:func:`~putright.code.calendar.first_day_covered`): 1 January 1900, or 0026 typed for 2026, had every
    deadline counted on a calendar with no bank holidays known, under an edition not then in force,
    and the record would show dates that are not true. Not a time limit of the Code: a complaint about
    something long ago is received today, and whether it is excluded is decided on it (2024 exclusions)."""
    first = first_day_covered()
    if on < first:
        said = (
            f"Date received must be on or after {long_date(first)}, the first day of the England and "
            f"Wales bank holidays PutRight keeps, from which working days are counted ({on.isoformat()} "
            "was entered): check the year"
        )
        raise InvalidRequest(None, said, fields=(("received_on", said),))


def receive(
    *,
    on: date,
    channel: Channel | str,
    summary: str,
    edition: str | None = None,
    about_service_request: str = "",
    raised_during: str = "",
) -> ContactReceived:
    """A new contact from a resident or representative, on any channel (2024 3.1). The complaint keeps
    the edition in force on the day it was received unless one is named. A day before the calendar
    covers is refused (:func:`received_on_counted`), live or imported."""
    received_on_counted(on)
    chosen = edition or edition_in_force(on).name
    cite(chosen, "1.2")
    said = _text(summary, None, "what the resident said")
    if len(said) > SUMMARY_MOST:
        raise InvalidRequest(
            None,
            f"what the resident said must be {SUMMARY_MOST:,} characters or fewer (this has {len(said):,}): "
            "keep the full text as correspondence",
        )
    return ContactReceived(
        on=on,
        edition=chosen,
        channel=Channel(channel),
        summary=said,
        about_service_request=about_service_request,
        raised_during=raised_during.strip(),
    )


def offer_choice_to_complain(
    case: Case,
    *,
    on: date,
    about: str,
    how_offered: str,
    chose: ComplaintChoice | str,
    rules: Rules | None = None,
) -> tuple[Event, ...]:
    """The resident expressed dissatisfaction (on a contact, a service request or a survey) and was
    given the choice to make a complaint (2024 1.3; 2022 1.6): record how it was offered and what
    they chose. When they ask for a complaint, it is logged at once: the events are the choice and
    the complaint accepted at stage 1, the same day (2024 1.3, 1.5; 2022 1.6 "if the resident
    requests it, the issue must be logged as a complaint"). Nothing here lets staff refuse because
    they see it as a service request; a valid exclusion (2024 2.2) can still be applied afterwards
    with its reasons, as on any complaint.

    Offering the choice is not required on every contact or service request, only where the resident
    expresses dissatisfaction, which the records cannot know unless someone records it."""
    rules = rules or Rules()
    _require(case, Action.OFFER_CHOICE_TO_COMPLAIN, rules)
    _not_before(case, on)
    provision = rule(case.edition, "choice_to_complain")
    try:
        choice = ComplaintChoice(chose)
    except ValueError:
        raise InvalidRequest(
            None, f"unknown choice {chose!r}: the resident either makes a complaint or does not now"
        ) from None
    if case.status == Status.SERVICE_REQUEST:
        during = "service_request"
    else:
        during = "survey" if case.channel == Channel.SURVEY else "contact"
    offered = ChoiceToComplainOffered(
        on=on,
        about=_text(about, provision, "what the resident is dissatisfied with"),
        how_offered=_text(
            how_offered, provision, "how the resident was given the choice to make a complaint"
        ),
        chose=choice,
        during=during,
        choice_provision=provision,
    )
    if choice != ComplaintChoice.MAKE_A_COMPLAINT:
        return (offered,)
    logged = accept_as_complaint(
        evolve(case, offered),
        on=on,
        reason=f"the resident asked for a complaint to be logged when given the choice ({provision})",
        rules=rules,
    )
    return (offered, logged)


@dataclass(frozen=True)
class ReadAsComplaint:
    """The triage hint's reading of the resident's words as a complaint (2024 1.3): how sure it was,
    in whole percent, and the words it rested on, as they occur in what the resident said."""

    percent: int
    cues: tuple[str, ...] = ()


def triage_as_service_request(
    case: Case,
    *,
    on: date,
    reason: str,
    read_as_complaint: ReadAsComplaint | None = None,
    choice_reminder_shown: bool = False,
    rules: Rules | None = None,
) -> Event:
    """Record the contact as a service request, not a complaint (2024 1.4). It is recorded, monitored
    and can still become a complaint.

    ``read_as_complaint``: the triage hint's reading, where it read the resident's words as a
    complaint; ``choice_reminder_shown``: the door showed the person recording it, in that case, that
    the resident must be given the choice to make a complaint (2024 1.3; 2022 1.6). Both are kept on
    the record and neither refuses anything: the Code asks that the choice be given, not that a
    service request be refused or explained further, and the reason this step always needs already
    says why it is not a complaint."""
    rules = rules or Rules()
    _require(case, Action.TRIAGE_AS_SERVICE_REQUEST, rules)
    _not_before(case, on)
    reason = _text(reason, _cite(case, "1.4"), "why this is a service request")
    if read_as_complaint is None:
        return TriagedAsServiceRequest(on=on, reason=reason, read_as_complaint=False)
    return TriagedAsServiceRequest(
        on=on,
        reason=reason,
        read_as_complaint=True,
        read_as_complaint_percent=read_as_complaint.percent,
        complaint_cues=", ".join(f"“{cue}”" for cue in read_as_complaint.cues),
        choice_reminder_shown=choice_reminder_shown,
        choice_provision=rule(case.edition, "choice_to_complain"),
    )


def resolve_service_request(
    case: Case,
    *,
    on: date,
    resolution: str,
    resolved_there_and_then: bool = False,
    rules: Rules | None = None,
) -> Event:
    rules = rules or Rules()
    _require(case, Action.RESOLVE_SERVICE_REQUEST, rules)
    _not_before(case, on)
    return ServiceRequestResolved(
        on=on,
        resolution=_text(resolution, None, "how the service request was resolved"),
        resolved_there_and_then=resolved_there_and_then,
    )


def stage_1_acknowledgement_due(
    received_on: date, edition: str, calendar: WorkingCalendar
) -> tuple[date, str]:
    """The day a complaint received on ``received_on`` must be acknowledged at stage 1 by, and the
    provision: "within five working days of the complaint being received" (2024 6.2; 2022 4.1), under
    the edition the law gives that day (``edition``: the one the contact was recorded under). The one
    count of it: :func:`accept_as_complaint` records it, and a contact still being triaged shows it
    (:func:`acknowledgement_due_if_a_complaint`)."""
    scale = timescales(edition_by_law(received_on, edition)).acknowledge_stage_1
    return scale.deadline(calendar, received_on), scale.provision


def acknowledgement_due_if_a_complaint(case: Case, rules: Rules | None = None) -> tuple[date, str] | None:
    """For a contact still being triaged (neither accepted as a complaint nor recorded as a service
    request): the day its stage 1 acknowledgement is due if it is a complaint, and the provision.
    The clock runs from the day the contact was received, not the day it is accepted (2024 6.2), so
    accepting it later records this same date. ``None`` for any other state: a service request's own
    day starts no clock of the Code (2024 1.4), and a complaint has its own date."""
    if case.status != Status.RECEIVED:
        return None
    rules = rules or Rules()
    return stage_1_acknowledgement_due(case.received_on, case.edition, rules.calendar)


def accept_as_complaint(
    case: Case,
    *,
    on: date,
    route: Route | str = Route.INVESTIGATION,
    issue_date: date | None = None,
    discretion_reason: str = "",
    reason: str = "",
    rules: Rules | None = None,
) -> AcceptedAsComplaint:
    """Accept the contact as a complaint at stage 1 and start the acknowledgement clock (2024 6.2).

    A complaint about an issue older than the time limit may be accepted only with the discretion
    recorded (2024 2.3). A service request stays open when the resident complains about it (2024 1.5):
    the complaint is accepted on this record, the service request carries on in the repairs system.
    Accepted from a contact still being triaged, the clock runs from the day the contact was
    received; accepted from a service request, from ``on``, the day the resident expressed
    dissatisfaction with the response to it.
    """
    rules = rules or Rules()
    _require(case, Action.ACCEPT_AS_COMPLAINT, rules)
    _not_before(case, on)
    from_service_request = case.status == Status.SERVICE_REQUEST
    made_on = on if from_service_request else case.received_on
    edition = edition_by_law(made_on, case.edition)
    months = rules.time_limit_months if edition == "2022" else None
    if issue_date is not None:
        if issue_date > made_on:
            raise InvalidRequest(None, "the issue cannot have happened after the complaint was received")
        if outside_time_limit(edition, issue_date=issue_date, received_on=made_on, months=months):
            _text(
                discretion_reason,
                rule(edition, "time_limit"),
                f"the issue is outside the time limit, which ended "
                f"{time_limit_ends(edition, issue_date, months=months)}: the reason for using discretion "
                "to accept it",
            )
    acknowledgement_due, acknowledgement_provision = stage_1_acknowledgement_due(
        made_on, case.edition, rules.calendar
    )
    return AcceptedAsComplaint(
        on=on,
        acknowledgement_due=acknowledgement_due,
        acknowledgement_provision=acknowledgement_provision,
        route=Route(route),
        issue_date=issue_date,
        discretion_reason=discretion_reason.strip(),
        reason=reason.strip(),
        complaint_received_on=made_on if from_service_request else None,
        edition=edition if edition != case.edition else "",
    )


def decline_provisions(edition: str, stage: int) -> tuple[str, str | None]:
    """The provisions a decision not to go on with a complaint at ``stage`` is told under: (its
    reasons, the right to take it to the Ombudsman), as its letter's requirements cite them
    (``code.letters``). At stage 1 it is a complaint not accepted: 2024 2.4 "an explanation must be
    provided to the resident setting out the reasons why the matter is not suitable for the complaints
    process and the right to take that decision to the Ombudsman" (2022 1.9). From stage 2, whether the
    escalation is refused or the complaint declined after it, it refuses to take the complaint through
    all stages: 2024 5.11 "Landlords must clearly set out these reasons, and they must comply with the
    provisions set out in section 2", the right to the Ombudsman being section 2's (2.4); 2022 5.9 "it
    must clearly communicate in writing its reasons for not escalating as well as the resident's right
    to approach the Ombudsman about its decision". A 2022 third stage is not 5.9's, which is about
    progressing "to stage two": refusing to take the complaint to it rests on 4.14 ("must have clear and
    valid reasons for taking that course of action"), and the 2022 Code gives no right to approach the
    Ombudsman about that decision (``None``: nothing to refuse a decision for; its letter still gives
    the Ombudsman's contact details, 2.7)."""
    if stage <= 1:
        return rule(edition, "decline_explanation"), rule(edition, "decline_explanation")
    if edition == "2022" and stage >= 3:
        return rule(edition, "escalate_refusal"), None
    told = rule(edition, "escalate_refusal_told")
    return told, told if edition == "2022" else rule(edition, "decline_explanation")


def decline_gaps(
    edition: str,
    stage: int,
    *,
    explanation: str,
    considered_on_merits: str,
    right_to_ombudsman_given: bool,
) -> list[tuple[str, CodeViolation]]:
    """Each part of a decision not to go on with a complaint at ``stage`` that the Code requires and
    is left out, with its refusal, in the order a form asks for them: the explanation (2024 2.4, from
    stage 2 5.11; :func:`decline_provisions`), how the complaint's own circumstances were considered
    (2024 2.5), and that the resident was told of their right to take the decision to the Ombudsman
    (none asked at a 2022 third stage). All of them, so a form can name every gap at once (the core
    refuses the first)."""
    explained_under, right_under = decline_provisions(edition, stage)
    gaps: list[tuple[str, CodeViolation]] = []
    if not explanation.strip():
        gaps.append(
            (
                "explanation",
                CodeViolation(
                    explained_under, "an explanation of why the matter is not suitable is required"
                ),
            )
        )
    if not considered_on_merits.strip():
        gaps.append(
            (
                "considered_on_merits",
                CodeViolation(
                    rule(edition, "merits"),
                    "how this complaint's own circumstances were considered is required",
                ),
            )
        )
    if not right_to_ombudsman_given and right_under is not None:
        gaps.append(
            (
                "right_to_ombudsman_given",
                CodeViolation(
                    right_under,
                    "the resident must be told of their right to take the decision to the Ombudsman",
                ),
            )
        )
    return gaps


def _decline(
    case: Case,
    *,
    on: date,
    stage: int,
    ground: ExclusionGround | str,
    explanation: str,
    considered_on_merits: str,
    right_to_ombudsman_given: bool,
    issue_date: date | None,
    refusal_rule: str = "accept",
    months: int | None = None,
    previously_considered_in: str = "",
) -> Declined:
    _not_before(case, on)
    try:
        chosen = exclusion(case.edition, ground, months=months)
    except ValueError:
        raise CodeViolation(
            rule(case.edition, refusal_rule), f"{ground!r} is not a valid reason not to accept a complaint"
        ) from None
    gaps = decline_gaps(
        case.edition,
        stage,
        explanation=explanation,
        considered_on_merits=considered_on_merits,
        right_to_ombudsman_given=right_to_ombudsman_given,
    )
    if gaps:
        raise gaps[0][1]
    if chosen.ground == ExclusionGround.OUTSIDE_TIME_LIMIT:
        issue = issue_date or case.issue_date
        if issue is None or not outside_time_limit(
            case.edition, issue_date=issue, received_on=case.received_on, months=months
        ):
            raise CodeViolation(
                rule(case.edition, "time_limit"),
                "a complaint within the time limit must be accepted: give the date of the issue, "
                "and it must be outside the limit",
            )
    return Declined(
        on=on,
        stage=stage,
        ground=chosen.ground,
        explanation=explanation.strip(),
        considered_on_merits=considered_on_merits.strip(),
        exclusion_provision=chosen.provision,
        previously_considered_in=previously_considered_in,
    )


def _earlier_complaint(
    case: Case, ground: ExclusionGround | str, previously_considered_in: str, *, required: bool
) -> str:
    """The earlier complaint that considered the matter, for a decision resting on "Matters that have
    previously been considered under the complaints policy" (2024 2.2); "" for any other ground.
    Required when refusing to escalate and when declining from stage 2 (``required``): the
    complaint's own stage 1 is not such a matter, since escalating asks for it to be considered at
    the next stage, and "landlords must not refuse to escalate a complaint through all stages of the
    complaints procedure unless it has valid reasons to do so" (5.11); declining the complaint after
    the stage 2 acknowledgement is that refusal too, through another door. At stage 1 a new contact about a matter considered before is the ordinary
    case: nothing is required, and what is given is kept.

    Kept for that ground only: a form without scripts posts what was typed before the ground was
    changed, and a refusal on legal proceedings would tell the resident it rests on an earlier
    complaint (helper-136)."""
    if str(ground) != ExclusionGround.PREVIOUSLY_CONSIDERED.value:
        return ""
    earlier = previously_considered_in.strip()
    if required and not earlier:
        raise CodeViolation(
            rule(case.edition, "escalate_refusal"),
            "give the earlier complaint that considered the matter: this complaint's own stage 1 is not "
            "a matter previously considered under the complaints policy, since escalating asks for it to "
            "be considered at the next stage",
        )
    return earlier


def decline(
    case: Case,
    *,
    on: date,
    ground: ExclusionGround | str,
    explanation: str,
    considered_on_merits: str,
    right_to_ombudsman_given: bool,
    issue_date: date | None = None,
    previously_considered_in: str = "",
    rules: Rules | None = None,
) -> Declined:
    """Decide not to accept the complaint: only on a valid exclusion (2024 2.1, 2.2), considered on its
    merits (2.5), with an explanation and the right to go to the Ombudsman (2.4). From stage 2, on the
    ground "previously considered", naming the earlier complaint that considered the matter
    (``_earlier_complaint``, 2024 5.11), as refusing the escalation does."""
    rules = rules or Rules()
    _require(case, Action.DECLINE, rules)
    earlier = _earlier_complaint(case, ground, previously_considered_in, required=case.stage >= 2)
    return _decline(
        case,
        on=on,
        stage=max(case.stage, 1),
        ground=ground,
        explanation=explanation,
        considered_on_merits=considered_on_merits,
        right_to_ombudsman_given=right_to_ombudsman_given,
        issue_date=issue_date,
        months=rules.time_limit_months if case.edition == "2022" else None,
        previously_considered_in=earlier,
    )


def decline_escalation(
    case: Case,
    *,
    on: date,
    ground: ExclusionGround | str,
    explanation: str,
    considered_on_merits: str,
    right_to_ombudsman_given: bool,
    previously_considered_in: str = "",
    rules: Rules | None = None,
) -> Declined:
    """Refuse to escalate: only for the same valid reasons as not accepting (2024 5.11, section 2).
    "Matters that have previously been considered under the complaints policy" (2024 2.2) is not the
    complaint's own stage 1: escalating asks for that to be considered at the next stage, and
    "landlords must not refuse to escalate a complaint through all stages of the complaints procedure
    unless it has valid reasons to do so" (5.11). A browser walk declined an escalation on the ground
    that stage 1 had considered it, and the letter could be issued. The earlier complaint that
    considered the matter is named (``previously_considered_in``), as the reasoning is evidenced (2.1)."""
    rules = rules or Rules()
    _require(case, Action.DECLINE_ESCALATION, rules)
    return _decline(
        case,
        on=on,
        stage=case.stage,
        ground=ground,
        explanation=explanation,
        considered_on_merits=considered_on_merits,
        right_to_ombudsman_given=right_to_ombudsman_given,
        issue_date=None,
        refusal_rule="escalate_refusal",
        previously_considered_in=_earlier_complaint(case, ground, previously_considered_in, required=True),
    )


def allocate_handler(case: Case, *, on: date, handler: str, rules: Rules | None = None) -> HandlerAllocated:
    """Give the current stage to a complaint handler. At stage 2 (and 3) it must be someone who did
    not consider an earlier stage (2024 6.13; 2022 5.12)."""
    rules = rules or Rules()
    _require(case, Action.ALLOCATE_HANDLER, rules)
    _not_before(case, on)
    handler = _text(handler, None, "the complaint handler")
    _different_handler(case, case.stage, handler)
    _not_their_own_clock(case, case.stage, handler)
    return HandlerAllocated(on=on, stage=case.stage, handler=handler)


def _not_their_own_clock(case: Case, stage: int, person: str) -> None:
    """Whoever moved the day received later set the stage 1 acknowledgement clock: they neither handle
    nor acknowledge stage 1 (2024 5.12, 6.2), as a stage 1 handler may not move it later."""
    if stage == 1 and person in case.moved_later_by:
        raise CodeViolation(
            rule(case.edition, "record"),
            "you moved the day this complaint was received to a later day, which set its acknowledgement "
            "clock: someone else must handle and acknowledge stage 1",
        )


def _different_handler(case: Case, stage: int, handler: str) -> None:
    earlier = {case.handlers.get(s) for s in range(1, stage)}
    earlier |= {person for s in range(1, stage) for person in case.considered_by.get(s, ())}
    if stage > 1 and handler in earlier:
        raise CodeViolation(
            rule(case.edition, "different_handler"),
            f"the person considering the complaint at stage {stage} must not be the same person "
            "that considered it at an earlier stage",
        )


def considered_both_stages(case: Case, stage: int, person: str) -> str | None:
    """The provision (2024 6.13; 2022 5.12) ``person`` would break by considering ``stage`` of
    ``case``, having considered an earlier stage; ``None`` when they would break none."""
    try:
        _different_handler(case, stage, person)
    except CodeViolation as breach:
        return breach.provision
    return None


@dataclass(frozen=True)
class ConsideredTwice:
    """People who considered ``stage`` of a case having considered an earlier one: a breach of
    ``provision`` (2024 6.13; 2022 5.12) the record holds, such as imported history recorded as it
    happened (:func:`respond` ``as_it_happened``)."""

    stage: int
    people: frozenset[str]
    provision: str


def considered_twice(case: Case) -> list[ConsideredTwice]:
    """Each later stage of ``case`` considered by someone who considered an earlier stage, as
    :attr:`Case.considered_by` reads it (a person a manager confirmed never considered a stage is not
    counted): what the self-assessment counts against 2024 6.13 (2022 5.12), for the case page."""
    considered = case.considered_by
    found = []
    for stage in sorted(s for s in considered if s > 1):
        earlier = frozenset().union(*(considered.get(s, frozenset()) for s in range(1, stage)))
        both = considered[stage] & earlier
        if both:
            found.append(ConsideredTwice(stage, both, rule(case.edition, "different_handler")))
    return found


def acknowledgement_missed(case: Case) -> str | None:
    """The provision a response now at ``case``'s stage, which was never acknowledged, breaks (2024
    6.2 at stage 1, 6.11 at stage 2; 2022 4.1 at stage 1): ``None`` when the stage was acknowledged
    or the edition sets no acknowledgement for it (the 2022 Code's later stages)."""
    if case.status != Status.AWAITING_ACKNOWLEDGEMENT:
        return None
    scale = timescales(case.edition).acknowledge.get(case.stage)
    return scale.provision if scale else None


def check_independent(case: Case, stage: int, person: str) -> None:
    """Refuse ``person`` for work on ``stage`` (writing, confirming or issuing its letters) if they
    considered an earlier stage (2024 6.13; 2022 5.12): the same test the stage's steps apply."""
    _different_handler(case, stage, person)


#: what an acknowledgement's complaint definition must give, by its field: (rule, what it is). 2024
#: 5.7 asks which aspects the landlord is and is not responsible for; 2022 4.2 asks only for the
#: understanding of the complaint and the outcomes sought
_DEFINITION_REQUIRES = (
    ("complaint", "definition", "the complaint definition"),
    ("outcomes_sought", "definition", "the outcomes the resident is seeking"),
    ("responsible_for", "responsibilities", "which aspects of the complaint the landlord is responsible for"),
)


def definition_gaps(edition: str, definition: ComplaintDefinition) -> list[tuple[str, CodeViolation]]:
    """Each part of ``definition`` the Code requires that is empty (2024 5.6, 5.7; 2022 4.2), with
    its refusal, in the order of the definition's fields: all of them, so a form can name every gap
    at once. Each is named as the acknowledgement records it (the definition itself
    ``complaint_definition``), as the blanks in its fields are."""
    return [
        (
            "complaint_definition" if name == "complaint" else name,
            CodeViolation(rule(edition, key), f"{what} is required"),
        )
        for name, key, what in _DEFINITION_REQUIRES
        if (edition != "2022" or key != "responsibilities") and not str(getattr(definition, name)).strip()
    ]


def acknowledge(
    case: Case, *, on: date, definition: ComplaintDefinition, rules: Rules | None = None
) -> Acknowledged:
    """Acknowledge, define and log the complaint at its stage (2024 6.2, 6.11) with the complaint
    definition (5.6) and what the landlord is and is not responsible for (5.7). Starts the response
    clock (6.3, 6.14)."""
    rules = rules or Rules()
    _require(case, Action.ACKNOWLEDGE, rules)
    _not_before(case, on)
    gaps = definition_gaps(case.edition, definition)
    if gaps:
        # every gap on its field, so a door names them with the blanks in the others at once
        raise each_on_its_field(gaps)
    defined = ComplaintDefinition(
        complaint=definition.complaint.strip(),
        outcomes_sought=definition.outcomes_sought.strip(),
        responsible_for=definition.responsible_for.strip(),
        not_responsible_for=definition.not_responsible_for.strip(),
    )
    return Acknowledged(
        on=on,
        stage=case.stage,
        definition=defined,
        response_due=_response_due_from(case, on, rules),
        response_provision=timescales(case.edition).respond[case.stage].provision,
    )


def _response_due_from(case: Case, on: date, rules: Rules) -> date:
    """The response date acknowledging the complaint's current stage on ``on`` sets (2024 6.3, 6.14)."""
    if case.stage in case.response_due:  # 2022 stage 2 and 3: the clock ran from the escalation
        return case.response_due[case.stage]
    return timescales(case.edition).respond[case.stage].deadline(rules.calendar, on)


def response_due_unacknowledged(case: Case, rules: Rules | None = None) -> date | None:
    """The latest day the Code could have required a response at ``case``'s stage, which is waiting for
    its acknowledgement, had it been acknowledged on the last day it was due: 2024 6.3 "within 10
    working days of the complaint being acknowledged" counted from the last day of 6.2 "within five
    working days of the complaint being received" (6.14 from 6.11 at stage 2); 2022 5.1 "within 10
    working days of the complaint being logged" from the last day of 4.1 "acknowledged and logged ...
    within five days of receipt". A response the previous system issued without an acknowledgement
    (imported as it happened) is within the Code's time on or before this day and late after it,
    whatever the acknowledgement it never had. ``None`` where the stage already has a response date:
    the 2022 Code's stage 2 and 3 set none to acknowledge, and their response clock runs from the
    escalation (5.13, 5.18), which set it."""
    rules = rules or Rules()
    latest_acknowledgement = case.acknowledgement_due.get(case.stage)
    if case.stage in case.response_due or latest_acknowledgement is None:
        return None
    return _response_due_from(case, latest_acknowledgement, rules)


def response_due_if_acknowledged(
    case: Case, *, stage: int, on: date, rules: Rules | None = None
) -> date | None:
    """The response date an acknowledgement of ``stage`` sent on ``on`` would set (2024 6.3, 6.14), for
    a letter acknowledging the complaint before the step is recorded; ``None`` where the stage is
    not the one waiting to be acknowledged."""
    rules = rules or Rules()
    if case.stage != stage or Action.ACKNOWLEDGE not in allowed_actions(case, rules) or on < case.received_on:
        return None
    return _response_due_from(case, on, rules)


def extend(
    case: Case,
    *,
    on: date,
    working_days: int,
    reason: str,
    ombudsman_details_given: bool,
    good_reason: str = "",
    rules: Rules | None = None,
) -> DeadlineExtended:
    """Extend the response deadline (2024 6.4, 6.15): the reasons explained to the resident, no more
    than 10 (stage 1) or 20 (stage 2) working days in all without a recorded good reason, and the
    Ombudsman's contact details given (6.5, 6.16)."""
    rules = rules or Rules()
    _require(case, Action.EXTEND, rules)
    _not_before(case, on)
    if working_days < 1:
        raise InvalidRequest(None, "an extension is at least one working day")
    limit = timescales(case.edition).extension_limit[case.stage]
    due_now = case.response_due[case.stage]
    if on > due_now:
        raise CodeViolation(
            limit.provision,
            f"an extension must be decided on or before the day the response is due ({long_date(due_now)}); "
            f"on {long_date(on)} the response is already late",
        )
    _text(reason, limit.provision, "the reasons for the extension, as explained to the resident")
    total = case.extension_days(case.stage) + working_days
    if total > limit.working_days and not good_reason.strip():
        raise CodeViolation(
            limit.provision,
            f"extensions at stage {case.stage} would total {total} working days; more than "
            f"{limit.working_days} needs a recorded good reason",
        )
    if case.edition == "2024" and not ombudsman_details_given:
        number = "6.5" if case.stage == 1 else "6.16"
        raise CodeViolation(
            cite("2024", number),
            "the resident must be given the Ombudsman's contact details with an extension",
        )
    previous = case.response_due[case.stage]
    return DeadlineExtended(
        on=on,
        stage=case.stage,
        previous_due=previous,
        new_due=rules.calendar.add_working_days(previous, working_days),
        working_days=working_days,
        reason=reason.strip(),
        good_reason=good_reason.strip(),
        ombudsman_details_given=ombudsman_details_given,
        extension_provision=limit.provision,
    )


MAX_UPDATE_INTERVAL_WORKING_DAYS = 260


def agree_update_interval(
    case: Case, *, on: date, every_working_days: int, method: str, rules: Rules | None = None
) -> UpdateIntervalAgreed:
    """Where a response will fall outside the Code's timescales, agree with the resident how often
    they will be kept informed (2024 5.9)."""
    rules = rules or Rules()
    _require(case, Action.AGREE_UPDATE_INTERVAL, rules)
    _not_before(case, on)
    # 2024 5.9 leaves the interval to be agreed with the resident: a month (about 21 working days)
    # or longer is allowed; only a non-positive or absurd figure is refused
    if not 1 <= every_working_days <= MAX_UPDATE_INTERVAL_WORKING_DAYS:
        raise InvalidRequest(
            None,
            f"an update interval is at least 1 working day and at most {MAX_UPDATE_INTERVAL_WORKING_DAYS} "
            "(a year)",
        )
    _text(method, rule(case.edition, "update_interval"), "how the resident will be kept informed")
    return UpdateIntervalAgreed(
        on=on,
        stage=case.stage,
        every_working_days=every_working_days,
        method=method.strip(),
        interval_provision=rule(case.edition, "update_interval"),
    )


def response_stage(stage: int) -> str:
    """The complaint stage a stage response sets out when the handler gives none (2024 6.9 a, 6.19 a)."""
    return f"Stage {stage}"


_STAGE_NUMBERS = {
    **{word: 1 for word in ("1", "one", "first", "1st", "i")},
    **{word: 2 for word in ("2", "two", "second", "2nd", "ii")},
    **{word: 3 for word in ("3", "three", "third", "3rd", "iii")},
}
_NUMBER = r"(1|2|3|one|two|three|iii|ii|i)"
#: "stage 2", "stage two", "stage-2", "Stage: 2", "stage no. 2", "stage #2", "Stage II", "second stage",
#: "2nd stage"
_STAGE_NAMED = re.compile(
    rf"\bstage[\s\-:#]*(?:no\.?\s*)?{_NUMBER}\b|\b(first|second|third|1st|2nd|3rd)[\s\-]+stage\b",
    re.IGNORECASE,
)
_FINAL_NAMED = re.compile(r"\b(final|last)\b", re.IGNORECASE)
#: what says the "final" or "last" after it is not: "not", "not yet", "not a", "isn't our", "isn’t the"
_NOT_BEFORE = re.compile(r"(\bnot|\bnever|n['’]t)(\s+(yet|a|an|the|our|your))?\s*$", re.IGNORECASE)


def _calls_itself_final(complaint_stage: str, stage: int, named: set[int]) -> bool:
    """Whether ``complaint_stage`` calls stage ``stage`` the final or last stage: "final" or "last" not
    said not to be ("isn’t our final stage", "not yet final"), where no later stage is named ("stage 2
    is our final stage" on a stage 1 response names the later stage as the final one)."""
    if any(number > stage for number in named):
        return False
    return any(
        not _NOT_BEFORE.search(complaint_stage[max(0, m.start() - 20) : m.start()])
        for m in _FINAL_NAMED.finditer(complaint_stage)
    )


def stage_named_otherwise(complaint_stage: str, stage: int, *, final: bool) -> str | None:
    """What is wrong with ``complaint_stage`` as the complaint stage a response at ``stage`` confirms
    (2024 6.9 a, 6.19 a: "the complaint stage"), or ``None``: a stage other than this one ("Stage 2"
    on a stage 1 response, naming this one nowhere), or "final"/"last" on a stage that is not the
    landlord's last. Either tells the resident wrongly whether they can still escalate (6.9 g: "how
    to escalate the matter to stage 2"). Wording is the landlord's own: "Stage one", "stage 1 (first stage)", "Stage 2, our final
    stage", "Stage 2, after your stage 1 response" are not refused."""
    named = {
        _STAGE_NUMBERS[(m.group(1) or m.group(2)).lower()] for m in _STAGE_NAMED.finditer(complaint_stage)
    }
    if named and stage not in named:
        return (
            f"{complaint_stage.strip()!r} names stage {min(named)}, but this is the response at stage {stage}"
        )
    if not final and _calls_itself_final(complaint_stage, stage, named):
        return (
            f"{complaint_stage.strip()!r} calls stage {stage} the final stage, but the resident can still "
            f"escalate the complaint to stage {stage + 1}"
        )
    return None


def response_definition(complaint: str, outcomes_sought: str) -> str:
    """The complaint definition a stage response sets out when the handler gives none (2024 6.9 b,
    6.19 b): the stage's definition and the outcomes sought."""
    return f"{complaint} Outcomes sought: {outcomes_sought}"


def remedies_offered(case: Case) -> tuple[Remedy, ...]:
    """The remedies the record holds as offered to put things right: every one not withdrawn, carried
    out or still to be (2024 6.9 e, 6.19 e)."""
    return tuple(r for r in case.remedies if r.withdrawn_on is None)


def open_outstanding_actions(case: Case) -> tuple[OutstandingAction, ...]:
    """The outstanding actions the record holds as still to be done (2024 6.9 f, 6.19 f)."""
    return tuple(a for a in case.outstanding_actions if a.completed_on is None)


def remedy_sentence(remedy: Remedy) -> str:
    """A recorded remedy as a sentence: what will happen, its amount, and by when (2024 7.3), or the
    day it was carried out."""
    when = (
        f"carried out on {long_date(remedy.completed_on)}"
        if remedy.completed_on
        else f"by {long_date(remedy.due)}"
    )
    return f"{remedy_words(remedy.description, remedy.amount_pence)}, {when}."


def outstanding_action_sentence(action: OutstandingAction) -> str:
    """A recorded outstanding action as a sentence: what will be done, by whom, and by when."""
    owner = f" ({clause(action.owner)})" if action.owner.strip() else ""
    return f"{clause(action.description)}{owner}, by {long_date(action.due)}."


def recorded_remedies(case: Case) -> str:
    """The remedies the record holds, one sentence a line: what a response's remedy section opens
    with (2024 6.9 e, 6.19 e), empty where there are none."""
    return "\n".join(remedy_sentence(r) for r in remedies_offered(case))


def recorded_outstanding_actions(case: Case) -> str:
    """The outstanding actions the record holds, one sentence a line: what a response's outstanding
    actions section opens with (2024 6.9 f, 6.19 f), empty where there are none."""
    return "\n".join(outstanding_action_sentence(a) for a in open_outstanding_actions(case))


def response_denials(
    case: Case, *, remedy: str, outstanding_actions: str, final: bool
) -> list[tuple[str, CodeViolation]]:
    """Each section of a response (its ``remedy`` and ``outstanding_actions``) that says there is none (``contents.says_none``: "None", "N/A",
    "No remedy") while the record holds some for this complaint, with the field it is about: the
    letter would tell the resident nothing was offered, or nothing is left to do, when the record says
    otherwise (2024 6.9 e "the details of any remedy offered to put things right", f "details of any
    outstanding actions"; 6.19 e, f; 2022 5.8, 5.16, 5.20). A section in its own words is never
    refused here, whatever it says."""
    required = {r.element: r.provision for r in stage_response(case.edition, case.stage, final=final)}
    denials: list[tuple[str, CodeViolation]] = []
    offered = remedies_offered(case)
    if offered and says_none(Element.REMEDY, remedy):
        denials.append(
            (
                "remedy",
                CodeViolation(
                    required[Element.REMEDY],
                    f"the response says there is no remedy, but the record holds {len(offered)} offered "
                    f"for this complaint: {' '.join(remedy_sentence(r) for r in offered)} Set out the "
                    f"remedy offered: what will happen and by when ({rule(case.edition, 'remedy')})",
                ),
            )
        )
    open_actions = open_outstanding_actions(case)
    if open_actions and says_none(Element.OUTSTANDING_ACTIONS, outstanding_actions):
        denials.append(
            (
                "outstanding_actions",
                CodeViolation(
                    required[Element.OUTSTANDING_ACTIONS],
                    "the response says there are no outstanding actions, but the record holds "
                    f"{len(open_actions)} still to be done: "
                    f"{' '.join(outstanding_action_sentence(a) for a in open_actions)} Set them out, "
                    "or record them as completed first",
                ),
            )
        )
    return denials


def each_on_its_field(denials: list[tuple[str, CodeViolation]]) -> CodeViolation:
    """One refusal naming every field of ``denials`` (field, refusal) with its own provision, so
    each door shows them all at once rather than one per attempt; it cites the first's provision."""
    (_, first), *others = denials
    detail = "; ".join([first.detail, *(str(other) for _, other in others)])
    fields = tuple((name, str(denial)) for name, denial in denials)
    return CodeViolation(first.provision or "", detail, fields=fields)


def respond(
    case: Case,
    *,
    on: date,
    handler: str,
    response: StageResponse,
    rules: Rules | None = None,
    as_it_happened: bool = False,
) -> Responded:
    """Issue the stage response. Refused unless it confirms everything the Code lists (2024 6.9 a-g
    at stage 1, 6.19 a-g at stage 2; 2022 5.8, 5.16, 5.20), without saying there is no remedy or no
    outstanding action while the record holds some (6.9 e, f; 6.19 e, f: :func:`response_denials`),
    and, after stage 1, unless the handler is not the one who considered an earlier stage (6.13).

    ``as_it_happened`` is for a response the previous system records (history brought in with
    :func:`as_imported`), never for one issued in PutRight: 2024 6.13 says who "must" consider stage 2,
    a rule for what the landlord does next, and a response already issued by the stage 1 handler is
    a breach that happened. It is recorded as it happened, so the self-assessment counts it against
    6.13 (:func:`considered_both_stages` says so beforehand), rather than refused, which would leave
    the landlord to rewrite its history or leave it out. So is a response at a stage the previous
    system never acknowledged (2024 6.2, 6.11 "must be acknowledged"; 2022 4.1): recorded
    ``without_acknowledgement``, with no acknowledgement date made up, and counted as an
    acknowledgement missed (:func:`acknowledgement_missed` says which provision beforehand). Live,
    a response still needs the stage acknowledged first."""
    rules = rules or Rules()
    unacknowledged = as_it_happened and case.status == Status.AWAITING_ACKNOWLEDGEMENT
    if not unacknowledged:
        _require(case, Action.RESPOND, rules)
    _not_before(case, on)
    handler = _text(handler, None, "the complaint handler issuing the response")
    if not as_it_happened:
        _different_handler(case, case.stage, handler)
    final = case.stage >= max_stage(case, rules)
    definition = case.definitions.get(case.stage)
    filled = dataclasses.replace(
        response,
        complaint_stage=response.complaint_stage.strip() or response_stage(case.stage),
        complaint_definition=response.complaint_definition.strip()
        or (response_definition(definition.complaint, definition.outcomes_sought) if definition else ""),
    )
    required = stage_response(case.edition, case.stage, final=final)
    wrong_stage = stage_named_otherwise(filled.complaint_stage, case.stage, final=final)
    if wrong_stage is not None:
        raise CodeViolation(
            next(r.provision for r in required if r.element == Element.COMPLAINT_STAGE),
            f"the complaint stage the response confirms is wrong: {wrong_stage}",
        )
    absent = [r for r in required if not filled.element(r.element).strip()]
    missing = tuple(dict.fromkeys(r.provision for r in absent))
    if missing:
        names = ", ".join(f"{r.provision} ({r.requirement.rstrip(';.')})" for r in absent)
        # each section on its field, in the order of the response (a route onward required twice, 6.19
        # g with the Ombudsman's, once), so a door names them with the blanks in the others at once
        gaps: dict[str, str] = {}
        for r in absent:
            gaps.setdefault(
                StageResponse.field_of(r.element),
                f"{r.provision}: the response must confirm in writing {r.requirement.rstrip(';.')}",
            )
        raise CodeViolation(
            missing[0],
            f"the response must confirm in writing: {names}",
            missing=missing,
            fields=tuple(gaps.items()),
        )
    denials = response_denials(
        case, remedy=filled.remedy, outstanding_actions=filled.outstanding_actions, final=final
    )
    if denials:
        raise each_on_its_field(denials)
    return Responded(
        on=on,
        stage=case.stage,
        handler=handler,
        response=filled,
        final=final,
        contents_provision=required[0].provision.rsplit(" ", 1)[0]
        if case.edition == "2024"
        else required[0].provision,
        without_acknowledgement=unacknowledged,
        response_due=response_due_unacknowledged(case, rules) if unacknowledged else None,
    )


def request_escalation(
    case: Case, *, on: date, reason: str = "", rules: Rules | None = None
) -> EscalationRequested:
    """The resident asks for the next stage. No reason is required (2024 6.12). Only after the stage 1
    response (6.10; 2022 5.11), and never to a third stage under the 2024 Code (5.3)."""
    rules = rules or Rules()
    finished = case.status in (Status.RESPONDED, Status.CLOSED)
    if finished and case.stage >= max(1, max_stage(case, rules)):
        raise CodeViolation(
            rule(case.edition, "two_stages"),
            "there is no further stage: the complaint has had the landlord's final response; "
            "the resident may refer it to the Ombudsman",
        )
    if case.status in (Status.AWAITING_ACKNOWLEDGEMENT, Status.ACKNOWLEDGED):
        raise CodeViolation(
            rule(case.edition, "escalate_after_stage_1"),
            f"a complaint is escalated once stage {case.stage} has been completed with a response",
        )
    _require(case, Action.REQUEST_ESCALATION, rules)
    _not_before(case, on)
    to_stage = case.stage + 1
    scales = timescales(case.edition)
    acknowledge_scale = scales.acknowledge.get(to_stage)
    respond_scale = scales.respond[to_stage]
    acknowledgement_due = acknowledge_scale.deadline(rules.calendar, on) if acknowledge_scale else None
    response_due = None
    if acknowledge_scale is None:  # 2022: the response clock runs from the escalation (5.13, 5.18)
        response_due = respond_scale.deadline(rules.calendar, on)
    return EscalationRequested(
        on=on,
        to_stage=to_stage,
        reason=reason.strip(),
        acknowledgement_due=acknowledgement_due,
        response_due=response_due,
        escalation_provision=(acknowledge_scale or respond_scale).provision,
    )


def record_new_issues(
    case: Case,
    *,
    on: date,
    issues: str,
    related: bool,
    would_unreasonably_delay: bool,
    handled: NewIssuesHandling | str,
    reason: str,
    added_outcomes: str = "",
    new_complaint: str = "",
    rules: Rules | None = None,
) -> NewIssuesRaised:
    """New issues the resident raised during a stage, and what was done with them, with the reason.

    2024 6.8 (a must): issues related to those being investigated, raised before the stage 1 response
    is issued, are incorporated into it (added to the complaint definition, which the stage 1 response
    confirms, 6.9 b); once the stage 1 response has been issued, or if they are unrelated, or adding
    them would unreasonably delay the response, they are logged as a new complaint (``new_complaint``,
    its reference). The choice must match those facts. 2022 5.7 says the same as a "should": either
    choice is recorded with its reason, except that issues cannot be added to a response already
    issued. Added to the definition, the resident must be told (:func:`communication_required`)."""
    rules = rules or Rules()
    _require(case, Action.RECORD_NEW_ISSUES, rules)
    _not_before(case, on)
    provision = rule(case.edition, "new_issues")
    try:
        chosen = NewIssuesHandling(handled)
    except ValueError:
        raise InvalidRequest(
            None, f"unknown choice {handled!r}: add the issues to the definition or log a new complaint"
        ) from None
    described = _text(issues, provision, "the new issues the resident raised", are=True)
    why = _text(reason, provision, "the reason for adding the issues or logging a new complaint")
    response_issued = 1 in case.responded_on
    if chosen == NewIssuesHandling.ADDED_TO_DEFINITION:
        if response_issued or case.status == Status.RESPONDED:
            raise CodeViolation(
                provision,
                "the stage 1 response has been issued, so the new issues must be logged as a new complaint",
            )
        if case.edition == "2024" and not related:
            raise CodeViolation(
                provision, "issues unrelated to those being investigated must be logged as a new complaint"
            )
        if case.edition == "2024" and would_unreasonably_delay:
            raise CodeViolation(
                provision,
                "adding them would unreasonably delay the response, so they must be logged as a new complaint",
            )
        current = case.definitions[case.stage]
        definition = dataclasses.replace(
            current,
            complaint=f"{current.complaint}\n\nRaised on {long_date(on)}: {described}",
            outcomes_sought=(
                f"{current.outcomes_sought}\n\nAlso: {added_outcomes.strip()}"
                if added_outcomes.strip()
                else current.outcomes_sought
            ),
        )
        return NewIssuesRaised(
            on=on,
            stage=case.stage,
            issues=described,
            related=related,
            would_unreasonably_delay=would_unreasonably_delay,
            handled=chosen,
            reason=why,
            new_issues_provision=provision,
            definition=definition,
        )
    if case.edition == "2024" and related and not would_unreasonably_delay and not response_issued:
        raise CodeViolation(
            provision,
            "related issues raised before the stage 1 response is issued must be incorporated into it "
            "(added to the complaint definition), unless that would unreasonably delay the response",
        )
    return NewIssuesRaised(
        on=on,
        stage=case.stage,
        issues=described,
        related=related,
        would_unreasonably_delay=would_unreasonably_delay,
        handled=chosen,
        reason=why,
        new_issues_provision=provision,
        new_complaint=_text(new_complaint, None, "the reference of the new complaint"),
    )


def agree_remedy(
    case: Case,
    *,
    on: date,
    description: str,
    due: date | None,
    remedy_kind: RemedyKind | str,
    agreed_with_resident: bool,
    amount_pence: int = 0,
    rules: Rules | None = None,
) -> RemedyAgreed:
    """Record a remedy: what will happen and by when, agreed with the resident where appropriate, to
    be followed through to completion (2024 7.3). Possible at any stage (5.13)."""
    rules = rules or Rules()
    _require(case, Action.AGREE_REMEDY, rules)
    _not_before(case, on)
    provision = rule(case.edition, "remedy")
    kind = RemedyKind(remedy_kind)
    problems = remedy_problems(
        case.edition, on=on, description=description, due=due, remedy_kind=kind, amount_pence=amount_pence
    )
    if problems:
        raise problems[0][1]
    assert due is not None
    return RemedyAgreed(
        on=on,
        number=len(case.remedies) + 1,
        remedy_kind=kind,
        description=description.strip(),
        due=due,
        agreed_with_resident=agreed_with_resident,
        amount_pence=amount_pence,
        remedy_provision=provision,
    )


def remedy_problems(
    edition: str,
    *,
    on: date | None,
    description: str,
    due: date | None,
    remedy_kind: RemedyKind | str,
    amount_pence: int,
) -> list[tuple[str, LifecycleError]]:
    """Everything that stops a remedy as entered, each with the argument it is about, in the order
    :func:`agree_remedy` refuses them (a form names them all at once): what will happen and by when
    (2024 7.3), and an amount for a financial remedy and for no other kind."""
    provision = rule(edition, "remedy")
    problems: list[tuple[str, LifecycleError]] = []
    if not description.strip():
        problems.append(
            ("description", CodeViolation(provision, "what will happen to put things right is required"))
        )
    if due is None:
        problems.append(("due", CodeViolation(provision, "a remedy must say by when it will happen")))
    elif on is not None and due < on:
        problems.append(("due", InvalidRequest(None, "a remedy cannot be due before it is agreed")))
    if amount_pence < 0:
        problems.append(("amount_pence", InvalidRequest(None, "a payment cannot be negative")))
    elif RemedyKind(remedy_kind) == RemedyKind.FINANCIAL and amount_pence == 0:
        problems.append(("amount_pence", InvalidRequest(None, "a financial remedy needs an amount")))
    elif RemedyKind(remedy_kind) != RemedyKind.FINANCIAL and amount_pence > 0:
        # the case page showed "1. Apology (£50.00)" and the figures counted the £50 as money agreed
        # (browser walk): a payment is a financial remedy of its own, with what and by when (7.3)
        problems.append(
            (
                "amount_pence",
                InvalidRequest(
                    None,
                    f"only a financial remedy has an amount: leave it empty for "
                    f"{RemedyKind(remedy_kind).value.replace('_', ' ')}, or record the payment as a "
                    "financial remedy of its own",
                ),
            )
        )
    return problems


def complete_remedy(
    case: Case, *, on: date, number: int, evidence: str, rules: Rules | None = None
) -> RemedyCompleted:
    """Record a remedy as carried out (2024 7.3: followed through), with evidence; never on a day
    before it was agreed, which would show compensation paid before it was offered, and on time."""
    rules = rules or Rules()
    _not_before(case, on)
    remedy = _pending_remedy(case, number)
    _not_before_agreed(remedy, on, "completed")
    _text(evidence, rule(case.edition, "remedy"), "evidence that the remedy was carried out")
    return RemedyCompleted(on=on, number=number, evidence=evidence.strip())


def _not_before_agreed(remedy: Remedy, on: date, done: str) -> None:
    if on < remedy.agreed_on:
        raise InvalidRequest(
            None,
            f"remedy {remedy.number} was agreed on {long_date(remedy.agreed_on)}: it cannot be {done} on "
            f"{long_date(on)}, before that",
        )


def _pending_remedy(case: Case, number: int) -> Remedy:
    remedy = case.remedy(number)
    if remedy.completed_on is not None:
        raise TransitionNotAllowed(None, f"remedy {number} was completed on {remedy.completed_on}")
    if remedy.withdrawn_on is not None:
        raise TransitionNotAllowed(None, f"remedy {number} was withdrawn on {remedy.withdrawn_on}")
    return remedy


def withdraw_remedy(
    case: Case,
    *,
    on: date,
    number: int,
    ground: RemedyWithdrawal | str,
    reason: str,
    rules: Rules | None = None,
) -> RemedyWithdrawn:
    """Withdraw a remedy that will not be carried out, saying why. Completing it instead would count
    a remedy never carried out as done, and compensation never paid as paid: the record would look
    better than what the resident received. A completed remedy cannot be withdrawn."""
    rules = rules or Rules()
    _not_before(case, on)
    remedy = _pending_remedy(case, number)
    _not_before_agreed(remedy, on, "withdrawn")
    try:
        chosen = RemedyWithdrawal(ground)
    except ValueError:
        raise InvalidRequest(
            None,
            f"unknown reason for withdrawing: choose one of {', '.join(w.value for w in RemedyWithdrawal)}",
        ) from None
    _text(reason, rule(case.edition, "remedy"), "why the remedy will not be carried out")
    return RemedyWithdrawn(on=on, number=number, ground=chosen, reason=reason.strip())


def add_outstanding_action(
    case: Case, *, on: date, description: str, owner: str, due: date, rules: Rules | None = None
) -> OutstandingActionAdded:
    """Track an action still to be done after the answer is known (2024 6.6 at stage 1, 6.17 at stage 2)."""
    rules = rules or Rules()
    _require(case, Action.ADD_OUTSTANDING_ACTION, rules)
    _not_before(case, on)
    provision = rule(
        case.edition, "outstanding_actions_stage_1" if case.stage <= 1 else "outstanding_actions"
    )
    _text(description, provision, "what remains to be done")
    _text(owner, provision, "who will do it")
    if due < on:
        raise InvalidRequest(None, "an outstanding action cannot be due before it is added")
    return OutstandingActionAdded(
        on=on,
        number=len(case.outstanding_actions) + 1,
        description=description.strip(),
        owner=owner.strip(),
        due=due,
    )


def complete_outstanding_action(
    case: Case, *, on: date, number: int, note: str = "", rules: Rules | None = None
) -> OutstandingActionCompleted:
    _not_before(case, on)
    action = case.outstanding_action(number)
    if action.completed_on is not None:
        raise TransitionNotAllowed(
            None, f"outstanding action {number} was completed on {action.completed_on}"
        )
    if on < action.added_on:
        raise InvalidRequest(
            None,
            f"outstanding action {number} was added on {long_date(action.added_on)}: it cannot be completed "
            f"on {long_date(on)}, before that",
        )
    return OutstandingActionCompleted(on=on, number=number, note=note.strip())


def close(case: Case, *, on: date, reason: str = "", rules: Rules | None = None) -> Closed:
    """Close the complaint after a stage response. Outstanding actions and remedies stay tracked."""
    rules = rules or Rules()
    _require(case, Action.CLOSE, rules)
    _not_before(case, on)
    return Closed(on=on, reason=reason.strip())


def refer_to_ombudsman(
    case: Case, *, on: date, reference: str = "", rules: Rules | None = None
) -> ReferredToOmbudsman:
    rules = rules or Rules()
    _require(case, Action.REFER_TO_OMBUDSMAN, rules)
    _not_before(case, on)
    return ReferredToOmbudsman(on=on, reference=reference.strip())


def withdraw(case: Case, *, on: date, reason: str = "", rules: Rules | None = None) -> Withdrawn:
    rules = rules or Rules()
    _require(case, Action.WITHDRAW, rules)
    _not_before(case, on)
    return Withdrawn(on=on, reason=reason.strip())


# --------------------------------------------------------------------------------------------------
# Recording a decided step: who took it, whether its date is honest, whether the resident was told

#: a step dated more than this many working days before the day it is recorded is "recorded late"
LATE_AFTER_WORKING_DAYS = 2


def communication_required(case: Case, event: Event) -> str | None:
    """The provision requiring ``event`` to be communicated to the resident, or ``None``.

    Acknowledging and defining (2024 5.6, 6.2, 6.11), the stage responses "in writing" (6.9, 6.19),
    extensions explained to the resident (6.4, 6.15), and decisions not to accept (2.4) or, from stage
    2, not to go on with the complaint (5.11; 2022 5.9, at a third stage 4.14) count only once the resident
    has been told, on the day they were told."""
    edition = case.edition
    match event:
        case Acknowledged():
            scale = timescales(edition).acknowledge.get(event.stage)
            return scale.provision if scale else rule(edition, "definition")
        case Responded():
            return event.contents_provision
        case DeadlineExtended():
            return event.extension_provision
        case Declined():
            if edition == "2022" and event.stage >= 3:
                # a 2022 third stage: 4.14 asks for "clear and valid reasons", recorded with the step,
                # not that the resident be told of the refusal in writing (5.9's words are about
                # stage two): it counts when recorded, and how they were told is kept when given
                # (:func:`communication_kept`)
                return None
            if event.stage > 1:
                # not going on with the complaint at stage 2 (or 3), before its acknowledgement or
                # after it, refuses to take it through all the stages (2024 5.11; 2022 5.9, at a
                # third stage 4.14: ``decline_provisions``): its letter is the refusal to escalate.
                # 2.4 (2022 1.9) is the explanation when a landlord "decides not to accept a
                # complaint", which one answered at stage 1 never was
                return decline_provisions(edition, event.stage)[0]
            return rule(edition, "decline_explanation")
        case NewIssuesRaised() if event.handled == NewIssuesHandling.ADDED_TO_DEFINITION:
            # the complaint definition is set out to the resident (2024 5.6); amended, it is told again
            return rule(edition, "definition")
    return None


def communication_kept(case: Case, event: Event) -> str | None:
    """The provision under which how the resident was told of ``event`` is kept on it, when given: the
    one requiring it (:func:`communication_required`) or, for a refusal to escalate to a 2022 third
    stage, which 2022 4.14 asks no telling of, 4.14 all the same (a letter issued or a message sent is
    correspondence, kept with the step as any is, 2022 4.15)."""
    required = communication_required(case, event)
    if required is None and isinstance(event, Declined) and event.stage > 1:
        return decline_provisions(case.edition, event.stage)[0]
    return required


#: the stage steps 2024 6.13 applies to: whoever takes them at stage 2 (or 3), defining, extending or
#: deciding the stage 2 complaint, must not have considered an earlier stage (``Case.considered_by``).
#: Deciding not to go on with it (not accepting it, refusing to escalate it) is considering it at that
#: stage: the stage 1 handler declined a stage 2 complaint and issued its letter (browser walk)
_INDEPENDENT = (Acknowledged, DeadlineExtended, Responded, RemedyAgreed, Declined)
#: the actions that take those steps, for the doors that offer them (2024 6.13)
INDEPENDENT_ACTIONS = frozenset(
    {
        Action.ACKNOWLEDGE,
        Action.EXTEND,
        Action.RESPOND,
        Action.AGREE_REMEDY,
        Action.DECLINE,
        Action.DECLINE_ESCALATION,
    }
)


def check_may_take(case: Case, action: Action, person: str) -> None:
    """Refuse ``person`` for ``action`` where 2024 6.13 (2022 5.12) bars them from it: a step that
    considers the complaint at stage 2 (or 3), and they considered an earlier stage. The test the step
    itself meets when it is recorded (:func:`as_recorded`), for the doors that offer it."""
    if case.stage > 1 and action in INDEPENDENT_ACTIONS:
        _different_handler(case, case.stage, person)


def _dated_in_order(case: Case, event: Event, *, today: date) -> str:
    """Refuse a step dated in the future or before the step it follows (2024 5.12); returns the
    record provision for the caller's own checks."""
    record = rule(case.edition, "record")
    on = event.on
    if on > today:
        raise CodeViolation(
            record, f"a step cannot be dated in the future ({long_date(on)}; today is {long_date(today)})"
        )
    follows = case.last_step_on
    if follows is not None and on < follows and event.kind not in _FOLLOW_UP:
        raise CodeViolation(
            record,
            f"a step cannot be dated {long_date(on)}, before the step it follows ({long_date(follows)})",
        )
    return record


def on_time_only_by_its_date(case: Case, on: date, *, today: date) -> tuple[date, str] | None:
    """The deadline a step dated ``on`` meets only because it is dated back: dated within the
    allowance, but onto the right side of a deadline that has passed by ``today``. Such a date needs
    its reason like any late record (the record must not look more compliant than what the resident
    got)."""
    deadline = case.current_deadline() if on < today else None
    return deadline if deadline is not None and on <= deadline[0] < today else None


def as_recorded(
    case: Case,
    event: Event,
    *,
    actor: str,
    today: date,
    calendar: WorkingCalendar,
    late_reason: str = "",
    communication: Communication | None = None,
    held: bool = False,
) -> Event:
    """``event`` as it goes on the record, after the checks every step shares:

    * its date is not in the future, nor before the step it follows; a date more than
      :data:`LATE_AFTER_WORKING_DAYS` working days before ``today`` needs ``late_reason`` and is shown
      as recorded late (2024 5.12: the record says what happened, when it happened);
    * at stage 2 (and 3), the person acting has not considered an earlier stage (2024 6.13; 2022 5.12);
    * a step the Code requires to be communicated carries how the resident was told
      (:func:`communication_required`), unless it is ``held`` until its letter is issued.
    """
    record = _dated_in_order(case, event, today=today)
    on = event.on
    late = calendar.working_days_between(on, today) > LATE_AFTER_WORKING_DAYS
    reason = late_reason.strip()
    if late and not reason and not held:
        raise CodeViolation(
            record,
            f"{long_date(on)} is more than {LATE_AFTER_WORKING_DAYS} working days ago: say why the step is "
            "being recorded late",
        )
    provision = communication_required(case, event)
    deadline = on_time_only_by_its_date(case, on, today=today) if provision else None
    saved_by_date = deadline is not None
    if deadline is not None and not reason and not held:
        raise CodeViolation(
            record,
            f"dated {long_date(on)}, this step is on time for {deadline[1]} (due {long_date(deadline[0])}), but it is "
            f"recorded on {long_date(today)}: say why the step is being recorded late",
        )
    late = late or saved_by_date
    if actor and case.stage > 1 and (isinstance(event, _INDEPENDENT) or _amends_definition(event)):
        _different_handler(case, case.stage, actor)
    if actor and isinstance(event, Acknowledged):
        _not_their_own_clock(case, event.stage, actor)
    if provision and communication is None and not held:
        raise CodeViolation(
            provision,
            "this step counts only once the resident has been told: issue its letter, or record how "
            "and when it was sent",
        )
    return dataclasses.replace(
        event,
        actor=actor,
        late_reason=reason if late else "",
        communication=communication if communication_kept(case, event) else None,
    )


#: how an imported step that the Code requires to be communicated says the resident was told: by the
#: landlord's previous system, on the date that system gave (not a letter PutRight issued)
TOLD_BY_IMPORT = "imported"


#: how the core knows a complaint handler the previous system names: a name as the file gives it,
#: never linked to a PutRight account (two people can share a name)
IMPORTED_HANDLER = "imported:"


def imported_handler(named: str, stage: int) -> str:
    """The handler of an imported ``stage`` response: the person the previous system names, or, when
    it names none, one no other stage's handler can be taken for (so 2024 6.13 cannot be checked)."""
    return IMPORTED_HANDLER + (named.strip() or f"stage {stage} handler not recorded")


def imported_handler_name(handler: str) -> str | None:
    """What a reader is shown for an imported handler ("J Smith (name as imported, not linked to an
    account)"); ``None`` for a handler who is not imported. It says only what is known (2024 5.12):
    the name the previous system gave, not whether someone of that name has a PutRight account."""
    if not handler.startswith(IMPORTED_HANDLER):
        return None
    named = handler.removeprefix(IMPORTED_HANDLER)
    if named.endswith(" handler not recorded"):
        return "not recorded (imported)"
    return f"{named} (name as imported, not linked to an account)"


def as_imported(case: Case, event: Event, *, source: str, today: date) -> Event:
    """``event`` as history imported from the landlord's previous system (``source``: the file and
    row it came from), not a step taken live.

    The Code's own steps decided the event, and its date must still follow the step before it and not
    be in the future (2024 5.12): imported history keeps the Code's order. It is not "recorded late"
    (no ``late_reason``): it was recorded at the time in the previous system, and it carries
    ``imported_from`` so every report and the timeline can tell it from steps recorded live. A step
    the Code requires to be communicated is marked as told by the previous system on the day given
    (:data:`TOLD_BY_IMPORT`), never as a letter PutRight issued. No one at the landlord acted in
    PutRight, so the event has no ``actor`` (2024 6.13 is checked on the handlers the file names)."""
    where = source.strip()
    if not where:
        raise InvalidRequest(None, "an imported step must say where it came from")
    _dated_in_order(case, event, today=today)
    provision = communication_kept(case, event)
    told = Communication(method=TOLD_BY_IMPORT, reference=where) if provision else None
    return dataclasses.replace(event, actor="", late_reason="", communication=told, imported_from=where)


def confirm_independence(
    case: Case, *, on: date, stage: int, person: str, reason: str, rules: Rules | None = None
) -> IndependenceConfirmed:
    """Record that ``person``, allocated to ``stage``, never considered it (allocated in error and
    reallocated before any work), so 2024 6.13 does not bar them from a later stage. Refused for anyone
    who took a step at that stage: they considered it."""
    provision = rule(case.edition, "different_handler")
    _not_before(case, on)
    if person not in case.allocated.get(stage, frozenset()):
        raise InvalidRequest(None, f"they were not allocated to stage {stage}")
    if person in case.acted.get(stage, frozenset()):
        raise CodeViolation(
            provision,
            f"they took a step at stage {stage}, so they considered it and cannot consider a later stage",
        )
    return IndependenceConfirmed(
        on=on,
        stage=stage,
        person=person,
        reason=_text(reason, provision, "why they never considered the complaint at that stage"),
        independence_provision=provision,
    )


def correct_received_date(
    case: Case,
    *,
    on: date,
    received_on: date,
    reason: str,
    recorded_on: date,
    by: str = "",
    rules: Rules | None = None,
) -> ReceivedDateCorrected:
    """Put right the day the complaint was received, recorded wrongly (2024 5.12: the record says
    what happened, when it happened). ``recorded_on`` is the day the receipt was put on the record.

    The stage 1 acknowledgement date follows the corrected day (2024 6.2), so a later day would make
    a late acknowledgement read as on time: the corrected day can be no later than the day the
    complaint was recorded nor than the first step taken on it, nor be made by ``by`` (the person
    correcting it) where they handle stage 1 or acknowledged it: it would set their own clock. The
    reason (how the day is known) is kept on the record beside the day it replaces. Correcting to an
    earlier day is never refused for being earlier: it makes the record show less time, not more."""
    rules = rules or Rules()
    _require(case, Action.CORRECT_RECEIVED_DATE, rules)
    record = rule(case.edition, "record")
    new = received_on
    reason = _text(reason, record, "how the day it was received is known (the reason for the correction)")
    if new == case.received_on:
        raise InvalidRequest(None, f"the complaint is already recorded as received on {long_date(new)}")
    received_on_counted(new)
    if new > on:
        raise CodeViolation(
            record, f"the day received cannot be in the future ({long_date(new)} was entered)"
        )
    if new > recorded_on:
        raise CodeViolation(
            record,
            f"the complaint was logged on {long_date(recorded_on)}, so the day it was received must be on or "
            f"before then ({long_date(new)} was entered)",
        )
    if case.received_until is not None and new > case.received_until:
        raise CodeViolation(
            record,
            f"the first step on the complaint was taken on {long_date(case.received_until)}, so the day it was "
            f"received must be on or before then ({long_date(new)} was entered)",
        )
    if (
        new > case.received_on
        and by
        and (by in case.allocated.get(1, frozenset()) or by == case.acknowledged_by.get(1))
    ):
        raise CodeViolation(
            record,
            "a later day received gives more time for the stage 1 acknowledgement, and you handle or "
            "acknowledged this complaint: someone else who answers for the record must correct it",
        )
    if case.from_service_request and case.contact_received_on is not None and new < case.contact_received_on:
        raise InvalidRequest(
            None,
            f"the complaint was made about a service request first received on "
            f"{long_date(case.contact_received_on)}: it cannot have been made before then (2024 1.5)",
        )
    if case.issue_date is not None and new < case.issue_date:
        raise InvalidRequest(
            None,
            f"the issue happened on {long_date(case.issue_date)}: the complaint cannot be received before it",
        )
    chosen = case.chosen_edition or case.edition
    if edition_by_law(new, chosen) != case.edition:
        raise InvalidRequest(
            None,
            f"a complaint received on {long_date(new)} is under the {edition_by_law(new, chosen)} Code, not the "
            f"{case.edition} Code it has been handled under, and a correction cannot move a complaint "
            "between editions of the Code: add a note to the complaint with the right day and how you "
            "know it",
        )
    due = None
    if case.acknowledgement_due.get(1) is not None:
        due = timescales(case.edition).acknowledge_stage_1.deadline(rules.calendar, new)
    return ReceivedDateCorrected(
        on=on,
        received_on=new,
        previous=case.received_on,
        reason=reason,
        acknowledgement_due=due,
        record_provision=record,
    )


# --------------------------------------------------------------------------------------------------
# Events as plain data, for storage


def event_to_data(event: Event) -> dict[str, Any]:
    """A JSON-ready dict of an event, with its ``kind``; :func:`event_from_data` reverses it."""

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, StrEnum):
            return value.value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return value

    data: dict[str, Any] = plain(event)
    if not data.get("imported_from"):
        data.pop("imported_from", None)  # live steps are stored as they always were
    if data.get("with_contact") is False:
        data.pop("with_contact")  # acceptances on their own are stored as they always were
    if data.get("without_acknowledgement") is False:
        data.pop("without_acknowledgement")  # responses to an acknowledged stage are stored as they were
    if isinstance(event, Responded) and event.response_due is None:
        data.pop("response_due")  # its acknowledgement set the response date: stored as they always were
    data["kind"] = event.kind
    return data


@functools.cache
def _reading(hint: Any) -> tuple[str, Any]:
    """How to read a stored value of type ``hint`` back: worked out once per type. Working it out
    (``typing.get_type_hints`` evaluates every annotation of a dataclass) on every value made
    reading an event back cost most of a millisecond, which the self-assessment paid for every
    event it looked at (issue 17: 65 s at 100,000 complaints)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _reading(inner[0])
    if hint is date:
        return ("date", None)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return ("enum", hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return ("dataclass", (hint, tuple((f.name, hints[f.name]) for f in dataclasses.fields(hint))))
    return ("as is", hint)


def _json_kind(value: Any) -> str:
    """What a stored value is, in words, without repeating it: the message reaches staff who may
    not open the complaint, and a value in the wrong place may be someone's personal text."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, float) and not value.is_integer():
        return "a number that is not whole"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    return "an object" if isinstance(value, dict) else "another value"


def _day_said(data: Mapping[str, Any]) -> str:
    """A stored step's day, for saying which step cannot be read: only a real date is repeated."""
    on = data.get("on")
    try:
        return _stored_date(on).isoformat()
    except ValueError:
        return "on no readable day"


#: stored days already read: a year's self-assessment reads a few thousand distinct days in
#: 160,000 events, and the reader takes a day it has read before from here without a call
_DAYS: dict[str, date] = {}


def _stored_date(value: Any) -> date:
    """A stored day: an ISO date (YYYY-MM-DD). Refused without repeating the value."""
    if isinstance(value, str):
        # YYYY-MM-DD only, as the figures' SQL reads dates: Python also reads 20250303 and 2025-W10-1
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                read = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if len(_DAYS) > 100_000:  # bounded: a long-running worker reads every day there is
                    _DAYS.clear()
                _DAYS[value] = read
                return read
        raise ValueError("expected a date (YYYY-MM-DD), found text that is no date")
    raise ValueError(f"expected a date (YYYY-MM-DD), found {_json_kind(value)}")


def _stored_text(value: Any) -> str:
    if isinstance(value, str):
        return str(value)
    raise ValueError(f"expected text, found {_json_kind(value)}")


def _whole_number(value: Any) -> int:
    """A stage, a number of working days: a whole number, or a JSON number with nothing after the
    point (2.0, which the figures' SQL reads as 2 on both databases too). Not true or false, not the
    text "2", not 2.5: reading those would be a guess."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected a whole number, found {_json_kind(value)}")


def stored_whole_number(value: Any) -> int | None:
    """A stored value read as the event reader reads a whole number (2.0 is 2; true, "2" and 2.5
    are not), or None: for the few readers that look at one field without reading the event."""
    try:
        return _whole_number(value)
    except ValueError:
        return None


def _yes_or_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, found {_json_kind(value)}")


# Values stored as they are, checked as they are read: the type an event's field declares, and what
# reads one. A value of exactly that type takes the reader's fast path and calls none of these;
# PutRight's own doors store nothing else. A type not listed here is read as stored.
_AS_IS: dict[Any, Callable[[Any], Any]] = {str: _stored_text, int: _whole_number, bool: _yes_or_no}


class _NEVER:
    """No stored value is of this type: a field planned with it is always converted."""


class _DAY:
    """Planned for a date field: no stored value is of this type either; a day already read is
    taken from ``_DAYS`` without a call."""


_READERS: dict[type, Callable[[Mapping[str, Any]], Any]] = {}


def _reader(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    found = _READERS.get(cls)
    if found is None:
        found = _READERS[cls] = _new_reader(cls)
    return found


def _enum_reader(enum: type[StrEnum]) -> Callable[[Any], Any]:
    """Reads a stored value into ``enum``'s member as ``enum(value)`` does, from the members' table
    first: calling the class costs about as much as the rest of reading an event (6 of 45 us), once
    per response read back for a year's self-assessment. Anything not in the table goes to the class
    itself (a member's alias would be found there); an unknown value raises ``ValueError`` naming
    the choices' class and what kind of value was found, never the value."""
    members = enum._value2member_map_

    def convert(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):  # not a member's value, or not hashable
            pass
        try:
            return enum(value)
        except ValueError:  # said without repeating the value: it may be anything
            raise ValueError(
                f"expected one of the {enum.__name__} choices, found {_json_kind(value)}"
            ) from None

    return convert


def _new_reader(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    """A function that reads a stored dict back into dataclass ``cls``: each field's conversion
    (a date, an enum, a nested dataclass, or the value as it is) chosen once per class, so reading
    160,000 events for a year's self-assessment calls nothing per field but what converts it.
    ``tests/code/test_lifecycle_events_round_trip.py`` reads back every kind of event."""
    how, detail = _reading(cls)
    assert how == "dataclass"
    # Per field: its name, what converts a stored value, whether it may be empty, and the one type
    # a stored value is used as it is (a text, a whole number, true or false); _DAY for a date (a
    # day read before is taken from _DAYS) and _NEVER for a choice or a record, always converted.
    plan: list[tuple[str, Callable[[Any], Any] | None, bool, type]] = []
    for name, inner in detail[1]:
        kind, about = _reading(inner)
        nullable = type(None) in typing.get_args(inner)
        if kind == "as is" and about in _AS_IS:
            plan.append((name, _AS_IS[about], nullable, about))
        elif kind == "as is":  # a type PutRight's events do not use today: read as stored
            plan.append((name, None, True, _NEVER))
        elif kind == "date":
            plan.append((name, _stored_date, nullable, _DAY))
        elif kind == "enum":
            plan.append((name, _enum_reader(about), nullable, _NEVER))
        else:
            plan.append((name, _reader(about[0]), nullable, _NEVER))

    required = [
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]

    def read(value: Mapping[str, Any]) -> Any:
        if value.__class__ is not dict and not isinstance(value, Mapping):
            raise ValueError(f"expected a record, found {_json_kind(value)}")
        given: dict[str, Any] = {}
        for name, convert, nullable, exact in plan:
            if name in value:
                v = value[name]
                if v.__class__ is exact:  # a text, number or yes/no stored as its type
                    given[name] = v
                elif exact is _DAY and v.__class__ is str and (day := _DAYS.get(v)) is not None:
                    given[name] = day  # a day already read
                elif v is None:
                    if not nullable:  # a value the Code's event requires
                        raise ValueError(f"{name} is empty")
                    given[name] = None
                elif convert is None:
                    given[name] = v
                else:
                    try:
                        given[name] = convert(v)
                    except (ValueError, TypeError, AttributeError) as error:
                        raise ValueError(f"{name}: {error}") from error
        try:
            return cls(**given)
        except TypeError:
            missing = [name for name in required if name not in given]
            if missing:  # said in the Code's words, not Python's
                raise ValueError(f"{missing[0]} is missing") from None
            raise

    return read


def event_from_data(data: Mapping[str, Any], *, reference: str = "") -> Event:
    """The Code's event stored as ``data``; ``UnreadableRecord`` (naming ``reference``, the
    complaint's, for the log) if a value cannot be read back without guessing."""
    if data.__class__ is not dict and not isinstance(data, Mapping):
        raise UnreadableRecord(
            "unknown", "on no readable day", f"expected a record, found {_json_kind(data)}", reference
        )
    try:
        cls = EVENT_TYPES[data["kind"]]
    except (KeyError, TypeError):  # the kind is stored text: not repeated, it may be anything
        raise UnreadableRecord(
            "unknown", _day_said(data), "a kind of step PutRight does not know", reference
        ) from None
    try:
        event = _reader(cls)(data)  # "kind" is not a field: the reader takes fields only
    except (ValueError, TypeError, AttributeError) as error:  # a value no door of PutRight stores
        raise UnreadableRecord(cls.kind, _day_said(data), str(error), reference) from error
    if cls is ContactReceived and event.edition not in EDITIONS:  # every deadline depends on it
        raise UnreadableRecord(
            cls.kind, _day_said(data), "edition: not an edition of the Code PutRight holds", reference
        )
    assert isinstance(event, Event)
    return event
