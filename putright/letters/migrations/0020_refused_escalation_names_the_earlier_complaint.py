"""The default letter refusing to escalate (2024 5.11) names the earlier complaint that considered the
matter, where escalation is refused as previously considered (``{{ exclusion.previously_considered }}``,
nothing on any other ground): the record required it and kept it, but the resident was never told
which complaint the refusal rests on ("Landlords must clearly set out these reasons").

A landlord's template still word for word the old default (never edited; its ends stripped, as the
template editor saves it) is given the new sentence, and the change is kept in its history; a template
the landlord wrote or changed is left as it is. Frozen here: the default may change again later."""

from django.db import migrations
from putright.letters.migrations._default_bodies import new_default_bodies

KIND = "decision-not-to-escalate"
#: the old default body (frozen)
OLD_BODY = (
    "Dear {{ addressee.name }},\n"
    "\n"
    "Thank you for asking us to take your complaint, reference {{ complaint.reference }}, to the next "
    "stage.\n"
    "\n"
    "[5.11] Why we cannot escalate it\n"
    "We have decided not to escalate your complaint because of the reason below.\n"
    "\n"
    "{{ exclusion.reason }}\n"
    "\n"
    "[2.4] If you disagree\n"
    "If you disagree with our decision, you have the right to ask the Housing Ombudsman Service to "
    "look at it.\n"
    "[/]\n"
    "\n"
    "If you have any questions, please call us on {{ contact.phone }} or email {{ contact.email }}.\n"
    "\n"
    "You can contact the Housing Ombudsman Service at any time for free, impartial advice. "
    "Telephone: {{ ombudsman.phone }}. Website: {{ ombudsman.website }}.\n"
    "\n"
    "Yours sincerely,\n"
)
#: the reason's line, as it was and as it is now
REASON = ("{{ exclusion.reason }}\n", "{{ exclusion.reason }}\n\n{{ exclusion.previously_considered }}\n")
NEW_BODY = OLD_BODY.replace(*REASON)


class Migration(migrations.Migration):
    dependencies = [("letters", "0019_stage2_response_says_the_ombudsman_route_recorded")]

    operations = [new_default_bodies({KIND: (OLD_BODY, NEW_BODY)})]
