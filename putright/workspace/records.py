"""Keeping the record right: changes to the resident's and the complaint's details, reasonable
adjustments and their reviews (2024 5.10), vulnerabilities, and contact restrictions with their
reviews (2024 5.14, 5.15). Each change is one :class:`Amendment` (who, when, why, old and new
values) written in the same transaction as the change, and shown on the case's timeline.

These are not Code steps: the complaint's lifecycle events are untouched, and the personal data
changed lives in the amendment, where erasure can redact it (:func:`redact_amendments`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from putright.accounts.models import User
from putright.code.errors import InvalidRequest
from putright.code.lifecycle import SUMMARY_MOST
from putright.code.provisions import cite
from putright.complaints import services
from putright.complaints.models import (
    Category,
    Complaint,
    ContactMethod,
    ContactRestriction,
    Format,
    Property,
    ReasonableAdjustment,
    Representative,
    Resident,
)
from putright.complaints.projection import changed_without_event
from putright.complaints.search import postcode_matches, standard_postcode
from putright.web.widgets import one_line_ending
from putright.workspace.models import CHANGE_PROVISIONS, Amendment, ChangeKind, Vulnerability

REDACTED = "[redacted]"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: Any
    new: Any

    def as_data(self) -> dict[str, str]:
        return {"field": self.field, "label": self.label, "old": _text(self.old), "new": _text(self.new)}


def _record(
    *,
    complaint: Complaint,
    kind: ChangeKind,
    changes: Iterable[Change],
    reason: str,
    actor: User | None,
    actor_label: str = "",
) -> Amendment:
    return Amendment.objects.create(
        complaint=complaint,
        resident=complaint.resident,
        kind=kind.value,
        changes=[c.as_data() for c in changes],
        reason=reason.strip(),
        actor=actor,
        actor_label=(actor.get_full_name() or actor.get_username()) if actor else actor_label,
    )


def record_change(
    *, complaint: Complaint, kind: ChangeKind, change: Change, reason: str, actor: User | None
) -> Amendment:
    """Keep one change made elsewhere (``workspace.promised_dates``) as an amendment, as the changes
    here are kept."""
    return _record(complaint=complaint, kind=kind, changes=[change], reason=reason, actor=actor)


def _cite(complaint: Complaint, kind: ChangeKind) -> str:
    """The provision behind a kind of change in the complaint's edition ("2024 5.10", "2022 2.5")."""
    return cite(complaint.edition, CHANGE_PROVISIONS[complaint.edition][kind])


def _why(reason: str) -> str:
    if not reason.strip():
        raise InvalidRequest(cite("2024", "5.12"), "say why the record is being changed")
    return reason.strip()


def _diff(obj: Any, values: dict[str, Any], labels: dict[str, str]) -> list[Change]:
    return [
        Change(name, labels[name], getattr(obj, name), value)
        for name, value in values.items()
        if (getattr(obj, name) or "") != (value or "")
    ]


def _nothing_changed() -> InvalidRequest:
    return InvalidRequest(None, "nothing has changed: change a value or go back to the case")


def _in_words(changes: list[Change], field: str, choices: Iterable[tuple[str, str]]) -> list[Change]:
    """``changes`` with the old and new values of ``field`` (a choice) as people read them."""
    shown = dict(choices)
    return [
        Change(c.field, c.label, shown.get(c.old, c.old), shown.get(c.new, c.new)) if c.field == field else c
        for c in changes
    ]


def _contact_method(value: str) -> str:
    """A contact method (``ContactMethod``), or "" where the person did not say."""
    return ContactMethod(value).value if value else ""


# --------------------------------------------------------------------------------------------------
# The representative


@transaction.atomic
def end_representative(*, complaint: Complaint, actor: User | None, reason: str) -> Amendment:
    """The representative no longer acts for the resident on this complaint: the resident withdrew
    their consent, or the representative stopped (2024 3.6: the resident chooses to have one). From
    now on nothing about the complaint goes to them (letters, emails, following it on /track/). Who
    they were and the consent recorded stay on the record, in this amendment; recording consent again
    is not a way to do this (it would overwrite when and how the resident first consented)."""
    why = _why(reason)
    # the complaint's row only: PostgreSQL cannot lock the nullable side of the join to its representative
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("representative")
        .get(pk=complaint.pk)
    )
    representative = locked.representative
    if representative is None:
        raise InvalidRequest(None, "this complaint has no representative")
    Complaint.objects.filter(pk=locked.pk).update(representative=None)
    return _record(
        complaint=locked,
        kind=ChangeKind.REPRESENTATIVE_ENDED,
        changes=[Change("representative", "Representative", _representative_text(representative), "none")],
        reason=why,
        actor=actor,
    )


def representative_recorded(
    *,
    complaint: Complaint,
    representative: Representative,
    actor: User | None,
    source: Complaint | None,
    occasion: str = "",
    previous: str = "",
    given: bool = False,
    actor_label: str = "",
    **_: Any,
) -> None:
    """Keep in the complaint's history a representative put on its record by a service of the
    complaints app (``services.representative_recorded``), so its record says when and how (2024 5.12):
    carried over, with the consent recorded, to a complaint logged from new issues raised on another
    (2024 6.8), or the resident's consent to them recorded on this complaint (2024 3.6): on its case
    page, given with it when it was logged (``given``: consent given, by whom or on the online form,
    not changed from "none recorded"), or confirmed when its contact was matched to a known resident
    (``occasion`` says so; the consent's own words otherwise), replacing the consent recorded before
    (``previous``) or none. ``actor_label``: who, when no member of staff did it (the online form)."""
    if source is not None:
        _record(
            complaint=complaint,
            kind=ChangeKind.REPRESENTATIVE_ADDED,
            changes=[
                Change("representative", "Representative", "none", _representative_text(representative))
            ],
            # not the other complaint's reference: the timeline's first line names it only to a reader
            # who may open it (``complaints.selectors.linked_complaint_named``)
            reason=(
                "Logged as a new complaint from new issues raised on another (2024 6.8): the "
                "representative acting for the resident there, with the consent recorded there as it "
                "stood on the day"
            ),
            actor=actor,
        )
        return
    consent = Change(
        "consent",
        f"Resident's consent to {representative.name} acting for them",
        "" if given else previous or "none recorded",
        consent_text(representative),
    )
    _record(
        complaint=complaint,
        kind=ChangeKind.REPRESENTATIVE_CONSENT,
        changes=[consent],
        reason=occasion or representative.consent_evidence,
        actor=actor,
        actor_label=actor_label,
    )


def _representative_text(representative: Representative) -> str:
    text = f"{representative.name} ({representative.relationship})"
    if representative.contact:
        text += f", {representative.contact}"
    consent = f"consent {consent_text(representative)}" if representative.consented else "no consent recorded"
    return f"{text}; {consent}"


def consent_text(representative: Representative) -> str:
    """The consent recorded to ``representative``, as the history shows it: "recorded 7 December 2026
    (how it was given)"."""
    return f"recorded {_text(representative.consent_recorded_on)} ({representative.consent_evidence})"


@transaction.atomic
def add_representative(
    *,
    complaint: Complaint,
    actor: User | None,
    name: str,
    relationship: str,
    contact: str,
    consent_evidence: str,
    reason: str,
) -> Amendment:
    """Someone now acts for the resident on this complaint, which has no representative: one who
    stopped was replaced, or the resident asked for one after the complaint was logged (2024 3.6: the
    resident chooses to have a representative). With ``consent_evidence``, the resident's consent is
    recorded today; without it, nothing goes to them until it is (the case asks for it)."""
    why = _why(reason)
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("resident").get(pk=complaint.pk)
    if locked.representative_id is not None:
        raise InvalidRequest(
            None,
            "this complaint already has a representative: record that they no longer act for the "
            "resident first",
        )
    today = timezone.localdate()
    representative = services.add_representative(
        resident=locked.resident,
        name=name,
        relationship=relationship,
        contact=contact,
        consent_recorded_on=today if consent_evidence.strip() else None,
        consent_evidence=consent_evidence,
    )
    Complaint.objects.filter(pk=locked.pk).update(representative=representative)
    complaint.representative = representative
    return _record(
        complaint=locked,
        kind=ChangeKind.REPRESENTATIVE_ADDED,
        changes=[Change("representative", "Representative", "none", _representative_text(representative))],
        reason=why,
        actor=actor,
    )


@transaction.atomic
def change_representative(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str,
    name: str,
    relationship: str,
    contact: str,
    preferred_contact_method: str,
    address_given: str,
) -> Amendment:
    """Correct the details of the person who acts for the resident (2024 3.6): their name, relationship,
    contact details, how they prefer to be contacted and the postal address their letters go to
    (``letters.services._addressee``), each change kept with who, when, why, old and new (2024 5.12).
    The consent recorded is not changed here: it is recorded once, when the resident gives it. Only this
    complaint's representative changes, never another complaint's that shares the record of them."""
    why = _why(reason)
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    # a record another complaint shares is copied first: it keeps what its own history says (2024 5.12)
    representative = services.own_representative(locked)
    if representative is None:
        raise InvalidRequest(None, "this complaint has no representative")
    if not name.strip():
        raise InvalidRequest(None, "enter the representative's name")
    if not relationship.strip():
        raise InvalidRequest(None, "enter the representative's relationship to the resident")
    values = {
        "name": name.strip(),
        "relationship": relationship.strip(),
        "contact": contact.strip(),
        "preferred_contact_method": _contact_method(preferred_contact_method),
        "address_given": services.postal_lines(address_given),
    }
    labels = {
        "name": "Representative's name",
        "relationship": "Relationship to the resident",
        "contact": "Representative's contact details",
        "preferred_contact_method": "Representative prefers contact by",
        "address_given": "Representative's postal address",
    }
    changes = _in_words(
        _diff(representative, values, labels), "preferred_contact_method", ContactMethod.choices
    )
    if not changes:
        raise _nothing_changed()
    lines = {representative.address_given: ", ".join(representative.postal_address)}
    lines[values["address_given"]] = values["address_given"].replace("\n", ", ")
    changes = _in_words(changes, "address_given", lines.items())
    Representative.objects.filter(pk=representative.pk).update(**values)
    complaint.representative = Representative.objects.get(pk=representative.pk)
    return _record(
        complaint=locked, kind=ChangeKind.REPRESENTATIVE_CHANGED, changes=changes, reason=why, actor=actor
    )


# --------------------------------------------------------------------------------------------------
# The resident


@transaction.atomic
def change_resident_contact(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str,
    email: str,
    phone: str,
    preferred_contact_method: str,
) -> Amendment:
    """The resident's email, phone and how they prefer to be contacted."""
    why = _why(reason)
    resident = Resident.objects.select_for_update().get(pk=complaint.resident_id)
    values = {
        "email": email.strip(),
        "phone": phone.strip(),
        "preferred_contact_method": ContactMethod(preferred_contact_method).value,
    }
    labels = {"email": "Email", "phone": "Phone", "preferred_contact_method": "Prefers contact by"}
    changes = _in_words(_diff(resident, values, labels), "preferred_contact_method", ContactMethod.choices)
    if not changes:
        raise _nothing_changed()
    Resident.objects.filter(pk=resident.pk).update(**values)
    return _record(
        complaint=complaint, kind=ChangeKind.RESIDENT_CONTACT, changes=changes, reason=why, actor=actor
    )


def find_or_add_property(
    *, address_line_1: str, postcode: str, address_line_2: str = "", town: str = ""
) -> Property:
    """The home at this address: an existing property with the same first line and postcode, or a
    new one. Homes are shared by everyone who lives there, so a move is a change of property, never
    an edit of the old property's address."""
    line = address_line_1.strip()
    if not line:
        raise InvalidRequest(None, "enter the first line of the address")
    code = standard_postcode(postcode)
    existing = known_home(address_line_1=line, postcode=code)
    if existing is not None:
        return existing
    count = Property.objects.count() + 1
    return Property.objects.create(
        reference=f"NEW-{count:06d}",
        address_line_1=line,
        address_line_2=address_line_2.strip(),
        town=town.strip(),
        postcode=code,
    )


def known_home(*, address_line_1: str, postcode: str) -> Property | None:
    """The home we know with this first line and postcode (case and spaces ignored: "RV61DA" is the
    home at "RV6 1DA", never a second copy of it), or None."""
    return Property.objects.filter(
        postcode_matches("postcode", postcode), address_line_1__iexact=address_line_1.strip()
    ).first()


def homes_at(postcode: str, *, most: int = 30) -> list[Property]:
    """The homes we know at ``postcode``, to match an address given to one of them."""
    code = postcode.strip()
    if not code:
        return []
    return list(
        Property.objects.filter(postcode_matches("postcode", code)).order_by("address_line_1", "pk")[:most]
    )


#: what becomes of an address that names no home we know, not confirmed as a new home to add (2024
#: 5.12: matching it to a home we do not know would make up a home), said by :func:`not_a_home_we_know`.
#: An address given matched to no home yet: it stays as it is
NEW_HOME_NOT_CONFIRMED = "it stays as given, not matched to a home"
#: a matched resident moving to a home we do not know: their address left as it was
MOVE_TO_NEW_HOME_NOT_CONFIRMED = "the resident's address has not been changed"
#: the complaint's details naming a home we do not know: the details left as they were
DETAILS_NEW_HOME_NOT_CONFIRMED = "the complaint's details have not been changed"


def not_a_home_we_know(outcome: str, postcode: str) -> str:
    """The refusal of an address that names no home we know, saying ``outcome`` (one of the
    ``*_NOT_CONFIRMED`` above) and what to do. Choosing one of the homes we know at the postcode is
    offered only when we know one there: with none, the form lists none, and "choose one of the homes
    we know" sent staff looking for a list that was not on the page."""
    code = standard_postcode(postcode)
    if not code or homes_at(code, most=1):
        return (
            f"No home we know has this address, so {outcome}. Choose one of the homes we know at the "
            "postcode, correct the address, or confirm that it is a new home to add"
        )
    return (
        f"No home we know has this address, and we know of no home at {code}, so {outcome}. Correct "
        "the postcode, or if it is right, confirm that it is a new home to add"
    )


def confirmed_home(
    *,
    address_line_1: str,
    postcode: str,
    new_home: bool,
    refused: str,
    address_line_2: str = "",
    town: str = "",
) -> Property:
    """The home we know at this address, or a new one when ``new_home`` confirms it is a home to add;
    otherwise refused, saying ``refused`` happened (2024 5.12: the record makes up no home)."""
    if not new_home and known_home(address_line_1=address_line_1, postcode=postcode) is None:
        raise InvalidRequest(None, not_a_home_we_know(refused, postcode))
    return find_or_add_property(
        address_line_1=address_line_1, address_line_2=address_line_2, town=town, postcode=postcode
    )


@dataclass(frozen=True)
class AddressGiven:
    """Where a new contact's resident lives: the home their address names, or none and the address
    kept as given (``Resident.address_given``, ``postcode_given``), shown as not matched to a home."""

    home: Property | None
    address_given: str = ""
    postcode_given: str = ""


def home_or_as_given(*, address_line_1: str, postcode: str, new_home: bool = False) -> AddressGiven:
    """The home an address given on a new contact names, when we know it or ``new_home`` confirms it
    is a home to add; otherwise the address is kept as given, for staff to match to a home. The
    contact is recorded either way: a complaint is one "however made" (2024 1.2) and easy to make
    (3.1), so an address matching no home is no reason to refuse it; no home is made up from it (5.12)."""
    line, code = address_line_1.strip(), standard_postcode(postcode)
    if not line:
        return AddressGiven(None, "", code)
    known = known_home(address_line_1=line, postcode=code) if code else None
    if known is not None:
        return AddressGiven(known)
    if new_home:
        return AddressGiven(find_or_add_property(address_line_1=line, postcode=code))
    return AddressGiven(None, line, code)


def _address(home: Property | None) -> str:
    if home is None:
        return ""
    return ", ".join(p for p in (home.address_line_1, home.address_line_2, home.town, home.postcode) if p)


@transaction.atomic
def change_resident_address(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str,
    address_line_1: str,
    address_line_2: str = "",
    town: str = "",
    postcode: str = "",
    new_home: bool = False,
) -> Amendment:
    """Where the resident lives and where their letters go. An address the resident gave that
    matched no home is matched to the home it names; an address, given or typed here, that names no
    home we know is refused unless ``new_home`` confirms it is a home to add, whether the resident's
    address was matched before or not (2024 5.12: the record makes up no home). Matching
    an address given, a complaint about no home is then about the resident's, recorded as a change to
    it; a resident who moves does not make their complaint about the new home (helper-142)."""
    why = _why(reason)
    resident = (
        Resident.objects.select_for_update(of=("self",))
        .select_related("property")
        .get(pk=complaint.resident_id)
    )
    home = confirmed_home(
        address_line_1=address_line_1,
        address_line_2=address_line_2,
        town=town,
        postcode=postcode,
        new_home=new_home,
        refused=NEW_HOME_NOT_CONFIRMED if resident.address_unmatched else MOVE_TO_NEW_HOME_NOT_CONFIRMED,
    )
    if home.pk == resident.property_id:
        raise _nothing_changed()
    # an address the resident gave that matched no home is replaced by the home it is matched to
    before = _address(resident.property) or ", ".join(resident.postal_address)
    changes = [Change("property", "Address", before, _address(home))]
    Resident.objects.filter(pk=resident.pk).update(property=home, address_given="", postcode_given="")
    given = Complaint.objects.get(pk=complaint.pk).address_given.splitlines()
    if given and known_home(address_line_1=given[0], postcode=given[-1]) == home:
        # the address given on this complaint (by a contact matched to the resident) is now their
        # home: flagged "not on the resident's record" it would say what is no longer so (2024 5.12)
        changes.append(Change("address_given", "Address given on this complaint", ", ".join(given), ""))
        Complaint.objects.filter(pk=complaint.pk).update(address_given="")
        complaint.address_given = ""
    amendment = _record(
        complaint=complaint, kind=ChangeKind.RESIDENT_ADDRESS, changes=changes, reason=why, actor=actor
    )
    matching = resident.address_unmatched
    if matching and Complaint.objects.filter(pk=complaint.pk, property__isnull=True).update(property=home):
        changed_without_event.send(sender=change_resident_address)  # an amendment, not an event
        complaint.property = home
        _record(
            complaint=complaint,
            kind=ChangeKind.COMPLAINT_PROPERTY,
            changes=[Change("property", "Property", "", _address(home))],
            reason=why,
            actor=actor,
        )
    return amendment


@transaction.atomic
def change_resident_preferences(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str,
    preferred_format: str,
    language: str,
) -> Amendment:
    """The format and language the resident wants letters in (2024 5.10 where it is an adjustment)."""
    why = _why(reason)
    resident = Resident.objects.select_for_update().get(pk=complaint.resident_id)
    values = {"preferred_format": Format(preferred_format).value, "language": language.strip()}
    changes = _in_words(
        _diff(resident, values, {"preferred_format": "Format", "language": "Language"}),
        "preferred_format",
        Format.choices,
    )
    if not changes:
        raise _nothing_changed()
    Resident.objects.filter(pk=resident.pk).update(**values)
    return _record(
        complaint=complaint, kind=ChangeKind.RESIDENT_PREFERENCES, changes=changes, reason=why, actor=actor
    )


# --------------------------------------------------------------------------------------------------
# The complaint


@transaction.atomic
def change_complaint_details(
    *,
    complaint: Complaint,
    actor: User | None,
    reason: str,
    category: Category | None,
    property: Property | None,
    summary: str,
) -> list[Amendment]:
    """The complaint's category, the home it is about, and its summary. One amendment per field
    changed, so each shows on the timeline for what it is. The summary as first made stays on the
    record (the first summary amendment's old value) and on the resident's tracking page."""
    why = _why(reason)
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("category", "property")
        .get(pk=complaint.pk)
    )
    if not summary.strip():
        raise InvalidRequest(None, "enter the summary of the complaint")
    if len(summary.strip()) > SUMMARY_MOST and summary.strip() != locked.summary.strip():
        raise InvalidRequest(None, f"the summary must be {SUMMARY_MOST:,} characters or fewer")
    found: list[tuple[ChangeKind, Change]] = []
    if locked.category_id != (category.pk if category else None):
        found.append(
            (
                ChangeKind.COMPLAINT_CATEGORY,
                Change(
                    "category",
                    "Category",
                    locked.category.name if locked.category else "",
                    category.name if category else "",
                ),
            )
        )
    if locked.property_id != (property.pk if property else None):
        found.append(
            (
                ChangeKind.COMPLAINT_PROPERTY,
                Change("property", "Property", _address(locked.property), _address(property)),
            )
        )
    # the same words with other line endings (a browser sends CRLF) are no change to record
    if one_line_ending(locked.summary.strip()) != one_line_ending(summary.strip()):
        found.append(
            (ChangeKind.COMPLAINT_SUMMARY, Change("summary", "Summary", locked.summary, summary.strip()))
        )
    if not found:
        raise _nothing_changed()
    Complaint.objects.filter(pk=locked.pk).update(
        category=category, property=property, summary=summary.strip()
    )
    changed_without_event.send(sender=change_complaint_details)  # an amendment, not an event
    complaint.refresh_from_db(fields=["category", "property", "summary"])
    return [
        _record(complaint=complaint, kind=kind, changes=[change], reason=why, actor=actor)
        for kind, change in found
    ]


def summary_as_made(complaint: Complaint) -> str:
    """The complaint in the words first recorded, before any staff edit of the summary."""
    first = (
        Amendment.objects.filter(
            complaint=complaint, kind=ChangeKind.COMPLAINT_SUMMARY, redacted_at__isnull=True
        )
        .order_by("recorded_at", "id")
        .first()
    )
    if first is None or not first.changes:
        return complaint.summary
    return str(first.changes[0].get("old", complaint.summary))


# --------------------------------------------------------------------------------------------------
# Reasonable adjustments and disclosed disabilities (2024 5.10)


@transaction.atomic
def record_adjustment(
    *,
    complaint: Complaint,
    actor: User | None,
    adjustment: str,
    disclosed_disability: str,
    agreed_on: date,
    review_due: date | None,
    reason: str = "",
) -> ReasonableAdjustment:
    """An agreed adjustment, any disability disclosed and when it will be reviewed (2024 5.10)."""
    if review_due is not None and review_due <= agreed_on:
        raise InvalidRequest(
            _cite(complaint, ChangeKind.ADJUSTMENT_RECORDED),
            "the review must be after the day the adjustment was agreed",
        )
    found = services.record_reasonable_adjustment(
        resident=complaint.resident,
        adjustment=adjustment,
        agreed_on=agreed_on,
        disclosed_disability=disclosed_disability,
        review_due=review_due,
    )
    changes = [Change("adjustment", "Adjustment", "", found.adjustment)]
    if found.disclosed_disability:
        changes.append(Change("disclosed_disability", "Disability disclosed", "", found.disclosed_disability))
    changes.append(Change("agreed_on", "Agreed on", None, agreed_on))
    changes.append(Change("review_due", "Review due", None, review_due))
    _record(
        complaint=complaint,
        kind=ChangeKind.ADJUSTMENT_RECORDED,
        changes=changes,
        reason=reason.strip() or "Agreed with the resident",
        actor=actor,
    )
    return found


@transaction.atomic
def review_adjustment(
    *,
    complaint: Complaint,
    actor: User | None,
    adjustment: ReasonableAdjustment,
    reviewed_on: date,
    outcome: str,
    next_review_due: date | None,
    reason: str,
) -> Amendment:
    """A review of an agreed adjustment (2024 5.10 "kept under active review"): the review date, what
    was decided and when it is next reviewed. ``outcome`` is the adjustment as it now stands (the
    same text to keep it, a new text to change it)."""
    why = _why(reason)
    if adjustment.resident_id != complaint.resident_id:
        raise InvalidRequest(None, "that adjustment is for a different resident")
    if reviewed_on > timezone.localdate():
        raise InvalidRequest(
            _cite(complaint, ChangeKind.ADJUSTMENT_RECORDED), "a review cannot be dated in the future"
        )
    if reviewed_on < adjustment.agreed_on:
        raise InvalidRequest(
            _cite(complaint, ChangeKind.ADJUSTMENT_RECORDED),
            "a review cannot be before the adjustment was agreed",
        )
    if next_review_due is not None and next_review_due <= reviewed_on:
        raise InvalidRequest(
            _cite(complaint, ChangeKind.ADJUSTMENT_RECORDED), "the next review must be after this one"
        )
    locked = ReasonableAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    values = {
        "adjustment": outcome.strip() or locked.adjustment,
        "reviewed_on": reviewed_on,
        "review_due": next_review_due,
    }
    changes = [
        Change(name, label, getattr(locked, name), values[name])
        for name, label in (
            ("adjustment", "Adjustment"),
            ("reviewed_on", "Reviewed on"),
            ("review_due", "Next review"),
        )
        if getattr(locked, name) != values[name]
    ]
    ReasonableAdjustment.objects.filter(pk=locked.pk).update(**values)
    return _record(
        complaint=complaint,
        kind=ChangeKind.ADJUSTMENT_REVIEWED,
        changes=changes or [Change("reviewed_on", "Reviewed on", locked.reviewed_on, reviewed_on)],
        reason=why,
        actor=actor,
    )


def adjustments_for(resident: Resident) -> QuerySet[ReasonableAdjustment]:
    return ReasonableAdjustment.objects.filter(resident=resident).order_by("-agreed_on", "-id")


# --------------------------------------------------------------------------------------------------
# Vulnerability: only what was recorded as such


@transaction.atomic
def record_vulnerability(
    *, complaint: Complaint, actor: User | None, reason: str, source: str, recorded_on: date | None = None
) -> Vulnerability:
    """A vulnerability the resident told us about or staff recorded, with the reason shown wherever
    the "Vulnerable" tag is. Never inferred from other text."""
    if not reason.strip():
        raise InvalidRequest(None, "say what the vulnerability is, so colleagues know why it is flagged")
    found = Vulnerability.objects.create(
        resident=complaint.resident,
        reason=reason.strip(),
        source=Vulnerability.Source(source).value,
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=actor,
    )
    _record(
        complaint=complaint,
        kind=ChangeKind.VULNERABILITY_RECORDED,
        changes=[Change("vulnerability", "Vulnerability", "", found.reason)],
        reason=found.get_source_display(),
        actor=actor,
    )
    return found


@transaction.atomic
def end_vulnerability(
    *, complaint: Complaint, actor: User | None, vulnerability: Vulnerability, reason: str
) -> Amendment:
    why = _why(reason)
    if vulnerability.resident_id != complaint.resident_id:
        raise InvalidRequest(None, "that record is for a different resident")
    today = timezone.localdate()
    Vulnerability.objects.filter(pk=vulnerability.pk).update(ended_on=today)
    return _record(
        complaint=complaint,
        kind=ChangeKind.VULNERABILITY_ENDED,
        changes=[Change("vulnerability", "Vulnerability", vulnerability.reason, "")],
        reason=why,
        actor=actor,
    )


@dataclass(frozen=True)
class VulnerabilityFlag:
    """Why a resident is flagged vulnerable: each reason recorded, and each disability disclosed."""

    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.reasons)

    @property
    def text(self) -> str:
        return "; ".join(self.reasons)


def active_vulnerabilities(
    resident_ids: Iterable[int], *, today: date | None = None
) -> dict[int, VulnerabilityFlag]:
    """Residents flagged vulnerable, with the reasons: recorded vulnerabilities still in force and
    disabilities disclosed with a reasonable adjustment (2024 5.10). Two queries for any number."""
    day = today or timezone.localdate()
    ids = list(set(resident_ids))
    reasons: dict[int, list[str]] = {}
    for resident_id, text in (
        Vulnerability.objects.filter(resident_id__in=ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .values_list("resident_id", "reason")
    ):
        reasons.setdefault(resident_id, []).append(text)
    for resident_id, text in (
        ReasonableAdjustment.objects.filter(resident_id__in=ids).exclude(disclosed_disability="")
    ).values_list("resident_id", "disclosed_disability"):
        reasons.setdefault(resident_id, []).append(f"Disability disclosed: {text}")
    return {pk: VulnerabilityFlag(tuple(found)) for pk, found in reasons.items()}


# --------------------------------------------------------------------------------------------------
# Contact restrictions (2024 5.14, 5.15)


@transaction.atomic
def record_restriction(
    *,
    complaint: Complaint,
    actor: User | None,
    restriction: str,
    reason: str,
    equality_considerations: str,
    starts_on: date,
    review_due: date,
) -> tuple[ContactRestriction, Any]:
    """A restriction on contact for unacceptable behaviour: what it is, the evidenced reasons (5.14),
    the regard had to the Equality Act 2010 (5.15) and when it will be reviewed (5.14). Returns the
    restriction and a draft ``contact-restriction-notice`` letter so the resident is told in
    writing; the letter is checked against the Code and issued from the letters page."""
    from putright.letters.services import start_draft

    if not equality_considerations.strip():
        provision = "5.15" if complaint.edition == "2024" else "4.19"
        raise InvalidRequest(
            cite(complaint.edition, provision),
            "record the regard had to the Equality Act 2010 in deciding this restriction",
        )
    found = services.record_contact_restriction(
        resident=complaint.resident,
        restriction=restriction,
        reason=reason,
        starts_on=starts_on,
        review_due=review_due,
        equality_considerations=equality_considerations,
    )
    _record(
        complaint=complaint,
        kind=ChangeKind.RESTRICTION_RECORDED,
        changes=[
            Change("restriction", "Restriction", "", found.restriction),
            Change("equality_considerations", "Equality Act 2010 regard", "", found.equality_considerations),
            Change("starts_on", "Starts", None, found.starts_on),
            Change("review_due", "Review due", None, found.review_due),
        ],
        reason=found.reason,
        actor=actor,
    )
    draft = start_draft(complaint=complaint, kind="contact-restriction-notice", actor=actor)
    return found, draft


@transaction.atomic
def review_restriction(
    *,
    complaint: Complaint,
    actor: User | None,
    restriction: ContactRestriction,
    reviewed_on: date,
    decision: str,
    next_review_due: date | None,
    reason: str,
) -> tuple[Amendment, Any]:
    """A review of a restriction (2024 5.14 "keep restrictions under regular review"): continue it
    with a next review date, or end it. Either way a letter is drafted so the resident is told the
    outcome in writing: a ``contact-restriction-notice`` with the next review, or a
    ``contact-restriction-ended``."""
    from putright.letters.services import start_draft

    why = _why(reason)
    if restriction.resident_id != complaint.resident_id:
        raise InvalidRequest(None, "that restriction is for a different resident")
    if reviewed_on > timezone.localdate():
        raise InvalidRequest(
            _cite(complaint, ChangeKind.RESTRICTION_RECORDED), "a review cannot be dated in the future"
        )
    if reviewed_on < restriction.starts_on:
        raise InvalidRequest(
            _cite(complaint, ChangeKind.RESTRICTION_RECORDED),
            "a review cannot be before the restriction started",
        )
    locked = ContactRestriction.objects.select_for_update().get(pk=restriction.pk)
    if decision == "continue":
        if next_review_due is None or next_review_due <= reviewed_on:
            raise InvalidRequest(
                _cite(complaint, ChangeKind.RESTRICTION_RECORDED),
                "a restriction that continues needs a next review after this one",
            )
        changes = [Change("review_due", "Review due", locked.review_due, next_review_due)]
        ContactRestriction.objects.filter(pk=locked.pk).update(review_due=next_review_due)
    elif decision == "end":
        changes = [Change("ended_on", "Ended", locked.ended_on, reviewed_on)]
        ContactRestriction.objects.filter(pk=locked.pk).update(ended_on=reviewed_on)
    else:
        raise InvalidRequest(None, "choose whether the restriction continues or ends")
    changes.insert(0, Change("reviewed_on", "Reviewed on", None, reviewed_on))
    amendment = _record(
        complaint=complaint, kind=ChangeKind.RESTRICTION_REVIEWED, changes=changes, reason=why, actor=actor
    )
    # the resident is told the outcome in writing: the restriction goes on (with its next review), or
    # it has ended
    kind = "contact-restriction-notice" if decision == "continue" else "contact-restriction-ended"
    return amendment, start_draft(complaint=complaint, kind=kind, actor=actor)


def current_restrictions(resident: Resident, *, today: date | None = None) -> QuerySet[ContactRestriction]:
    day = today or timezone.localdate()
    return ContactRestriction.objects.filter(resident=resident).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


# --------------------------------------------------------------------------------------------------
# Erasure


@transaction.atomic
def redact_amendments(*, resident: Resident) -> int:
    """Erase the personal data the amendments about ``resident`` hold (old and new values, reasons),
    keeping who changed what kind of thing and when. Returns how many were redacted."""
    rows = list(Amendment.objects.filter(resident=resident, redacted_at__isnull=True))
    now = timezone.now()
    for row in rows:
        Amendment.objects.filter(pk=row.pk).update(
            changes=row.changes
            if row.kind in _NO_PERSONAL_VALUES
            else [
                {"field": c.get("field", ""), "label": c.get("label", ""), "old": REDACTED, "new": REDACTED}
                for c in row.changes
            ],
            reason=REDACTED,
            redacted_at=now,
        )
    return len(rows)


#: amendments whose old and new values are no one's personal data (the dates a text sent gave, which
#: the lists keep to): erasure redacts their reasons and keeps what changed, as evidence of it
_NO_PERSONAL_VALUES = frozenset({ChangeKind.RESPONSE_DATE_GIVEN.value})
