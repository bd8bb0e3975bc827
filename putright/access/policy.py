"""Who may see and do what, for every door (workspace, API, letters, documents, intake, governance,
exports, the Django admin), as ``rules`` predicates, with the same rule as a database filter for
lists (:func:`scope`; a test proves they agree).

* **Handling complaints** is for complaints officers, complaint handlers, managers and
  administrators. Only they see complaint records, with their residents' personal and health
  details (names, contact details, disabilities, adjustments, what residents wrote): the Member
  Responsible for Complaints and the governing body get figures, trends and anonymised case
  summaries on the governance pages, which is the information 2024 9.6 and 9.7 ask them to have.
* Officers, managers and administrators see every complaint; a complaint handler sees the
  complaints they handle or handled (either stage), those handled by their team, and those still
  waiting for a handler (the team's shared intake), so nothing new is invisible to the people who
  pick it up.
* A restricted complaint (for example one about a member of staff) is seen only by the people named
  on it, whatever their role (``putright.complaints.selectors.visible_complaints``).
* Acting on a complaint (steps, letters, documents, correspondence) needs the same; allocating a
  handler is for officers, managers and administrators; confirming that someone allocated to an
  earlier stage never considered it (2024 6.13) is for managers and administrators; correcting the
  day a complaint was received (2024 5.12) is for officers, managers and administrators, never the
  handler whose clock it sets. The MRC and the governing body never write to a complaint.
* Governance: every member of staff reads the figures; officers, managers, the MRC and
  administrators record (learning, self-assessment, reports, Ombudsman cases).
* Letter templates and the letterhead: administrators and managers. The Django admin:
  administrators with staff status.
* The access log of a complaint: complaints officers and administrators who can see it.
* Data protection (subject access exports, legal holds, the retention list, the orphan file report,
  matching contacts to residents, a resident's access log): complaints officers and administrators.
  Anything about one resident needs, as well, that they can see every complaint of that resident:
  a resident with a complaint restricted to named staff is handled only by those named on it (or a
  superuser), so an export, a hold or a match never shows restricted data to anyone else.
* Importing existing complaints from the previous system (``putright.imports``): administrators.

The permission names ``workspace.view_complaint``, ``workspace.act_on_complaint``,
``workspace.allocate_handler``, ``workspace.log_contact`` and ``workspace.use`` are kept; the other
doors' permissions are named ``access.*``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import rules
from django.db.models import Q, QuerySet

from putright.accounts.models import Role, User
from putright.complaints.models import Complaint, Resident
from putright.complaints.selectors import COMPLAINT_YOU_CANNOT_SEE, Opens, visible_complaints
from putright.governance.models import OmbudsmanCase

#: the people who handle complaints: they see complaint records and act on them
HANDLES_COMPLAINTS = frozenset(
    {Role.COMPLAINTS_OFFICER, Role.COMPLAINT_HANDLER, Role.MANAGER, Role.ADMINISTRATOR}
)
#: of those, the ones who see every complaint (a handler sees their own, their team's and the intake)
SEES_ALL = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
#: the working roles (kept under the workspace's old name)
ACTS = HANDLES_COMPLAINTS
ALLOCATES = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
RECORDS_GOVERNANCE = frozenset(
    {
        Role.COMPLAINTS_OFFICER,
        Role.MANAGER,
        Role.ADMINISTRATOR,
        Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS,
    }
)
#: 2024 6.13: confirming that someone allocated to an earlier stage never considered it is a
#: manager's decision (``complaints.services.confirm_independence`` refuses anyone else)
CONFIRMS_INDEPENDENCE = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
#: 2024 5.12: the day a complaint was received starts its clocks, so putting it right is for the
#: people who answer for the record, not a complaint handler whose timeliness it decides
#: (``complaints.services.correct_received_date`` refuses anyone else)
CORRECTS_RECEIVED_DATE = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
EDITS_LETTER_TEMPLATES = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
SEES_ACCESS_LOG = frozenset({Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR})
#: subject access exports, legal holds, retention, orphan files, matching contacts to residents
HANDLES_DATA_PROTECTION = frozenset({Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR})
#: bringing existing complaints in from the previous system (``putright.imports``): administrators
IMPORTS_COMPLAINTS = frozenset({Role.ADMINISTRATOR})
#: erasing (anonymising) a resident on request (UK GDPR Article 17): the complaints officer and
#: administrators, the people who answer for the record as a whole
ERASES_RESIDENTS = frozenset({Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR})
#: the people whose pages are the governance pages, not complaint records
GOVERNANCE_ONLY = frozenset({Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS, Role.GOVERNING_BODY_READER})


# ``rules`` ships without type information.
Predicate: Any = rules.Predicate  # type: ignore[attr-defined]
add_perm: Any = rules.add_perm  # type: ignore[attr-defined]


def _staff(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _in(user: Any, roles: frozenset[str]) -> bool:
    return _staff(user) and (user.is_superuser or getattr(user, "role", "") in roles)


def _is_active_staff(user: Any) -> bool:
    return _staff(user)


def _handles_complaints(user: Any) -> bool:
    return _in(user, HANDLES_COMPLAINTS)


def _sees_every_complaint(user: Any) -> bool:
    return _in(user, SEES_ALL)


def _allocates_handlers(user: Any) -> bool:
    return _in(user, ALLOCATES)


def _confirms_independence(user: Any) -> bool:
    return _in(user, CONFIRMS_INDEPENDENCE)


def _corrects_received_date(user: Any) -> bool:
    return _in(user, CORRECTS_RECEIVED_DATE)


def _records_governance(user: Any) -> bool:
    return _in(user, RECORDS_GOVERNANCE)


def _edits_letter_templates(user: Any) -> bool:
    return _in(user, EDITS_LETTER_TEMPLATES) or (_staff(user) and user.is_staff)


def _uses_admin_site(user: Any) -> bool:
    return _staff(user) and user.is_staff and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def _imports_complaints(user: Any) -> bool:
    return _in(user, IMPORTS_COMPLAINTS)


def _reads_access_logs(user: Any) -> bool:
    return _in(user, SEES_ACCESS_LOG)


def _handles_data_protection(user: Any) -> bool:
    return _in(user, HANDLES_DATA_PROTECTION)


def _sees_every_complaint_of(user: Any, resident: Resident) -> bool:
    return not hidden_complaints(user).filter(resident=resident).exists()


def _erases_residents(user: Any) -> bool:
    return _in(user, ERASES_RESIDENTS)


def _sees_every_complaint_of_its_resident(user: Any, complaint: Complaint) -> bool:
    return not hidden_complaints(user).filter(resident_id=complaint.resident_id).exists()


def _handles(user: Any, complaint: Complaint) -> bool:
    return user.pk in (complaint.handler_id, complaint.stage_1_handler_id, complaint.stage_2_handler_id)


def _awaits_a_handler(user: Any, complaint: Complaint) -> bool:
    return complaint.handler_id is None


def _handled_by_their_team(user: Any, complaint: Complaint) -> bool:
    handler = complaint.handler if complaint.handler_id is not None else None
    if user.team_id is None or handler is None:
        return False
    return bool(handler.team_id == user.team_id)


def _may_see_if_restricted(user: Any, complaint: Complaint) -> bool:
    if not complaint.restricted or user.is_superuser:
        return True
    return bool(complaint.restricted_to.filter(pk=user.pk).exists())


is_active_staff = Predicate(_is_active_staff)
handles_complaints = Predicate(_handles_complaints)
sees_every_complaint = Predicate(_sees_every_complaint)
allocates_handlers = Predicate(_allocates_handlers)
confirms_independence = Predicate(_confirms_independence)
corrects_received_date = Predicate(_corrects_received_date)
records_governance = Predicate(_records_governance)
edits_letter_templates = Predicate(_edits_letter_templates)
uses_admin_site = Predicate(_uses_admin_site)
reads_access_logs = Predicate(_reads_access_logs)
imports_complaints = Predicate(_imports_complaints)
erases_residents = Predicate(_erases_residents)
handles = Predicate(_handles)
awaits_a_handler = Predicate(_awaits_a_handler)
handled_by_their_team = Predicate(_handled_by_their_team)
may_see_if_restricted = Predicate(_may_see_if_restricted)
handles_data_protection = Predicate(_handles_data_protection)
sees_every_complaint_of = Predicate(_sees_every_complaint_of)
sees_every_complaint_of_its_resident = Predicate(_sees_every_complaint_of_its_resident)

#: the old name of :data:`handles_complaints` (a working role)
has_working_role = handles_complaints
#: personal and health details (names, contact details, disabilities, adjustments, free text)
sees_personal_details = handles_complaints

#: the role and handling part of seeing a complaint, before any restriction on it
by_role_or_handling = sees_every_complaint | handles | awaits_a_handler | handled_by_their_team
can_view_complaint = handles_complaints & may_see_if_restricted & by_role_or_handling
can_act_on_complaint = can_view_complaint & handles_complaints
can_allocate_handler = can_act_on_complaint & allocates_handlers
can_read_access_log = can_view_complaint & reads_access_logs
can_confirm_independence = can_act_on_complaint & confirms_independence
can_correct_received_date = can_act_on_complaint & corrects_received_date
#: a resident's data as a whole (export, hold, match, their access log): every complaint of theirs
can_handle_resident_data = handles_data_protection & sees_every_complaint_of
#: erase the resident of a complaint the person can see (and with it all of that resident's records):
#: never while another complaint of theirs is hidden from the person (restricted to other people),
#: which the erasure would change and whose reference the page would name
can_erase_resident = can_view_complaint & erases_residents & sees_every_complaint_of_its_resident

add_perm("workspace.view_complaint", can_view_complaint)
add_perm("workspace.act_on_complaint", can_act_on_complaint)
add_perm("workspace.allocate_handler", can_allocate_handler)
add_perm("workspace.log_contact", handles_complaints)
add_perm("workspace.confirm_independence", can_confirm_independence)
add_perm("workspace.correct_received_date", can_correct_received_date)
add_perm("workspace.use", is_active_staff)
add_perm("access.handle_complaints", handles_complaints)
add_perm("access.read_governance", is_active_staff)
add_perm("access.record_governance", records_governance)
add_perm("access.edit_letter_templates", edits_letter_templates)
add_perm("access.use_admin_site", uses_admin_site)
add_perm("access.read_access_log", can_read_access_log)
add_perm("access.see_personal_details", sees_personal_details)
add_perm("access.handle_data_protection", handles_data_protection)
add_perm("access.handle_resident_data", can_handle_resident_data)
add_perm("access.import_complaints", imports_complaints)
add_perm("access.erase_resident", can_erase_resident)


def handling_filter(user: User | Any) -> Q | None:
    """The part of :func:`scope` beyond restrictions, as a filter: ``None`` for the people who see
    every complaint, the handler's own, team and intake complaints for a complaint handler. For a
    query that already applies the restrictions (``visible_complaints``)."""
    if user.is_superuser or user.role in SEES_ALL:
        return None
    mine = (
        Q(handler_id=user.pk)
        | Q(stage_1_handler_id=user.pk)
        | Q(stage_2_handler_id=user.pk)
        | Q(handler__isnull=True)
    )
    if user.team_id is not None:
        mine |= Q(handler__team_id=user.team_id)
    return mine


def scope(user: User | Any) -> QuerySet[Complaint]:
    """The complaints ``user`` may see, as a queryset: :data:`can_view_complaint` in SQL."""
    if not _handles_complaints(user):
        return Complaint.objects.none()
    complaints = visible_complaints(user)
    mine = handling_filter(user)
    return complaints if mine is None else complaints.filter(mine)


def complaints_opened(user: User | Any) -> Opens:
    """Which of some complaints ``user`` may open (``workspace.view_complaint``, in SQL: :func:`scope`),
    by reference, in one query: what every door (the case page, the API, the complaint file) asks
    before it names or links a complaint linked by new issues (2024 6.8)."""

    def opens(references: set[str]) -> set[str]:
        return set(scope(user).filter(reference__in=references).values_list("reference", flat=True))

    return opens


def hidden_complaints(user: User | Any) -> QuerySet[Complaint]:
    """The complaints ``user`` may not see: the complement of :func:`scope`."""
    return Complaint.objects.exclude(pk__in=scope(user).values("pk"))


def resident_scope(user: User | Any) -> QuerySet[Resident]:
    """The residents whose data as a whole ``user`` may handle (:data:`can_handle_resident_data` in
    SQL): none unless they handle data protection, and never a resident with a complaint they may
    not see (one restricted to other people)."""
    if not _handles_data_protection(user):
        return Resident.objects.none()
    return Resident.objects.exclude(pk__in=hidden_complaints(user).values("resident_id"))


def summary_scope(user: User | Any) -> QuerySet[Complaint]:
    """The complaints whose anonymised summary (reference, dates, category, area, stage, outcome)
    ``user`` may see on the governance pages: every unrestricted complaint for the MRC and the
    governing body, the complaints they may see for everyone else."""
    if not _staff(user):
        return Complaint.objects.none()
    if getattr(user, "role", "") in GOVERNANCE_ONLY and not user.is_superuser:
        return visible_complaints(user)
    return scope(user)


def named_and_opened(user: User | Any, complaint_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """Of ``complaint_ids``, those a governance list may name to ``user`` (their anonymised summary:
    :func:`summary_scope`), and of those, the ones it may link (``workspace.view_complaint``, in SQL:
    :func:`scope`), in two queries: the MRC and the governing body see a complaint's summary but open
    no case page, so a link would answer "Page not found". Count the rest in the shared words
    (:func:`on_complaints_you_cannot_see`)."""
    named = set(summary_scope(user).filter(pk__in=set(complaint_ids)).values_list("pk", flat=True))
    opened = set(scope(user).filter(pk__in=named).values_list("pk", flat=True))
    return named, opened


def on_complaints_you_cannot_see(count: int, item: tuple[str, str] = ("", "")) -> str:
    """How many things are on complaints the reader may not see, in words, naming none of them: "1 on
    a complaint you cannot see", "2 learning points on complaints you cannot see" (``item`` is the
    thing's name, singular and plural)."""
    name = item[0] if count == 1 else item[1]
    on = f"a {COMPLAINT_YOU_CANNOT_SEE[0]}" if count == 1 else COMPLAINT_YOU_CANNOT_SEE[1]
    return f"{count} {name + ' ' if name else ''}on {on}"


def complaints_you_cannot_see(count: int) -> str:
    """How many complaints the reader may not see, in the same words: "1 complaint you cannot see",
    "3 complaints you cannot see"."""
    return f"{count} {COMPLAINT_YOU_CANNOT_SEE[0] if count == 1 else COMPLAINT_YOU_CANNOT_SEE[1]}"


def ombudsman_case_scope(user: User | Any) -> QuerySet[OmbudsmanCase]:
    """The Ombudsman cases (with their findings and orders) ``user`` may see or open: those on a
    complaint whose anonymised summary they may see (:func:`summary_scope`). The MRC and the
    governing body see the cases on every unrestricted complaint, a complaint handler those on their
    own, their team's and unallocated complaints, and nobody a case on a complaint restricted to
    other people."""
    return OmbudsmanCase.objects.filter(complaint__in=summary_scope(user))


def landing_url(user: User | Any) -> str:
    """Where a member of staff lands after signing in: governance for the MRC and the governing
    body, their work for today for the people who handle complaints."""
    if _staff(user) and not _handles_complaints(user):
        return "/governance/"
    return "/workspace/today/"
