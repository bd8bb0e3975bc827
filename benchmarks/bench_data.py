"""A synthetic landlord for the benchmarks: N complaints with their full history, built in bulk.

Every complaint's events are decided by the pure core (``putright.code.lifecycle``), exactly as the
services would decide them, one step after another on the evolving ``Case``; the rows are then
written with ``bulk_create`` in batches, one transaction per batch:

* ``ComplaintEvent`` rows carry ``event_to_data(event)``, the reason and the provision as
  ``services._append`` would record them;
* the projected fields on ``Complaint`` and the ``Stage``, ``Extension``, ``Remedy``,
  ``OutstandingAction`` and ``ExclusionApplied`` rows are computed from the replayed ``Case`` by
  ``putright.complaints.projection.projected``, the pure half of ``project``, and
  :func:`check_projections` proves it on a sample by running the real ``project`` in a transaction
  that is rolled back, comparing every projected value.

The mix of states is set by ``TARGETS``: about 70% closed (most after a stage 1 response), about 30%
open across every stage, about 18% escalated to stage 2. Complaints received before April 2024
are handled under the 2022 Code, as the core decides from the date.

Imported by ``bench_inproc.py`` inside a Django process; not a script of its own.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction

from putright.accounts.models import Role, User
from putright.code import lifecycle as lc
from putright.code.exclusions import ExclusionGround
from putright.complaints.history import GENESIS, seal
from putright.complaints.models import (
    Category,
    Complaint,
    ComplaintEvent,
    Correspondence,
    ExclusionApplied,
    Extension,
    OutstandingAction,
    Property,
    Remedy,
    Representative,
    Resident,
    Stage,
)
from putright.complaints.projection import projected
from putright.complaints.services import _why, full_citation

LONDON = ZoneInfo("Europe/London")
RULES = lc.Rules()  # bank holidays only: the bench landlord sets no closure days
HANDLERS = 40
OFFICERS = 4
BENCH_USER = "bench-officer"
BENCH_PASSWORD = "bench-officer-pass-2026"  # a throwaway database on loopback only

# target -> (weight %, received between [min, max] days before today)
TARGETS: dict[str, tuple[float, tuple[int, int]]] = {
    # open: ~30%
    "received": (2.5, (0, 3)),
    "service_request": (2.5, (0, 20)),
    "complaint": (4.0, (0, 6)),
    "stage_1_acknowledged": (9.0, (3, 25)),
    "stage_1_responded": (4.0, (14, 40)),
    "escalation_requested": (2.0, (25, 60)),
    "stage_2_acknowledged": (4.0, (30, 75)),
    "stage_2_responded": (2.0, (50, 100)),
    # ended: ~70%
    "service_request_resolved": (8.0, (3, 1095)),
    "declined": (3.0, (3, 1095)),
    "withdrawn": (3.0, (10, 1095)),
    "closed_stage_1": (46.0, (30, 1095)),
    "closed_stage_2": (7.0, (100, 1095)),
    "referred_to_ombudsman": (3.0, (150, 1095)),
}

# fmt: off
FIRST = [
    "Amara", "Ben", "Chloe", "Dev", "Eilidh", "Farah", "George", "Hannah", "Imran", "Jade", "Kwame",
    "Laura", "Mohammed", "Niamh", "Olu", "Priya", "Quentin", "Rhys", "Sade", "Tom", "Uma", "Vikram",
    "Wendy", "Xavier", "Yasmin", "Zainab", "Callum", "Bethany", "Kofi", "Ewa",
]
LAST = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright",
    "Khan", "Ahmed", "Okafor", "Nowak", "Evans", "Thomas", "Roberts", "Walker", "Hughes", "Green", "Lewis",
    "Hall", "Begum", "Mensah", "Kelly", "Murphy", "Campbell", "Ali", "Singh",
]
STREETS = [
    "Albert Road", "Victoria Street", "Church Lane", "Mill Close", "Station Road", "Park Avenue",
    "Queens Walk", "Elm Grove", "Canal Side", "Market Street", "Orchard Way", "Hill Rise",
]
TOWNS = [
    ("Leeds", "LS"), ("Bradford", "BD"), ("Sheffield", "S"), ("Manchester", "M"), ("Salford", "M"),
    ("Wakefield", "WF"), ("Hull", "HU"), ("York", "YO"),
]
AREAS = [
    "North", "South", "East", "West", "Central", "Riverside",
]
CATEGORY_WEIGHTS = {
    "repairs": 35, "damp-and-mould": 20, "anti-social-behaviour": 10, "staff-conduct": 6,
    "communication": 10, "estate-services": 6, "rent-and-charges": 5, "neighbourhood": 3, "adaptations": 3,
    "other": 2,
}
PROBLEMS = [
    "Black mould has come back in the bedroom and bathroom since the last visit.",
    "The boiler has broken down again and we have had no heating for four days.",
    "I reported a leak from the flat above three times and nobody has come.",
    "The repair appointment was missed twice and nobody called to say why.",
    "The communal door entry system has been broken for a month.",
    "Neighbours are playing loud music every night and the housing officer has not replied.",
    "My rent account shows a charge I have already paid.",
    "The contractor left the kitchen in a mess and the worktop is damaged.",
    "The lift has been out of order for two weeks and I cannot use the stairs.",
    "Windows do not close properly and there is a draught in every room.",
    "I asked for a grab rail in the bathroom six months ago and heard nothing.",
    "The staff member I spoke to on the phone was rude and hung up on me.",
]
FOLLOW = [
    "This has been going on since the winter.", "My daughter has asthma and it is getting worse.",
    "I have photos of the damage.", "I want it fixed and an apology.",
    "I was told someone would ring me back but nobody did.",
    "I am not happy with how this has been handled.", "",
]
CHANNELS = [
    ("telephone", 35), ("email", 25), ("online_form", 25), ("in_person", 5), ("letter", 5),
    ("social_media", 3), ("staff", 2),
]
# fmt: on


def _weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


# --------------------------------------------------------------------------------------------------
# One complaint's life, decided by the core


@dataclass
class Journey:
    """The events of one complaint as the services would have recorded them, step by step."""

    rng: random.Random
    today: date
    case: lc.Case | None = None
    events: list[tuple[lc.Event, int | None]] = field(default_factory=list)  # (event, actor user pk)
    day: date | None = None

    def at(self, lo: int, hi: int) -> date:
        assert self.day is not None
        self.day = min(self.day + timedelta(days=self.rng.randint(lo, hi)), self.today)
        return self.day

    def add(self, event: lc.Event, actor: int | None) -> None:
        self.case = lc.evolve(self.case, event)
        self.events.append((event, actor))

    def step(self, decide: Callable[..., lc.Event], actor: int | None, lo: int, hi: int, **kw: Any) -> None:
        assert self.case is not None
        self.add(decide(self.case, on=self.at(lo, hi), rules=RULES, **kw), actor)


def _definition(rng: random.Random, summary: str) -> lc.ComplaintDefinition:
    return lc.ComplaintDefinition(
        complaint=f"The resident says: {summary}",
        outcomes_sought=rng.choice(
            [
                "The repair completed and an apology.",
                "An explanation and compensation for the delay.",
                "The problem put right and a named contact.",
                "A refund of the charge and an apology.",
            ]
        ),
        responsible_for="The repair service, our contractors and how we communicated with the resident.",
        not_responsible_for=rng.choice(["", "The resident's home contents insurance claim."]),
    )


_REMEDIES = (
    "An apology and £50 for the delay.",
    "An apology.",
    "£150 compensation and a new appointment.",
    "No remedy: the repair was completed within our timescales.",
)
_ACTIONS = (
    "None.",
    "A surveyor will inspect the wall within 10 working days.",
    "The extractor fan will be replaced by the end of the month.",
)


def _response(rng: random.Random, case: lc.Case | None) -> lc.StageResponse:
    """A response as a handler writes it. It never says there is no remedy, or nothing left to do,
    while the record holds some: the core refuses that (2024 6.9 e, f; 6.19 e, f), so the landlord
    built here is one PutRight would have recorded. One choice is drawn either way, so the random
    stream, and with it the rest of the landlord, is the same."""
    assert case is not None
    stage = case.stage
    outcome = _weighted(
        rng, [(lc.Outcome.UPHELD, 35), (lc.Outcome.PARTLY_UPHELD, 40), (lc.Outcome.NOT_UPHELD, 25)]
    )
    return lc.StageResponse(
        outcome=outcome,
        decision=f"Stage {stage}: we have {outcome.value.replace('_', ' ')} your complaint.",
        reasons="Our records show the repair was reported on time but the first visit did not find the cause, "
        "and we did not keep you informed as we should have.",
        remedy=rng.choice(_REMEDIES[:-1] if lc.remedies_offered(case) else _REMEDIES),
        outstanding_actions=rng.choice(_ACTIONS[1:] if lc.open_outstanding_actions(case) else _ACTIONS),
        escalation_route="If you are unhappy, ask us to escalate within 20 working days; you can also "
        "contact the Housing Ombudsman on 0300 111 3000.",
    )


def build_journey(
    rng: random.Random,
    target: str,
    received: date,
    today: date,
    summary: str,
    channel: str,
    handlers: list[int],
    officers: list[int],
) -> list[tuple[lc.Event, int | None]]:
    j = Journey(rng=rng, today=today, day=received)
    officer = rng.choice(officers)
    about_sr = f"SR-{rng.randint(100000, 999999)}" if target.startswith("service_request") else ""
    j.add(lc.receive(on=received, channel=channel, summary=summary, about_service_request=about_sr), officer)
    if target == "received":
        return j.events
    if target.startswith("service_request"):
        j.step(lc.triage_as_service_request, officer, 0, 1, reason="A first request for a repair (1.4).")
        if target == "service_request_resolved":
            j.step(lc.resolve_service_request, officer, 1, 15, resolution="Repair completed.")
        return j.events
    if target == "declined":
        ground = rng.choice([ExclusionGround.LEGAL_PROCEEDINGS, ExclusionGround.PREVIOUSLY_CONSIDERED])
        j.step(
            lc.decline,
            officer,
            1,
            4,
            ground=ground,
            explanation="The matter is the subject of legal proceedings or was decided before.",
            considered_on_merits="We looked at the circumstances of this complaint and no new issue is raised.",
            right_to_ombudsman_given=True,
        )
        return j.events
    j.step(lc.accept_as_complaint, officer, 0, 1)
    stage_1 = rng.choice(handlers)
    if target == "complaint":
        if rng.random() < 0.5:
            j.step(lc.allocate_handler, officer, 0, 1, handler=str(stage_1))
        return j.events
    j.step(lc.allocate_handler, officer, 0, 1, handler=str(stage_1))
    j.step(lc.acknowledge, stage_1, 0, 3, definition=_definition(rng, summary))
    if target == "withdrawn":
        j.step(lc.withdraw, officer, 1, 10, reason="The resident says the problem is now sorted.")
        return j.events
    _handle_stage(j, rng, stage_1, 1)
    if target == "stage_1_acknowledged":
        return j.events
    j.step(lc.respond, stage_1, 3, 9, handler=str(stage_1), response=_response(rng, j.case))
    _put_right(j, rng, stage_1, complete=target.startswith("closed") or target == "referred_to_ombudsman")
    if target == "stage_1_responded":
        return j.events
    if target == "closed_stage_1":
        j.step(lc.close, stage_1, 1, 20, reason="Stage 1 response sent.")
        return j.events
    if rng.random() < 0.4:
        j.step(lc.close, stage_1, 1, 10, reason="Stage 1 response sent.")
    j.step(lc.request_escalation, officer, 2, 15)
    if target == "escalation_requested":
        return j.events
    stage_2 = rng.choice([h for h in handlers if h != stage_1])
    j.step(lc.allocate_handler, officer, 0, 1, handler=str(stage_2))
    j.step(lc.acknowledge, stage_2, 0, 3, definition=_definition(rng, summary))
    _handle_stage(j, rng, stage_2, 2)
    if target == "stage_2_acknowledged":
        return j.events
    j.step(lc.respond, stage_2, 8, 18, handler=str(stage_2), response=_response(rng, j.case))
    _put_right(j, rng, stage_2, complete=target != "stage_2_responded")
    if target == "stage_2_responded":
        return j.events
    j.step(lc.close, stage_2, 1, 10, reason="Final response sent.")
    if target == "referred_to_ombudsman":
        j.step(lc.refer_to_ombudsman, officer, 10, 60, reference=f"HOS-{rng.randint(200000, 999999)}")
    return j.events


def _handle_stage(j: Journey, rng: random.Random, handler: int, stage: int) -> None:
    if rng.random() < (0.2 if stage == 1 else 0.15):
        j.step(
            lc.extend,
            handler,
            2,
            6,
            working_days=rng.randint(3, 10),
            reason="We are waiting for the surveyor's report and have told the resident why.",
            ombudsman_details_given=True,
        )
        if rng.random() < 0.5:
            j.step(
                lc.agree_update_interval, handler, 0, 1, every_working_days=5, method="A call every Friday"
            )


def _put_right(j: Journey, rng: random.Random, handler: int, *, complete: bool) -> None:
    assert j.case is not None
    if rng.random() < 0.4:
        due = j.day + timedelta(days=rng.randint(7, 40)) if j.day else None
        kind = rng.choice([lc.RemedyKind.APOLOGY, lc.RemedyKind.FINANCIAL, lc.RemedyKind.ACTION_ON_DELAY])
        j.step(
            lc.agree_remedy,
            handler,
            0,
            1,
            description="Put right what went wrong: " + kind.value.replace("_", " "),
            due=due,
            remedy_kind=kind,
            agreed_with_resident=rng.random() < 0.7,
            amount_pence=rng.choice([5000, 10000, 15000, 25000]) if kind == lc.RemedyKind.FINANCIAL else 0,
        )
        if complete and rng.random() < 0.8:
            j.step(
                lc.complete_remedy, handler, 3, 25, number=len(j.case.remedies), evidence="Done; see letter."
            )
    if rng.random() < 0.2:
        due = (j.day or j.today) + timedelta(days=rng.randint(10, 60))
        j.step(
            lc.add_outstanding_action,
            handler,
            0,
            1,
            description="Inspect and treat the mould in the back bedroom.",
            owner="Repairs team",
            due=due,
        )
        if complete and rng.random() < 0.7:
            j.step(lc.complete_outstanding_action, handler, 5, 30, number=len(j.case.outstanding_actions))


# --------------------------------------------------------------------------------------------------
# The build


def _staff(handlers: int, officers: int) -> tuple[list[int], list[int], dict[int, str]]:
    password = make_password(BENCH_PASSWORD)
    made: list[User] = []
    for i in range(handlers):
        made.append(
            User(
                username=f"handler{i:02d}",
                first_name=FIRST[i % len(FIRST)],
                last_name=LAST[(i * 7) % len(LAST)],
                email=f"handler{i:02d}@landlord.example",
                role=Role.COMPLAINT_HANDLER if i % 8 else Role.MANAGER,
                is_staff=True,
                password=password,
            )
        )
    for i in range(officers):
        made.append(
            User(
                username=f"officer{i}",
                first_name=FIRST[(i + 11) % len(FIRST)],
                last_name=LAST[(i * 5 + 3) % len(LAST)],
                role=Role.COMPLAINTS_OFFICER,
                is_staff=True,
                password=password,
            )
        )
    made.append(
        User(
            username=BENCH_USER,
            first_name="Bench",
            last_name="Officer",
            role=Role.COMPLAINTS_OFFICER,
            is_staff=True,
            password=password,
        )
    )
    User.objects.bulk_create(made)
    users = {u.username: u for u in User.objects.filter(username__in=[u.username for u in made])}
    handler_ids = [users[f"handler{i:02d}"].pk for i in range(handlers)]
    officer_ids = [users[f"officer{i}"].pk for i in range(officers)]
    labels = {u.pk: u.get_full_name() for u in users.values()}
    return handler_ids, officer_ids, labels


def _people(rng: random.Random, residents: int, properties: int) -> None:
    homes = []
    for i in range(1, properties + 1):
        town, area_code = rng.choice(TOWNS)
        homes.append(
            Property(
                id=i,
                reference=f"P{i:07d}",
                address_line_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
                town=town,
                postcode=f"{area_code}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                area=rng.choice(AREAS),
            )
        )
        if len(homes) == 5000:
            Property.objects.bulk_create(homes)
            homes = []
    Property.objects.bulk_create(homes)
    people = []
    for i in range(1, residents + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        people.append(
            Resident(
                id=i,
                name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}{i}@example.org" if rng.random() < 0.7 else "",
                phone=f"07{rng.randint(100000000, 999999999)}",
                property_id=rng.randint(1, properties) if rng.random() < 0.95 else None,
                preferred_format=_weighted(
                    rng, [("standard", 90), ("large_print", 5), ("easy_read", 3), ("email", 2)]
                ),
            )
        )
        if len(people) == 5000:
            Resident.objects.bulk_create(people)
            people = []
    Resident.objects.bulk_create(people)


def build(
    n: int, *, seed: int = 20261123, batch: int = 2000, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Fill an empty, migrated database with a landlord of ``n`` complaints. Returns timings and counts."""
    if Complaint.objects.exists():
        raise SystemExit("the bench database already has complaints; build into an empty one")
    t0 = time.perf_counter()
    rng = random.Random(seed)
    today = date.today()
    n_residents = max(50, round(n * 0.6))
    n_properties = max(40, round(n * 0.5))
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")  # a throwaway build; the server uses the app's settings
    with transaction.atomic():
        handlers, officers, labels = _staff(HANDLERS, OFFICERS)
        _people(rng, n_residents, n_properties)
    users = set(labels)
    resident_home = dict(Resident.objects.values_list("id", "property_id"))
    categories = {c.slug: c.pk for c in Category.objects.all()}
    category_pairs = [(categories[slug], w) for slug, w in CATEGORY_WEIGHTS.items() if slug in categories]
    targets = [(name, weight) for name, (weight, _) in TARGETS.items()]
    t_people = time.perf_counter() - t0
    log(f"  staff {len(labels)}, properties {n_properties}, residents {n_residents} ({t_people:.1f}s)")

    counts: dict[str, int] = {}
    totals = dict(events=0, stages=0, extensions=0, remedies=0, actions=0, exclusions=0, correspondence=0)
    t_decide = t_write = 0.0
    next_rep = 1
    for start in range(1, n + 1, batch):
        t1 = time.perf_counter()
        complaints, events, stages, extensions, remedies, actions, exclusions = [], [], [], [], [], [], []
        reps, letters, restricted = [], [], []
        for pk in range(start, min(start + batch, n + 1)):
            target = _weighted(rng, targets)
            counts[target] = counts.get(target, 0) + 1
            lo, hi = TARGETS[target][1]
            received = today - timedelta(days=rng.randint(lo, hi))
            summary = " ".join(filter(None, [rng.choice(PROBLEMS), rng.choice(FOLLOW)]))
            resident = rng.randint(1, n_residents)
            history = build_journey(
                rng, target, received, today, summary, _weighted(rng, CHANNELS), handlers, officers
            )
            case: lc.Case | None = None
            at = datetime.combine(received, datetime.min.time(), LONDON) + timedelta(
                minutes=rng.randint(480, 960)
            )
            first_at = at
            previous = GENESIS
            for sequence, (event, actor) in enumerate(history, start=1):
                case = lc.evolve(case, event)
                day_start = datetime.combine(event.on, datetime.min.time(), LONDON)
                at = max(
                    at + timedelta(minutes=rng.randint(1, 90)),
                    day_start + timedelta(minutes=rng.randint(480, 960)),
                )
                row = ComplaintEvent(
                    complaint_id=pk,
                    sequence=sequence,
                    kind=event.kind,
                    on=event.on,
                    recorded_at=at,
                    actor_id=actor,
                    actor_label=labels.get(actor, "PutRight") if actor else "PutRight",
                    data=lc.event_to_data(event),
                    reason=_why(event),
                    provision=full_citation(case.edition, event.provision()),
                )
                previous = seal(row, previous).chain_hash
                events.append(row)
            assert case is not None
            received_event = history[0][0]
            assert isinstance(received_event, lc.ContactReceived)
            p = projected(pk, case, users, at)
            representative_id = None
            if rng.random() < 0.05:
                representative_id = next_rep
                reps.append(
                    Representative(
                        id=next_rep,
                        resident_id=resident,
                        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        relationship=rng.choice(["daughter", "son", "advocate", "councillor", "MP"]),
                        consent_recorded_on=received,
                        consent_evidence="Signed consent form on file.",
                    )
                )
                next_rep += 1
            is_restricted = rng.random() < 0.01
            complaints.append(
                Complaint(
                    id=pk,
                    reference=f"PR-{pk:06d}",
                    resident_id=resident,
                    representative_id=representative_id,
                    property_id=resident_home.get(resident),
                    category_id=_weighted(rng, category_pairs) if category_pairs else None,
                    summary=summary,
                    about_service_request=received_event.about_service_request,
                    restricted=is_restricted,
                    created_at=first_at,
                    **p.fields,
                )
            )
            if is_restricted:
                restricted.append(
                    Complaint.restricted_to.through(complaint_id=pk, user_id=rng.choice(handlers))
                )
            for _ in range(rng.choices([0, 1, 2, 3], [55, 25, 15, 5])[0]):
                when = first_at + timedelta(
                    days=rng.randint(0, max(0, (today - received).days)), minutes=rng.randint(1, 300)
                )
                letters.append(
                    Correspondence(
                        complaint_id=pk,
                        direction=rng.choice(["in", "out"]),
                        correspondent="",
                        channel=rng.choice(["email", "telephone", "letter"]),
                        subject=rng.choice(
                            ["Update on your complaint", "Call with the resident", "Photos sent"]
                        ),
                        body="Notes of the contact: the resident was updated on progress and next steps.",
                        occurred_at=when,
                        recorded_by_id=rng.choice(handlers),
                    )
                )
            stages += p.stages
            extensions += p.extensions
            remedies += p.remedies
            actions += p.actions
            exclusions += p.exclusions
        t2 = time.perf_counter()
        with transaction.atomic():
            Representative.objects.bulk_create(reps)
            Complaint.objects.bulk_create(complaints, batch_size=500)
            Complaint.restricted_to.through.objects.bulk_create(restricted)
            ComplaintEvent.objects.bulk_create(events, batch_size=1000)
            Stage.objects.bulk_create(stages, batch_size=1000)
            Extension.objects.bulk_create(extensions, batch_size=1000)
            Remedy.objects.bulk_create(remedies, batch_size=1000)
            OutstandingAction.objects.bulk_create(actions, batch_size=1000)
            ExclusionApplied.objects.bulk_create(exclusions, batch_size=1000)
            Correspondence.objects.bulk_create(letters, batch_size=1000)
        t3 = time.perf_counter()
        t_decide += t2 - t1
        t_write += t3 - t2
        totals["events"] += len(events)
        totals["stages"] += len(stages)
        totals["extensions"] += len(extensions)
        totals["remedies"] += len(remedies)
        totals["actions"] += len(actions)
        totals["exclusions"] += len(exclusions)
        totals["correspondence"] += len(letters)
        done = min(start + batch - 1, n)
        if done * 10 // n != (done - batch) * 10 // n or done == n:
            log(f"  {done}/{n} complaints, {totals['events']} events ({time.perf_counter() - t0:.1f}s)")

    t4 = time.perf_counter()
    with connection.cursor() as cursor:
        if not sqlite:
            # explicit ids were inserted: move the sequences past them so the app can create more
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Property, Resident, Representative, Complaint]
            ):
                cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would soon do on a live database
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    t_finish = time.perf_counter() - t4
    return {
        "complaints": n,
        "residents": n_residents,
        "properties": n_properties,
        "staff": len(labels),
        "targets": counts,
        **totals,
        "seconds": {
            "total": round(time.perf_counter() - t0, 1),
            "people": round(t_people, 1),
            "decide_and_project": round(t_decide, 1),
            "insert": round(t_write, 1),
            "finish": round(t_finish, 1),
        },
    }


# --------------------------------------------------------------------------------------------------
# Proof that the bulk projection is the one ``project`` writes


def _snapshot(complaint_id: int) -> dict[str, Any]:
    fields = [*Complaint.PROJECTED_FIELDS, "edition", "received_on", "channel"]
    fields = [f"{f}_id" if f.endswith("handler") else f for f in fields]
    row = Complaint.objects.filter(pk=complaint_id).values(*fields).get()
    skip = {"id", "complaint", "complaint_id"}

    def rows(model: Any) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in r.items() if k not in skip}
            for r in model.objects.filter(complaint_id=complaint_id).order_by("id").values()
        ]

    return {
        "complaint": row,
        "stages": rows(Stage),
        "extensions": rows(Extension),
        "remedies": rows(Remedy),
        "actions": rows(OutstandingAction),
        "exclusions": rows(ExclusionApplied),
    }


class _Rollback(Exception):
    pass


def check_projections(sample: int = 300, seed: int = 7) -> dict[str, Any]:
    """Run the real ``project`` on a sample of complaints (rolled back) and compare with the bulk rows."""
    from putright.complaints.projection import project

    rng = random.Random(seed)
    by_state: dict[str, list[int]] = {}
    for pk, state in Complaint.objects.values_list("pk", "state").order_by("pk")[:50000]:
        by_state.setdefault(state, []).append(pk)
    ids: list[int] = []
    per_state = max(1, sample // max(1, len(by_state)))
    for pks in by_state.values():
        ids += rng.sample(pks, min(per_state, len(pks)))
    mismatches: list[str] = []
    for pk in ids:
        before = _snapshot(pk)
        try:
            with transaction.atomic():
                complaint = Complaint.objects.get(pk=pk)
                rows = list(ComplaintEvent.objects.filter(complaint_id=pk).order_by("sequence"))
                case = lc.replay(lc.event_from_data(r.data) for r in rows)
                project(complaint, case, last_event_at=rows[-1].recorded_at)
                after = _snapshot(pk)
                raise _Rollback
        except _Rollback:
            pass
        if before != after:
            diff = [k for k in before if before[k] != after[k]]
            mismatches.append(f"{pk}: {diff}")
    return {"checked": len(ids), "states": len(by_state), "mismatches": mismatches[:10], "ok": not mismatches}
