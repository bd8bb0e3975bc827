"""The access matrix: every door (URL pattern from the resolver, API operation from the OpenAPI
schema), who may pass it, and how to knock on it. The expected answers are written here, from the
rules in the README's access section, and never computed by ``putright.access.policy``: a change of
policy must change this table too.

Roles: ``anonymous``, ``officer``, ``handler`` (team North), ``manager``, ``mrc``, ``board``,
``administrator`` (the role, no superuser flag) and ``superuser``. Relations of a complaint to the
handler: ``own`` (handled by their teammate), ``other`` (another team's), ``restricted`` (handled by
their teammate, restricted to someone else) and ``unallocated`` (waiting for a handler).
"""

from __future__ import annotations

ROLES = ("anonymous", "officer", "handler", "manager", "mrc", "board", "administrator", "superuser")
RELATIONS = ("own", "other", "restricted", "unallocated")

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
HANDLES = frozenset({"officer", "handler", "manager", "administrator", "superuser"})
SEES_ALL = frozenset({"officer", "manager", "administrator", "superuser"})
RECORDS_GOVERNANCE = frozenset({"officer", "manager", "mrc", "administrator", "superuser"})
EDITS_TEMPLATES = frozenset({"manager", "administrator", "superuser"})
READS_ACCESS_LOG = frozenset({"officer", "administrator", "superuser"})
#: UK GDPR Article 17: erasing a resident is for the complaints officer and administrators
ERASES_RESIDENTS = frozenset({"officer", "administrator", "superuser"})
#: 2024 6.13: a manager confirms that someone allocated to an earlier stage never considered it
CONFIRMS_INDEPENDENCE = frozenset({"manager", "administrator", "superuser"})
#: 2024 5.12: the day a complaint was received sets its handler's clock, so the people who answer for
#: the record put it right, never a complaint handler
CORRECTS_RECEIVED_DATE = frozenset({"officer", "manager", "administrator", "superuser"})
#: data protection: subject access exports, legal holds, retention, orphan files, matching contacts
DATA_PROTECTION = frozenset({"officer", "administrator", "superuser"})
#: bringing existing complaints in from the previous system (the workspace's import pages)
IMPORTS = frozenset({"administrator", "superuser"})
#: the governance-only roles: anonymised summaries of every unrestricted complaint, no records
GOVERNANCE_ONLY = frozenset({"mrc", "board"})
#: the door values name the officer's API token: its owner and administrators may revoke it
REVOKES_OFFICER_TOKEN = frozenset({"officer", "administrator", "superuser"})


def may(rule: str, role: str, relation: str | None) -> bool:
    """The expected answer for one cell: may ``role`` pass a door guarded by ``rule``?"""
    if rule == "public":
        return True
    if role == "anonymous":
        return False
    if rule == "staff":
        return True
    if rule == "handles":
        return role in HANDLES
    if rule == "governance-write":
        return role in RECORDS_GOVERNANCE
    if rule == "templates":
        return role in EDITS_TEMPLATES
    if rule == "admin-site":
        return role == "superuser"
    if rule == "allocates":  # moving a handler's open complaints to someone else (no one complaint)
        return role in SEES_ALL
    if rule == "revoke-token":
        return role in REVOKES_OFFICER_TOKEN
    if rule == "data-protection":
        return role in DATA_PROTECTION
    if rule == "imports":
        return role in IMPORTS
    assert relation is not None, rule
    if relation == "restricted":
        sees = role == "superuser"  # restricted: only the people named on it (and superusers)
    else:
        sees = role in SEES_ALL or (role == "handler" and relation in ("own", "unallocated"))
    if rule in ("view", "act"):
        return sees
    if rule == "summary":  # an anonymised summary on the governance pages: an Ombudsman case
        return sees or (role in GOVERNANCE_ONLY and relation != "restricted")
    if rule == "summary-write":  # recording on an Ombudsman case the person may see
        return may("summary", role, relation) and role in RECORDS_GOVERNANCE
    if rule == "allocate":
        return sees and role in SEES_ALL
    if rule == "independence":
        return sees and role in CONFIRMS_INDEPENDENCE
    if rule == "received-date":
        return sees and role in CORRECTS_RECEIVED_DATE
    if rule == "access-log":
        return sees and role in READS_ACCESS_LOG
    if rule == "resident-data":  # a resident as a whole: every complaint of theirs must be visible
        return sees and role in DATA_PROTECTION
    if rule == "erase":
        return sees and role in ERASES_RESIDENTS
    raise KeyError(rule)


# --------------------------------------------------------------------------------------------------
# The site's URL patterns: route -> {method: rule}. A route with a complaint in it (``reference``, or
# a letter, draft, delivery, document or flag of one) is checked for each relation.

PAGES: dict[str, dict[str, str]] = {
    # residents' pages and signing in
    "": {"GET": "public"},
    "complain/": {"GET": "public"},
    "complain/done/": {"GET": "public"},
    "track/": {"GET": "public"},
    "track/code/": {"GET": "public"},
    "track/link/<str:token>/": {"GET": "public"},
    "track/complaint/": {"GET": "public"},
    "track/complaint/add/": {"POST": "public"},
    "track/complaint/stage-2/": {"POST": "public"},
    "track/complaint/letters/<int:pk>/": {"GET": "public"},
    "track/sign-out/": {"GET": "public"},
    "policy/": {"GET": "public"},
    "how-we-handle-complaints/": {"GET": "public"},
    "housing-ombudsman/": {"GET": "public"},
    "surveys-and-feedback/": {"GET": "public"},
    "sign-in/": {"GET": "public"},
    "sign-out/": {"POST": "public"},
    "staff/": {"GET": "staff"},
    # one's own account: API tokens and the second factor
    "account/": {"GET": "staff", "POST": "staff"},
    "account/tokens/<int:pk>/revoke/": {"POST": "revoke-token"},
    "account/two-factor/": {"GET": "staff", "POST": "staff"},
    "published/self-assessment/<int:year>/": {"GET": "public"},
    "published/annual-report/<int:year>/": {"GET": "public"},
    "api/v1/openapi.json": {"GET": "public"},
    "api/v1/docs": {"GET": "public"},
    "api/v1/": {"GET": "public"},
    # the workspace
    "workspace/": {"GET": "handles"},
    "workspace/new/": {"GET": "handles", "POST": "handles"},
    "workspace/team/": {"GET": "handles"},
    "workspace/team/reassign/": {"GET": "allocates", "POST": "allocates"},
    # landing pages: the MRC and the governing body are sent to governance
    "workspace/today/": {"GET": "handles"},
    "workspace/start/": {"GET": "handles"},
    # importing existing complaints: administrators only
    "workspace/imports/": {"GET": "imports", "POST": "imports"},
    "workspace/imports/<int:pk>/": {"GET": "imports"},
    "workspace/imports/<int:pk>/import/": {"POST": "imports"},
    "workspace/complaints/<str:reference>/": {"GET": "view"},
    "workspace/complaints/<str:reference>/documents/": {"GET": "act", "POST": "act"},
    "workspace/complaints/<str:reference>/documents/<int:pk>/": {"GET": "view"},
    "workspace/complaints/<str:reference>/correspondence/": {"GET": "act", "POST": "act"},
    "workspace/complaints/<str:reference>/consent/": {"POST": "act"},
    "workspace/complaints/<str:reference>/held/<int:held_id>/send/": {"GET": "act"},
    "workspace/complaints/<str:reference>/held/<int:held_id>/discard/": {"GET": "act", "POST": "act"},
    "workspace/complaints/<str:reference>/held/<int:held_id>/told-by-letter/": {"POST": "act"},
    "workspace/complaints/<str:reference>/record/<slug:what>/": {"GET": "act", "POST": "act"},
    "workspace/complaints/<str:reference>/record/<slug:what>/<int:pk>/": {"GET": "act", "POST": "act"},
    "workspace/complaints/<str:reference>/replies/<int:pk>/retry/": {"POST": "act"},
    "workspace/complaints/<str:reference>/access-log/": {"GET": "access-log"},
    "workspace/complaints/<str:reference>/access-log.csv": {"GET": "access-log"},
    # erasing the resident of a complaint (its own page, putright/records/erasure_views.py)
    "records/erase-resident/<str:reference>/": {"GET": "erase", "POST": "erase"},
    # one step form for every step: allocating has its own rule
    "workspace/complaints/<str:reference>/<slug:slug>/": {"GET": "act", "POST": "act"},
    # letters
    "letters/templates/": {"GET": "templates"},
    "letters/templates/<slug:kind>/": {"GET": "templates", "POST": "templates"},
    "letters/letterhead/": {"GET": "templates", "POST": "templates"},
    "letters/issued/<int:letter_id>/pdf/": {"GET": "view"},
    "letters/issued/<int:letter_id>/docx/": {"GET": "view"},
    "letters/deliveries/<int:delivery_id>/retry/": {"POST": "act"},
    "letters/issued/<int:letter_id>/sent/": {"GET": "act", "POST": "act"},
    "letters/<str:reference>/": {"GET": "view"},
    "letters/<str:reference>/new/": {"GET": "act", "POST": "act"},
    "letters/<str:reference>/drafts/<int:draft_id>/": {"GET": "act", "POST": "act"},
    "letters/<str:reference>/letters.csv": {"GET": "view"},
    "letters/<str:reference>/drafts/<int:draft_id>/confirm/": {"POST": "act"},
    # putting things right: remedies, the Ombudsman's complaint file and the Ombudsman's cases
    "putting-right/<str:reference>/failures/": {"GET": "view", "POST": "act"},
    "putting-right/<str:reference>/proposal/": {"GET": "view", "POST": "act"},
    "putting-right/<str:reference>/notes/": {"POST": "act"},
    "putting-right/<str:reference>/file/": {"GET": "view", "POST": "act"},
    # a stored file naming a complaint linked by new issues (2024 6.8) the reader may not open is
    # refused by what it names, not by the door (403: tests/ombudsman/test_2024_6_8_h196_*)
    "putting-right/<str:reference>/file/<int:pk>.<str:which>": {"GET": "view"},
    "putting-right/ombudsman-cases/": {"GET": "staff"},
    "putting-right/ombudsman-cases/<int:pk>/": {"GET": "summary", "POST": "summary-write"},
    # intake
    "intake/flags/": {"GET": "handles"},
    "intake/flags/<int:pk>/review/": {"POST": "act"},
    # governance: every member of staff reads, the managing roles record
    "governance/": {"GET": "staff"},
    "governance/complaints/": {"GET": "staff"},
    "governance/tsm/": {"GET": "staff"},
    "governance/learning/": {"GET": "staff", "POST": "governance-write"},
    "governance/learning/improvements/<int:pk>/": {"POST": "governance-write"},
    "governance/self-assessment/": {"GET": "staff", "POST": "governance-write"},
    "governance/self-assessment/<int:pk>/": {"GET": "staff"},
    "governance/self-assessment/<int:pk>/provision/<str:provision>/": {
        "GET": "governance-write",
        "POST": "governance-write",
    },
    "governance/self-assessment/<int:pk>/approve/": {"POST": "governance-write"},
    "governance/self-assessment/<int:pk>/section/<int:number>/": {
        "GET": "staff",
        "POST": "governance-write",
    },
    "governance/self-assessment/<int:pk>/export.<str:fmt>": {"GET": "staff"},
    "governance/reports/": {"GET": "staff", "POST": "governance-write"},
    "governance/reports/publications/": {"POST": "governance-write"},
    "governance/reports/mrc/<int:year>/q<int:quarter>.<str:fmt>": {"GET": "staff"},
    "governance/reports/annual/<int:year>/": {"GET": "staff", "POST": "governance-write"},
    "governance/ombudsman/": {"GET": "staff", "POST": "governance-write"},
    "governance/ombudsman/<int:pk>/": {"GET": "summary", "POST": "summary-write"},
    "governance/exceptional/": {"GET": "staff", "POST": "governance-write"},
    "governance/oversight/": {"GET": "staff", "POST": "governance-write"},
    "governance/oversight/reports/<int:pk>/received/": {"POST": "governance-write"},
    "governance/submission/": {"GET": "staff", "POST": "governance-write"},
    "governance/submission/<int:pk>/": {"GET": "staff", "POST": "governance-write"},
    # data protection: the complaints officer and administrators; a resident's pages also need every
    # complaint of that resident to be one they may see (a restricted one hides the resident)
    "data-protection/": {"GET": "data-protection"},
    "data-protection/residents/": {"GET": "data-protection"},
    "data-protection/residents/<int:resident_id>/": {"GET": "resident-data"},
    "data-protection/residents/<int:resident_id>/export/": {"POST": "resident-data"},
    "data-protection/residents/<int:resident_id>/access-log/": {"GET": "resident-data"},
    "data-protection/residents/<int:resident_id>/hold/": {"POST": "resident-data"},
    "data-protection/holds/": {"GET": "data-protection", "POST": "data-protection"},
    "data-protection/holds/<int:pk>/lift/": {"POST": "resident-data"},
    "data-protection/retention/": {"GET": "data-protection"},
    "data-protection/orphan-files/": {"GET": "data-protection"},
    "data-protection/matches/": {"GET": "data-protection"},
    "data-protection/matches/<int:contact_id>/<int:resident_id>/": {
        "GET": "resident-data",
        "POST": "resident-data",
    },
    # single sign-on, when it is configured (OIDC_RP_CLIENT_ID)
    "oidc/authenticate/": {"GET": "public"},
    "oidc/callback/": {"GET": "public"},
    "oidc/logout/": {"POST": "public"},
}

#: the Django admin: one door (``admin.site.has_permission``) for every page of it but signing in
ADMIN_PUBLIC = {"admin/login/": "public", "admin/logout/": "public"}
ADMIN_RULE = "admin-site"

#: the step forms checked on the ``<slug:slug>`` route: an ordinary step, allocation and correcting
#: the day received
STEP_SLUGS = {
    "respond": "act",
    "allocate-handler": "allocate",
    "correct-received-date": "received-date",
}

# --------------------------------------------------------------------------------------------------
# The API's operations, "METHOD /path" as in the OpenAPI schema -> rule

API: dict[str, str] = {
    "GET /api/v1/complaints": "handles",
    "GET /api/v1/categories": "handles",
    "POST /api/v1/complaints": "handles",
    "GET /api/v1/complaints/{reference}": "view",
    "POST /api/v1/complaints/{reference}/accept": "act",
    "POST /api/v1/complaints/{reference}/choice-to-complain": "act",
    "POST /api/v1/complaints/{reference}/new-issues": "act",
    "POST /api/v1/complaints/{reference}/service-request": "act",
    "POST /api/v1/complaints/{reference}/resolve-service-request": "act",
    "POST /api/v1/complaints/{reference}/decline": "act",
    "POST /api/v1/complaints/{reference}/allocate": "allocate",
    "POST /api/v1/complaints/{reference}/acknowledge": "act",
    "POST /api/v1/complaints/{reference}/extend": "act",
    "POST /api/v1/complaints/{reference}/update-interval": "act",
    "POST /api/v1/complaints/{reference}/respond": "act",
    "POST /api/v1/complaints/{reference}/escalate": "act",
    "POST /api/v1/complaints/{reference}/decline-escalation": "act",
    "POST /api/v1/complaints/{reference}/remedies": "act",
    "POST /api/v1/complaints/{reference}/remedies/{number}/complete": "act",
    "POST /api/v1/complaints/{reference}/remedies/{number}/withdraw": "act",
    "POST /api/v1/complaints/{reference}/outstanding-actions": "act",
    "POST /api/v1/complaints/{reference}/outstanding-actions/{number}/complete": "act",
    "POST /api/v1/complaints/{reference}/close": "act",
    "POST /api/v1/complaints/{reference}/refer-to-ombudsman": "act",
    "POST /api/v1/complaints/{reference}/withdraw": "act",
    "POST /api/v1/complaints/{reference}/letters": "act",
    "GET /api/v1/complaints/{reference}/letters": "view",
    "GET /api/v1/complaints/{reference}/letters/{draft_id}": "act",
    "PUT /api/v1/complaints/{reference}/letters/{draft_id}": "act",
    "POST /api/v1/complaints/{reference}/letters/{draft_id}/issue": "act",
    "POST /api/v1/complaints/{reference}/letters/{draft_id}/confirm": "act",
    "POST /api/v1/complaints/{reference}/letters/issued/{letter_id}/sent": "act",
    "GET /api/v1/complaints/{reference}/ombudsman-file": "view",
    "POST /api/v1/complaints/{reference}/held-steps/{held_id}/send": "act",
    "POST /api/v1/complaints/{reference}/held-steps/{held_id}/discard": "act",
    "POST /api/v1/complaints/{reference}/confirm-independence": "independence",
    "POST /api/v1/complaints/{reference}/correct-received-date": "received-date",
    "GET /api/v1/complaints/{reference}/texts-sent": "view",
    # an earlier date for anyone who may act; a later one is refused by the rule, not the door (422)
    "POST /api/v1/complaints/{reference}/texts-sent/{correspondence_id}/response-date": "act",
}

#: parameters that name a complaint or something of one: the door is checked for each relation
RELATIONAL = {
    "reference",
    "letter_id",
    "draft_id",
    "delivery_id",
    "held_id",
    "resident_id",
    "contact_id",
    "correspondence_id",
}
#: routes whose ``pk`` belongs to a complaint
RELATIONAL_PK = {
    "workspace/complaints/<str:reference>/documents/<int:pk>/",
    "intake/flags/<int:pk>/review/",
    "workspace/complaints/<str:reference>/record/<slug:what>/<int:pk>/",
    "workspace/complaints/<str:reference>/replies/<int:pk>/retry/",
    "putting-right/<str:reference>/file/<int:pk>.<str:which>",
    "data-protection/holds/<int:pk>/lift/",
    # an Ombudsman case, on a complaint of each relation
    "governance/ombudsman/<int:pk>/",
    "putting-right/ombudsman-cases/<int:pk>/",
}
