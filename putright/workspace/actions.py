"""The steps staff can take on a complaint, one per core ``Action``: the form that asks for it, the
service that records it, and how a refusal from the core maps back onto the form's fields.

The case page offers only ``complaint_detail(...).allowed_actions``; the action view refuses any
other. Every write is a call to ``putright.complaints.services``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms

from putright.accounts.models import User
from putright.code.contents import stage_response
from putright.code.errors import CodeViolation, LifecycleError
from putright.code.exclusions import listed_under
from putright.code.lifecycle import (
    RESPONSE_FIELDS,
    Action,
    decline_provisions,
    max_stage,
    rule,
    rules_cited,
)
from putright.code.timescales import timescales
from putright.complaints import services
from putright.complaints.models import Complaint
from putright.web.refusals import refusal
from putright.workspace import forms as f

Perform = Callable[[Complaint, User, dict[str, Any]], Complaint]


@dataclass(frozen=True)
class ActionSpec:
    action: Action
    title: str
    button: str
    form: type[forms.Form]
    perform: Perform
    intro: str = ""
    provisions: str = ""
    done: str = ""
    #: (provision number, words in the refusal, field): where to show a refusal from the core
    error_fields: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)
    primary: bool = True
    #: the provisions a 2022 complaint's page cites instead, by its stage; ``None``: ``provisions``
    provisions_2022: Callable[[int], str] | None = None
    #: the introduction a 2022 complaint's page reads instead; ``None``: ``intro``
    intro_2022: str | None = None

    @property
    def slug(self) -> str:
        return self.action.value.replace("_", "-")

    def provisions_for(self, edition: str, stage: int) -> str:
        """The provisions the page cites for a complaint under ``edition`` at ``stage``."""
        if edition == "2022" and self.provisions_2022 is not None:
            return self.provisions_2022(stage)
        return self.provisions

    def intro_for(self, edition: str) -> str:
        """The introduction the page reads for a complaint under ``edition``."""
        if edition == "2022" and self.intro_2022 is not None:
            return self.intro_2022
        return self.intro


def _cited_2022(*provisions: str | None) -> str:
    """ "2022 1.7, 1.8, 1.9, 4.7" from the 2022 citations given, each once, in their order."""
    numbers = dict.fromkeys(p.partition(" ")[2] for p in provisions if p)
    return "2022 " + ", ".join(numbers)


def _declining_2022(stage: int) -> str:
    """Declining a 2022 complaint: accepted unless there is a valid reason (1.7), the reasons listed
    (1.8) with the time limit, told as ``decline_provisions`` says at the stage (1.9; 5.9 from stage 2;
    4.14 at a third stage), each dealt with on its merits (4.7): the core's own numbers."""
    return _cited_2022(
        rule("2022", "accept"),
        listed_under("2022"),
        rule("2022", "time_limit"),
        *decline_provisions("2022", max(stage, 1)),
        rule("2022", "merits"),
    )


def _refusing_2022(stage: int) -> str:
    """Refusing to escalate a 2022 complaint: 4.14, on the reasons for not accepting (1.8), told as
    ``decline_provisions`` says (5.9 to stage 2; nothing more at a third stage), on its merits (4.7)."""
    return _cited_2022(
        rule("2022", "escalate_refusal"),
        *decline_provisions("2022", max(stage, 2)),
        listed_under("2022"),
        rule("2022", "merits"),
    )


def _rules_2022(*names: str) -> Callable[[int], str]:
    """A page citing the core's named rules (``lifecycle.rules_cited``) on a 2022 complaint, at any
    stage; a rule the 2022 Code has no provision for is cited by none."""
    return lambda _stage: rules_cited("2022", *names)


def _stages_2022(stage: int) -> range:
    """The stages a 2022 page names for a complaint at ``stage``, as the 2024 page names both of its
    stages: one and two, and a third only on a complaint at it."""
    return range(1, max(stage, 2) + 1)


def _acknowledging_2022(stage: int) -> str:
    """Acknowledging a 2022 complaint: its definition and what the landlord is responsible for (4.2),
    acknowledged within its timescale where the Code sets one (4.1 at stage 1; none after), with the
    response due (5.1, 5.13, 5.18): the core's timescales."""
    scales = timescales("2022")
    return _cited_2022(
        rule("2022", "definition"),
        rule("2022", "responsibilities"),
        *(scale.provision for s in _stages_2022(stage) if (scale := scales.acknowledge.get(s)) is not None),
        *(scales.respond[s].provision for s in _stages_2022(stage)),
    )


def _extending_2022(stage: int) -> str:
    """Extending on a 2022 complaint: each stage's extension without good reason (5.1, 5.13, 5.18) and
    the Ombudsman's details where agreement cannot be reached (5.3, 5.15, 5.19), stage by stage."""
    ombudsman = ("ombudsman_on_extension", "ombudsman_on_extension_stage_2", "ombudsman_on_extension_stage_3")
    return _cited_2022(
        *(
            cited
            for s in _stages_2022(stage)
            for cited in (
                timescales("2022").extension_limit[s].provision,
                rules_cited("2022", ombudsman[s - 1]),
            )
        )
    )


def _responding_2022(stage: int) -> str:
    """Responding on a 2022 complaint: what each stage's response confirms in writing (5.8, 5.16, 5.20),
    as the core's ``stage_response`` cites it."""
    return _cited_2022(
        *(
            " ".join(stage_response("2022", s, final=False)[0].provision.split()[:2])
            for s in _stages_2022(stage)
        )
    )


def _told(d: dict[str, Any]) -> services.Told | None:
    """How the resident was told, when staff say it was already sent another way; ``None`` means
    PutRight writes the letter and the step counts when it is issued."""
    if not d.get("sent_another_way"):
        return None
    return services.Told(method=d["sent_method"], on=d["sent_on"], subject="", body=d.get("sent_text", ""))


#: the steps held until the resident is told, by the action that records them
#: (``putright.letters.services.STEP_LETTERS`` names the letter of each)
HELD_STEP_OF_ACTION = {
    Action.ACKNOWLEDGE: "acknowledge",
    Action.RESPOND: "respond",
    Action.EXTEND: "extend",
    Action.DECLINE: "decline",
    Action.DECLINE_ESCALATION: "decline_escalation",
    Action.RECORD_NEW_ISSUES: "amend_definition",
}

#: where a refusal shared by every step belongs on the form
COMMON_ERROR_FIELDS = (
    # a letter already issued that is not the step's record (before "recorded late", "what the
    # resident was sent": its refusals use those words too)
    ("", "the letter issued on", "told_by_letter"),
    ("", "that letter", "told_by_letter"),
    ("", "is not one a letter tells", "told_by_letter"),
    ("5.12", "recorded late", "late_reason"),
    ("4.15", "recorded late", "late_reason"),
    ("5.12", "future", "on"),
    ("4.15", "future", "on"),
    ("5.12", "before the step it follows", "on"),
    ("4.15", "before the step it follows", "on"),
    ("", "is before the complaint was received", "on"),
    ("5.12", "future", "sent_on"),
    ("5.12", "before the step it follows", "sent_on"),
    ("5.12", "what the resident was sent", "sent_text"),
)


SPECS: dict[Action, ActionSpec] = {
    spec.action: spec
    for spec in (
        ActionSpec(
            Action.ACCEPT_AS_COMPLAINT,
            "Accept as a complaint",
            "Accept as a stage 1 complaint",
            f.AcceptForm,
            lambda c, u, d: services.accept_as_complaint(
                complaint=c,
                actor=u,
                route=d["route"],
                issue_date=d.get("issue_date"),
                discretion_reason=d.get("discretion_reason", ""),
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            # when it must be acknowledged, counted from the day received (2024 6.2), is on the page
            # (action.html): accepting it starts no clock
            intro="The resident has expressed dissatisfaction and wants it dealt with as a complaint.",
            provisions="2024 1.2, 1.3, 2.3, 6.1, 6.2",
            # 2024 6.1's early resolution or investigation has no 2022 provision
            provisions_2022=_rules_2022(
                "complaint_defined", "complaint_in_any_words", "time_limit", "acknowledge_within"
            ),
            done="Accepted as a stage 1 complaint",
            # a 2022 complaint's time limit is cited 1.8: by its words, before "issue"
            error_fields=(
                ("2.3", "", "discretion_reason"),
                ("", "reason for using discretion", "discretion_reason"),
                ("", "issue", "issue_date"),
            ),
        ),
        ActionSpec(
            Action.OFFER_CHOICE_TO_COMPLAIN,
            "Record the choice to make a complaint",
            "Record the resident's choice",
            f.ChoiceToComplainForm,
            lambda c, u, d: services.offer_choice_to_complain(
                complaint=c,
                actor=u,
                about=d.get("about", ""),
                how_offered=d.get("how_offered", ""),
                chose=d["chose"],
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="Whenever a resident expresses dissatisfaction, give them the choice to make a "
            "complaint. If they want to, it is logged now as a stage 1 complaint, whatever we think "
            "of it as a service request.",
            provisions="2024 1.3, 1.5; 2022 1.6",
            provisions_2022=_rules_2022("choice_to_complain"),
            done="The resident's choice is recorded",
            error_fields=(
                ("1.3", "dissatisfied", "about"),
                ("1.3", "choice", "how_offered"),
                ("1.6", "", "about"),
            ),
            primary=False,
        ),
        ActionSpec(
            Action.TRIAGE_AS_SERVICE_REQUEST,
            "Record as a service request",
            "Record as a service request",
            f.ServiceRequestForm,
            lambda c, u, d: services.triage_as_service_request(
                complaint=c,
                actor=u,
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
                # this page shows the reminder of the choice to make a complaint whenever the
                # triage hint reads a complaint (2024 1.3; ``views._dissatisfied``)
                choice_reminder_shown=True,
            ),
            intro="A request to put something right is a service request, not a complaint. If the "
            "resident is unhappy with how it is handled, they can still complain (2024 1.5).",
            # the 2022 Code's equivalent of 2024 1.5 is 1.6: logged as a complaint if the resident asks
            intro_2022="A request to put something right is a service request, not a complaint. If the "
            f"resident is unhappy with how it is handled, they can still complain ({rule('2022', 'choice_to_complain')}).",
            provisions="2024 1.4, 1.5",
            provisions_2022=_rules_2022("service_request", "choice_to_complain"),
            done="Recorded as a service request",
            error_fields=(("1.4", "", "reason"),),
            primary=False,
        ),
        ActionSpec(
            Action.RESOLVE_SERVICE_REQUEST,
            "Resolve the service request",
            "Resolve the service request",
            f.ResolveServiceRequestForm,
            lambda c, u, d: services.resolve_service_request(
                complaint=c,
                actor=u,
                resolution=d.get("resolution", ""),
                resolved_there_and_then=d.get("resolved_there_and_then", False),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            provisions="2024 1.4",
            provisions_2022=_rules_2022("service_request"),
            done="Service request resolved",
            error_fields=(("", "resolved", "resolution"),),
        ),
        ActionSpec(
            Action.DECLINE,
            "Decline the complaint",
            "Decline the complaint",
            f.DeclineForm,
            lambda c, u, d: services.decline_complaint(
                complaint=c,
                actor=u,
                ground=d["ground"],
                explanation=d.get("explanation", ""),
                considered_on_merits=d.get("considered_on_merits", ""),
                right_to_ombudsman_given=d.get("right_to_ombudsman_given", False),
                issue_date=d.get("issue_date"),
                previously_considered_in=d.get("previously_considered_in", ""),
                told=_told(d),
                on=d.get("on"),
                late_reason=d.get("late_reason", ""),
            ),
            intro="Only for a valid exclusion, considered on this complaint's own merits. The resident "
            "must be told why and of their right to take the decision to the Ombudsman.",
            provisions="2024 2.1-2.5",
            provisions_2022=_declining_2022,
            done="Complaint declined",
            error_fields=(
                # by their words: cited 2.4 at stage 1, 5.11 from stage 2 (2022: 1.9, 5.9, and 4.14
                # at a third stage; ``lifecycle.decline_provisions``)
                ("", "their right to take the decision", "right_to_ombudsman_given"),
                ("", "explanation of why the matter", "explanation"),
                # by their words too: a 2022 complaint's are cited 4.7, 1.8 and 1.7
                ("", "own circumstances were considered", "considered_on_merits"),
                ("2.5", "", "considered_on_merits"),
                ("", "within the time limit", "issue_date"),
                ("2.3", "", "issue_date"),
                # 2024 5.11 from stage 2, 2.1 naming this complaint at stage 1 (2022: 4.14, 1.7)
                ("", "earlier complaint", "previously_considered_in"),
                ("", "is not a valid reason", "ground"),
                ("2.1", "", "ground"),
            ),
            primary=False,
        ),
        ActionSpec(
            Action.ALLOCATE_HANDLER,
            "Allocate a complaint handler",
            "Allocate",
            f.AllocateForm,
            lambda c, u, d: services.allocate_handler(
                complaint=c,
                actor=u,
                handler=User.objects.get(pk=int(d["handler"]), is_active=True),
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="At stage 2, the person considering the complaint must not be anyone who considered it "
            "at stage 1, so they are not offered.",
            provisions="2024 6.13",
            provisions_2022=_rules_2022("different_handler"),
            done="Complaint handler allocated",
            error_fields=(("6.13", "", "handler"), ("5.12", "", "handler"), ("", "handler", "handler")),
        ),
        ActionSpec(
            Action.ACKNOWLEDGE,
            "Acknowledge and define the complaint",
            "Acknowledge the complaint",
            f.AcknowledgeForm,
            lambda c, u, d: services.acknowledge_complaint(
                complaint=c,
                actor=u,
                complaint_definition=d.get("complaint_definition", ""),
                outcomes_sought=d.get("outcomes_sought", ""),
                responsible_for=d.get("responsible_for", ""),
                not_responsible_for=d.get("not_responsible_for", ""),
                told=_told(d),
                on=d.get("on"),
                late_reason=d.get("late_reason", ""),
            ),
            intro="Set out your understanding of the complaint and the outcomes the resident wants, in "
            "their terms, and be clear what we are and are not responsible for. This starts the response clock.",
            provisions="2024 5.6, 5.7, 6.2, 6.3, 6.11, 6.14",
            provisions_2022=_acknowledging_2022,
            done="Complaint acknowledged",
            error_fields=(
                ("", "outcomes", "outcomes_sought"),
                ("", "complaint definition", "complaint_definition"),
                ("5.7", "", "responsible_for"),
                ("4.2", "responsible", "responsible_for"),
            ),
        ),
        ActionSpec(
            Action.EXTEND,
            "Extend the response deadline",
            "Extend the deadline",
            f.ExtendForm,
            lambda c, u, d: services.extend_response_deadline(
                complaint=c,
                actor=u,
                working_days=d["working_days"],
                reason=d.get("reason", ""),
                ombudsman_details_given=d.get("ombudsman_details_given", False),
                good_reason=d.get("good_reason", ""),
                told=_told(d),
                on=d.get("on"),
                late_reason=d.get("late_reason", ""),
            ),
            intro="Explain the reasons to the resident and give them the Ombudsman's contact details.",
            provisions="2024 6.4, 6.5, 6.15, 6.16",
            provisions_2022=_extending_2022,
            done="Response deadline extended",
            error_fields=(
                ("6.5", "", "ombudsman_details_given"),
                ("6.16", "", "ombudsman_details_given"),
                ("", "reasons for the extension", "reason"),
                ("", "good reason", "good_reason"),
                ("", "working day", "working_days"),
            ),
            primary=False,
        ),
        ActionSpec(
            Action.AGREE_UPDATE_INTERVAL,
            "Agree how often to update the resident",
            "Record the agreed updates",
            f.UpdateIntervalForm,
            lambda c, u, d: services.agree_update_interval(
                complaint=c,
                actor=u,
                every_working_days=d["every_working_days"],
                method=d.get("method", ""),
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="Where the response will fall outside the Code's timescales, agree with the resident how "
            "often you will keep them informed.",
            provisions="2024 5.9",
            provisions_2022=_rules_2022("update_interval"),
            done="Update interval agreed",
            # by its words too: a 2022 complaint's is cited 4.10
            error_fields=(
                ("5.9", "", "method"),
                ("", "how the resident will be kept informed", "method"),
                ("", "interval", "every_working_days"),
            ),
            primary=False,
        ),
        ActionSpec(
            Action.RESPOND,
            "Send the stage response",
            "Record the response",
            f.RespondForm,
            lambda c, u, d: services.respond_to_complaint(
                complaint=c,
                actor=u,
                outcome=d["outcome"],
                decision=d.get("decision", ""),
                reasons=d.get("reasons", ""),
                remedy=d.get("remedy", ""),
                outstanding_actions=d.get("outstanding_actions", ""),
                escalation_route=d.get("escalation_route", ""),
                complaint_stage=d.get("complaint_stage", ""),
                complaint_definition=d.get("complaint_definition", ""),
                told=_told(d),
                on=d.get("on"),
                late_reason=d.get("late_reason", ""),
            ),
            intro="Confirm each of these in writing, in clear, plain language.",
            provisions="2024 6.9, 6.19",
            provisions_2022=_responding_2022,
            done="Response recorded",
            error_fields=(
                ("6.13", "", "outcome"),
                # by its words too: a 2022 complaint's is cited 5.12
                ("", "must not be the same person", "outcome"),
                ("", "the response says there is no remedy", "remedy"),
                ("", "the response says there are no outstanding actions", "outstanding_actions"),
            ),
        ),
        ActionSpec(
            Action.REQUEST_ESCALATION,
            "Escalate to stage 2 for the resident",
            "Escalate to stage 2",
            f.EscalationForm,
            lambda c, u, d: services.request_escalation(
                complaint=c,
                actor=u,
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="Record the resident's request to escalate. They do not have to explain why; stage 2 "
            "will make reasonable efforts to understand why they remain unhappy.",
            # 2024 6.11's stage 2 acknowledgement has no 2022 timescale (``timescales``)
            provisions="2024 6.10, 6.11, 6.12",
            provisions_2022=_rules_2022("escalate_after_stage_1", "no_reason_needed"),
            done="Escalated to stage 2",
        ),
        ActionSpec(
            Action.DECLINE_ESCALATION,
            "Decline to escalate",
            "Decline to escalate",
            f.DeclineEscalationForm,
            lambda c, u, d: services.decline_escalation(
                complaint=c,
                actor=u,
                ground=d["ground"],
                explanation=d.get("explanation", ""),
                considered_on_merits=d.get("considered_on_merits", ""),
                right_to_ombudsman_given=d.get("right_to_ombudsman_given", False),
                previously_considered_in=d.get("previously_considered_in", ""),
                told=_told(d),
                on=d.get("on"),
                late_reason=d.get("late_reason", ""),
            ),
            intro="Only for the valid reasons that allow a complaint not to be accepted.",
            provisions="2024 5.11, 2.2-2.5",
            provisions_2022=_refusing_2022,
            done="Escalation declined",
            error_fields=(
                ("", "their right to take the decision", "right_to_ombudsman_given"),
                ("", "earlier complaint", "previously_considered_in"),
                ("", "explanation of why the matter", "explanation"),
                ("", "own circumstances were considered", "considered_on_merits"),
                ("2.5", "", "considered_on_merits"),
            ),
            primary=False,
        ),
        ActionSpec(
            Action.AGREE_REMEDY,
            "Record a remedy",
            "Record the remedy",
            f.RemedyForm,
            lambda c, u, d: services.agree_remedy(
                complaint=c,
                actor=u,
                remedy_kind=d["remedy_kind"],
                description=d.get("description", ""),
                due=d.get("due"),
                agreed_with_resident=d.get("agreed_with_resident", False),
                amount_pence=d.get("amount") or 0,
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="Say what will happen to put things right and by when, so it is followed through.",
            provisions="2024 7.1-7.3",
            provisions_2022=_rules_2022("put_right", "remedy_reflects", "remedy"),
            done="Remedy recorded",
            error_fields=(
                ("7.3", "by when", "due"),
                ("7.3", "", "description"),
                ("", "amount", "amount"),
                ("", "payment", "amount"),
                ("", "due", "due"),
            ),
            primary=False,
        ),
        ActionSpec(
            Action.COMPLETE_REMEDY,
            "Record a remedy as done",
            "Record as done",
            f.CompleteRemedyForm,
            lambda c, u, d: services.complete_remedy(
                complaint=c,
                actor=u,
                number=d["number"],
                evidence=d.get("evidence", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            provisions="2024 7.3",
            provisions_2022=_rules_2022("remedy"),
            done="Remedy recorded as done",
            error_fields=(("", "evidence", "evidence"), ("", "remedy", "number")),
            primary=False,
        ),
        ActionSpec(
            Action.WITHDRAW_REMEDY,
            "Withdraw a remedy",
            "Withdraw the remedy",
            f.WithdrawRemedyForm,
            lambda c, u, d: services.withdraw_remedy(
                complaint=c,
                actor=u,
                number=d["number"],
                ground=d["ground"],
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="For a remedy that will not be carried out: recorded in error, declined by the resident, "
            "or replaced by another remedy. It stays on the record, marked withdrawn with your reason, and "
            "the governance figures count it as withdrawn, never as done. Recording it as done instead "
            "would count a remedy never carried out, or a payment never made, as done.",
            provisions="2024 7.3",
            provisions_2022=_rules_2022("remedy"),
            done="Remedy withdrawn",
            error_fields=(("7.3", "why", "reason"), ("", "remedy", "number"), ("", "reason for", "ground")),
            primary=False,
        ),
        ActionSpec(
            Action.ADD_OUTSTANDING_ACTION,
            "Add an outstanding action",
            "Add the action",
            f.OutstandingActionForm,
            lambda c, u, d: services.add_outstanding_action(
                complaint=c,
                actor=u,
                description=d.get("description", ""),
                owner=d.get("owner", ""),
                due=d["due"],
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="Something still to be done after the answer is known, tracked to completion.",
            provisions="2024 6.6, 6.17",
            provisions_2022=_rules_2022("outstanding_actions_stage_1", "outstanding_actions"),
            done="Outstanding action added",
            error_fields=(("", "who will", "owner"), ("", "remains", "description"), ("", "due", "due")),
            primary=False,
        ),
        ActionSpec(
            Action.COMPLETE_OUTSTANDING_ACTION,
            "Complete an outstanding action",
            "Record as done",
            f.CompleteActionForm,
            lambda c, u, d: services.complete_outstanding_action(
                complaint=c,
                actor=u,
                number=d["number"],
                note=d.get("note", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            provisions="2024 6.6, 6.17",
            provisions_2022=_rules_2022("outstanding_actions_stage_1", "outstanding_actions"),
            done="Outstanding action completed",
            error_fields=(("", "action", "number"),),
            primary=False,
        ),
        ActionSpec(
            Action.RECORD_NEW_ISSUES,
            "Record new issues the resident raised",
            "Record the new issues",
            f.NewIssuesForm,
            lambda c, u, d: services.record_new_issues(
                complaint=c,
                actor=u,
                issues=d.get("issues", ""),
                related=d.get("related", False),
                would_unreasonably_delay=d.get("would_unreasonably_delay", False),
                handled=d["handled"],
                reason=d.get("reason", ""),
                added_outcomes=d.get("added_outcomes", ""),
                category=d.get("category"),
                told=_told(d),
                on=d.get("on"),
                late_reason=d.get("late_reason", ""),
            ),
            intro="Related issues raised before the stage 1 response are added to the complaint "
            "definition and answered in it; the resident is told of the amended definition. Otherwise "
            "they are logged as a new complaint linked to this one.",
            provisions="2024 6.8; 2022 5.7",
            provisions_2022=_rules_2022("new_issues"),
            done="New issues recorded",
            error_fields=(
                ("6.8", "reason", "reason"),
                ("6.8", "new issues the resident raised", "issues"),
                ("6.8", "", "handled"),
                ("5.7", "reason", "reason"),
                ("5.7", "", "handled"),
            ),
            primary=False,
        ),
        ActionSpec(
            Action.CLOSE,
            "Close the complaint",
            "Close the complaint",
            f.ReasonForm,
            lambda c, u, d: services.close_complaint(
                complaint=c,
                actor=u,
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            intro="Remedies and outstanding actions stay tracked after closing.",
            done="Complaint closed",
            primary=False,
        ),
        ActionSpec(
            Action.REFER_TO_OMBUDSMAN,
            "Record a referral to the Ombudsman",
            "Record the referral",
            f.OmbudsmanForm,
            lambda c, u, d: services.refer_to_ombudsman(
                complaint=c,
                actor=u,
                reference=d.get("reference", ""),
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            done="Referral to the Ombudsman recorded",
            primary=False,
        ),
        ActionSpec(
            Action.WITHDRAW,
            "Record that the resident withdrew the complaint",
            "Record the withdrawal",
            f.ReasonForm,
            lambda c, u, d: services.withdraw_complaint(
                complaint=c,
                actor=u,
                reason=d.get("reason", ""),
                on=d["on"],
                late_reason=d.get("late_reason", ""),
            ),
            done="Complaint withdrawn",
            primary=False,
        ),
        ActionSpec(
            Action.CORRECT_RECEIVED_DATE,
            "Correct the day the complaint was received",
            "Correct the day received",
            f.CorrectReceivedDateForm,
            lambda c, u, d: services.correct_received_date(
                complaint=c, actor=u, received_on=d["received_on"], reason=d.get("reason", "")
            ),
            intro="Only for a day recorded wrongly. The record keeps the day it replaces, with your reason "
            "and your name, and the acknowledgement is then due 5 working days from the corrected day. The "
            "day cannot be later than the day the complaint was put on the record, nor than its first step.",
            provisions="2024 5.12, 6.2",
            provisions_2022=_rules_2022("record", "acknowledge_within"),
            done="Day received corrected",
            error_fields=(("", "the reason for the correction", "reason"), ("", "", "received_on")),
            primary=False,
        ),
    )
}
BY_SLUG = {spec.slug: spec for spec in SPECS.values()}


def place_error(form: forms.Form, spec: ActionSpec, error: LifecycleError, detail: Any) -> None:
    """Show a refusal from the core on the form: on the field it is about where we know it (so the
    error summary links to it), always citing the provision. Nothing typed is lost: the form is
    re-rendered bound to what was posted."""
    covered: set[str | None] = set()
    if isinstance(error, CodeViolation) and error.missing and spec.action == Action.RESPOND:
        case = detail.case
        required = stage_response(case.edition, case.stage, final=case.stage >= max_stage(case, _rules()))
        for item in required:
            if item.provision in error.missing:
                name = RESPONSE_FIELDS.get(item.element)
                message = f.response_gap(item.provision, item.requirement)
                covered.add(name)
                if name is None or message not in form.errors.get(name, []):
                    form.add_error(name, message)
        # with the blanks named beside the empty sections (``complaints.services``), on their fields
        for name, message in getattr(error, "fields", ()):
            if name in form.fields and name not in covered:
                form.add_error(name, message)
        return
    named = [(name, message) for name, message in getattr(error, "fields", ()) if name in form.fields]
    if named:
        # a refusal about what fields say ("[TBC]" left in the reasons): on each of them
        for name, message in named:
            form.add_error(name, message)
        return
    form.add_error(field_of(error, (*COMMON_ERROR_FIELDS, *spec.error_fields), form), refusal(error))


def field_of(error: LifecycleError, fields: Iterable[tuple[str, str, str]], form: forms.Form) -> str | None:
    """The field of ``form`` a refusal is about: the first of ``fields`` (provision number, or "" for
    any; words in the refusal; field name) that matches; ``None`` (above the form) if none does."""
    number = (error.provision or "").partition(" ")[2]
    for provision, words, name in fields:
        if (
            (not provision or number == provision)
            and words.lower() in error.detail.lower()
            and name in form.fields
        ):
            return name
    return None


def _rules() -> Any:
    from putright.complaints.rules import landlord_rules

    return landlord_rules()
