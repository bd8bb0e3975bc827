"""Load the demo landlord: Riverside Homes, a fictional housing association in the fictional town of
Riverbridge.

Homes and residents are bulk-inserted. Every complaint goes through ``putright.complaints.services``
with its real dates (``received_on=``/``on=``), so its history is a genuine record the core judged
step by step: nothing here writes an event or a projection itself. The plan for each complaint
respects the Code before it asks (stage 2 handled by someone new, responses with every 6.9/6.19
element, extensions with the Ombudsman's details and a good reason past the limit, remedies with a
due date...), and every step is dated no later than today, so the load never trips over a refusal.

Every step the resident must be told of goes out as staff send it: held, its letter written from the
landlord's template, checked, issued from PutRight and emailed (to Django's dummy backend: the
residents are fictional) or posted on the day, so the self-assessment reads checked letters behind
it, as it would for a landlord using PutRight's letters.

A fixed seed makes it repeatable: the same seed and the same day give the same landlord.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from putright.accounts.models import Role, Team, User
from putright.code.calendar import WorkingCalendar, is_bank_holiday
from putright.complaints import services
from putright.complaints.models import (
    Category,
    ClosureDay,
    Complaint,
    ComplaintEvent,
    ContactMethod,
    Format,
    Landlord,
    Party,
    Property,
    Representative,
    Resident,
)
from putright.complaints.rules import landlord_rules
from putright.demo import text
from putright.demo.text import Story
from putright.letters import posting
from putright.letters import services as letters
from putright.letters.delivery import attempt as delivery_attempt
from putright.letters.models import LetterDraft, LetterPosting

LANDLORD_NAME = "Riverside Homes (fictional demo landlord)"
DEMO_PASSWORD = "riverside-demo"  # noqa: S105 - the demo accounts' published password
SIGN_INS_FILE = "demo-sign-ins.txt"
_NOWHERE = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_HOMES = 5000
DEFAULT_SEED = 2024

#: a year's volume per 1,000 homes: stage 1 complaints (Ombudsman's typical ~40), contacts triaged
#: as service requests, and contacts not accepted as complaints
COMPLAINTS_PER_1000 = 40
SERVICE_REQUESTS_PER_1000 = 24
DECLINED_PER_1000 = 4

STAGE_1_ROUTE = (
    "If you are not happy with this response you can ask us to take your complaint to stage 2. You "
    "do not need to give a reason. Please tell us within 20 working days by phone (01632 960 100), "
    "by email to complaints@riverside-homes.example or through our online form."
)
STAGE_2_ROUTE = (
    "This is our final response. If you remain dissatisfied you can refer your complaint to the "
    "Housing Ombudsman Service: telephone 0300 111 3000, www.housing-ombudsman.org.uk, "
    "info@housing-ombudsman.org.uk, Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET."
)


# --------------------------------------------------------------------------------------------------
# Staff


@dataclass(frozen=True)
class StaffMember:
    username: str
    first_name: str
    last_name: str
    role: Role
    team: str = ""
    is_staff: bool = False
    is_superuser: bool = False


REPAIRS = "Repairs and Maintenance"
NEIGHBOURHOODS = "Neighbourhoods"
CUSTOMER = "Customer Services"
COMPLAINTS_TEAM = "Complaints and Resolution"

STAFF: tuple[StaffMember, ...] = (
    StaffMember("officer", "Priya", "Shah", Role.COMPLAINTS_OFFICER, COMPLAINTS_TEAM),
    StaffMember("officer2", "Tom", "Okafor", Role.COMPLAINTS_OFFICER, COMPLAINTS_TEAM),
    StaffMember("handler", "Hannah", "Lewis", Role.COMPLAINT_HANDLER, REPAIRS),
    StaffMember("handler2", "Callum", "Price", Role.COMPLAINT_HANDLER, REPAIRS),
    StaffMember("handler3", "Sunita", "Patel", Role.COMPLAINT_HANDLER, REPAIRS),
    StaffMember("handler4", "Kwame", "Mensah", Role.COMPLAINT_HANDLER, NEIGHBOURHOODS),
    StaffMember("handler5", "Rachel", "Doyle", Role.COMPLAINT_HANDLER, NEIGHBOURHOODS),
    StaffMember("handler6", "Agnieszka", "Nowak", Role.COMPLAINT_HANDLER, CUSTOMER),
    StaffMember("handler7", "Lee", "Turner", Role.COMPLAINT_HANDLER, CUSTOMER),
    StaffMember("manager", "Marcus", "Reid", Role.MANAGER, REPAIRS),
    StaffMember("manager2", "Fatima", "Rahman", Role.MANAGER, NEIGHBOURHOODS),
    StaffMember("manager3", "Gareth", "Owen", Role.MANAGER, CUSTOMER),
    StaffMember("mrc", "Janet", "Moore", Role.MEMBER_RESPONSIBLE_FOR_COMPLAINTS),
    StaffMember("board", "David", "Achterberg", Role.GOVERNING_BODY_READER),
    StaffMember("admin", "Sam", "Fletcher", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
)

#: which team handles which category at stage 1
TEAM_FOR_CATEGORY = {
    "repairs": REPAIRS,
    "damp-and-mould": REPAIRS,
    "adaptations": REPAIRS,
    "anti-social-behaviour": NEIGHBOURHOODS,
    "estate-services": NEIGHBOURHOODS,
    "neighbourhood": NEIGHBOURHOODS,
    "communication": CUSTOMER,
    "staff-conduct": CUSTOMER,
    "rent-and-charges": CUSTOMER,
    "other": CUSTOMER,
}

#: share of stage 1 complaints by category (repairs and damp lead, as in the Ombudsman's data)
CATEGORY_WEIGHTS = {
    "repairs": 36,
    "damp-and-mould": 16,
    "anti-social-behaviour": 8,
    "communication": 10,
    "staff-conduct": 6,
    "estate-services": 7,
    "rent-and-charges": 6,
    "neighbourhood": 4,
    "adaptations": 4,
    "other": 3,
}

CHANNEL_WEIGHTS = {
    "email": 28,
    "telephone": 30,
    "online_form": 22,
    "letter": 5,
    "in_person": 5,
    "social_media": 5,
    "survey": 3,
    "staff": 2,
}
WEEKDAY_CHANNELS = {"telephone", "in_person", "letter", "staff"}


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    password: str
    name: str


@dataclass
class DemoResult:
    loaded: bool
    message: str
    homes: int = 0
    residents: int = 0
    staff: int = 0
    complaints: int = 0
    events: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    sign_ins: list[SignIn] = field(default_factory=list)
    seconds: float = 0.0


def sign_ins_path() -> Path:
    return Path(settings.DATA_DIR) / SIGN_INS_FILE


def demo_is_loaded() -> bool:
    return Landlord.objects.filter(pk=1, name=LANDLORD_NAME).exists()


def read_sign_ins() -> str:
    """The sign-ins the demo wrote, if the demo landlord is the one in the database; else ``""``.
    Only ever the demo's own accounts and passwords: nothing is read from the users table."""
    path = sign_ins_path()
    if not path.is_file() or not demo_is_loaded():
        return ""
    return path.read_text()


class DemoNotEmpty(Exception):
    """The database already holds data the demo would collide with."""


# --------------------------------------------------------------------------------------------------
# Plans


class _Stop(Exception):
    """The complaint has gone as far as today (or its planned final state) allows."""


@dataclass
class Plan:
    """What will happen to one contact. ``kind``: complaint, service_request, declined."""

    kind: str
    received_on: date
    story: Story | None = None
    category: str = "repairs"
    channel: str = "email"
    stop_at: str = ""
    brisk: bool = False
    early_resolution: bool = False
    ack_late: bool = False
    extension: str = ""  # "", "within", "beyond"
    response_late: bool = False
    outcome: str = "partly_upheld"
    withdraw: bool = False
    escalate: bool = False
    stage_2_extension: bool = False
    stage_2_late: bool = False
    refer: bool = False
    restricted: bool = False
    representative: bool = False
    about_service_request: bool = False
    sr_resolved_there_and_then: bool = False
    sr_becomes_complaint: bool = False
    decline_ground: str = ""
    discretion: bool = False
    #: whether remedies and actions are carried out (mostly) or left undone (for the overdue lists)
    follow_through: bool = True


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _month_name(day: date) -> str:
    return f"{day:%B}"


class _Loader:
    def __init__(self, *, homes: int, seed: int, password: str, today: date, out: Callable[[str], None]):
        self.homes = homes
        self.rng = random.Random(seed)
        self.password = password
        self.today = today
        self.out = out
        self.staff: dict[str, User] = {}
        self.categories: dict[str, Category] = {}
        self.residents: list[Resident] = []
        self.used_residents: set[int] = set()
        #: how many contacts each exclusion ground has declined: each takes the ground's next wording, so
        #: declines are written case by case (2024 2.5) until a ground's wordings are used up
        self.declined: Counter[str] = Counter()
        #: outstanding actions completed so far in the load
        self.actions_done = 0
        self.calendar: WorkingCalendar = WorkingCalendar()
        self.job_number = 400_000

    # ---- set-up ---------------------------------------------------------------------------------

    def landlord(self) -> None:
        landlord = Landlord.load()
        landlord.name = LANDLORD_NAME
        landlord.homes = self.homes
        landlord.edition = ""
        landlord.save()
        # The letterhead every letter needs before it can be issued (fictional details: a drama
        # telephone number and an example.org address, so nothing reaches a real landlord).
        from putright.letters.models import LetterheadSettings

        head = LetterheadSettings.load()
        head.organisation_name = "Riverside Homes"
        head.address = "Complaints Team\nRiverside House\n1 Quay Street\nRiverton RV1 1AA"
        head.phone = "0113 496 0123"
        head.email = "complaints@riverside-homes.example.org"
        head.website = "www.riverside-homes.example.org"
        head.signoff_name = "Priya Shah"
        head.signoff_role = "Complaints Officer"
        head.save()
        # Closed between Christmas and New Year, on the weekdays that are not already bank holidays.
        closures = []
        for year in (self.today.year - 1, self.today.year):
            for day_number in range(24, 32):
                day = date(year, 12, day_number)
                if day.weekday() < 5 and not is_bank_holiday(day):
                    closures.append(
                        ClosureDay(date=day, reason="Office closed between Christmas and New Year")
                    )
        existing = set(ClosureDay.objects.values_list("date", flat=True))
        ClosureDay.objects.bulk_create([c for c in closures if c.date not in existing])
        self.calendar = landlord_rules().calendar
        for slug, weight in CATEGORY_WEIGHTS.items():
            del weight
            self.categories[slug] = Category.objects.get_or_create(
                slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
            )[0]

    def create_staff(self) -> list[SignIn]:
        teams = {
            name: Team.objects.get_or_create(name=name)[0]
            for name in dict.fromkeys(s.team for s in STAFF if s.team)
        }
        hashed = make_password(self.password)  # one hash for every demo account: fast, and demo only
        users = [
            User(
                username=member.username,
                first_name=member.first_name,
                last_name=member.last_name,
                email=f"{member.username}@riverside-homes.example",
                role=member.role,
                team=teams.get(member.team),
                is_staff=member.is_staff,
                is_superuser=member.is_superuser,
                password=hashed,
            )
            for member in STAFF
        ]
        User.objects.bulk_create(users)
        # in the order created (pk), so handlers are chosen alike on every database
        for user in User.objects.filter(username__in=[s.username for s in STAFF]).order_by("pk"):
            self.staff[user.username] = user
        return [
            SignIn(
                role=Role(member.role).label,
                username=member.username,
                password=self.password,
                name=f"{member.first_name} {member.last_name}" + (f", {member.team}" if member.team else ""),
            )
            for member in STAFF
        ]

    def create_homes(self) -> None:
        rng = self.rng
        areas = list(text.AREAS.items())
        properties: list[Property] = []
        per_area = [self.homes // len(areas)] * len(areas)
        for i in range(self.homes - sum(per_area)):
            per_area[i] += 1
        number = 0
        for (area, (district, streets)), count in zip(areas, per_area, strict=True):
            for i in range(count):
                number += 1
                street = streets[i % len(streets)]
                house_number = i // len(streets) + 1
                sector = 1 + (house_number // 40) % 9
                unit = "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
                if street.split()[-1] in text.BLOCK_WORDS:
                    line_1 = f"Flat {house_number}, {street}"
                    line_2 = f"{area}"
                else:
                    line_1 = f"{house_number} {street}"
                    line_2 = ""
                properties.append(
                    Property(
                        reference=f"RH-{number:06d}",
                        address_line_1=line_1,
                        address_line_2=line_2,
                        town=text.TOWN,
                        postcode=f"{district} {sector}{unit}",
                        area=area,
                    )
                )
        Property.objects.bulk_create(properties, batch_size=1000)
        homes = list(Property.objects.filter(reference__startswith="RH-").order_by("reference"))
        residents: list[Resident] = []
        for home in homes:
            for _ in range(2 if rng.random() < 0.12 else 1):
                residents.append(self.new_resident(home))
        Resident.objects.bulk_create(residents, batch_size=1000)
        # in the order created: without an order PostgreSQL returns them in its own, so the same seed
        # gave different residents (and areas) on PostgreSQL than on SQLite
        self.residents = list(
            Resident.objects.filter(property__in=homes).select_related("property").order_by("pk")
        )

    def new_resident(self, home: Property) -> Resident:
        rng = self.rng
        first, last = rng.choice(text.FIRST_NAMES), rng.choice(text.SURNAMES)
        method = rng.choices([m.value for m in ContactMethod], weights=[40, 35, 12, 10, 3], k=1)[0]
        fmt = Format.STANDARD.value
        language = support = ""
        roll = rng.random()
        if roll < 0.03:
            fmt = Format.LARGE_PRINT.value
            support = text.SUPPORT_NEEDS[1]
        elif roll < 0.05:
            fmt = Format.TRANSLATED.value
            language = rng.choice(text.LANGUAGES)
        elif roll < 0.06:
            fmt = Format.EASY_READ.value
            support = text.SUPPORT_NEEDS[5]
        elif roll < 0.10:
            support = rng.choice(text.SUPPORT_NEEDS)
        handle = f"{first}.{last}".lower().replace("'", "")
        return Resident(
            name=f"{first} {last}",
            email=f"{handle}{rng.randint(1, 99)}@example.com" if rng.random() < 0.7 else "",
            phone=f"07700 9{rng.randint(0, 99999):05d}",
            property=home,
            preferred_contact_method=method,
            preferred_format=fmt,
            language=language,
            support_needs=support,
        )

    def people_records(self) -> None:
        """Reasonable adjustments (some reviews overdue) and a few contact restrictions."""
        rng = self.rng
        count = max(3, len(self.residents) * 3 // 200)
        for number, resident in enumerate(rng.sample(self.residents, count)):
            adjustment, disability = rng.choice(text.ADJUSTMENTS)
            # reviewed yearly; one in three was agreed over a year ago and its review is overdue
            ago = rng.randint(380, 700) if number % 3 == 0 else rng.randint(20, 340)
            agreed = self.today - timedelta(days=ago)
            services.record_reasonable_adjustment(
                resident=resident,
                adjustment=adjustment,
                disclosed_disability=disability,
                agreed_on=agreed,
                review_due=agreed + timedelta(days=365),
            )
        restrictions = (
            (
                "All contact in writing to one named officer (Priya Shah); no phone calls to the "
                "repairs line.",
                "Over 40 calls a week to the repairs line in March, several abusive to call handlers "
                "(recordings kept).",
                "Checked with the resident whether a health condition affects how he communicates; "
                "he declined to say. Written contact can be by email or letter.",
            ),
            (
                "Visits only with two members of staff present.",
                "Threatening behaviour towards a surveyor on 3 visits, reported to the police.",
                "Considered the resident's mental health needs; her support worker is told before "
                "each visit.",
            ),
            (
                "Emails answered once a week by the named officer.",
                "Up to 30 emails a day repeating the same points to many staff.",
                "Resident has ADHD; agreed a weekly call as well so nothing is missed.",
            ),
        )
        for restriction, reason, equality in restrictions:
            resident = rng.choice(self.residents)
            starts = self.today - timedelta(days=rng.randint(20, 200))
            services.record_contact_restriction(
                resident=resident,
                restriction=restriction,
                reason=reason,
                equality_considerations=equality,
                starts_on=starts,
                review_due=starts + timedelta(days=90),
                actor=self.staff["manager"],
            )

    # ---- dates ------------------------------------------------------------------------------------

    def wd(self, day: date, days: int) -> date:
        return self.calendar.add_working_days(day, days)

    def first_working_day(self, day: date) -> date:
        return self.calendar.next_working_day(day)

    def at(self, day: date, hour: int | None = None) -> datetime:
        moment = timezone.make_aware(
            datetime.combine(day, clock_time(hour or self.rng.randint(9, 16), self.rng.randint(0, 59)))
        )
        return min(moment, timezone.now())

    # ---- plans ------------------------------------------------------------------------------------

    def received_day(self, days_ago: int, channel: str) -> date:
        """``days_ago`` days before today; for channels that need the office open, the next working
        day (or, if that is after today, the last working day before it)."""
        day = self.today - timedelta(days=days_ago)
        if channel in WEEKDAY_CHANNELS:
            day = self.first_working_day(day)
            if day > self.today:
                day = self.back(0)
        return day

    def story(self, category: str | None = None, *, day: date) -> Story:
        weights = dict(CATEGORY_WEIGHTS)
        if day.month in (10, 11, 12, 1, 2, 3):
            weights["damp-and-mould"] *= 2
        chosen = category or _weighted(self.rng, weights)
        return self.rng.choice([s for s in text.STORIES if s.category == chosen])

    def back(self, working_days: int) -> date:
        """The working day ``working_days`` before the last working day up to today."""
        day = self.today
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        for _ in range(working_days):
            day -= timedelta(days=1)
            while not self.calendar.is_working_day(day):
                day -= timedelta(days=1)
        return day

    def complaint_plan(self, *, received_on: date | None = None, **overrides: object) -> Plan:
        rng = self.rng
        channel = str(overrides.pop("channel", None) or _weighted(rng, CHANNEL_WEIGHTS))
        received = received_on or self.received_day(rng.randint(0, 364), channel)
        category = overrides.pop("category", None)
        story = self.story(str(category) if category else None, day=received)
        outcome = rng.choices(["upheld", "partly_upheld", "not_upheld"], weights=[35, 35, 30])[0]
        plan = Plan(
            kind="complaint",
            received_on=received,
            story=story,
            category=story.category,
            channel=channel,
            early_resolution=story.category in ("communication", "estate-services") and rng.random() < 0.3,
            ack_late=rng.random() < 0.12,
            extension=rng.choices(["", "within", "beyond"], weights=[83, 13, 4])[0],
            response_late=rng.random() < 0.2,
            outcome=outcome,
            withdraw=rng.random() < 0.05,
            escalate=rng.random() < (0.22 if outcome == "not_upheld" else 0.14),
            stage_2_extension=rng.random() < 0.15,
            stage_2_late=rng.random() < 0.15,
            restricted=story.category == "staff-conduct" and rng.random() < 0.4,
            representative=rng.random() < 0.08,
            discretion=rng.random() < 0.03,
        )
        plan.refer = plan.escalate and rng.random() < 0.15
        for name, value in overrides.items():
            setattr(plan, name, value)
        return plan

    def service_request_plan(self, *, received_on: date | None = None, **overrides: object) -> Plan:
        rng = self.rng
        channel = _weighted(rng, {"telephone": 50, "email": 20, "online_form": 25, "social_media": 5})
        received = received_on or self.received_day(rng.randint(0, 364), channel)
        plan = Plan(
            kind="service_request",
            received_on=received,
            channel=channel,
            sr_resolved_there_and_then=rng.random() < 0.45,
            sr_becomes_complaint=rng.random() < 0.12,
        )
        for name, value in overrides.items():
            setattr(plan, name, value)
        if plan.sr_becomes_complaint:
            # the complaint about the service request is a complaint like any other from then on
            complaint = self.complaint_plan(received_on=received, channel=channel)
            complaint.kind = "service_request"
            complaint.sr_becomes_complaint = True
            complaint.about_service_request = True
            complaint.withdraw = False
            for name, value in overrides.items():
                setattr(complaint, name, value)
            return complaint
        return plan

    def declined_plan(self, *, received_on: date | None = None, ground: str = "") -> Plan:
        rng = self.rng
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        received = received_on or self.received_day(rng.randint(0, 364), channel)
        chosen = ground or rng.choices(list(text.DECLINED), weights=[50, 15, 20, 15])[0]
        return Plan(
            kind="declined",
            received_on=received,
            channel=channel,
            decline_ground=chosen,
            category=rng.choice(["repairs", "anti-social-behaviour", "other", "neighbourhood"]),
        )

    def showcase(self) -> list[Plan]:
        """A complaint in every state the Code knows and each notable path, whatever the size, dated
        back from today so that each reaches its state on a natural timetable."""
        brisk: dict[str, object] = dict(
            brisk=True,
            ack_late=False,
            extension="",
            response_late=False,
            withdraw=False,
            escalate=False,
            refer=False,
            restricted=False,
            representative=False,
            discretion=False,
            stage_2_extension=False,
            stage_2_late=False,
        )

        def p(working_days_ago: int, category: str, stop_at: str = "", **changes: object) -> Plan:
            return self.complaint_plan(
                received_on=self.back(working_days_ago),
                category=category,
                stop_at=stop_at,
                **{**brisk, **changes},
            )

        plans = [
            p(0, "repairs", "received", channel="online_form"),
            Plan(
                kind="service_request",
                received_on=self.back(0),
                channel="telephone",
                category="repairs",
                stop_at="service_request",
                brisk=True,
            ),
            p(1, "damp-and-mould", "complaint"),
            p(8, "repairs", "complaint"),  # not acknowledged within 5 working days (6.2): overdue
            p(4, "anti-social-behaviour", "stage_1_acknowledged"),
            p(14, "repairs", "stage_1_acknowledged"),  # response overdue (6.3)
            p(12, "damp-and-mould", "stage_1_acknowledged", extension="within"),  # 6.4
            p(14, "repairs", "stage_1_acknowledged", extension="beyond"),  # past 10 days, good reason
            p(9, "communication", "stage_1_responded"),
            p(13, "repairs", "escalation_requested", escalate=True),
            p(20, "anti-social-behaviour", "stage_2_acknowledged", escalate=True),
            p(30, "damp-and-mould", "stage_2_acknowledged", escalate=True, stage_2_extension=True),
            p(29, "damp-and-mould", "stage_2_responded", escalate=True, outcome="upheld"),
            p(110, "repairs", escalate=True, ack_late=True, response_late=True, stage_2_late=True),
            p(95, "damp-and-mould", outcome="upheld", follow_through=False),  # remedy and repair overdue
            p(80, "damp-and-mould", escalate=True, refer=True, outcome="not_upheld"),
            p(200, "anti-social-behaviour", escalate=True, refer=True),
            p(70, "staff-conduct", response_late=True, outcome="upheld", restricted=True),
            p(30, "estate-services", withdraw=True),
            p(50, "adaptations", outcome="upheld", representative=True),
            p(60, "neighbourhood", outcome="partly_upheld", discretion=True),
            p(75, "rent-and-charges", outcome="not_upheld"),
            p(85, "other", outcome="partly_upheld"),
            self.service_request_plan(received_on=self.back(40), sr_becomes_complaint=True, **brisk),
            self.service_request_plan(
                received_on=self.back(35), sr_becomes_complaint=False, sr_resolved_there_and_then=True
            ),
        ]
        for ground in text.DECLINED:
            plans.append(self.declined_plan(received_on=self.back(self.rng.randint(15, 150)), ground=ground))
        return plans

    # ---- one contact, step by step ------------------------------------------------------------

    def gap(self, plan: Plan, brisk: int, low: int, high: int) -> int:
        return brisk if plan.brisk else self.rng.randint(low, high)

    def pick_resident(self) -> Resident:
        while True:
            resident = self.rng.choice(self.residents)
            if resident.pk not in self.used_residents or self.rng.random() < 0.1:
                self.used_residents.add(resident.pk)
                return resident

    def handler_for(self, category: str, exclude: set[int]) -> User:
        team = TEAM_FOR_CATEGORY.get(category, CUSTOMER)
        handlers = [
            u
            for u in self.staff.values()
            if u.role == Role.COMPLAINT_HANDLER and u.team is not None and u.team.name == team
        ]
        choices = [u for u in handlers if u.pk not in exclude]
        return self.rng.choice(choices or handlers)

    def stage_2_handler(self, exclude: set[int], restricted_to: list[User]) -> User:
        pool = [u for u in restricted_to if u.pk not in exclude and u.role == Role.MANAGER]
        if not pool:
            managers = [u for u in self.staff.values() if u.role == Role.MANAGER]
            seniors = [u for u in self.staff.values() if u.role == Role.COMPLAINT_HANDLER]
            pool = [u for u in managers if u.pk not in exclude]
            if self.rng.random() < 0.25:
                pool = [u for u in seniors if u.pk not in exclude] or pool
        return self.rng.choice(pool)

    def fillers(self, plan: Plan) -> dict[str, object]:
        rng = self.rng
        earlier = plan.received_on - timedelta(days=rng.randint(20, 120))
        return dict(
            room=rng.choice(text.ROOMS),
            fixture=rng.choice(text.FIXTURES),
            weeks=rng.randint(3, 14),
            times=rng.randint(2, 6),
            month=_month_name(earlier),
            job=f"RJ{self.next_job()}",
            neighbour=rng.choice(["next door", "upstairs", "across the landing", "at number 12"]),
            format_wanted=rng.choice(["large print", "Polish", "easy read", "email only"]),
        )

    def next_job(self) -> int:
        self.job_number += self.rng.randint(3, 400)
        return self.job_number

    def run(self, plan: Plan) -> Complaint:
        runner = _Run(self, plan)
        with contextlib.suppress(_Stop):
            runner.go()
        runner.flush(self.today)
        assert runner.complaint is not None
        return runner.complaint


STATE_CHANGING = frozenset(
    {
        services.triage_as_service_request,
        services.resolve_service_request,
        services.accept_as_complaint,
        services.decline_complaint,
        services.acknowledge_complaint,
        services.respond_to_complaint,
        services.request_escalation,
        services.close_complaint,
        services.refer_to_ombudsman,
        services.withdraw_complaint,
    }
)


class _Run:
    """One contact's life, in date order."""

    def __init__(self, loader: _Loader, plan: Plan) -> None:
        self.loader = loader
        self.plan = plan
        self.rng = loader.rng
        self.today = loader.today
        self.staff = loader.staff
        self.officer = loader.rng.choice([loader.staff["officer"], loader.staff["officer2"]])
        self.complaint: Complaint | None = None
        self.words = loader.fillers(plan)
        self.considered: dict[int, set[int]] = {1: set(), 2: set()}
        self.pending: list[tuple[date, int, Callable[[date], None]]] = []
        self.resident = loader.pick_resident()
        self.restricted_to: list[User] = []
        self.representative: Representative | None = None
        self.counter = 0
        self.remedies = 0
        self.actions = 0

    # ---- plumbing ----------------------------------------------------------------------------

    def fmt(self, value: str) -> str:
        return value.format(**self.words)

    def later(self, day: date, action: Callable[[date], None]) -> None:
        self.counter += 1
        self.pending.append((day, self.counter, action))

    def flush(self, until: date) -> None:
        """Carry out follow-ups (remedies paid, actions done) due up to ``until``, in date order."""
        self.pending.sort(key=lambda item: (item[0], item[1]))
        while self.pending and self.pending[0][0] <= min(until, self.today):
            day, _, action = self.pending.pop(0)
            action(day)

    def step(
        self,
        day: date,
        service: Callable[..., Complaint],
        *,
        tell: bool = False,
        **kwargs: object,
    ) -> date:
        """Take one step through the services on ``day``; stop at today, or before a step that
        would move the complaint out of its planned final state. ``tell`` for a step the Code
        requires to be communicated: it counts once the resident is sent its letter, issued that day
        (:meth:`tell_by_letter`), as for real complaints."""
        assert self.complaint is not None
        if day > self.today:
            raise _Stop
        if service in STATE_CHANGING and self.complaint.state == self.plan.stop_at:
            raise _Stop
        self.flush(day)
        if tell:
            self.complaint = self.tell_by_letter(
                day, partial(service, complaint=self.complaint, on=day, **kwargs), actor=kwargs["actor"]
            )
        else:
            self.complaint = service(complaint=self.complaint, on=day, **kwargs)
        return day

    def tell_by_letter(self, day: date, perform: Callable[[], Complaint], *, actor: object) -> Complaint:
        """Take a step the resident must be told of as staff do: the step is held, its letter is
        written from the landlord's template with what was recorded, the handler confirms what the
        Code check asks a person to read, and the letter is issued from PutRight on ``day``. It is
        emailed that day to a resident with an email address, otherwise printed and posted; the step
        counts from then (2024 5.12), and the self-assessment reads a checked letter behind it."""
        assert self.complaint is not None and isinstance(actor, User)
        # mid-morning that day, never after now: no draw on the demo's random numbers. The held step,
        # its draft, the letter and the step's event are all of that moment, as a handler's would be
        moment = min(timezone.make_aware(datetime.combine(day, clock_time(11))), timezone.now())
        with services.recording_as_of(moment):
            after, held = letters.perform_and_hold(perform, complaint=self.complaint)
        assert held is not None, "a step the Code requires to be communicated is held until it is"
        draft = letters.start_draft(
            complaint=after, kind=letters.held_step_kind(held), actor=actor, held=held, today=day
        )
        LetterDraft.objects.filter(pk=draft.pk).update(created_at=moment, updated_at=moment)
        for element in letters.check_draft(draft, on=day).unconfirmed:
            letters.confirm_element(draft=draft, element=element.element, actor=actor, now=moment)
        letter = letters.issue_letter(draft=draft, actor=actor, now=moment)
        with services.recording_as_of(moment):
            if posting.is_printed(letter):
                posting.record_sent(letter=letter, sent_on=day, actor=actor)
                LetterPosting.objects.filter(letter=letter).update(recorded_at=moment)
            else:
                for delivery in letter.deliveries.all():
                    delivery_attempt(delivery.pk, now=moment)
        return Complaint.objects.get(pk=after.pk)

    def after(self, day: date) -> date:
        """``day``, or the day of the last step if that was later: the record stays in date order."""
        return max(day, self.last_day())

    def letter(
        self, day: date, direction: str, subject: str, body: str, actor: User | None, channel: str = ""
    ) -> None:
        """A message to or from the resident on ``day``: by ``channel``, or the way they prefer to
        be contacted."""
        assert self.complaint is not None
        method = self.resident.preferred_contact_method
        channel = channel or {
            "phone": "telephone",
            "text_message": "telephone",
            "in_person": "in_person",
        }.get(method, "letter" if method == "letter" else "email")
        rep = self.representative
        services.record_correspondence(
            complaint=self.complaint,
            actor=actor,
            direction=direction,
            channel=channel,
            subject=subject,
            body=body,
            occurred_at=self.loader.at(day),
            party=Party.REPRESENTATIVE if rep else Party.RESIDENT,
            correspondent=rep.name if rep else self.resident.name,
        )

    # ---- the life --------------------------------------------------------------------------------

    def go(self) -> None:
        plan = self.plan
        loader = self.loader
        if plan.representative:
            relationship, evidence = self.rng.choice(text.RELATIONSHIPS)
            self.representative = services.add_representative(
                resident=self.resident,
                name=f"{self.rng.choice(text.FIRST_NAMES)} {self.rng.choice(text.SURNAMES)}",
                relationship=relationship,
                contact=f"07700 9{self.rng.randint(0, 99999):05d}",
                consent_recorded_on=plan.received_on,
                consent_evidence=evidence,
            )
        if plan.kind == "declined":
            wordings = text.DECLINED[plan.decline_ground]
            summary, explanation, merits = wordings[loader.declined[plan.decline_ground] % len(wordings)]
            loader.declined[plan.decline_ground] += 1
        elif plan.kind == "service_request" and not plan.sr_becomes_complaint:
            category, summary, resolution = self.rng.choice(text.SERVICE_REQUESTS)
            plan.category = category
        else:
            assert plan.story is not None
            summary = self.rng.choice(plan.story.said)
        if plan.restricted:
            self.restricted_to = [self.staff["manager3"], self.staff["manager"], self.officer]
        self.complaint = services.receive_complaint(
            resident=self.resident,
            representative=self.representative,
            summary=self.fmt(summary),
            channel=plan.channel,
            actor=None if plan.channel == "online_form" else self.officer,
            actor_label="Online form" if plan.channel == "online_form" else "",
            received_on=plan.received_on,
            category=loader.categories.get(plan.category),
            about_service_request=str(self.words["job"]) if plan.about_service_request else "",
            restricted=plan.restricted,
            restricted_to=self.restricted_to,
        )
        if plan.kind != "service_request" or plan.sr_becomes_complaint:
            self.letter(
                plan.received_on,
                "in",
                "Complaint received" if plan.kind != "service_request" else "Repair reported",
                self.fmt(summary),
                self.officer,
                channel=plan.channel,  # the way it came in, as the complaint records it
            )
        triage = (
            plan.received_on
            if loader.calendar.is_working_day(plan.received_on)
            else loader.first_working_day(plan.received_on)
        )
        triage = loader.wd(triage, self.loader.gap(plan, 0, 0, 1) if self.rng.random() < 0.4 else 0)

        if plan.kind == "declined":
            issue = None
            if plan.decline_ground == "outside_time_limit":
                issue = plan.received_on - timedelta(days=self.rng.randint(400, 700))
            self.step(
                loader.wd(triage, self.rng.randint(0, 3)),
                services.decline_complaint,
                actor=self.officer,
                ground=plan.decline_ground,
                explanation=self.fmt(explanation),
                considered_on_merits=self.fmt(merits),
                right_to_ombudsman_given=True,
                issue_date=issue,
                tell=True,
            )
            return

        if plan.kind == "service_request":
            self.step(
                triage,
                services.triage_as_service_request,
                actor=self.officer,
                reason="A first request for a service (1.4): raised with the right team.",
            )
            if not plan.sr_becomes_complaint:
                if plan.sr_resolved_there_and_then:
                    self.step(
                        triage,
                        services.resolve_service_request,
                        actor=self.officer,
                        resolution=resolution,
                        resolved_there_and_then=True,
                    )
                else:
                    self.step(
                        loader.wd(triage, self.rng.randint(1, 8)),
                        services.resolve_service_request,
                        actor=self.officer,
                        resolution=resolution,
                    )
                return
            # the resident comes back unhappy with how the service request was dealt with (1.5)
            unhappy = loader.wd(triage, self.loader.gap(plan, 8, 5, 20))
            self.step(
                unhappy,
                services.accept_as_complaint,
                actor=self.officer,
                reason="The resident is unhappy with how the repair was handled: a complaint (1.5); "
                "the repair carries on.",
            )
        else:
            issue = None
            discretion = ""
            if plan.discretion:
                issue = plan.received_on - timedelta(days=self.rng.randint(380, 480))
                discretion = (
                    "The resident was in hospital for most of the year after the issue; the problem "
                    "is continuing, so we accepted it (2.3)."
                )
            self.step(
                triage,
                services.accept_as_complaint,
                actor=self.officer,
                route="early_resolution" if plan.early_resolution else "investigation",
                issue_date=issue,
                discretion_reason=discretion,
            )
        self.stage_1()

    def stage_1(self) -> None:
        plan, loader = self.plan, self.loader
        assert self.complaint is not None and plan.story is not None
        story = plan.story
        accepted = self.last_day()
        handler = self.staff["manager3"] if plan.restricted else loader.handler_for(plan.category, set())
        self.considered[1].add(handler.pk)
        self.step(
            loader.wd(accepted, self.loader.gap(plan, 0, 0, 1)) if self.rng.random() < 0.5 else accepted,
            services.allocate_handler,
            actor=self.officer,
            handler=handler,
        )
        ack_due = self.complaint.current_due
        assert ack_due is not None
        if plan.ack_late:
            ack_day = loader.wd(ack_due, self.rng.randint(1, 4))
        else:
            start = self.last_day()
            span = max(0, loader.calendar.working_days_between(start, ack_due))
            ack_day = loader.wd(start, self.loader.gap(plan, min(1, span), 0, span))
        ack_day = max(ack_day, accepted)
        if plan.withdraw and self.rng.random() < 0.3:
            self.withdraw(loader.wd(accepted, self.rng.randint(1, 3)))
            return
        self.step(
            ack_day,
            services.acknowledge_complaint,
            actor=handler,
            complaint_definition=self.fmt(story.definition),
            outcomes_sought=self.fmt(story.outcomes),
            responsible_for=self.fmt(story.responsible),
            not_responsible_for=self.fmt(story.not_responsible),
            tell=True,
        )
        if (
            self.rng.random() < 0.1 and not plan.restricted and not plan.brisk
        ):  # the handler leaves; someone takes over
            new_handler = loader.handler_for(plan.category, {handler.pk})
            self.considered[1].add(new_handler.pk)
            self.step(
                loader.wd(ack_day, self.rng.randint(1, 4)),
                services.allocate_handler,
                actor=self.staff["manager"],
                handler=new_handler,
                reason="Reallocated: the first handler is on long-term leave.",
            )
            handler = new_handler
        due = self.complaint.current_due
        assert due is not None
        if plan.withdraw:
            self.withdraw(self.after(loader.wd(ack_day, self.rng.randint(1, 6))))
            return
        if plan.extension:
            asked = self.after(loader.wd(ack_day, self.loader.gap(plan, 5, 3, 8)))
            first = self.rng.randint(5, 10) if plan.extension == "within" else 10
            self.step(
                min(asked, due),
                services.extend_response_deadline,
                actor=handler,
                working_days=first,
                reason=self.rng.choice(text.EXTENSION_REASONS),
                ombudsman_details_given=True,
                tell=True,
            )
            self.step(
                min(asked, due),
                services.agree_update_interval,
                actor=handler,
                every_working_days=5,
                method="Phone call every Friday",
            )
            due = self.complaint.current_due
            assert due is not None
            if plan.extension == "beyond":
                again = loader.wd(min(asked, due), self.loader.gap(plan, 6, 4, 9))
                self.step(
                    min(again, due),
                    services.extend_response_deadline,
                    actor=handler,
                    working_days=self.rng.randint(5, 10),
                    reason="The independent report we need will not be ready in time.",
                    good_reason=self.rng.choice(text.GOOD_REASONS),
                    ombudsman_details_given=True,
                    tell=True,
                )
                due = self.complaint.current_due
                assert due is not None
        if plan.response_late:
            responded = loader.wd(due, self.rng.randint(1, 12))
        else:
            start = self.last_day()
            span = max(0, loader.calendar.working_days_between(start, due))
            responded = loader.wd(start, self.loader.gap(plan, min(span, 6), max(0, span - 6), span))
        self.respond(1, responded, handler)
        self.after_stage_1(responded, handler)

    def last_day(self) -> date:
        assert self.complaint is not None
        day: date = self.complaint.events.order_by("-sequence").values_list("on", flat=True)[0]
        return day

    def withdraw(self, day: date) -> None:
        self.step(
            day,
            services.withdraw_complaint,
            actor=self.officer,
            reason=self.rng.choice(text.WITHDRAWAL_REASONS),
        )

    def respond(self, stage: int, day: date, handler: User) -> None:
        plan = self.plan
        assert plan.story is not None and self.complaint is not None
        story = plan.story
        outcome = plan.outcome
        if stage == 2 and outcome == "not_upheld" and self.rng.random() < 0.4:
            outcome = "partly_upheld"  # a fresh look finds something the first did not
        upheld = outcome != "not_upheld"
        amount = 0
        remedy_parts: list[str] = []
        if upheld:
            remedy_parts.append(self.fmt(story.gesture))
            if self.rng.random() < 0.75:
                amount = self.rng.choice([50, 75, 100, 150, 200, 250, 300, 400, 500, 650]) * 100
                if stage == 2:
                    amount += self.rng.choice([50, 100, 150]) * 100
                remedy_parts.append(f"{self.fmt(story.financial)}: £{amount // 100}.")
        else:
            remedy_parts.append(
                "We did not find a service failure, so no remedy is due. We are sorry this has been a "
                "difficult time and have explained what happens next."
            )
        action = self.fmt(story.action) if story.action and upheld else ""
        response = dict(
            outcome=outcome,
            decision=self.fmt(story.upheld if upheld else story.not_upheld),
            reasons=self.fmt(story.reasons),
            remedy=" ".join(remedy_parts),
            outstanding_actions=(
                f"{action}: {story.action_owner}, within 20 working days." if action else "None."
            ),
            escalation_route=STAGE_1_ROUTE if stage == 1 else STAGE_2_ROUTE,
        )
        self.step(
            day,
            services.respond_to_complaint,
            actor=handler,
            tell=True,
            **response,
        )
        self.considered[stage].add(handler.pk)
        self.putting_right(day, handler, upheld=upheld, amount=amount, action=action)
        if upheld and story.learning and self.rng.random() < 0.5:
            services.record_learning_point(
                complaint=self.complaint,
                actor=handler,
                description=self.fmt(story.learning),
                owner=self.rng.choice([u for u in self.staff.values() if u.role == Role.MANAGER]),
                due=day + timedelta(days=self.rng.randint(30, 120)),
            )

    def putting_right(self, day: date, handler: User, *, upheld: bool, amount: int, action: str) -> None:
        """Remedies and outstanding actions, and whether (and when) they were done (7.3, 6.6, 6.17)."""
        plan, loader = self.plan, self.loader
        assert plan.story is not None
        if not upheld:
            return
        gesture = self.fmt(plan.story.gesture)
        kind = "explanation" if gesture.startswith("An explanation") else "apology"
        remedies: list[tuple[str, str, int]] = [(kind, gesture, 0)]
        if plan.category == "rent-and-charges":
            remedies.append(("record_amended", "Rent account corrected and the arrears record removed.", 0))
        if plan.category in ("repairs", "damp-and-mould", "adaptations") and self.rng.random() < 0.3:
            remedies.append(
                (
                    "action_on_delay",
                    "Repair escalated to the contract manager and tracked weekly until done.",
                    0,
                )
            )
        if plan.story.learning and self.rng.random() < 0.25:
            remedies.append(("policy_change", self.fmt(plan.story.learning), 0))
        if amount:
            remedies.append(("financial", f"{self.fmt(plan.story.financial)}: £{amount // 100}", amount))
        for kind, description, pence in remedies:
            self.step(
                day,
                services.agree_remedy,
                actor=handler,
                remedy_kind=kind,
                description=description,
                due=loader.wd(day, 10 if kind == "financial" else 2),
                agreed_with_resident=True,
                amount_pence=pence,
            )
            self.remedies += 1
            number = self.remedies
            if self.rng.random() < 0.85 and plan.follow_through:
                evidence = (
                    "Payment made to the resident's bank account (remittance on file)."
                    if kind == "financial"
                    else "Done and confirmed to the resident in writing."
                )
                self.later(
                    loader.wd(day, self.rng.randint(1, 14 if kind == "financial" else 2)),
                    partial(self.complete_remedy, number=number, evidence=evidence, actor=handler),
                )
            elif kind == "financial" and self.remedies % 4 == 0:
                # some residents turn compensation down: withdrawn with what they said (2024 7.3),
                # never left "not done" for ever nor recorded as paid (no draw on the demo's random
                # numbers, so the rest of the landlord is as before)
                self.later(loader.wd(day, 3), partial(self.withdraw_remedy, number=number, actor=handler))
        if action:
            due = loader.wd(day, self.rng.randint(10, 30))
            self.step(
                day,
                services.add_outstanding_action,
                actor=handler,
                description=action,
                owner=plan.story.action_owner,
                due=due,
            )
            self.actions += 1
            number = self.actions
            roll = self.rng.random() if plan.follow_through else 1.0
            if roll < 0.7:  # done on time; otherwise late, or not yet (overdue when past due)
                done = loader.wd(
                    day, self.rng.randint(3, max(3, loader.calendar.working_days_between(day, due)))
                )
            elif roll < 0.85:
                done = loader.wd(due, self.rng.randint(1, 15))
            else:
                return
            self.later(done, partial(self.complete_action, number=number, actor=handler))

    def complete_remedy(self, on: date, *, number: int, evidence: str, actor: User) -> None:
        assert self.complaint is not None
        self.complaint = services.complete_remedy(
            complaint=self.complaint, actor=actor, number=number, evidence=evidence, on=on
        )

    def withdraw_remedy(self, on: date, *, number: int, actor: User) -> None:
        assert self.complaint is not None
        self.complaint = services.withdraw_remedy(
            complaint=self.complaint,
            actor=actor,
            number=number,
            ground="declined_by_resident",
            reason="The resident told us on the phone they would rather we put the money towards the repair.",
            on=on,
        )

    def complete_action(self, on: date, *, number: int, actor: User) -> None:
        assert self.complaint is not None
        self.complaint = services.complete_outstanding_action(
            complaint=self.complaint, actor=actor, number=number, note="Job completed and signed off.", on=on
        )
        # four in five handlers tell the resident the work is done, the way they prefer to be contacted
        # (2024 6.6: "actioned promptly with appropriate updates provided to the resident"); the rest
        # leave no record of an update, and the self-assessment lists those actions to check. Every fifth
        # action the landlord completes, counted in the load, not a draw on the demo's random numbers nor
        # a database id (PostgreSQL does not roll its sequences back: the same seed gave another landlord)
        self.loader.actions_done += 1
        if self.loader.actions_done % 5:
            self.letter(
                on,
                "out",
                "The work we promised is done",
                "Told the resident the work we promised in our response is done, and asked them to tell "
                "us if anything is still not right.",
                actor,
            )

    def after_stage_1(self, responded: date, handler: User) -> None:
        plan, loader = self.plan, self.loader
        escalate_on = loader.wd(responded, self.loader.gap(plan, 5, 2, 20))
        if not plan.escalate:
            # closed once the response is accepted, or when the escalation window has passed
            close = loader.wd(responded, self.rng.choice([0, 1, 2, 21, 22]) if not plan.brisk else 1)
            self.step(close, services.close_complaint, actor=handler, reason="Stage 1 response issued.")
            return
        if self.rng.random() < 0.3 and not plan.brisk:
            self.step(
                loader.wd(responded, 1),
                services.close_complaint,
                actor=handler,
                reason="Stage 1 response issued.",
            )
        by_portal = self.rng.random() < 0.5
        self.step(
            escalate_on,
            services.request_escalation,
            actor=None if by_portal else self.officer,
            actor_label="Resident (online form)" if by_portal else "",
            reason=self.rng.choice(text.ESCALATION_REASONS),
        )
        self.letter(
            escalate_on,
            "in",
            "Request to escalate to stage 2",
            "I am not happy with your response.",
            self.officer,
        )
        self.stage_2(escalate_on)

    def stage_2(self, requested: date) -> None:
        plan, loader = self.plan, self.loader
        assert self.complaint is not None and plan.story is not None
        handler = loader.stage_2_handler(self.considered[1], self.restricted_to)
        self.considered[2].add(handler.pk)
        self.step(
            loader.wd(requested, self.loader.gap(plan, 1, 0, 2)),
            services.allocate_handler,
            actor=self.officer,
            handler=handler,
        )
        due = self.complaint.current_due
        assert due is not None
        ack_day = (
            loader.wd(due, self.rng.randint(1, 3))
            if plan.ack_late and not plan.brisk
            else loader.wd(self.last_day(), self.loader.gap(plan, 1, 0, 2))
        )
        self.step(
            ack_day,
            services.acknowledge_complaint,
            actor=handler,
            complaint_definition=f"You are unhappy with our stage 1 response. {self.fmt(plan.story.definition)}",
            outcomes_sought=self.fmt(plan.story.outcomes),
            responsible_for=self.fmt(plan.story.responsible),
            not_responsible_for=self.fmt(plan.story.not_responsible),
            tell=True,
        )
        due = self.complaint.current_due
        assert due is not None
        if plan.stage_2_extension:
            asked = loader.wd(ack_day, self.loader.gap(plan, 10, 5, 15))
            self.step(
                min(asked, due),
                services.extend_response_deadline,
                actor=handler,
                working_days=self.rng.randint(10, 20),
                reason="We have commissioned an independent survey and need its findings.",
                ombudsman_details_given=True,
                tell=True,
            )
            due = self.complaint.current_due
            assert due is not None
        if plan.stage_2_late:
            responded = loader.wd(due, self.rng.randint(1, 10))
        else:
            start = self.last_day()
            span = max(0, loader.calendar.working_days_between(start, due))
            responded = loader.wd(start, self.loader.gap(plan, min(span, 12), max(0, span - 8), span))
        self.respond(2, responded, handler)
        if plan.refer:
            referred = loader.wd(responded, self.rng.randint(20, 45))
            self.step(
                referred,
                services.refer_to_ombudsman,
                actor=self.officer,
                reference=f"{referred.year}{self.rng.randint(10000, 99999)}",
                reason="The Housing Ombudsman has told us the resident has referred the complaint.",
            )
            return
        self.step(
            loader.wd(responded, self.loader.gap(plan, 2, 0, 5)),
            services.close_complaint,
            actor=handler,
            reason="Final response issued.",
        )


# --------------------------------------------------------------------------------------------------
# Entry point


def load_demo(
    *,
    homes: int = DEFAULT_HOMES,
    seed: int = DEFAULT_SEED,
    password: str = DEMO_PASSWORD,
    if_empty: bool = False,
    today: date | None = None,
    out: Callable[[str], None] = print,
) -> DemoResult:
    """Load Riverside Homes into an empty database and write the demo sign-ins to the data dir."""
    started = time.monotonic()
    existing = Complaint.objects.count()
    if existing:
        message = f"The database already has {existing} complaints: the demo was not loaded."
        if if_empty:
            return DemoResult(loaded=False, message=message)
        raise DemoNotEmpty(message + " The demo loads into an empty database (a fresh PUTRIGHT_DATA_DIR).")
    taken = list(
        User.objects.filter(username__in=[s.username for s in STAFF]).values_list("username", flat=True)
    )
    if taken or Property.objects.filter(reference__startswith="RH-").exists():
        raise DemoNotEmpty(
            "The demo's staff accounts or homes already exist"
            + (f" ({', '.join(sorted(taken))})" if taken else "")
            + ": load it into an empty database (a fresh PUTRIGHT_DATA_DIR)."
        )
    if homes < 100:
        raise ValueError("the demo needs at least 100 homes")
    loader = _Loader(homes=homes, seed=seed, password=password, today=today or timezone.localdate(), out=out)
    # the residents are fictional (example.com): their letters' emails are built and handed to Django's
    # dummy backend, so nothing leaves the machine, whatever mail server or provider is configured
    with transaction.atomic(), override_settings(EMAIL_BACKEND=_NOWHERE, PUTRIGHT_EMAIL_PROVIDER="smtp"):
        out(f"Loading {LANDLORD_NAME}: {homes:,} homes in {len(text.AREAS)} areas of {text.TOWN}...")
        loader.landlord()
        sign_ins = loader.create_staff()
        loader.create_homes()
        out(f"  {homes:,} homes and {len(loader.residents):,} residents ({time.monotonic() - started:.1f} s)")
        loader.people_records()
        plans = loader.showcase()
        wanted = round(homes * COMPLAINTS_PER_1000 / 1000)
        showcase_complaints = sum(1 for p in plans if p.kind == "complaint" or p.sr_becomes_complaint)
        plans += [loader.complaint_plan() for _ in range(max(0, wanted - showcase_complaints))]
        plans += [
            loader.service_request_plan() for _ in range(round(homes * SERVICE_REQUESTS_PER_1000 / 1000))
        ]
        plans += [loader.declined_plan() for _ in range(round(homes * DECLINED_PER_1000 / 1000))]
        plans.sort(key=lambda p: p.received_on)  # references run in the order contacts arrived
        for number, plan in enumerate(plans, start=1):
            with services.recording_as_it_happened():
                loader.run(plan)
            if number % 100 == 0 or number == len(plans):
                out(f"  {number:,}/{len(plans):,} contacts ({time.monotonic() - started:.1f} s)")
    by_state = dict(Counter(Complaint.objects.values_list("state", flat=True)))
    result = DemoResult(
        loaded=True,
        message=f"Loaded {LANDLORD_NAME}.",
        homes=homes,
        residents=len(loader.residents),
        staff=len(sign_ins),
        complaints=len(plans),
        events=ComplaintEvent.objects.count(),
        by_state=dict(sorted(by_state.items())),
        sign_ins=sign_ins,
        seconds=time.monotonic() - started,
    )
    write_sign_ins(sign_ins)
    return result


def format_sign_ins(sign_ins: list[SignIn]) -> str:
    width = max(len(s.role) for s in sign_ins)
    name_width = max(len(s.username) for s in sign_ins)
    lines = [
        f"Demo sign-ins for {LANDLORD_NAME} (demo accounts only):",
        *(f"  {s.role:<{width}}  {s.username:<{name_width}}  {s.password}   {s.name}" for s in sign_ins),
    ]
    return "\n".join(lines) + "\n"


def write_sign_ins(sign_ins: list[SignIn]) -> Path:
    path = sign_ins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_sign_ins(sign_ins))
    path.chmod(0o600)
    return path
