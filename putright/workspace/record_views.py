"""Pages to keep the record right (contact details, address, preferences, the complaint's details,
adjustments, vulnerabilities, restrictions) and to talk to the resident (reply by email, internal
notes). Each page is one GOV.UK form; writes go through ``putright.workspace.records`` and
``putright.workspace.outbox``; a refusal comes back on the form with everything typed kept."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from putright.accounts.models import User
from putright.code.errors import LifecycleError
from putright.complaints.models import Complaint, ContactRestriction, ReasonableAdjustment
from putright.intake.outbound import complaint_addresses
from putright.web.refusals import refusal
from putright.workspace import outbox, promised_dates, records
from putright.workspace import record_forms as f
from putright.workspace.actions import field_of
from putright.workspace.models import OutboxEmail, Vulnerability
from putright.workspace.permissions import can_act_on_complaint
from putright.workspace.views import _detail, staff_required


@dataclass(frozen=True)
class Page:
    title: str
    form: type[forms.Form]
    perform: Callable[[Complaint, User, dict[str, Any], Any], Any]
    done: str
    initial: Callable[[Complaint, Any], dict[str, Any]] = lambda complaint, item: {}
    item: Callable[[Complaint, int], Any] | None = None
    anchor: str = "record"
    submit: str = "Save the change"
    lead: str = ""
    #: shows the item the page changes, in place of its text in an inset
    item_template: str = ""
    #: the field a rule's refusal is about, to show it there (``actions.field_of``: provision number
    #: or "", words in the refusal, field name); none matching: above the form
    error_fields: tuple[tuple[str, str, str], ...] = ()


def _resident_initial(*names: str) -> Callable[[Complaint, Any], dict[str, Any]]:
    return lambda complaint, item: {name: getattr(complaint.resident, name) for name in names}


def _address_initial(complaint: Complaint, item: Any) -> dict[str, Any]:
    resident = complaint.resident
    home = resident.property
    if home is None:
        # the address the resident gave that matches no home yet: offered to be matched (or corrected)
        return {"address_line_1": resident.address_given, "postcode": resident.postcode_given}
    return {
        "address_line_1": home.address_line_1,
        "address_line_2": home.address_line_2,
        "town": home.town,
        "postcode": home.postcode,
    }


def _representative_initial(complaint: Complaint, item: Any) -> dict[str, Any]:
    representative = complaint.representative
    if representative is None:
        raise Http404("This complaint has no representative")
    return {
        name: getattr(representative, name)
        for name in ("name", "relationship", "contact", "preferred_contact_method", "address_given")
    }


def _details_initial(complaint: Complaint, item: Any) -> dict[str, Any]:
    home = complaint.property
    return {
        "category": complaint.category_id,
        "summary": complaint.summary,
        "address_line_1": home.address_line_1 if home else "",
        "postcode": home.postcode if home else "",
    }


def _change_details(complaint: Complaint, actor: User, data: dict[str, Any], item: Any) -> Any:
    line = (data.get("address_line_1") or "").strip()
    home = (
        records.confirmed_home(
            address_line_1=line,
            postcode=data.get("postcode") or "",
            new_home=bool(data.get("new_home")),
            refused=records.DETAILS_NEW_HOME_NOT_CONFIRMED,
        )
        if line
        else None
    )
    return records.change_complaint_details(
        complaint=complaint,
        actor=actor,
        reason=data["reason"],
        category=data.get("category"),
        property=home,
        summary=data["summary"],
    )


def _adjustment(complaint: Complaint, pk: int) -> ReasonableAdjustment:
    return get_object_or_404(ReasonableAdjustment, pk=pk, resident_id=complaint.resident_id)


def _restriction(complaint: Complaint, pk: int) -> ContactRestriction:
    return get_object_or_404(ContactRestriction, pk=pk, resident_id=complaint.resident_id)


def _vulnerability(complaint: Complaint, pk: int) -> Vulnerability:
    return get_object_or_404(Vulnerability, pk=pk, resident_id=complaint.resident_id, ended_on__isnull=True)


def _response_date_initial(complaint: Complaint, text: promised_dates.TextSent) -> dict[str, Any]:
    return {
        "gave": "" if text.kept is None else "date" if text.given is not None else "none",
        "response_date_given": text.given,
    }


PAGES: dict[str, Page] = {
    "contact": Page(
        title="Change contact details",
        form=f.ContactDetailsForm,
        initial=_resident_initial("email", "phone", "preferred_contact_method"),
        perform=lambda c, u, d, i: records.change_resident_contact(
            complaint=c,
            actor=u,
            reason=d["reason"],
            email=d.get("email", ""),
            phone=d.get("phone", ""),
            preferred_contact_method=d["preferred_contact_method"],
        ),
        done="Contact details changed",
    ),
    "address": Page(
        title="Change the resident's address",
        form=f.AddressForm,
        initial=_address_initial,
        perform=lambda c, u, d, i: records.change_resident_address(
            complaint=c,
            actor=u,
            reason=d["reason"],
            address_line_1=d["address_line_1"],
            address_line_2=d.get("address_line_2", ""),
            town=d.get("town", ""),
            postcode=d["postcode"],
            new_home=bool(d.get("new_home")),
        ),
        done="Address changed",
        error_fields=(("", "confirm that it is a new home", "new_home"),),
        lead="Letters go to this address. Other people living at the old address are not changed.",
    ),
    "preferences": Page(
        title="Change preferred format and language",
        form=f.PreferencesForm,
        initial=_resident_initial("preferred_format", "language"),
        perform=lambda c, u, d, i: records.change_resident_preferences(
            complaint=c,
            actor=u,
            reason=d["reason"],
            preferred_format=d["preferred_format"],
            language=d.get("language", ""),
        ),
        done="Preferred format and language changed",
    ),
    "details": Page(
        title="Change the complaint's category, property or summary",
        form=f.ComplaintDetailsForm,
        initial=_details_initial,
        perform=_change_details,
        done="Complaint details changed",
        error_fields=(("", "confirm that it is a new home", "new_home"),),
    ),
    "adjustment": Page(
        title="Record a reasonable adjustment",
        form=f.AdjustmentForm,
        perform=lambda c, u, d, i: records.record_adjustment(
            complaint=c,
            actor=u,
            adjustment=d["adjustment"],
            disclosed_disability=d.get("disclosed_disability", ""),
            agreed_on=d["agreed_on"],
            review_due=d["review_due"],
        ),
        done="Reasonable adjustment recorded",
        anchor="adjustments",
        submit="Record the adjustment",
        lead="Landlords must keep a record of reasonable adjustments agreed and of any disability a "
        "resident has disclosed, and keep adjustments under active review (2024 5.10).",
    ),
    "adjustment-review": Page(
        title="Review a reasonable adjustment",
        form=f.AdjustmentReviewForm,
        item=_adjustment,
        initial=lambda c, a: {"adjustment": a.adjustment, "next_review_due": None},
        perform=lambda c, u, d, a: records.review_adjustment(
            complaint=c,
            actor=u,
            adjustment=a,
            reviewed_on=d["reviewed_on"],
            outcome=d["adjustment"],
            next_review_due=d.get("next_review_due"),
            reason=d["reason"],
        ),
        done="Review recorded",
        anchor="adjustments",
        submit="Record the review",
    ),
    "vulnerability": Page(
        title="Record a vulnerability",
        form=f.VulnerabilityForm,
        perform=lambda c, u, d, i: records.record_vulnerability(
            complaint=c, actor=u, reason=d["reason"], source=d["source"]
        ),
        done="Vulnerability recorded",
        submit="Record it",
        lead="The Vulnerable tag is shown only for what is recorded here, or a disability disclosed with a "
        "reasonable adjustment, with the reason beside it.",
    ),
    "representative-end": Page(
        title="The representative no longer acts for the resident",
        form=f.EndRepresentativeForm,
        perform=lambda c, u, d, i: records.end_representative(complaint=c, actor=u, reason=d["reason"]),
        done="Representative removed: letters and emails about this complaint now go to the resident",
        submit="Confirm",
        lead="Nothing more about this complaint goes to them: letters, emails, or following it online. "
        "Who they were and the consent recorded stay on the record (2024 3.6).",
    ),
    "representative": Page(
        title="Correct the representative's details",
        form=f.RepresentativeForm,
        initial=_representative_initial,
        perform=lambda c, u, d, i: records.change_representative(
            complaint=c,
            actor=u,
            reason=d["reason"],
            name=d["name"],
            relationship=d["relationship"],
            contact=d.get("contact", ""),
            preferred_contact_method=d.get("preferred_contact_method", ""),
            address_given=d.get("address_given", ""),
        ),
        done="Representative's details changed",
        lead="Letters and emails about this complaint go to them as recorded here once the resident's "
        "consent is recorded (2024 3.6). The consent itself is not changed here.",
    ),
    "representative-add": Page(
        title="Someone now acts for the resident",
        form=f.AddRepresentativeForm,
        perform=lambda c, u, d, i: records.add_representative(
            complaint=c,
            actor=u,
            name=d["name"],
            relationship=d["relationship"],
            contact=d.get("contact", ""),
            consent_evidence=d.get("consent_evidence", ""),
            reason=d["reason"],
        ),
        done="Representative added",
        submit="Add the representative",
        lead="Residents can have a representative deal with their complaint on their behalf (2024 3.6). "
        "Letters and emails about this complaint go to them only once the resident's consent is recorded; "
        "until then they still go to the resident.",
    ),
    "vulnerability-end": Page(
        title="A vulnerability no longer applies",
        form=f.EndVulnerabilityForm,
        item=_vulnerability,
        perform=lambda c, u, d, v: records.end_vulnerability(
            complaint=c, actor=u, vulnerability=v, reason=d["reason"]
        ),
        done="Vulnerability ended",
        submit="Confirm",
    ),
    "restriction": Page(
        title="Restrict contact",
        form=f.RestrictionForm,
        perform=lambda c, u, d, i: records.record_restriction(
            complaint=c,
            actor=u,
            restriction=d["restriction"],
            reason=d["reason"],
            equality_considerations=d["equality_considerations"],
            starts_on=d["starts_on"],
            review_due=d["review_due"],
        ),
        done="Restriction recorded. Check the letter telling the resident, then issue it",
        anchor="restrictions",
        submit="Record the restriction and draft the letter",
        lead="Restrictions must be evidenced and kept under regular review (2024 5.14), proportionate, and "
        "show regard for the Equality Act 2010 (5.15). The resident is told in writing: a letter is "
        "drafted for you to check and issue.",
    ),
    "restriction-review": Page(
        title="Review a contact restriction",
        form=f.RestrictionReviewForm,
        item=_restriction,
        perform=lambda c, u, d, r: records.review_restriction(
            complaint=c,
            actor=u,
            restriction=r,
            reviewed_on=d["reviewed_on"],
            decision=d["decision"],
            next_review_due=d.get("next_review_due"),
            reason=d["reason"],
        ),
        done="Review recorded. Check the letter telling the resident, then issue it",
        anchor="restrictions",
        submit="Record the review and draft the letter",
        lead="Restrictions are kept under regular review (2024 5.14). The resident is told the outcome in "
        "writing, whether the restriction continues or ends: a letter is drafted for you to check and issue.",
    ),
    "response-date": Page(
        title="Record the response date the acknowledgement gave",
        form=f.ResponseDateGivenForm,
        item=promised_dates.text_sent,
        initial=_response_date_initial,
        perform=lambda c, u, d, t: promised_dates.record_response_date_given(
            complaint=c, actor=u, text=t, given=d["response_date_given"], reason=d["reason"]
        ),
        done="Response date recorded",
        anchor="timeline",
        submit="Record the date",
        lead="This acknowledgement was sent by another system, and its text is kept as it was sent "
        "(below). The case, the lists and the resident's page keep to the response date it gave where "
        "that is sooner than the Code's limit. A later date than the one kept, or none, can only be "
        "recorded by a complaints officer, manager or administrator who has never handled this stage "
        "or recorded its acknowledgement.",
        item_template="workspace/_text_sent.html",
        # the date, when it is before the day the text was sent; the choice of a date or none, when
        # it would give the stage more time
        error_fields=(("", "cannot be before", "response_date_given"), ("", "more time", "gave")),
    ),
    "note": Page(
        title="Add an internal note",
        form=f.NoteForm,
        perform=lambda c, u, d, i: outbox.add_internal_note(complaint=c, actor=u, body=d["body"]),
        done="Note added (staff only)",
        anchor="timeline",
        submit="Add the note",
    ),
    "reply": Page(
        title="Reply to the resident by email",
        form=f.ReplyForm,
        initial=lambda c, i: {
            "to": next(iter(complaint_addresses(c)), ""),
            "subject": f"Your complaint {c.reference}",
        },
        perform=lambda c, u, d, i: outbox.queue_reply(
            complaint=c, actor=u, to=d["to"], subject=d["subject"], body=d["body"]
        ),
        done="Reply recorded and queued to send",
        anchor="timeline",
        submit="Send the reply",
        lead="The reply is kept on the record (2024 5.12) and sent straight after; its delivery shows on "
        "the timeline.",
    ),
}


def _draft_link(result: Any) -> str | None:
    draft = result[1] if isinstance(result, tuple) and len(result) == 2 else None
    if draft is None:
        return None
    return reverse("letters:draft", args=[draft.complaint.reference, draft.pk])


@staff_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, reference: str, what: str, pk: int | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = PAGES.get(what)
    if page is None or (page.item is None) != (pk is None):
        raise Http404("No such page")
    detail = _detail(request, reference)
    complaint = detail.complaint
    if not can_act_on_complaint(user, complaint):
        raise PermissionDenied
    item = page.item(complaint, pk) if page.item is not None and pk is not None else None
    initial = page.initial(complaint, item)
    form = page.form(request.POST or None, initial=initial)
    # a page that changes what it shows: what it showed, to tell a save made from a stale page
    seen = _fingerprint(initial) if initial else ""
    if request.method == "POST" and form.is_valid():
        sent = request.POST.get("seen", "")
        if sent and sent != seen:
            form.add_error(None, STALE)
        else:
            done = _perform(request, page, form, complaint, user, item)
            if done is not None:
                return done
    return render(
        request,
        "workspace/record.html",
        {
            "nav_section": "queue",
            "page": page,
            "form": form,
            "complaint": complaint,
            "item": item,
            "seen": seen,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


#: a save from a page opened before someone else's change (another tab, a colleague): nothing is
#: saved, since the fields it did not mean to change would put the other change back unseen
STALE = (
    "These details were changed after you opened this page (see the case's timeline), so nothing was "
    "saved: saving would have put back what was changed. Check each field below against the case, "
    "then save again"
)


def _fingerprint(values: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:20]


def _perform(
    request: HttpRequest, page: Page, form: forms.Form, complaint: Complaint, user: User, item: Any
) -> HttpResponse | None:
    """Make the change and go back to the case (or to the letter it drafted); ``None``, with the
    refusal on the form, when a rule refuses it."""
    try:
        result = page.perform(complaint, user, form.cleaned_data, item)
    except LifecycleError as error:
        form.add_error(field_of(error, page.error_fields, form), refusal(error))
        return None
    # what the change means for the case, where the service says (``promised_dates.Recorded``)
    said = getattr(result, "said", "")
    messages.success(request, f"{page.done}: {said}." if said else f"{page.done}.")
    draft = _draft_link(result)
    if draft:
        return HttpResponseRedirect(draft)
    return HttpResponseRedirect(reverse("workspace:case", args=[complaint.reference]) + f"#{page.anchor}")


@staff_required
@require_http_methods(["POST"])
def retry_reply(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    detail = _detail(request, reference)
    if not can_act_on_complaint(user, detail.complaint):
        raise PermissionDenied
    reply = get_object_or_404(OutboxEmail, pk=pk, complaint=detail.complaint)
    try:
        outbox.retry(reply=reply)
    except LifecycleError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, "The reply will be sent again.")
    return HttpResponseRedirect(reverse("workspace:case", args=[reference]) + "#timeline")
