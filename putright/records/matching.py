"""Matching contacts to residents: the online form and email intake never add to a known resident's
record (anyone can type a name and an email address), so each makes a new resident record, a
*contact*. A complaints officer decides, never the system, whether a contact that looks like a known
resident (the same email address, or the same name and postcode) is that person.

* **Same person**: the contact's complaints move to the known resident (their correspondence,
  documents and letters go with them), each move recorded as an amendment on the complaint (who,
  when, why, from which record to which). Nothing of the contact's record is copied onto the known
  resident's: their contact details, adjustments and representatives stay as they were. A
  representative named on the form stays with the contact and is taken off the moved complaint,
  unless the officer records how the known resident confirmed they act for them. An address the
  contact typed that matched no home goes with each moved complaint as the address given on it
  (``Complaint.address_given``, in the amendment too), shown to staff to decide: it never replaces
  the known resident's home, and letters keep going there (2024 5.12).
* **Different person**: recorded, so the pair is not offered again.

What someone filing a complaint in another person's name can gain: nothing. The known resident's
complaints never move to the contact; the complaint they filed now reaches the known resident's own
address (letters, emails, the tracking page), not theirs; a tracking session they opened before the
match ends (``portal.views._following``); and their own representative record is not attached
without the resident's confirmation.

Refused: a legal hold on the contact or on a complaint to be moved (the held records stay exactly
as they are until the hold is lifted, with its reason); a match that would put a complaint
restricted to named staff and an unrestricted one on one resident's record (everyone who may see
the unrestricted complaint sees its resident, which is what a restriction hides); and anyone who may
not see every complaint of both records (``access.policy.can_handle_resident_data``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace, Upper
from django.utils import timezone

from putright.access.policy import can_handle_resident_data, resident_scope
from putright.accounts.models import User
from putright.complaints import services
from putright.complaints.models import Complaint, Representative, Resident
from putright.complaints.projection import changed_without_event
from putright.records.models import ContactDecision, LegalHold, PurgeRecord
from putright.workspace.models import Amendment, ChangeKind
from putright.workspace.records import consent_text

#: the channels that make a contact without a member of staff in between
CONTACT_CHANNELS = ("online_form", "email")
#: most candidate pairs shown at once (the oldest contacts first)
LIMIT = 200


class MatchRefused(ValueError):
    pass


@dataclass(frozen=True)
class Candidate:
    contact: Resident
    resident: Resident
    because: str


def _postcode(field: str) -> Upper:
    return Upper(Replace(field, Value(" "), Value("")))


def _contacts() -> QuerySet[Resident]:
    return Resident.objects.filter(complaints__channel__in=CONTACT_CHANNELS).distinct()


def _groups(residents: QuerySet[Resident], key: str) -> list[list[int]]:
    """Ids of residents sharing the annotated ``key``, one list per shared value."""
    shared = residents.values(key).annotate(n=Count("id")).filter(n__gt=1).values(key)
    grouped: dict[object, list[int]] = defaultdict(list)
    for pk, value in residents.filter(**{f"{key}__in": shared}).values_list("pk", key):
        grouped[value].append(pk)
    return list(grouped.values())


def candidates(user: User) -> list[Candidate]:
    """Pairs (contact, known resident) that may be one person, for ``user``: never a pair with a
    record they may not handle, never a pair already decided. The known resident is the older
    record; the contact is a record the form or email made."""
    visible = resident_scope(user)
    by_email = visible.exclude(email="").annotate(email_key=Lower("email"))
    by_home = (
        visible.exclude(property__isnull=True)
        .exclude(property__postcode="")
        .annotate(home_key=Lower("name"), postcode_key=_postcode("property__postcode"))
    )
    pairs: dict[tuple[int, int], str] = {}
    for group in _groups(by_email, "email_key"):
        for older, newer in combinations(sorted(group), 2):
            pairs.setdefault((newer, older), "the same email address")
    home_groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    shared_names = by_home.values("home_key", "postcode_key").annotate(n=Count("id")).filter(n__gt=1)
    wanted = {(row["home_key"], row["postcode_key"]) for row in shared_names}
    if wanted:
        names = {name for name, _ in wanted}
        for pk, name, postcode in by_home.filter(home_key__in=names).values_list(
            "pk", "home_key", "postcode_key"
        ):
            if (name, postcode) in wanted:
                home_groups[(name, postcode)].append(pk)
    for group in home_groups.values():
        for older, newer in combinations(sorted(group), 2):
            pairs.setdefault((newer, older), "the same name and postcode")
    if not pairs:
        return []
    contacts = set(_contacts().filter(pk__in={c for c, _ in pairs}).values_list("pk", flat=True))
    decided = set(
        ContactDecision.objects.filter(contact__in=contacts).values_list("contact_id", "resident_id")
    )
    wanted_pairs = sorted(p for p in pairs if p[0] in contacts and p not in decided)[:LIMIT]
    ids = {pk for pair in wanted_pairs for pk in pair}
    people = Resident.objects.select_related("property").in_bulk(ids)
    return [Candidate(people[c], people[r], pairs[(c, r)]) for c, r in wanted_pairs]


def _held(contact: Resident, moving: list[Complaint]) -> LegalHold | None:
    return (
        LegalHold.objects.filter(lifted_at__isnull=True)
        .filter(Q(resident=contact) | Q(complaint__in=[c.pk for c in moving]))
        .first()
    )


def _restriction_clash(moving: list[Complaint], staying: list[Complaint]) -> bool:
    moving_kinds = {c.restricted for c in moving}
    staying_kinds = {c.restricted for c in staying}
    return (True in moving_kinds and False in staying_kinds) or (
        False in moving_kinds and True in staying_kinds
    )


def check(*, contact: Resident, resident: Resident, actor: User) -> list[Complaint]:
    """The complaints that would move, or :class:`MatchRefused` saying why the pair cannot be matched
    by ``actor``. Shown on the page before anything is recorded."""
    if contact.pk == resident.pk:
        raise MatchRefused("a record cannot be matched to itself")
    if not (can_handle_resident_data(actor, contact) and can_handle_resident_data(actor, resident)):
        raise MatchRefused("you may not handle one of these records")
    if ContactDecision.objects.filter(contact=contact, resident=resident).exists():
        raise MatchRefused("this pair has already been decided")
    if resident.pk > contact.pk:
        # complaints move from the newer record to the older one, never the other way: a record made
        # by the form cannot take over the complaints of the resident it claims to be
        raise MatchRefused(
            f"{resident.name} (record {resident.pk}) was made after the contact (record {contact.pk}): "
            "a contact's complaints move to the resident on record before it, never the other way"
        )
    if PurgeRecord.objects.filter(
        detail__kind="erasure", detail__resident=resident.pk, detail__whole_resident=True
    ).exists():
        raise MatchRefused(
            f"resident record {resident.pk} was erased: a complaint moved to it would reach no one "
            "(its contact details are gone)"
        )
    moving = list(Complaint.objects.filter(resident=contact).order_by("pk"))
    if not any(c.channel in CONTACT_CHANNELS for c in moving):
        raise MatchRefused(
            f"{contact.name} (record {contact.pk}) has no complaint made through the online form or by email: "
            "only those contacts are matched here"
        )
    hold = _held(contact, moving)
    if hold is not None:
        raise MatchRefused(
            f"a legal hold is in force on {hold.complaint.reference if hold.complaint else 'this contact'} "
            f"(placed {hold.placed_at:%-d %B %Y} by {hold.placed_by}): the records under hold stay exactly as "
            "they are. Lift the hold, recording why, before matching."
        )
    staying = list(Complaint.objects.filter(resident=resident))
    if _restriction_clash(moving, staying):
        raise MatchRefused(
            "matching would put a complaint restricted to named staff and an unrestricted complaint on one "
            "resident's record: everyone who may see the unrestricted complaint would see the resident of "
            "the restricted one, which the restriction hides. Keep the records apart."
        )
    return moving


def _label(person: Resident, role: str) -> str:
    return f"{person.name} ({role}, record {person.pk}{', ' + person.email if person.email else ''})"


def address_given(contact: Resident, resident: Resident, complaint: Complaint) -> tuple[str, ...]:
    """The address the contact typed that matched no home, to keep on ``complaint`` as given: ()
    when they gave none, when the complaint already keeps it, or when it is the address the known
    resident gave themselves (nothing to decide)."""
    if not contact.address_unmatched:
        return ()
    given = contact.postal_address
    same = tuple(line.casefold() for line in given)
    if resident.property is None and tuple(line.casefold() for line in resident.postal_address) == same:
        return ()
    if tuple(line.casefold() for line in complaint.address_given.splitlines()) == same:
        return ()
    return given


@transaction.atomic
def same_person(
    *,
    contact: Resident,
    resident: Resident,
    actor: User,
    reason: str,
    representative_consent: str = "",
) -> ContactDecision:
    """Move the contact's complaints to the known resident (see the module's note)."""
    reason = reason.strip()
    if not reason:
        raise MatchRefused("say why you are sure they are the same person")
    Resident.objects.select_for_update().filter(pk__in=[contact.pk, resident.pk]).order_by("pk").count()
    moving = check(contact=contact, resident=resident, actor=actor)
    consent = representative_consent.strip()
    actor_label = actor.get_full_name() or actor.get_username()
    references: list[str] = []
    kept: list[int] = []
    removed: list[int] = []
    confirmed: list[tuple[Complaint, Representative, str]] = []
    for complaint in moving:
        changes = [
            {
                "field": "resident",
                "label": "Resident",
                "old": _label(contact, "contact"),
                "new": _label(resident, "known resident"),
            }
        ]
        update: dict[str, object] = {"resident": resident}
        given = address_given(contact, resident, complaint)
        if given:
            update["address_given"] = "\n".join(given)
            changes.append(
                {
                    "field": "address_given",
                    "label": "Address given on this complaint",
                    "old": ", ".join(complaint.address_given.splitlines()),
                    "new": ", ".join(given),
                }
            )
        representative = complaint.representative
        if representative is not None:
            if consent:
                # this complaint's own record of them, so the consent is this complaint's (2024 3.6)
                Complaint.objects.select_for_update(of=("self",)).filter(pk=complaint.pk).count()
                representative = services.own_representative(complaint)
                assert representative is not None
                previous = consent_text(representative) if representative.consented else ""
                representative.resident = resident
                representative.consent_recorded_on = timezone.localdate()
                representative.consent_evidence = (
                    f"Confirmed with {resident.name} when matching, by {actor_label}: {consent}"
                )
                representative.save(update_fields=["resident", "consent_recorded_on", "consent_evidence"])
                kept.append(representative.pk)
                confirmed.append((complaint, representative, previous))
            else:
                update["representative"] = None
                changes.append(
                    {
                        "field": "representative",
                        "label": "Representative",
                        "old": f"{representative.name} ({representative.relationship})",
                        "new": f"none: not confirmed with {resident.name}",
                    }
                )
                removed.append(representative.pk)
        Complaint.objects.filter(pk=complaint.pk).update(**update)
        complaint.resident = resident
        changed_without_event.send(sender=same_person)  # an amendment, not an event
        Amendment.objects.create(
            complaint=complaint,
            resident=resident,
            kind=ChangeKind.RESIDENT_MATCHED.value,
            changes=changes,
            reason=reason,
            actor=actor,
            actor_label=actor_label,
        )
        references.append(complaint.reference)
    for complaint, representative, previous in confirmed:
        # each complaint's history says when and how its consent was recorded, and what it replaced
        # (2024 3.6, 5.12), after the match that moved it
        services.representative_recorded.send(
            sender=same_person,
            complaint=complaint,
            representative=representative,
            actor=actor,
            source=None,
            previous=previous,
        )
    return ContactDecision.objects.create(
        contact=contact,
        resident=resident,
        decision=ContactDecision.Decision.SAME,
        reason=reason,
        moved={"complaints": references, "representatives_kept": kept, "representatives_removed": removed},
        decided_by=actor,
    )


@transaction.atomic
def different_people(*, contact: Resident, resident: Resident, actor: User, reason: str) -> ContactDecision:
    """Record that the contact is not the known resident, so the pair is not offered again."""
    reason = reason.strip()
    if not reason:
        raise MatchRefused("say how you know they are different people")
    if contact.pk == resident.pk:
        raise MatchRefused("a record cannot be matched to itself")
    if not (can_handle_resident_data(actor, contact) and can_handle_resident_data(actor, resident)):
        raise MatchRefused("you may not handle one of these records")
    if ContactDecision.objects.filter(contact=contact, resident=resident).exists():
        raise MatchRefused("this pair has already been decided")
    return ContactDecision.objects.create(
        contact=contact,
        resident=resident,
        decision=ContactDecision.Decision.DIFFERENT,
        reason=reason,
        decided_by=actor,
    )
