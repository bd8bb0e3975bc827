"""Shared by the letters tests: the sample letters and the paragraph that gives each element."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

OMBUDSMAN_FOOTER = "You can contact the Housing Ombudsman Service at any time"

#: kind -> element -> a phrase from the one paragraph (blank-line block) of the sample letter that
#: gives that element. Removing that paragraph must leave exactly that element missing.
PARAGRAPH_FOR: dict[str, dict[str, str]] = {
    "stage1-acknowledgement": {
        "complaint_stage": "logged your complaint at stage 1",
        "complaint_definition": "Our understanding of your complaint",
        "outcomes_sought": "You would like us to repair",
        "responsibilities": "We are responsible for repairing",
        "response_date": "We will send you our full response by",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "stage2-acknowledgement": {
        "complaint_stage": "logged your complaint at stage 2",
        "complaint_definition": "We understand that you remain unhappy",
        "outcomes_sought": "You would like the door replaced",
        "responsibilities": "We are responsible for the main door",
        "response_date": "We will send you our final response by",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "extension-notice": {
        "new_deadline": "We will now send you our full response by",
        "extension_reasons": "we need more time because",
        "ombudsman_contact_details": "Telephone: 0300 111 3000",
    },
    "stage1-response": {
        "complaint_stage": "This is our stage 1 response",
        "complaint_definition": "Your complaint is about",
        "decision": "We have decided to uphold",
        "reasons": "We found that our contractor",
        "remedy": "To put things right",
        "outstanding_actions": "still outstanding",
        "escalation_route": "take your complaint to stage 2",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "stage2-response": {
        "complaint_stage": "This is our stage 2 response",
        "complaint_definition": "Your complaint is about",
        "decision": "We have decided to partly uphold",
        "reasons": "We agree that we missed",
        "remedy": "To put things right",
        "outstanding_actions": "one outstanding action",
        "ombudsman_route": "refer your complaint to the Housing Ombudsman Service",
        "ombudsman_contact_details": "- Telephone: 0300 111 3000",
    },
    "stage3-response": {
        "complaint_stage": "This is our stage 3 response",
        "complaint_definition": "Your complaint is about",
        "decision": "The panel decided",
        "reasons": "The panel found",
        "remedy": "further remedy",
        "outstanding_actions": "no outstanding actions",
        "ombudsman_route": "refer your complaint to the Housing Ombudsman Service",
        "ombudsman_contact_details": "- Telephone: 0300 111 3000",
    },
    "decision-not-to-accept": {
        "exclusion_reasons": "We cannot accept this as a complaint",
        "right_to_ombudsman": "If you disagree with our decision",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "decision-not-to-escalate": {
        "exclusion_reasons": "We have decided not to escalate",
        "right_to_ombudsman": "If you disagree with our decision",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "remedy-offer": {
        "remedy_what": "To put things right",
        "remedy_by_when": "The payment will reach your bank account",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "keeping-informed-update": {
        "complaint_progress": "Since we last wrote",
        "update_interval": "every Friday",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "outstanding-action-update": {
        "outstanding_actions": "is still outstanding",
        "action_timescale": "Our electrician will fit the new fan",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "definition-amended": {
        "complaint_definition": "Our understanding of your complaint is now",
        "outcomes_sought": "You would like both radiators replaced",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "contact-restriction-notice": {
        "restriction_reasons": "because of the abusive",
        "restriction_details": "contact us only by email",
        "equality_regard": "Equality Act 2010",
        "restriction_review": "We will review this restriction",
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
    "contact-restriction-ended": {
        "ombudsman_contact_details": OMBUDSMAN_FOOTER,
    },
}


def sample(kind: str) -> str:
    return (FIXTURES / f"{kind}.txt").read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def without_paragraph(text: str, phrase: str) -> str:
    """The letter without the blank-line block(s) containing ``phrase`` (which must be there once)."""
    blocks = paragraphs(text)
    hits = [b for b in blocks if phrase in b]
    assert len(hits) == 1, f"{phrase!r} is in {len(hits)} paragraphs"
    return "\n\n".join(b for b in blocks if phrase not in b)


def case_id(edition: str, provision: str, kind: str, element: str) -> str:
    """``2024_6_9_g_stage1_response_missing_escalation_route``: the provision leads."""
    number = provision.split(" ", 1)[1].replace(".", "_").replace(" ", "_")
    return f"{edition}_{number}_{kind.replace('-', '_')}_missing_{element}"
