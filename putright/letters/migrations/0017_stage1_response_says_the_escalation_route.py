"""The default stage 1 response template's 6.9 g section says the escalation route the response
records (``{{ response.escalation_route }}``) instead of a fixed sentence with a date counted from the
day the letter was drafted: the resident was never sent the route the record holds, and a letter
issued days after it was drafted gave less time than the landlord's own window.

A landlord's stage 1 response template still word for word the old default (never edited) is given
the new section, and the change is kept in its history; a template the landlord wrote or changed is
left as it is (a template without the placeholder only does not guard the route). Frozen here: the
default may change again later."""

from django.db import migrations
from putright.letters.migrations._default_bodies import new_default_bodies

_HEAD = (
    "Dear {{ addressee.name }},\n\n"
    "[6.9 a] Our response\n"
    "This is our stage 1 response to your complaint, reference {{ complaint.reference }}.\n\n"
    "[6.9 b] What your complaint is about\n{{ definition.complaint }}\n\n"
    "[6.9 c] Our decision\n{{ response.decision }}\n\n"
    "[6.9 d] Why we made this decision\n{{ response.reasons }}\n\n"
    "[6.9 e] Putting things right\n{{ response.remedy }}\n\n"
    "[6.9 f] What we still need to do\n{{ response.outstanding_actions }}\n\n"
)
_OLD_SECTION = (
    "[6.9 g] If you are not happy with our response\n"
    "You can ask us to take your complaint to stage 2. Please reply to this letter, email "
    "{{ contact.email }} or call us on {{ contact.phone }} by {{ deadline.escalation_by }}. "
    "You do not have to tell us why.\n[/]"
)
_NEW_SECTION = (
    "[6.9 g] If you are not happy with our response\n"
    "{{ response.escalation_route }}\n"
    "You do not have to tell us why.\n[/]"
)
_TAIL = (
    "\n\nYou can contact the Housing Ombudsman Service at any time for free, impartial advice. "
    "Telephone: {{ ombudsman.phone }}. Website: {{ ombudsman.website }}.\n\n"
    "Yours sincerely,\n"
)
OLD_BODY = _HEAD + _OLD_SECTION + _TAIL
NEW_BODY = _HEAD + _NEW_SECTION + _TAIL


class Migration(migrations.Migration):
    dependencies = [("letters", "0016_response_date_recorded_by")]

    operations = [new_default_bodies({"stage1-response": (OLD_BODY, NEW_BODY)})]
