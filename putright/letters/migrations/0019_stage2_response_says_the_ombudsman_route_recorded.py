"""The default stage 2 response template's 6.19 g section says the route to the Ombudsman the response
records (``{{ response.escalation_route }}``) instead of a fixed paragraph: the handler's words in the
response form's route field never reached the resident, so the record could hold a route the
resident was not sent (2024 5.12), as at stage 1 before 0017.

A landlord's stage 2 response template still word for word the old default (never edited; its ends
stripped, as the template editor saves it) is given the new section, and the change is kept in its
history; a template the landlord wrote or changed is left as it is. Frozen here: the default may
change again later."""

from django.db import migrations
from putright.letters.migrations._default_bodies import new_default_bodies

#: the old default body (as 0018 left it; frozen)
OLD_BODY = (
    "Dear {{ addressee.name }},\n"
    "\n"
    "[6.19 a] Our final response\n"
    "This is our final response to your complaint, reference {{ complaint.reference }}, at "
    "{{ response.complaint_stage }}, the last stage of our complaints procedure.\n"
    "\n"
    "[6.19 b] What your complaint is about\n"
    "{{ response.complaint_definition }}\n"
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
    "If you remain unhappy, you can refer your complaint to the Housing Ombudsman Service, which is "
    "free and independent. You can contact them online, by phone or by post:\n"
    "\n"
    "- Telephone: {{ ombudsman.phone }}\n"
    "- Online complaint form: {{ ombudsman.form_url }}\n"
    "- Email: {{ ombudsman.email }}\n"
    "- Post: {{ ombudsman.address }}\n"
    "[/]\n"
    "\n"
    "You can contact the Housing Ombudsman Service at any time for free, impartial advice. "
    "Telephone: {{ ombudsman.phone }}. Website: {{ ombudsman.website }}.\n"
    "\n"
    "Yours sincerely,\n"
)
#: the 6.19 g section's text, as it was and as it is now
OLD_SECTION = OLD_BODY[OLD_BODY.index("If you remain unhappy") : OLD_BODY.index("[/]")]
NEW_SECTION = "{{ response.escalation_route }}\n"
NEW_BODY = OLD_BODY.replace(OLD_SECTION, NEW_SECTION)


class Migration(migrations.Migration):
    dependencies = [("letters", "0018_responses_say_the_stage_and_definition_recorded")]

    operations = [new_default_bodies({"stage2-response": (OLD_BODY, NEW_BODY)})]
