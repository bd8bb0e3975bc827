"""Input and output schemas of the REST API v1, next to the endpoints that use them.

Every input schema forbids unknown fields and every text field refuses NUL bytes and overlong
values, so bad input is a 422 with a field-level message and never reaches the database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, EmailStr, Field

from putright.code.exclusions import ExclusionGround
from putright.code.lifecycle import SUMMARY_MOST, Channel, Outcome, RemedyKind, RemedyWithdrawal, Route


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


NoNul = AfterValidator(_no_nul)
# Text fields: NUL bytes refused, length bounded.
Text40 = Annotated[str, Field(max_length=40), NoNul]
Text50 = Annotated[str, Field(max_length=50), NoNul]
Text100 = Annotated[str, Field(max_length=100), NoNul]
ShortText = Annotated[str, Field(max_length=200), NoNul]
Name = Annotated[str, Field(min_length=1, max_length=200), NoNul]
Username = Annotated[str, Field(min_length=1, max_length=150), NoNul]
LongText = Annotated[str, Field(max_length=20_000), NoNul]
Required = Annotated[str, Field(min_length=1, max_length=20_000), NoNul]
Summary = Annotated[str, Field(min_length=1, max_length=SUMMARY_MOST), NoNul]


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class FieldProblem(Schema):
    """One field a refusal is about: where (``loc``, as in a 422's problems) and what was wrong."""

    loc: list[str]
    msg: str


class Problem(Schema):
    """A refused request. ``provision`` cites the Code when a rule of the Code refused it; ``fields``
    names the fields it is about, where it is about what they say (a day received before the calendar
    covers, for one)."""

    provision: str | None = None
    detail: str
    missing: list[str] = []
    fields: list[FieldProblem] = []


# ---------------------------------------------------------------------------------------------------
# Create


class ResidentIn(Input):
    name: Name
    email: EmailStr | None = None
    phone: Text40 = ""
    property_reference: Text50 = ""


class RepresentativeIn(Input):
    name: Name
    relationship: Annotated[str, Field(min_length=1, max_length=100), NoNul]
    contact: ShortText = ""
    consent_recorded_on: date | None = None
    consent_evidence: LongText = ""


class ComplaintCreate(Input):
    """A new contact from a resident, a representative or a member of staff, on any channel."""

    resident_id: int | None = Field(None, description="An existing resident; or give `resident`")
    resident: ResidentIn | None = None
    representative: RepresentativeIn | None = None
    channel: Channel
    summary: Summary
    category: Text50 = ""
    received_on: date | None = Field(None, description="Defaults to today (UK time)")
    accept_as_complaint: bool = Field(
        False,
        description="Accept at stage 1 now: the acknowledgement is due within 5 working days of the "
        "day received (2024 6.2)",
    )
    route: Route = Route.INVESTIGATION
    issue_date: date | None = None
    discretion_reason: LongText = ""
    about_service_request: Text100 = ""


# ---------------------------------------------------------------------------------------------------
# Lifecycle actions (one schema per step, named as the step)


class On(Input):
    on: date | None = Field(
        None,
        description="The day the step happened; defaults to today (UK time). Never in the future nor "
        "before the step it follows; more than 2 working days ago needs `late_reason` (2024 5.12)",
    )
    late_reason: LongText = Field(
        "", description="Why a step dated more than 2 working days ago is being recorded late"
    )


class ToldIn(Input):
    """How the resident was told of a step, when it was sent by another system (not a PutRight letter).
    Its text is kept on the record (2024 5.12); its day is the step's day for every clock and report."""

    method: Literal["email", "post", "portal", "hand"]
    sent_on: date
    subject: ShortText = ""
    body: Required


class Communicated(On):
    told: ToldIn | None = Field(
        None,
        description="How the resident was told. Without it the step is held as not yet sent (202) until "
        "its letter is issued (`POST .../letters/{id}/issue`) or `POST .../held-steps/{id}/send`; "
        "it counts only then (2024 6.2, 6.4, 6.9, 6.19, 2.4, 5.11)",
    )


class AcceptIn(On):
    route: Route = Route.INVESTIGATION
    issue_date: date | None = None
    discretion_reason: LongText = ""
    reason: LongText = ""


class ChoiceToComplainIn(On):
    """The resident expressed dissatisfaction and was given the choice to make a complaint (2024 1.3;
    2022 1.6). ``make_a_complaint`` logs the complaint at stage 1 the same day."""

    about: Required
    how_offered: Required
    chose: Literal["make_a_complaint", "not_now"]


class NewIssuesIn(Communicated):
    """New issues raised during a stage (2024 6.8; 2022 5.7). ``added_to_definition`` amends the
    complaint definition (held until the resident is told, like an acknowledgement);
    ``logged_as_new_complaint`` logs a new stage 1 complaint linked to this one."""

    issues: Required
    related: bool
    would_unreasonably_delay: bool
    handled: Literal["added_to_definition", "logged_as_new_complaint"]
    reason: Required
    added_outcomes: LongText = ""
    category: Text50 = Field(
        "",
        description="With ``logged_as_new_complaint``: the new complaint's category (a slug from GET "
        "/api/v1/categories); this complaint's when left out",
    )


class ServiceRequestIn(On):
    reason: Required


class ResolveServiceRequestIn(On):
    resolution: Required
    resolved_there_and_then: bool = False


class DeclineIn(Communicated):
    ground: ExclusionGround
    explanation: LongText
    considered_on_merits: LongText
    right_to_ombudsman_given: bool
    issue_date: date | None = None
    previously_considered_in: ShortText = Field(
        "",
        description="For ``previously_considered``: the earlier complaint that considered the matter, its "
        "reference or where it was considered, never this complaint. Optional at stage 1 (kept if given); "
        "required from stage 2, where declining refuses to take the complaint through all stages and its "
        "own stage 1 is not a matter previously considered under the complaints policy (2024 5.11, 2.2)",
    )


class AllocateIn(On):
    handler: Username = Field(description="Username of the complaint handler")


class AcknowledgeIn(Communicated):
    complaint: LongText
    outcomes_sought: LongText
    responsible_for: LongText
    not_responsible_for: LongText = ""


class ExtendIn(Communicated):
    working_days: int = Field(ge=1, le=60)
    reason: LongText
    good_reason: LongText = ""
    ombudsman_details_given: bool


class UpdateIntervalIn(On):
    every_working_days: int = Field(ge=1, le=260, description="As agreed with the resident (2024 5.9)")
    method: ShortText


class RespondIn(Communicated):
    handler: Annotated[str, Field(max_length=150), NoNul] = Field(
        "", description="Username; defaults to the caller"
    )
    outcome: Outcome
    decision: LongText
    reasons: LongText
    remedy: LongText
    outstanding_actions: LongText
    escalation_route: LongText


class EscalateIn(On):
    reason: LongText = Field("", description="Optional: residents need not give a reason (2024 6.12)")


class DeclineEscalationIn(Communicated):
    ground: ExclusionGround
    explanation: LongText
    considered_on_merits: LongText
    right_to_ombudsman_given: bool
    previously_considered_in: ShortText = Field(
        "",
        description="For ``previously_considered``: the earlier complaint that considered the matter, its "
        "reference or where it was considered. Required for that ground, and never this complaint: its own "
        "stage 1 is not a matter previously considered under the complaints policy (2024 5.11, 2.2)",
    )


class RemedyIn(On):
    remedy_kind: RemedyKind
    description: LongText
    due: date | None
    agreed_with_resident: bool
    amount_pence: int = Field(0, ge=0, le=100_000_000)


class CompleteRemedyIn(On):
    evidence: LongText


class WithdrawRemedyIn(On):
    ground: RemedyWithdrawal = Field(
        description="recorded_in_error, declined_by_resident or replaced (by another remedy)"
    )
    reason: LongText = Field(description="What happened: it stays on the record with the remedy (2024 7.3)")


class OutstandingActionIn(On):
    description: LongText
    owner: ShortText
    due: date


class CompleteOutstandingActionIn(On):
    note: LongText = ""


class CloseIn(On):
    reason: LongText = ""


class ReferIn(On):
    reference: Text50 = ""


class WithdrawIn(On):
    reason: LongText = ""


class SendHeldStepIn(Input):
    told: ToldIn | None = Field(
        None, description="How and when it was sent by another system: this, or `letter`"
    )
    letter: int | None = Field(
        None,
        description="The id of a letter already issued from PutRight on this complaint (for no step) that "
        "told the resident of it: the step counts from the day that letter was issued, if the letter "
        "says what the step records (2024 5.12). This, or `told`",
    )
    late_reason: LongText = Field(
        "",
        description="Why it is recorded late, when it was sent more than 2 working days ago (2024 5.12)",
    )


class ConfirmIndependenceIn(Input):
    person: Username = Field(description="Username of the person allocated to the earlier stage in error")
    stage: int = Field(ge=1, le=3)
    reason: Required
    on: date | None = None


class CorrectReceivedDateIn(Input):
    received_on: date = Field(description="The day the complaint was really received")
    reason: Required = Field(description="How that day is known: the date on the email, the call log...")


class ResponseDateGivenIn(Input):
    """The response date an acknowledgement sent another way gave the resident, read from its text
    (2024 5.12, 6.3, 6.14)."""

    response_date_given: date | None = Field(
        description="The date the text told the resident to expect the response; `null`: it gave none "
        "sooner than the Code's date. Required, so that leaving it out never records `null`"
    )
    reason: Required = Field(
        description="How the date is known: the sentence in the text, the email's date..."
    )


# ---------------------------------------------------------------------------------------------------
# Output


class Deadline(Schema):
    due: date
    provision: str
    working_days_left: int
    promised_to_resident: date | None = Field(
        None,
        description="The date the resident was told to expect the response, where the stage's "
        "acknowledgement (a PutRight letter, or one sent another way whose kept text gave it) promised "
        "it sooner than `due` and it is not yet sent (2024 6.3, 6.14: 'within'). `due` stays the "
        "Code's date; the landlord keeps to the one the resident was given.",
    )
    promised_date_passed: bool = Field(
        False, description="`promised_to_resident` has passed and the response has not been sent"
    )


class Due(Schema):
    due: date
    provision: str


class ComplaintCreated(Schema):
    """The short answer to a create sent with ``Prefer: return=minimal`` (RFC 7240)."""

    reference: str
    state: str
    stage: int
    deadline: Due | None
    url: str = Field(description="The full record: GET this URL (also sent as `Location`)")


class CategoryOut(Schema):
    """A category a new complaint may be given: ``slug`` is what ``POST /complaints`` takes."""

    slug: str
    name: str


class ComplaintSummary(Schema):
    reference: str
    state: str
    stage: int
    edition: str
    channel: str
    category: str | None
    resident: str
    handler: str | None
    received_on: date
    current_due: date | None
    current_due_provision: str
    summary: str


class ComplaintPage(Schema):
    items: list[ComplaintSummary]
    limit: int
    offset: int
    next_offset: int | None = Field(
        description="The next page by ``offset`` (``None`` on the last page, "
        "and when this page was asked for with ``after``)"
    )
    next_after: str | None = Field(
        None,
        description="The next page by position: send it back as ``after`` with the same filters and "
        "order (``None`` on the last page). A deep page costs the same as the first.",
    )


class TimelineEntry(Schema):
    type: str = Field(
        description="``event`` (a step on the record), ``correspondence``, ``amendment`` (a change to the "
        "resident's or the complaint's details: ``data.changes`` lists each field's old and new value, "
        "``data.reason`` why) or ``note`` (an internal note: staff only, never shown to the resident)"
    )
    kind: str = Field(
        description="The event's kind; ``correspondence``; the amendment's kind (e.g. ``resident_contact``, "
        "``restriction_reviewed``); or ``internal_note``"
    )
    on: date
    at: datetime
    actor: str = Field(
        description="Who took the step; for ``correspondence``, the person written to or heard from "
        "(as v1 always gave it: who recorded or issued it is ``recorded_by``)"
    )
    recorded_by: str | None = Field(
        default=None,
        description="For ``correspondence``: the member of staff who recorded it, or issued the letter "
        "(``null`` for mail read in by email intake)",
    )
    provision: str
    summary: str
    data: dict[str, Any] = Field(
        description="The step's data as recorded; a complaint linked by new issues (2024 6.8: "
        "``new_complaint``, ``raised_during``) that the caller may not open is ``null``, and the summary "
        'says "a complaint you cannot see"'
    )
    #: where an imported step came from ("complaints.csv row 12"); "" for a step recorded live
    imported_from: str = ""
    staff_only: bool = Field(
        default=False, description="True for internal notes: for staff who handle complaints only"
    )


class StageOut(Schema):
    number: int
    handler: str | None
    acknowledgement_due: date | None
    acknowledged_on: date | None
    response_due: date | None
    original_response_due: date | None
    responded_on: date | None
    outcome: str
    complaint_definition: str
    outcomes_sought: str


class RemedyOut(Schema):
    number: int
    kind: str
    description: str
    due: date
    agreed_with_resident: bool
    amount_pence: int
    completed_on: date | None
    #: a remedy that will not be carried out: when, why (``recorded_in_error``, ``declined_by_resident``,
    #: ``replaced``) and what happened; null and empty for every other remedy
    withdrawn_on: date | None = None
    withdrawn_ground: str = ""
    withdrawn_reason: str = ""


class OutstandingActionOut(Schema):
    number: int
    description: str
    owner: str
    due: date
    completed_on: date | None


class HeldStepOut(Schema):
    """A step recorded but not yet sent to the resident: it does not count until it is."""

    id: int
    step: str
    label: str
    stage: int
    recorded_by: str | None
    recorded_at: datetime
    letter_draft: int | None


class ComplaintDetail(ComplaintSummary):
    not_yet_sent: list[HeldStepOut] = []
    #: said after a step, never a refusal: e.g. what the text of a step sent another way does not set
    #: out that its PutRight letter must (the same Code check, run on the text kept)
    warnings: list[str] = []
    deadline: Deadline | None
    allowed_actions: list[str]
    representative: str | None
    stages: list[StageOut]
    remedies: list[RemedyOut]
    outstanding_actions: list[OutstandingActionOut]
    timeline: list[TimelineEntry]


class TextSentOut(Schema):
    """An acknowledgement told to the resident by a text sent another way (another system's email
    or letter, kept as correspondence, 2024 5.12), and the response date the record keeps from it."""

    correspondence_id: int = Field(description="The kept text, as correspondence on the complaint")
    stage: int
    sent_on: date = Field(description="The day the resident was sent it (the step's day)")
    method: str = Field(description="How it was sent, as stored (`email`, `post`, `portal`, `hand`...)")
    subject: str
    response_date_given: date | None = Field(
        description="The response date the record keeps from the text (2024 6.3, 6.14); `null`: none, "
        "because PutRight could not read one, or a person recorded that it gave none sooner than the "
        "Code's. The case keeps to it where it is sooner than `response_due`"
    )
    read_by: str | None = Field(
        description="Whose reading `response_date_given` is: `putright` (read from the text by the "
        "Code check when the step was recorded), the username of the member of staff who recorded "
        "it, or `null` when nothing is kept from the text"
    )
    response_due: date | None = Field(description="The stage's response date under the Code")


class TextSentRecorded(TextSentOut):
    said: str = Field(description="What the date recorded means for the case")
