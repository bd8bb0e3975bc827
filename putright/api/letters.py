"""REST API v1: letters. Draft a letter from the landlord's template (or your own text), get the Code
check, and issue it. Issuing a letter that misses an element the Code requires is a 422 citing the
provision: ``{"provision": "2024 6.9 g", "detail": "...", "missing": ["2024 6.9 g"]}``.

* ``POST /api/v1/complaints/{reference}/letters``: a draft (``kind``; optional ``title``, ``body``)
  and its check. 201.
* ``GET /api/v1/complaints/{reference}/letters``: the case's drafts and issued letters.
* ``GET /api/v1/complaints/{reference}/letters/{id}``: one draft and its check.
* ``PUT /api/v1/complaints/{reference}/letters/{id}``: change the draft's text; the new check.
* ``POST /api/v1/complaints/{reference}/letters/{id}/confirm``: ``{"element": "reasons"}``: the
  caller confirms the sentence the check relied on for an element it marked "confirm" (recorded
  with who and when); 201 with the draft and its check; 422 for an element that is not "confirm".
* ``POST /api/v1/complaints/{reference}/letters/{id}/issue``: 201 with the issued letter (hashes,
  downloads, email status); 422 when anything is missing, wrong or not yet confirmed; 409 when it
  was issued already.

Each element in ``check.elements`` has a ``status``: present, missing, wrong (a fact that differs
from the record or the configured Ombudsman details) or confirm (a person must confirm the
``sentence`` relied on; ``confirmed_by``/``confirmed_at`` once they have).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from putright.access.log import What, record_access
from putright.access.policy import scope
from putright.accounts.models import User
from putright.api.access import ON_A_COMPLAINT, STEP_REFUSALS, UNREADABLE_BODY, Gate
from putright.complaints.models import Complaint
from putright.letters import posting, second_letter, services
from putright.letters.models import IssuedLetter, LetterDraft, LetterPosting
from putright.letters.placeholders import blanks_left

router = Router(tags=["letters"])


class DraftIn(Schema):
    kind: str
    title: str | None = None
    body: str | None = None


class SentIn(Schema):
    on: date
    #: "post" or "hand": the day it was posted or handed over; "email": the step its sent email told
    #: of, recorded on the day the email went (``on`` must be that day)
    how: str = "post"
    late_reason: str = ""


class ConfirmIn(Schema):
    element: str


class DraftUpdate(Schema):
    body: str
    title: str | None = None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _complaint(request: HttpRequest, reference: str) -> Complaint:
    return scope(_user(request)).get(reference=reference)


def _draft(request: HttpRequest, reference: str, draft_id: int) -> LetterDraft:
    complaint = _complaint(request, reference)
    try:
        return LetterDraft.objects.get(pk=draft_id, complaint=complaint)
    except LetterDraft.DoesNotExist:
        raise Complaint.DoesNotExist("no such letter") from None


def _draft_out(draft: LetterDraft) -> dict[str, Any]:
    result = services.check_draft(draft)
    blanks = list(dict.fromkeys(blanks_left(draft.body) + blanks_left(draft.title)))
    issued = IssuedLetter.objects.filter(draft=draft).first()
    # sums the letter names that the record does not hold as standing remedies (2024 7.3): to ask
    sums = services.sums_to_ask(draft.complaint, draft.kind, draft.body)
    # what issuing would still refuse though the Code check passes (a step's letter sent already, a
    # discarded step's, one that no longer says what its step records): as the draft page says
    problems = services.record_problems(draft) if issued is None else []
    return {
        "id": draft.pk,
        "complaint": draft.complaint.reference,
        "kind": draft.kind,
        "edition": draft.edition,
        "stage": draft.stage,
        "title": draft.title,
        "body": draft.body,
        "check": result.as_dict(),
        "blanks": blanks,
        "can_issue": result.can_issue and not blanks and issued is None and not problems,
        "issued_letter": issued.pk if issued else None,
        "record_problems": [{"provision": p.provision or "", "detail": p.detail} for p in problems],
        # a letter that would tell the resident of its step a second time: said, not refused
        "already_told": second_letter.already_told(draft) if issued is None and not problems else [],
        # sums the letter names that no remedy on the record is for (2024 7.3): to ask, not a refusal
        "sums_not_on_record": sums.not_on_record,
        "sums_of_withdrawn_remedies": sums.withdrawn,
    }


def _issued_out(letter: IssuedLetter) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "draft": letter.draft_id,
        "complaint": letter.complaint.reference,
        "kind": letter.kind,
        "edition": letter.edition,
        "title": letter.title,
        "addressee": letter.addressee,
        "issued_at": letter.issued_at,
        "issued_by": letter.issued_by.get_username() if letter.issued_by else None,
        "sha256": {
            "pdf": letter.pdf_sha256,
            "docx": letter.docx_sha256,
            "html": letter.html_sha256,
            "text": letter.text_sha256,
        },
        "pdf_url": reverse("letters:pdf", args=[letter.pk]),
        "docx_url": reverse("letters:docx", args=[letter.pk]),
        "deliveries": [
            {
                "to": d.to,
                "provider": d.provider,
                "status": d.status,
                "attempts": d.attempts,
                "last_error": d.last_error,
                "sent_at": d.sent_at,
            }
            for d in letter.deliveries.all()
        ],
        # the day it was posted or handed over (a printed letter, or one whose email could not be
        # sent), from which a step it tells of counts (2024 5.12); null while not recorded. An
        # emailed letter counts from its delivery's ``sent_at``; ``told_on`` is whichever was first
        "sent": (
            {"on": sent.sent_on, "how": sent.how}
            if (sent := LetterPosting.objects.filter(letter=letter).first()) is not None
            else None
        ),
        "told_on": posting.told_on(letter),
        # an acknowledgement: the response date it gives the resident (the Code's, or sooner)
        "response_date_given": letter.response_date_given,
        "check": letter.check_result,
    }


@router.post(
    "/complaints/{reference}/letters",
    response={201: dict, **STEP_REFUSALS, **UNREADABLE_BODY},
    auth=Gate("act"),
    summary="Draft a letter and check it",
)
def draft_letter(request: HttpRequest, reference: str, payload: DraftIn) -> Status[dict[str, Any]]:
    complaint = _complaint(request, reference)
    draft = services.start_draft(
        complaint=complaint, kind=payload.kind, actor=_user(request), body=payload.body, title=payload.title
    )
    return Status(201, _draft_out(draft))


@router.get(
    "/complaints/{reference}/letters",
    response={200: dict, **ON_A_COMPLAINT},
    auth=Gate("view"),
    summary="The case's letters",
)
def list_letters(request: HttpRequest, reference: str) -> dict[str, Any]:
    complaint = _complaint(request, reference)
    record_access(request, complaint_id=complaint.pk, what=What.LETTERS_LIST)
    return {
        "drafts": [
            {"id": d.pk, "kind": d.kind, "title": d.title, "updated_at": d.updated_at}
            for d in LetterDraft.objects.filter(complaint=complaint, issued__isnull=True)
        ],
        "issued": [_issued_out(letter) for letter in IssuedLetter.objects.filter(complaint=complaint)],
    }


@router.get(
    "/complaints/{reference}/letters/{draft_id}",
    response={200: dict, **ON_A_COMPLAINT},
    auth=Gate("act"),
    summary="A draft and its check",
)
def read_draft(request: HttpRequest, reference: str, draft_id: int) -> dict[str, Any]:
    draft = _draft(request, reference, draft_id)
    record_access(request, complaint_id=draft.complaint_id, what=What.DRAFT, object_id=draft.pk)
    return _draft_out(draft)


@router.put(
    "/complaints/{reference}/letters/{draft_id}",
    response={200: dict, **STEP_REFUSALS, **UNREADABLE_BODY},
    auth=Gate("act"),
    summary="Change a draft",
)
def change_draft(request: HttpRequest, reference: str, draft_id: int, payload: DraftUpdate) -> dict[str, Any]:
    draft = services.update_draft(
        draft=_draft(request, reference, draft_id),
        body=payload.body,
        title=payload.title,
        actor=_user(request),
    )
    return _draft_out(draft)


@router.post(
    "/complaints/{reference}/letters/{draft_id}/confirm",
    response={201: dict, **STEP_REFUSALS, **UNREADABLE_BODY},
    auth=Gate("act"),
    summary="Confirm the sentence the check relied on for an element it is unsure of",
)
def confirm(
    request: HttpRequest, reference: str, draft_id: int, payload: ConfirmIn
) -> Status[dict[str, Any]]:
    draft = _draft(request, reference, draft_id)
    services.confirm_element(draft=draft, element=payload.element, actor=_user(request))
    return Status(201, _draft_out(draft))


@router.post(
    "/complaints/{reference}/letters/{draft_id}/issue",
    response={201: dict, **STEP_REFUSALS},
    auth=Gate("act"),
    summary="Issue a letter (refused, citing the provision, unless the Code check passes)",
)
def issue(request: HttpRequest, reference: str, draft_id: int) -> Status[dict[str, Any]]:
    letter = services.issue_letter(draft=_draft(request, reference, draft_id), actor=_user(request))
    return Status(201, _issued_out(letter))


@router.post(
    "/complaints/{reference}/letters/issued/{letter_id}/sent",
    response={200: dict, **STEP_REFUSALS, **UNREADABLE_BODY},
    auth=Gate("act"),
    summary="Record the day a letter was posted or handed over, or the step its sent email told of",
)
def record_sent(request: HttpRequest, reference: str, letter_id: int, payload: SentIn) -> dict[str, Any]:
    complaint = _complaint(request, reference)
    try:
        letter = IssuedLetter.objects.get(pk=letter_id, complaint=complaint)
    except IssuedLetter.DoesNotExist:
        raise Complaint.DoesNotExist("no such letter") from None
    posting.record_told(
        letter=letter,
        sent_on=payload.on,
        how=payload.how,
        actor=_user(request),
        late_reason=payload.late_reason,
    )
    return _issued_out(letter)
