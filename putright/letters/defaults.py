"""The default letter templates, one per kind, in the letter format (:mod:`putright.letters.document`).

Written from the sample letters in ``tests/letters/fixtures`` (plain words, short sentences, the
Ombudsman's details in every letter). Each part the Code requires sits in a marked section headed
by the Code check's marker (``[6.9 g] If you are not happy with our response``), so the check does
not depend on wording and the landlord can reword freely. Markers use the 2024 provision numbers
(with the element name where one provision requires two things, 5.6); the extension notice and the
2022-only stage 3 response use element names, which hold at either stage and in either edition.

Values come from the case through ``{{ placeholders }}`` (:mod:`putright.letters.placeholders`);
``[enter ...]`` is a blank the handler fills in before the letter can be issued.

A data migration seeds these; "Restore the default" on the template page reads them again.
"""

from __future__ import annotations

from dataclasses import dataclass

OMBUDSMAN_FOOTER = (
    "You can contact the Housing Ombudsman Service at any time for free, impartial advice. "
    "Telephone: {{ ombudsman.phone }}. Website: {{ ombudsman.website }}."
)

CONTACT_US = "If you have any questions, please call us on {{ contact.phone }} or email {{ contact.email }}."


@dataclass(frozen=True)
class DefaultTemplate:
    kind: str
    title: str
    body: str


def _letter(*parts: str, footer: bool = True) -> str:
    """A letter: salutation, the parts, the Ombudsman's details (unless a part already gives them)."""
    ending = [OMBUDSMAN_FOOTER] if footer else []
    return "\n\n".join(["Dear {{ addressee.name }},", *parts, *ending, "Yours sincerely,"]) + "\n"


DEFAULT_TEMPLATES: dict[str, DefaultTemplate] = {
    t.kind: t
    for t in (
        DefaultTemplate(
            "stage1-acknowledgement",
            "We have logged your complaint",
            _letter(
                "[6.2] Your complaint\n"
                "Thank you for contacting us on {{ complaint.received_on }}. We have logged your "
                "complaint at stage 1 of our complaints procedure.",
                "[5.6 complaint_definition] What your complaint is about\n"
                "Our understanding of your complaint is:\n\n{{ definition.complaint }}",
                "[5.6 outcomes_sought] What you would like us to do\n{{ definition.outcomes_sought }}",
                "[5.7] What we are responsible for\n"
                "We are responsible for: {{ definition.responsible_for }}\n\n"
                "{{ definition.not_responsible_for }}",
                "[6.3] When you will hear from us\n"
                "We will send you our full response by {{ deadline.response_due }}.\n[/]",
                "If we have got anything wrong, or you want to add anything, please call us on "
                "{{ contact.phone }} or email {{ contact.email }}.",
            ),
        ),
        DefaultTemplate(
            "stage2-acknowledgement",
            "We have logged your request to escalate your complaint",
            _letter(
                "[6.11] Your complaint at stage 2\n"
                "Thank you for asking us to look at your complaint again. We have logged your "
                "complaint at stage 2 of our complaints procedure. Someone who was not involved at "
                "stage 1 will look at it afresh.",
                "[5.6 complaint_definition] What your complaint is about\n"
                "We understand that you remain unhappy because:\n\n{{ definition.complaint }}",
                "[5.6 outcomes_sought] What you would like us to do\n{{ definition.outcomes_sought }}",
                "[5.7] What we are responsible for\n"
                "We are responsible for: {{ definition.responsible_for }}\n\n"
                "{{ definition.not_responsible_for }}",
                "[6.14] When you will hear from us\n"
                "We will send you our final response by {{ deadline.response_due }}.\n[/]",
                "If any of this is wrong, please call us on {{ contact.phone }} or email "
                "{{ contact.email }}.",
            ),
        ),
        DefaultTemplate(
            "extension-notice",
            "We need more time to answer your complaint",
            _letter(
                "We are writing about your complaint, reference {{ complaint.reference }}. We said we "
                "would answer by {{ deadline.original_response_due }}.",
                "[extension_reasons] Why we need more time\n"
                "I am sorry, but we need more time, for the reason below.\n\n{{ extension.reason }}",
                "[new_deadline] When you will hear from us\n"
                "We will now send you our response by {{ extension.new_response_due }}.",
                "[ombudsman_contact_details] If you are unhappy about this\n"
                "You can contact the Housing Ombudsman Service for free, impartial advice:\n\n"
                "- Telephone: {{ ombudsman.phone }}\n"
                "- Website: {{ ombudsman.website }}\n"
                "- Post: {{ ombudsman.address }}\n[/]",
                CONTACT_US,
                footer=False,
            ),
        ),
        DefaultTemplate(
            "stage1-response",
            "Our response to your complaint",
            _letter(
                # the stage and the definition the response records (2024 6.9 a, b), as the response
                # form gives them and the handler may change them: issuing guards them
                # (``services.differs_from_the_record``)
                "[6.9 a] Our response\n"
                "This is our response to your complaint, reference {{ complaint.reference }}, at "
                "{{ response.complaint_stage }} of our complaints procedure.",
                "[6.9 b] What your complaint is about\n{{ response.complaint_definition }}",
                "[6.9 c] Our decision\n{{ response.decision }}",
                "[6.9 d] Why we made this decision\n{{ response.reasons }}",
                "[6.9 e] Putting things right\n{{ response.remedy }}",
                "[6.9 f] What we still need to do\n{{ response.outstanding_actions }}",
                # the route the response records (2024 6.9 g), so the letter says what the record
                # holds and issuing guards it (``services.differs_from_the_record``); the response
                # form opens with the landlord's standard words (``services.standard_escalation_route``)
                "[6.9 g] If you are not happy with our response\n"
                "{{ response.escalation_route }}\n"
                "You do not have to tell us why.\n[/]",
            ),
        ),
        DefaultTemplate(
            "stage2-response",
            "Our final response to your complaint",
            _letter(
                # as at stage 1: what the response records (2024 6.19 a, b)
                "[6.19 a] Our final response\n"
                "This is our final response to your complaint, reference {{ complaint.reference }}, at "
                "{{ response.complaint_stage }}, the last stage of our complaints procedure.",
                "[6.19 b] What your complaint is about\n{{ response.complaint_definition }}",
                "[6.19 c] Our decision\n{{ response.decision }}",
                "[6.19 d] Why we made this decision\n{{ response.reasons }}",
                "[6.19 e] Putting things right\n{{ response.remedy }}",
                "[6.19 f] What we still need to do\n{{ response.outstanding_actions }}",
                # the route the response records (2024 6.19 g: "details of how to escalate the matter
                # to the Ombudsman Service if the individual remains dissatisfied"), as at stage 1
                # (6.9 g): the response form opens with the landlord's standard words
                # (``services.standard_ombudsman_route``) and issuing guards them
                "[6.19 g] Taking your complaint to the Housing Ombudsman\n"
                "{{ response.escalation_route }}\n[/]",
            ),
        ),
        DefaultTemplate(
            "stage3-response",
            "Our final response to your complaint",
            _letter(
                # as at stages 1 and 2: what the response records (2022 5.20)
                "[complaint_stage] Our final response\n"
                "This is our final response to your complaint, reference {{ complaint.reference }}, at "
                "{{ response.complaint_stage }}, the last stage of our complaints procedure.",
                "[complaint_definition] What your complaint is about\n{{ response.complaint_definition }}",
                "[decision] Our decision\n{{ response.decision }}",
                "[reasons] Why we made this decision\n{{ response.reasons }}",
                "[remedy] Putting things right\n{{ response.remedy }}",
                "[outstanding_actions] What we still need to do\n{{ response.outstanding_actions }}",
                "[ombudsman_route] Taking your complaint to the Housing Ombudsman\n"
                "If you remain unhappy, you can refer your complaint to the Housing Ombudsman Service, "
                "which is free and independent:\n\n"
                "- Telephone: {{ ombudsman.phone }}\n"
                "- Online complaint form: {{ ombudsman.form_url }}\n"
                "- Post: {{ ombudsman.address }}\n[/]",
            ),
        ),
        DefaultTemplate(
            "decision-not-to-accept",
            "We cannot accept your complaint",
            _letter(
                "Thank you for contacting us on {{ complaint.received_on }}.",
                "[2.4 exclusion_reasons] Why we cannot accept it\n"
                "We cannot accept this as a complaint because of the reason below.\n\n"
                "{{ exclusion.reason }}",
                "[2.4 right_to_ombudsman] If you disagree\n"
                "If you disagree with our decision, you have the right to ask the Housing Ombudsman "
                "Service to look at it. The Ombudsman may tell us to take on your complaint if it "
                "thinks we have not applied our policy fairly.\n[/]",
                CONTACT_US,
            ),
        ),
        DefaultTemplate(
            "decision-not-to-escalate",
            "We cannot escalate your complaint",
            _letter(
                "Thank you for asking us to take your complaint, reference {{ complaint.reference }}, "
                "to the next stage.",
                "[5.11] Why we cannot escalate it\n"
                "We have decided not to escalate your complaint because of the reason below.\n\n"
                # the earlier complaint, where the matter was previously considered (2024 5.11);
                # nothing on any other ground
                "{{ exclusion.reason }}\n\n{{ exclusion.previously_considered }}",
                "[2.4] If you disagree\n"
                "If you disagree with our decision, you have the right to ask the Housing Ombudsman "
                "Service to look at it.\n[/]",
                CONTACT_US,
            ),
        ),
        DefaultTemplate(
            "remedy-offer",
            "Putting things right",
            _letter(
                "This letter sets out what we will do to put things right on your complaint, "
                "reference {{ complaint.reference }}.",
                "[7.3 remedy_what] What we will do\n{{ remedy.list }}",
                "[7.3 remedy_by_when] By when\nWe will have done all of this by {{ remedy.by_when }}.\n[/]",
                "If anything changes, we will let you know straight away. " + CONTACT_US,
            ),
        ),
        DefaultTemplate(
            "keeping-informed-update",
            "An update on your complaint",
            _letter(
                "We are writing with an update on your complaint, reference {{ complaint.reference }}.",
                "[5.9 complaint_progress] What has happened so far\n"
                "[enter what has happened since we last wrote, and what we are waiting for]",
                "[5.9 update_interval] When we will next update you\n"
                "As we agreed with you, we will update you {{ update.interval }}.\n[/]",
                "If you need to speak to us before then, please call us on {{ contact.phone }}.",
            ),
        ),
        DefaultTemplate(
            "definition-amended",
            "We have added to your complaint",
            _letter(
                "We are writing about your complaint, reference {{ complaint.reference }}. You told us "
                "about more issues while we were looking into it, and we have added them to your complaint "
                "so that our response answers them too.",
                "[complaint_definition] What your complaint is about\n"
                "Our understanding of your complaint is now:\n\n{{ definition.complaint }}",
                "[outcomes_sought] What you would like us to do\n{{ definition.outcomes_sought }}\n[/]",
                "We will send you our response by {{ deadline.response_due }}. If we have got anything "
                "wrong, please call us on {{ contact.phone }} or email {{ contact.email }}.",
            ),
        ),
        DefaultTemplate(
            "outstanding-action-update",
            "An update on the work we said we would do",
            _letter(
                "In our response to your complaint, reference {{ complaint.reference }}, we told you "
                "about work we had not yet finished. This letter tells you where that work has got to.",
                "[6.17 outstanding_actions] What is still outstanding\n{{ actions.list }}",
                "[6.17 action_timescale] When it will be done\n"
                "We will complete the outstanding work by {{ actions.by_when }}.\n[/]",
                "If this does not suit you, please call us on {{ contact.phone }} and we will rearrange it.",
            ),
        ),
        DefaultTemplate(
            "contact-restriction-notice",
            "How you can contact us for now",
            _letter(
                "We are writing to tell you that we are changing how you can contact us.",
                "[5.14 restriction_reasons] Why we are doing this\n"
                "We are doing this because of the behaviour described below.\n\n{{ restriction.reason }}",
                "[5.15 restriction_details] How you can contact us\n{{ restriction.details }}\n\n"
                "This does not affect repairs: you can still report emergency repairs by phone.",
                "[5.15 equality_regard] Your needs\n{{ restriction.equality }}\n\n"
                "If you need us to make reasonable adjustments under the Equality Act 2010, or want "
                "information in another format, please tell us and we will help.",
                "[5.14 restriction_review] When we will review this\n"
                "We will review this restriction on {{ restriction.review_due }} and write to you then.\n[/]",
                "Your complaint will carry on as normal.",
            ),
        ),
        DefaultTemplate(
            "contact-restriction-ended",
            "You can contact us as before",
            _letter(
                "We are writing to tell you that we have reviewed the restriction on how you could "
                "contact us, and it ended on {{ restriction.ended_on }}.",
                "The restriction was: {{ restriction.details }}\n\n"
                "From now on you can contact us in any of the usual ways.",
                "If you need us to make reasonable adjustments, or want information in another format, "
                "please tell us and we will help.",
                "Your complaint will carry on as normal.",
            ),
        ),
    )
}
