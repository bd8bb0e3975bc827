"""The default response templates' complaint stage and complaint definition sections (2024 6.9 a, b;
6.19 a, b; 2022 5.20) say what the response records (``{{ response.complaint_stage }}``,
``{{ response.complaint_definition }}``) instead of a fixed "stage 1" and the definition the stage was
acknowledged with: the handler's definition on the response form (with the outcomes sought it opens
with) never reached the resident, and the record held a definition the resident was not sent (5.12).

A landlord's response template still word for word the old default (never edited) is given the new
sections, and the change is kept in its history; a template the landlord wrote or changed is left as
it is. Frozen here: the defaults may change again later."""

from django.db import migrations
from putright.letters.migrations._default_bodies import new_default_bodies

#: kind -> the old default body (frozen: the defaults may change again later)
OLD_BODIES = {
    "stage1-response": (
        "Dear {{ addressee.name }},\n"
        "\n"
        "[6.9 a] Our response\n"
        "This is our stage 1 response to your complaint, reference {{ complaint.reference }}.\n"
        "\n"
        "[6.9 b] What your complaint is about\n"
        "{{ definition.complaint }}\n"
        "\n"
        "[6.9 c] Our decision\n"
        "{{ response.decision }}\n"
        "\n"
        "[6.9 d] Why we made this decision\n"
        "{{ response.reasons }}\n"
        "\n"
        "[6.9 e] Putting things right\n"
        "{{ response.remedy }}\n"
        "\n"
        "[6.9 f] What we still need to do\n"
        "{{ response.outstanding_actions }}\n"
        "\n"
        "[6.9 g] If you are not happy with our response\n"
        "{{ response.escalation_route }}\n"
        "You do not have to tell us why.\n"
        "[/]\n"
        "\n"
        "You can contact the Housing Ombudsman Service at any time for free, impartial advice. Telephone: {{ ombudsman.phone }}. Website: {{ ombudsman.website }}.\n"
        "\n"
        "Yours sincerely,\n"
    ),
    "stage2-response": (
        "Dear {{ addressee.name }},\n"
        "\n"
        "[6.19 a] Our final response\n"
        "This is our stage 2 response to your complaint, reference {{ complaint.reference }}. It is the last stage of our complaints procedure.\n"
        "\n"
        "[6.19 b] What your complaint is about\n"
        "{{ definition.complaint }}\n"
        "\n"
        "[6.19 c] Our decision\n"
        "{{ response.decision }}\n"
        "\n"
        "[6.19 d] Why we made this decision\n"
        "{{ response.reasons }}\n"
        "\n"
        "[6.19 e] Putting things right\n"
        "{{ response.remedy }}\n"
        "\n"
        "[6.19 f] What we still need to do\n"
        "{{ response.outstanding_actions }}\n"
        "\n"
        "[6.19 g] Taking your complaint to the Housing Ombudsman\n"
        "If you remain unhappy, you can refer your complaint to the Housing Ombudsman Service, which is free and independent. You can contact them online, by phone or by post:\n"
        "\n"
        "- Telephone: {{ ombudsman.phone }}\n"
        "- Online complaint form: {{ ombudsman.form_url }}\n"
        "- Email: {{ ombudsman.email }}\n"
        "- Post: {{ ombudsman.address }}\n"
        "[/]\n"
        "\n"
        "You can contact the Housing Ombudsman Service at any time for free, impartial advice. Telephone: {{ ombudsman.phone }}. Website: {{ ombudsman.website }}.\n"
        "\n"
        "Yours sincerely,\n"
    ),
    "stage3-response": (
        "Dear {{ addressee.name }},\n"
        "\n"
        "[complaint_stage] Our final response\n"
        "This is our stage 3 response to your complaint, reference {{ complaint.reference }}. It is the last stage of our complaints procedure.\n"
        "\n"
        "[complaint_definition] What your complaint is about\n"
        "{{ definition.complaint }}\n"
        "\n"
        "[decision] Our decision\n"
        "{{ response.decision }}\n"
        "\n"
        "[reasons] Why we made this decision\n"
        "{{ response.reasons }}\n"
        "\n"
        "[remedy] Putting things right\n"
        "{{ response.remedy }}\n"
        "\n"
        "[outstanding_actions] What we still need to do\n"
        "{{ response.outstanding_actions }}\n"
        "\n"
        "[ombudsman_route] Taking your complaint to the Housing Ombudsman\n"
        "If you remain unhappy, you can refer your complaint to the Housing Ombudsman Service, which is free and independent:\n"
        "\n"
        "- Telephone: {{ ombudsman.phone }}\n"
        "- Online complaint form: {{ ombudsman.form_url }}\n"
        "- Post: {{ ombudsman.address }}\n"
        "[/]\n"
        "\n"
        "You can contact the Housing Ombudsman Service at any time for free, impartial advice. Telephone: {{ ombudsman.phone }}. Website: {{ ombudsman.website }}.\n"
        "\n"
        "Yours sincerely,\n"
    ),
}
#: kind -> the complaint stage sentence (6.9 a, 6.19 a; 2022 5.20), as it was and as it is now
STAGE_SENTENCES = {
    "stage1-response": (
        "This is our stage 1 response to your complaint, reference {{ complaint.reference }}.",
        "This is our response to your complaint, reference {{ complaint.reference }}, at {{ response.complaint_stage }} of our complaints procedure.",
    ),
    "stage2-response": (
        "This is our stage 2 response to your complaint, reference {{ complaint.reference }}. It is the last stage of our complaints procedure.",
        "This is our final response to your complaint, reference {{ complaint.reference }}, at {{ response.complaint_stage }}, the last stage of our complaints procedure.",
    ),
    "stage3-response": (
        "This is our stage 3 response to your complaint, reference {{ complaint.reference }}. It is the last stage of our complaints procedure.",
        "This is our final response to your complaint, reference {{ complaint.reference }}, at {{ response.complaint_stage }}, the last stage of our complaints procedure.",
    ),
}
#: the complaint definition section's placeholder (6.9 b, 6.19 b), as it was and as it is now
DEFINITION_LINES = ("{{ definition.complaint }}\n", "{{ response.complaint_definition }}\n")


def _new(kind: str, old: str) -> str:
    """``old`` with the stage sentence and the definition placeholder the response records."""
    was, now = STAGE_SENTENCES[kind]
    assert old.count(was) == 1 and old.count(DEFINITION_LINES[0]) == 1, kind
    return old.replace(was, now).replace(*DEFINITION_LINES)


#: kind -> (the old default body, the new one)
BODIES = {kind: (old, _new(kind, old)) for kind, old in OLD_BODIES.items()}


class Migration(migrations.Migration):
    dependencies = [("letters", "0017_stage1_response_says_the_escalation_route")]

    operations = [new_default_bodies(BODIES)]
