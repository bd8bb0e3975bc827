"""The workspace's forms. They check only what a form can (types, choices, files); the Code's rules
are the core's, and a refused step comes back as an error that cites its provision."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from putright.code.contents import Element, stage_response
from putright.code.errors import InvalidRequest
from putright.code.exclusions import ExclusionGround, exclusions, listed_under
from putright.code.lifecycle import (
    RESPONSE_FIELDS,
    SUMMARY_MOST,
    Channel,
    ComplaintDefinition,
    Outcome,
    RemedyKind,
    Route,
    decline_gaps,
    decline_provisions,
    definition_gaps,
    edition_by_law,
    max_stage,
    received_on_counted,
    recorded_outstanding_actions,
    recorded_remedies,
    remedy_problems,
    response_definition,
    response_denials,
    response_stage,
    rules_cited,
    stage_named_otherwise,
)
from putright.code.lifecycle import rule as code_rule
from putright.code.provisions import cite
from putright.code.timescales import timescales
from putright.complaints.models import REMEDY_WITHDRAWAL_CHOICES, Category, Direction, Party, Resident
from putright.complaints.rules import landlord_and_rules
from putright.complaints.search import same_name
from putright.letters.services import (
    EXTENSION_DAYS_MOST,
    RESPONSE_SAID,
    as_held,
    blank_left_in,
    blank_refusal,
    blank_was_sent,
    route_the_letter_cannot_say,
    standard_escalation_route,
    standard_ombudsman_route,
)
from putright.web.dates import DateInputField, conditional
from putright.web.forms import PoundsField
from putright.web.refusals import refusal
from putright.web.widgets import Textarea

#: the most residents already known by the name typed for someone new that are offered
SAME_NAME_SHOWN = 10

CHANNEL_LABELS = {
    Channel.TELEPHONE: "Phone call",
    Channel.IN_PERSON: "Visit or in person",
    Channel.EMAIL: "Email",
    Channel.LETTER: "Letter",
    Channel.ONLINE_FORM: "Online form",
    Channel.SOCIAL_MEDIA: "Social media",
    Channel.SURVEY: "Satisfaction survey",
    Channel.STAFF: "Raised with a member of staff (for example a repairs operative)",
}
CHANNEL_CHOICES = [(channel.value, label) for channel, label in CHANNEL_LABELS.items()]
ROUTE_CHOICES = [
    (Route.EARLY_RESOLUTION.value, "Early resolution: it can be put right promptly (2024 6.1)"),
    (
        Route.INVESTIGATION.value,
        "Full investigation: complex, or the resident is vulnerable or at risk (2024 6.1)",
    ),
]
OUTCOME_CHOICES = [
    (Outcome.UPHELD.value, "Upheld"),
    (Outcome.PARTLY_UPHELD.value, "Partly upheld"),
    (Outcome.NOT_UPHELD.value, "Not upheld"),
]
REMEDY_CHOICES = [
    (RemedyKind.APOLOGY.value, "Apology"),
    (RemedyKind.ACKNOWLEDGEMENT.value, "Acknowledging where things went wrong"),
    (RemedyKind.EXPLANATION.value, "Explanation"),
    (RemedyKind.ACTION_ON_DELAY.value, "Taking action if there has been delay"),
    (RemedyKind.DECISION_CHANGED.value, "Reconsidering or changing a decision"),
    (RemedyKind.RECORD_AMENDED.value, "Amending a record"),
    (RemedyKind.FINANCIAL.value, "Financial remedy"),
    (RemedyKind.POLICY_CHANGE.value, "Changing policies or procedures"),
]


def _date(label: str, *, required: bool = True, help_text: str = "", past: bool = False) -> DateInputField:
    return DateInputField(label=label, required=required, help_text=help_text, past=past)


def _text(
    label: str, *, required: bool = False, help_text: str = "", rows: int = 4, missing: str = ""
) -> forms.CharField:
    """A text area; ``missing`` is the error when it is left empty ("Enter " and the label unless
    given: a label that is a question needs its own, "Enter what they said")."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=Textarea(attrs={"rows": rows}),
        error_messages={"required": missing or f"Enter {label[0].lower()}{label[1:]}"},
    )


def summary_bounded(field: forms.CharField, what: str) -> forms.CharField:
    """``field`` (a complaint's summary) refusing more than ``SUMMARY_MOST`` characters, in GOV.UK
    words ("What they said must be 20,000 characters or fewer"), with GOV.UK's character count under
    the box as letters have. A validator, not ``max_length``, as for letters: the form comes back with
    everything typed still in the box, and the browser never cuts a long paste short without a word.
    Unbounded, a 225,000-character paste was saved and its case page timed out (helper-triage)."""

    def summary_bound(text: str) -> None:
        if len(text) > SUMMARY_MOST:
            raise ValidationError(f"{what} must be {SUMMARY_MOST:,} characters or fewer", code="too_long")

    field.validators.append(summary_bound)
    field.widget.attrs.update(
        {"character_count": SUMMARY_MOST, "count_label": f"{SUMMARY_MOST:,}", "count_from": 75}
    )
    return field


def _line(
    label: str, *, required: bool = False, help_text: str = "", max_length: int = 200
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


def missing(form: forms.Form, name: str, message: str) -> None:
    """``message`` ("Enter the date it was sent") on a field left empty, unless the field already
    has its own, more specific error: a date that is no date comes back as absent, and one field
    said both "Date it was sent must be a real date" and "Enter the date it was sent" (found in a
    browser walk). A field shows its one most specific error."""
    if name not in form.errors:
        form.add_error(name, message)


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def known_homes_field(help_text: str) -> forms.ChoiceField:
    """The homes we know at the postcode given (``records.homes_at``), to choose one rather than type
    an address that may make up a home (2024 5.12); offered by :class:`KnownHomes`."""
    return forms.ChoiceField(
        label="Homes we know at this postcode", required=False, widget=forms.RadioSelect, help_text=help_text
    )


def new_home_box(help_text: str) -> forms.BooleanField:
    """Confirms that an address matching no home we know is a home to add (2024 5.12)."""
    box = forms.BooleanField(
        label="This is a home we do not know yet: add it", required=False, help_text=help_text
    )
    conditional(box)
    return box


class KnownHomes(forms.Form):
    """A form with an address (``address_line_1``, ``postcode``) that offers the homes we know at
    its postcode (``home``, :func:`known_homes_field`) and asks before adding a home
    (``new_home``, :func:`new_home_box`). A home chosen replaces the address typed with its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from putright.workspace.records import homes_at

        super().__init__(*args, **kwargs)
        postcode = str(
            (self.data.get("postcode") if self.is_bound else None) or self.initial.get("postcode") or ""
        )
        self.homes = {str(h.pk): h for h in homes_at(postcode)}
        if self.homes:
            set_choices(
                self,
                "home",
                [
                    *((pk, ", ".join(h.address_lines)) for pk, h in self.homes.items()),
                    ("", "None of these: the address below"),
                ],
            )
        else:
            del self.fields["home"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = self.homes.get(str(data.get("home") or ""))
        if chosen is not None:
            # the home chosen, as we know it: its own address, whatever the fields below say
            data.update(
                address_line_1=chosen.address_line_1,
                address_line_2=chosen.address_line_2,
                town=chosen.town,
                postcode=chosen.postcode,
            )
            for name in ("address_line_1", "postcode"):
                if name in self.errors:
                    del self.errors[name]
        elif self.adds_a_home(data):
            self._new_home_addressed(data)
        return data

    def adds_a_home(self, data: dict[str, Any]) -> bool:
        """Whether "add it" asks for a home to be added from the address typed."""
        return bool(data.get("new_home"))

    def _new_home_addressed(self, data: dict[str, Any]) -> None:
        """A home is added with its first line and its postcode, or not at all: added without a
        postcode, no address given later is ever matched to it (``homes_at``, ``known_home`` find homes
        by postcode), so the next contact from it would add it again (2024 5.12). Said on the field,
        everything typed kept; unticking "add it" keeps the address as given instead. A resident with
        no fixed address has no home to add: their address is left blank."""
        if not (data.get("address_line_1") or "").strip():
            missing(self, "address_line_1", "Enter the first line of the address of the home to add")
        if not (data.get("postcode") or "").strip():
            missing(
                self,
                "postcode",
                "Enter the postcode of the home to add: a home without one cannot be matched to later",
            )


def consent_box(help_text: str) -> forms.BooleanField:
    """The resident's consent to a representative (2024 3.6), never required to record them."""
    return forms.BooleanField(
        label="The resident has agreed to this person representing them (2024 3.6)",
        required=False,
        help_text=help_text,
    )


def consent_evidence_field() -> forms.CharField:
    return _line("How the resident gave consent", help_text="For example signed form, recorded call")


class ConsentForm(forms.Form):
    """The resident's consent to their representative, recorded on the case page after the complaint
    was logged (2024 3.6 does not make it a condition of logging it)."""

    consent_evidence = consent_evidence_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consent_evidence"]
        field.required = True
        field.error_messages["required"] = "Say how the resident gave consent (2024 3.6)"
        field.widget.attrs["id"] = "consent-evidence"


class ToldByLetterForm(forms.Form):
    """A held step recorded as told by a letter issued earlier from the letters page (2024 5.12), one
    form for each letter offered: why it is being recorded late, where the hint (set by the page)
    says it is. The core asks for the reason when it needs one; a form does not guess."""

    late_reason = conditional(
        forms.CharField(
            label="Why it is being recorded late",
            required=False,
            max_length=2000,
            widget=Textarea(attrs={"rows": 2}),
        )
    )

    def __init__(self, *args: Any, held: int, letter: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held_id, self.letter_id = held, letter
        #: where the form is, for a refusal that is none of its fields'
        self.anchor = f"told-{held}-{letter}"
        self.fields["late_reason"].widget.attrs["id"] = f"late-{held}-{letter}"


#: (field, "label" or "help_text", its words with "{}" where the citation goes, the core's rules cited):
#: what a 2022 complaint's form reads instead of the 2024 numbers the field is declared with
Cites2022 = tuple[tuple[str, str, str, tuple[str, ...]], ...]


def cite_the_edition(form: forms.Form, detail: Any) -> None:
    """On a 2022 complaint, each field in ``form.cites_2022`` cites the core's rules in the 2022 Code
    (``lifecycle.rules_cited``): a 2022 complaint's page read "(2024 5.12)", "(2024 6.5, 6.16)". Where the
    2022 Code has none of them, the words cite nothing rather than a wrong number."""
    if detail is None or detail.case.edition != "2022":
        return
    for name, attribute, words, names in getattr(form, "cites_2022", ()):
        if name in form.fields:
            cited = rules_cited("2022", *names)
            setattr(
                form.fields[name], attribute, words.format(cited) if cited else words.replace(" ({})", "")
            )


class ActionForm(forms.Form):
    """A step on a complaint. ``on`` is the day it happened (today unless it is being recorded late);
    a day more than 2 working days ago needs ``late_reason`` (2024 5.12)."""

    on = _date(
        "Date it happened", help_text="Today, unless you are recording something done earlier", past=True
    )
    late_reason = _text(
        "Why it is being recorded late",
        help_text="Needed only for a date more than 2 working days ago; the record shows it as recorded "
        "late, with the day it was recorded (2024 5.12)",
        rows=2,
    )
    cites_2022: Cites2022 = (
        (
            "late_reason",
            "help_text",
            "Needed only for a date more than 2 working days ago; the record shows it as recorded "
            "late, with the day it was recorded ({})",
            ("record",),
        ),
    )

    def __init__(self, *args: Any, detail: Any = None, **kwargs: Any) -> None:
        self.detail = detail
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        cite_the_edition(self, detail)
        last: list[str] = [name for name in ("on", "late_reason") if name in self.fields]
        self.order_fields([name for name in self.fields if name not in last] + last)


SENT_METHOD_CHOICES = [
    ("email", "Email sent from another system"),
    ("post", "Letter posted from another system"),
    ("hand", "Letter handed to the resident"),
]


class CommunicatedForm(forms.Form):
    """A step the resident must be told of (2024 6.2, 6.4, 6.9, 6.19, 2.4, 5.11). It counts on the
    day they are told: by default PutRight writes the letter from what is entered here and the step is
    recorded when that letter is issued. If it was already sent another way, say how, when, and what
    it said."""

    sent_another_way = forms.BooleanField(
        label="It has already been sent to the resident another way", required=False
    )
    sent_method = forms.ChoiceField(label="How it was sent", choices=SENT_METHOD_CHOICES, required=False)
    sent_on = _date("Date it was sent", required=False, past=True)
    sent_text = _text("What it said", help_text="The text as sent, kept on the record (2024 5.12)")
    late_reason = _text(
        "Why it is being recorded late",
        help_text="Needed only if it was sent more than 2 working days ago (2024 5.12)",
        rows=2,
    )

    told_by_letter = forms.ChoiceField(
        label="Was the resident told of this by a letter already issued from PutRight?",
        widget=forms.RadioSelect,
        required=False,
        help_text="A letter of this kind issued from the letters page before this step was recorded. "
        "The step counts from the day it was issued, if it says what is entered here (2024 5.12). "
        "If one of these told the resident, choose it: otherwise PutRight drafts another letter and "
        "the resident would be sent this a second time.",
    )
    cites_2022: Cites2022 = (
        ("sent_text", "help_text", "The text as sent, kept on the record ({})", ("record",)),
        (
            "late_reason",
            "help_text",
            "Needed only if it was sent more than 2 working days ago ({})",
            ("record",),
        ),
        (
            "told_by_letter",
            "help_text",
            "A letter of this kind issued from the letters page before this step was recorded. The step "
            "counts from the day it was issued, if it says what is entered here ({}). If one of these told "
            "the resident, choose it: otherwise PutRight drafts another letter and the resident would be "
            "sent this a second time.",
            ("record",),
        ),
    )

    def __init__(
        self,
        *args: Any,
        detail: Any = None,
        issued_letters: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.detail = detail
        super().__init__(*args, **kwargs)
        cite_the_edition(self, detail)
        if issued_letters:
            set_choices(
                self,
                "told_by_letter",
                [("", "No: PutRight drafts a new letter from what is entered here"), *issued_letters],
            )
        else:
            del self.fields["told_by_letter"]
        last = ["told_by_letter", "sent_another_way", "sent_method", "sent_on", "sent_text", "late_reason"]
        self.order_fields([name for name in self.fields if name not in last] + last)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("told_by_letter") and data.get("sent_another_way"):
            self.add_error(
                "told_by_letter",
                "Choose one: the letter already issued, or sent another way (untick that box)",
            )
        if data.get("sent_another_way"):
            if not data.get("sent_method"):
                missing(self, "sent_method", "Choose how it was sent")
            if not data.get("sent_on"):
                missing(self, "sent_on", "Enter the date it was sent")
            if not (data.get("sent_text") or "").strip():
                record = code_rule(self.detail.case.edition if self.detail else "2024", "record")
                missing(self, "sent_text", f"Enter what it said, as sent ({record})")
        return data


# --------------------------------------------------------------------------------------------------
# Logging a new contact


class ContactForm(KnownHomes):
    """Who contacted us, how, and what they said (2024 1.2-1.3, 3.1, 3.6)."""

    resident = forms.ChoiceField(
        label="Who is the resident?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the resident, or someone new"},
    )
    name = _line("Full name", help_text="For someone new")
    email = forms.EmailField(label="Email address", required=False)
    phone = _line("Phone number", max_length=40)
    home = known_homes_field("Choose their home, or the address typed if it is none of these.")
    address_line_1 = _line("First line of the address")
    postcode = _line("Postcode", max_length=10)
    new_home = new_home_box(
        "Only if no home we know has this address. Without it, an address that matches no home is kept "
        "as given, not matched to a home, and the contact is still recorded."
    )
    vulnerability = _text(
        "Vulnerability or disability they told us about",
        help_text="Only what the resident told us or you have assessed, for example a health condition "
        "or a risk. It gives them the Vulnerable tag, with this shown as the reason.",
        rows=2,
    )
    support_needs = _text(
        "Other support needs or contact preferences",
        help_text="For example: please call after 10am. This does not mark them as vulnerable.",
        rows=2,
    )
    adjustment = _text(
        "Reasonable adjustment agreed",
        help_text="For example letters in large print, calls only after 2pm (2024 5.10). Leave blank if none.",
        rows=2,
    )
    contacted_by = forms.ChoiceField(
        label="Who contacted us?",
        widget=forms.RadioSelect,
        choices=[("resident", "The resident"), ("representative", "A representative for the resident")],
        initial="resident",
    )
    rep_name = _line("Representative's name")
    rep_relationship = _line(
        "Relationship to the resident", help_text="For example daughter, advocate, councillor"
    )
    rep_contact = _line("Representative's contact details")
    rep_consent = consent_box(
        "If not yet, log the complaint anyway: the case will ask for the resident's consent"
    )
    rep_consent_evidence = consent_evidence_field()
    channel = forms.ChoiceField(
        label="How did they contact us?",
        widget=forms.RadioSelect,
        choices=CHANNEL_CHOICES,
        error_messages={"required": "Choose how they contacted us"},
    )
    received_on = _date("Date received")
    received_on_confirmed = forms.BooleanField(
        label="The date received is right", required=False, help_text="The complaint is already late"
    )
    summary = summary_bounded(
        _text(
            "What did they say?",
            required=True,
            missing="Enter what they said",
            help_text="In their words, as far as you can. They do not have to use the word complaint (2024 1.3).",
            rows=6,
        ),
        "What they said",
    )
    category = forms.ModelChoiceField(
        label="Category",
        required=False,
        queryset=Category.objects.filter(active=True),
        empty_label="Not chosen yet",
    )
    restricted = forms.BooleanField(
        label="Restrict who can see it (for example a complaint about a member of staff)", required=False
    )

    someone_new_confirmed = forms.BooleanField(
        label="None of these is the resident: record someone new", required=False
    )

    def __init__(self, *args: Any, matches: list[Resident] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.matches = list(matches or [])
        #: residents already known by the name typed for someone new, shown to choose from
        self.same_name: list[Resident] = []
        #: whether the date received makes the complaint late before it is logged
        self.late_on_arrival = False
        choices = [(str(r.pk), _describe(r)) for r in self.matches]
        set_choices(self, "resident", [*choices, ("new", "Someone new")])
        if not choices:
            self.fields["resident"].initial = "new"

    def adds_a_home(self, data: dict[str, Any]) -> bool:
        # the address is for someone new: a resident chosen keeps their own (``_typed_for_someone_new``)
        return data.get("resident") == "new" and super().adds_a_home(data)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("resident") == "new" and not (data.get("name") or "").strip():
            missing(self, "name", "Enter the resident's full name")
        elif data.get("resident") == "new" and not data.get("someone_new_confirmed"):
            self._not_already_known(data["name"])
        day = data.get("received_on")
        if day and not _before_the_calendar(self, day) and not data.get("received_on_confirmed"):
            self._not_late_on_arrival(day)
        if data.get("contacted_by") == "representative":
            if not (data.get("rep_name") or "").strip():
                missing(self, "rep_name", "Enter the representative's name")
            if not (data.get("rep_relationship") or "").strip():
                missing(self, "rep_relationship", "Enter the representative's relationship to the resident")
            if data.get("rep_consent") and not (data.get("rep_consent_evidence") or "").strip():
                missing(
                    self,
                    "rep_consent_evidence",
                    "Say how the resident gave consent (2024 3.6), or untick it and record it when they do",
                )
            # 2024 3.6 does not make consent a condition of logging the complaint: it is logged on the
            # day it was received, and consent not yet given is recorded later (the case asks for it)
        return data

    def _not_already_known(self, name: str) -> None:
        """Someone new whose name is already known: offer the known residents, and ask once.

        Names are compared folded (accents, apostrophes, case and spacing aside), so the name typed
        may not be the one on record: ``Maureen O'Brien`` typed, ``Maureen O’Brien`` known. The
        names on record are then said too, and "more than" when there are more than are offered."""
        shown = {r.pk for r in self.matches}
        found = same_name(name, limit=SAME_NAME_SHOWN + 1)
        more = len(found) > SAME_NAME_SHOWN
        self.same_name = [r for r in found[:SAME_NAME_SHOWN] if r.pk not in shown]
        if not self.same_name:
            return
        known = [*self.matches, *self.same_name]
        set_choices(self, "resident", [*[(str(r.pk), _describe(r)) for r in known], ("new", "Someone new")])
        typed = " ".join(name.split())
        spelt = sorted({" ".join(r.name.split()) for r in self.same_name})
        as_known = f" (as {', '.join(spelt)})" if spelt != [typed] else ""
        count = len(self.same_name)
        if more:
            said = f"More than {SAME_NAME_SHOWN} residents called {typed} are already known{as_known}: "
            said += f"the first {SAME_NAME_SHOWN} are listed. Choose one"
        else:
            said = f"{count} resident{'s' if count > 1 else ''} called {typed} "
            said += f"{'are' if count > 1 else 'is'} already known{as_known}: choose them"
        self.add_error("resident", f"{said}, or tick 'None of these is the resident' to record someone new")

    def _not_late_on_arrival(self, day: date) -> None:
        """A date received that means the acknowledgement is already late is most often a typing
        slip (1/1/2020 for 2026), and every deadline is counted from it (2024 1.5): ask once.
        Recording a complaint late is allowed, so this is a question, never a refusal."""
        landlord, rules = landlord_and_rules()
        today = timezone.localdate()
        if day >= today:
            return
        timescale = timescales(edition_by_law(day, landlord.edition or "")).acknowledge_stage_1
        due = timescale.deadline(rules.calendar, day)
        if due >= today:
            return
        self.late_on_arrival = True
        self.add_error(
            "received_on",
            f"Received on {day.day} {day:%B %Y}? Then its acknowledgement was due by {due.day} {due:%B %Y} "
            f"({timescale.provision}). Check the date, or tick 'The date received is right'",
        )


def _before_the_calendar(form: forms.Form, day: date) -> bool:
    """Refuse on its field a day received before the calendar covers (``core.received_on_counted``),
    before anything is counted from it: the question "its acknowledgement was due by ..." asked of 1
    January 1900 gave a date nothing can count truthfully."""
    try:
        received_on_counted(day)
    except InvalidRequest as error:
        form.add_error("received_on", dict(error.fields)["received_on"])
        return True
    return False


def _describe(resident: Resident) -> str:
    parts = [resident.name]
    if resident.property_id:
        parts.append(str(resident.property))
    elif resident.email:
        parts.append(resident.email)
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------------
# The steps on a complaint (one form per core step)


class AcceptForm(ActionForm):
    #: required, nothing chosen beforehand: the core records a route on every acceptance and the case
    #: page shows it, so a route nobody chose ("Stage 1 route: full investigation", from an empty
    #: form) put a decision on the record that was never made. 2024 6.1 has the landlord consider,
    #: complaint by complaint, which can be resolved early and which need investigating.
    route = forms.ChoiceField(
        label="How will stage 1 be handled?",
        widget=forms.RadioSelect,
        choices=ROUTE_CHOICES,
        error_messages={"required": "Select how stage 1 will be handled"},
    )
    issue_date = _date(
        "Date of the issue",
        required=False,
        help_text="When it happened or the resident became aware of it, if known (time limit, 2024 2.3)",
    )
    discretion_reason = _text(
        "Reason for accepting a complaint outside the time limit",
        help_text="Only if the issue is over 12 months old and you are using discretion (2024 2.3)",
        rows=2,
    )
    reason = _text("Notes", rows=2)
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        (
            "issue_date",
            "help_text",
            "When it happened or the resident became aware of it, if known (time limit, {})",
            ("time_limit",),
        ),
        # the 2022 Code leaves the time limit to the landlord's policy (1.8): no "12 months"
        (
            "discretion_reason",
            "help_text",
            "Only if the issue is outside the complaints policy's time limit and you are using discretion ({})",
            ("time_limit",),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.detail is not None and self.detail.case.edition != "2024":
            # how stage 1 will be handled cites what the edition has of 2024 6.1 (the 2022 Code: none)
            cited = rules_cited(self.detail.case.edition, "early_resolution_or_investigation")
            set_choices(
                self,
                "route",
                [
                    (value, label.replace(" (2024 6.1)", f" ({cited})" if cited else ""))
                    for value, label in ROUTE_CHOICES
                ],
            )


class ServiceRequestForm(ActionForm):
    #: the core requires it (``triage_as_service_request``): never labelled "(optional)"
    reason = _text(
        "Why is this a service request, not a complaint?",
        required=True,
        missing="Enter why this is a service request, not a complaint",
        help_text="A request to put something right, with no dissatisfaction expressed (2024 1.4). "
        "It stays recorded and monitored, and can still become a complaint (1.5).",
    )
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        (
            "reason",
            "help_text",
            "A request to put something right, with no dissatisfaction expressed. It stays recorded and "
            "monitored, and becomes a complaint if the resident asks ({}).",
            ("service_request", "choice_to_complain"),
        ),
    )


CHOICE_CHOICES = [
    ("make_a_complaint", "They want to make a complaint: log it now"),
    ("not_now", "They do not want to make a complaint now"),
]


class ChoiceToComplainForm(ActionForm):
    """The resident expressed dissatisfaction: they were given the choice to make a complaint (2024 1.3;
    2022 1.6)."""

    about = _text(
        "What is the resident dissatisfied with?",
        help_text="In a few words, as they said it. They do not have to use the word 'complaint' (2024 1.3).",
        rows=2,
    )
    how_offered = _line(
        "How were they given the choice to make a complaint?",
        required=True,
        help_text="For example: asked on the call, in our reply to their survey",
    )
    chose = forms.ChoiceField(
        label="What did they choose?",
        widget=forms.RadioSelect,
        choices=CHOICE_CHOICES,
        error_messages={"required": "Choose what the resident chose"},
    )
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        (
            "about",
            "help_text",
            "In a few words, as they said it. They do not have to use the word 'complaint' ({}).",
            ("complaint_in_any_words",),
        ),
    )


NEW_ISSUES_CHOICES = [
    ("added_to_definition", "Add them to this complaint's definition (the resident is told)"),
    ("logged_as_new_complaint", "Log them as a new complaint, linked to this one"),
]


class NewIssuesForm(CommunicatedForm):
    """New issues raised during a stage (2024 6.8; 2022 5.7)."""

    #: the core requires both (``record_new_issues``): never labelled "(optional)"
    issues = _text(
        "What new issues did the resident raise?",
        required=True,
        missing="Enter the new issues the resident raised",
        rows=3,
    )
    related = forms.BooleanField(
        label="They are related to the issues already being investigated", required=False
    )
    would_unreasonably_delay = forms.BooleanField(
        label="Adding them would unreasonably delay the response", required=False
    )
    handled = forms.ChoiceField(
        label="What will you do with them?",
        widget=forms.RadioSelect,
        choices=NEW_ISSUES_CHOICES,
        help_text="Related issues raised before the stage 1 response go into it; after it, or if "
        "unrelated or they would unreasonably delay it, they are a new complaint (2024 6.8)",
        error_messages={"required": "Choose what you will do with the new issues"},
    )
    reason = _text(
        "Reason for this choice", required=True, missing="Enter the reason for this choice", rows=2
    )
    added_outcomes = _text(
        "Outcomes the resident is seeking for the new issues",
        help_text="Added to the complaint definition; leave blank if they are the same",
        rows=2,
    )
    category = forms.ModelChoiceField(
        label="Category of the new complaint",
        required=False,
        queryset=Category.objects.filter(active=True),
        help_text="Only when they are logged as a new complaint",
    )
    cites_2022: Cites2022 = (
        *CommunicatedForm.cites_2022,
        (
            "handled",
            "help_text",
            "Related issues raised before the stage 1 response go into it; after it, or if unrelated or they "
            "would unreasonably delay it, they are a new complaint ({})",
            ("new_issues",),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # blank keeps this complaint's category, and says which it is (a browser walk found a noise
        # issue logged from a repairs complaint as "Repairs", with nothing on the form to change it)
        complaint = self.detail.complaint if self.detail is not None else None
        same = complaint.category if complaint is not None else None
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = f"The same as this complaint ({same})" if same else "Not chosen yet"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("sent_another_way") and data.get("handled") == "logged_as_new_complaint":
            self.add_error(
                "sent_another_way",
                "A new complaint is told of through its own acknowledgement: untick this",
            )
        return data


class ResolveServiceRequestForm(ActionForm):
    #: the core requires it (``resolve_service_request``): never labelled "(optional)"
    resolution = _text("How was it resolved?", required=True, missing="Enter how it was resolved")
    resolved_there_and_then = forms.BooleanField(label="Resolved there and then", required=False)


def _ground_choices(edition: str) -> list[tuple[str, str]]:
    return [(e.ground.value, f"{e.description} ({e.provision})") for e in exclusions(edition)]


def _right_to_ombudsman_label(right_under: str | None) -> str:
    """The box saying the resident was told of their right to take the decision to the Ombudsman, citing
    the provision that asks it; where none does (a 2022 third stage: ``decline_provisions``), saying so."""
    if right_under is None:
        return (
            "The resident has been told of their right to take this decision to the Ombudsman (the 2022 "
            "Code asks it of a refusal to escalate to stage two, 5.9, not to a third stage)"
        )
    return f"The resident has been told of their right to take this decision to the Ombudsman ({right_under})"


#: the most a decline's earlier complaint may say: a reference, or where and when it was considered
EARLIER_COMPLAINT_MOST = 200


class DeclineForm(CommunicatedForm):
    ground = forms.ChoiceField(
        label="Why can it not be accepted?",
        widget=forms.RadioSelect,
        choices=[(g.value, g.value) for g in ExclusionGround],
        error_messages={"required": "Choose a valid reason (2024 2.2)"},
    )
    explanation = _text(
        "Explanation for the resident",
        help_text="Why the matter is not suitable for the complaints process (2024 2.4)",
    )
    considered_on_merits = _text(
        "How were this complaint's own circumstances considered?",
        help_text="No blanket exclusions (2024 2.5)",
    )
    right_to_ombudsman_given = forms.BooleanField(
        label="The resident has been told of their right to take this decision to the Ombudsman (2024 2.4)",
        required=False,
    )
    issue_date = _date("Date of the issue", required=False, help_text="Needed for the time limit (2024 2.3)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # each provision cited is the complaint's own edition's (a 2022 complaint read "2024 2.5")
        edition = self.detail.case.edition if self.detail is not None else "2024"
        self.fields["ground"].error_messages["required"] = f"Choose a valid reason ({listed_under(edition)})"
        self.fields["considered_on_merits"].help_text = (
            f"No blanket exclusions ({code_rule(edition, 'merits')})"
            if edition == "2024"
            else f"Each complaint dealt with on its merits ({code_rule(edition, 'merits')})"
        )
        self.fields[
            "issue_date"
        ].help_text = f"Needed for the time limit ({code_rule(edition, 'time_limit')})"
        if self.detail is not None:
            case = self.detail.case
            set_choices(self, "ground", _ground_choices(case.edition))
            # from stage 2 the decision refuses to take the complaint further (2024 5.11; 2022 5.9,
            # at a third stage 4.14), not a complaint not accepted (2.4): cited as the core refuses it
            # and the letter says it
            explained_under, right_under = decline_provisions(case.edition, max(case.stage, 1))
            self.fields[
                "explanation"
            ].help_text = f"Why the matter is not suitable for the complaints process ({explained_under})"
            self.fields["right_to_ombudsman_given"].label = _right_to_ombudsman_label(right_under)
        earlier = forms.CharField(
            label="Which earlier complaint considered the matter?",
            required=False,
            max_length=EARLIER_COMPLAINT_MOST,
            error_messages={
                "max_length": "Which earlier complaint considered the matter must be "
                f"{EARLIER_COMPLAINT_MOST} characters or fewer"
            },
        )
        if self.earlier_complaint_needed():
            # refusing to take it further: the core requires it for that ground (2024 5.11)
            earlier.help_text = (
                "Needed if it was previously considered: the earlier complaint's reference, or where it "
                "was considered. Not this complaint's own stage 1, which is what escalating asks to be "
                f"considered again ({code_rule(edition, 'escalate_refusal')})"
            )
            earlier = conditional(earlier)
        else:
            # a new complaint about a matter considered before: nothing more is required (2024 2.2)
            earlier.help_text = (
                "If it was previously considered: the earlier complaint's reference, or where it was "
                f"considered ({listed_under(edition)})"
            )
        self.fields["previously_considered_in"] = earlier
        # beside the reason it belongs to, not after how the resident was told (browser walk)
        self.order_fields(["ground", "previously_considered_in"])

    def earlier_complaint_needed(self) -> bool:
        """From stage 2, declining refuses to take the complaint through all its stages (2024 5.11):
        "previously considered" then needs the earlier complaint (``lifecycle._earlier_complaint``)."""
        return self.detail is not None and self.detail.case.stage >= 2

    def decline_stage(self) -> int:
        """The stage the decision is told under (``lifecycle.decline_provisions``)."""
        return max(self.detail.case.stage, 1) if self.detail is not None else 1

    def clean(self) -> dict[str, Any]:
        """Every part the Code requires that is left out, at once, each on its field (the core
        refuses the first only: a browser walk met the reason's error, then the explanation's, then
        the own circumstances' one, one submit at a time)."""
        data = super().clean()
        if self.detail is None:
            return data
        edition = self.detail.case.edition
        gaps = decline_gaps(
            edition,
            self.decline_stage(),
            explanation=data.get("explanation") or "",
            considered_on_merits=data.get("considered_on_merits") or "",
            right_to_ombudsman_given=bool(data.get("right_to_ombudsman_given")),
        )
        for name, gap in gaps:
            if name in self.fields and name not in self.errors:
                self.add_error(name, f"{gap.provision}: {gap.detail}")
        if (
            self.earlier_complaint_needed()
            and data.get("ground") == ExclusionGround.PREVIOUSLY_CONSIDERED.value
            and not (data.get("previously_considered_in") or "").strip()
            and "previously_considered_in" not in self.errors
        ):
            self.add_error(
                "previously_considered_in",
                f"{code_rule(edition, 'escalate_refusal')}: give the earlier complaint that considered the "
                "matter: this complaint's own stage 1 is not a matter previously considered under the "
                "complaints policy",
            )
        return data


class DeclineEscalationForm(DeclineForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["issue_date"]
        case = self.detail.case if self.detail is not None else None
        edition = case.edition if case else "2024"
        explained_under, right_under = decline_provisions(edition, max(case.stage, 2) if case else 2)
        # the reasons for refusing, "the same as the reasons for not accepting" (2024 5.11; 2022 4.14)
        self.fields[
            "ground"
        ].label = f"Why can it not be escalated? ({code_rule(edition, 'escalate_refusal')})"
        self.fields["explanation"].help_text = f"The reasons, set out for the resident ({explained_under})"
        self.fields["right_to_ombudsman_given"].label = _right_to_ombudsman_label(right_under)

    def earlier_complaint_needed(self) -> bool:
        return True

    def decline_stage(self) -> int:
        return max(self.detail.case.stage, 2) if self.detail is not None else 2


class OfferedChoiceField(forms.ChoiceField):
    """Offers some choices but accepts any value: the core, not the form, decides who may consider a
    stage (2024 6.13), so a refused choice comes back citing the provision."""

    def valid_value(self, value: Any) -> bool:
        return True


class AllocateForm(ActionForm):
    handler = OfferedChoiceField(
        label="Complaint handler", error_messages={"required": "Choose a complaint handler"}
    )
    reason = _text("Notes", rows=2)

    def __init__(self, *args: Any, offered: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "handler", [("", "Choose a person"), *(offered or [])])


class AcknowledgeForm(CommunicatedForm):
    complaint_definition = _text(
        "The complaint, as we understand it",
        help_text="In the resident's terms. If anything is unclear, ask them (2024 5.6).",
    )
    outcomes_sought = _text("The outcomes the resident is seeking", help_text="2024 5.6")
    responsible_for = _text(
        "What we are responsible for",
        help_text="The aspects of the complaint that are ours to answer (2024 5.7)",
    )
    not_responsible_for = _text(
        "What we are not responsible for",
        help_text="And who is, where we know, for example a contractor or the council (2024 5.7)",
    )
    cites_2022: Cites2022 = (
        *CommunicatedForm.cites_2022,
        (
            "complaint_definition",
            "help_text",
            "In the resident's terms. If anything is unclear, ask them ({}).",
            ("definition",),
        ),
        ("outcomes_sought", "help_text", "{}", ("definition",)),
        (
            "responsible_for",
            "help_text",
            "The aspects of the complaint that are ours to answer ({})",
            ("responsibilities",),
        ),
        (
            "not_responsible_for",
            "help_text",
            "And who is, where we know, for example a contractor or the council ({})",
            ("responsibilities",),
        ),
    )

    def clean(self) -> dict[str, Any]:
        """Every part of the definition the Code requires that is left empty, at once (the core
        refuses the first only)."""
        data = super().clean()
        if self.detail is not None:
            definition = ComplaintDefinition(
                complaint=data.get("complaint_definition", ""),
                outcomes_sought=data.get("outcomes_sought", ""),
                responsible_for=data.get("responsible_for", ""),
                not_responsible_for=data.get("not_responsible_for", ""),
            )
            for name, gap in definition_gaps(self.detail.case.edition, definition):
                if name not in self.errors:
                    self.add_error(name, f"{gap.provision}: {gap.detail}")
        return data


class ExtendForm(CommunicatedForm):
    working_days = forms.IntegerField(
        label="Extend by how many working days?",
        min_value=1,
        max_value=EXTENSION_DAYS_MOST,
        help_text="No more than 10 at stage 1 (2024 6.4) or 20 at stage 2 (6.15) without a good reason",
        error_messages={"required": "Enter the number of working days"},
    )
    reason = _text(
        "Reasons, as explained to the resident", help_text="They must be clearly explained (2024 6.4, 6.15)"
    )
    good_reason = _text("Good reason for a longer extension", help_text="Only if beyond the limit", rows=2)
    ombudsman_details_given = forms.BooleanField(
        label="The resident has been given the Ombudsman's contact details (2024 6.5, 6.16)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.detail.case if self.detail is not None else None
        limit = timescales(case.edition).extension_limit.get(case.stage) if case is not None else None
        if case is None or case.edition != "2022" or limit is None:
            return
        # a 2022 complaint's stage: its own extension limit (10 working days at stage 1 and at stage 2,
        # none at a third but to convene a panel) and the Ombudsman's details only where agreement over
        # the extension cannot be reached (5.3, 5.15, 5.19), which this box does not require
        ombudsman = (
            "ombudsman_on_extension",
            "ombudsman_on_extension_stage_2",
            "ombudsman_on_extension_stage_3",
        )
        self.fields[
            "working_days"
        ].help_text = f"No more than {limit.working_days} at stage {case.stage} ({limit.provision}) without a good reason"
        self.fields["reason"].help_text = f"They must be clearly explained ({limit.provision})"
        self.fields["ombudsman_details_given"].label = (
            "The resident has been given the Ombudsman's contact details "
            f"({rules_cited(case.edition, ombudsman[case.stage - 1])}: where agreement over the extension "
            "cannot be reached)"
        )

    def clean(self) -> dict[str, Any]:
        """Every part the Code requires of an extension that is missing, named at once with the
        number of days (an empty form came back three rounds: the days, then the reasons, then the
        Ombudsman's details, each the next refusal). The same rules as the core's ``extend``, which
        still refuses anything else (a response already late) in its own words."""
        data = super().clean() or {}
        case = self.detail.case if self.detail is not None else None
        limit = timescales(case.edition).extension_limit.get(case.stage) if case is not None else None
        if case is None or limit is None:
            return data
        if not (data.get("reason") or "").strip():
            missing(
                self,
                "reason",
                f"{limit.provision}: enter the reasons for the extension, as explained to the resident",
            )
        days = data.get("working_days")
        total = case.extension_days(case.stage) + days if days else 0
        if total > limit.working_days and not (data.get("good_reason") or "").strip():
            missing(
                self,
                "good_reason",
                f"{limit.provision}: extensions at stage {case.stage} would total {total} working days; "
                f"more than {limit.working_days} needs a recorded good reason",
            )
        if case.edition == "2024" and not data.get("ombudsman_details_given"):
            number = "6.5" if case.stage == 1 else "6.16"
            missing(
                self,
                "ombudsman_details_given",
                f"{cite('2024', number)}: the resident must be given the Ombudsman's contact details with "
                "an extension",
            )
        return data


class UpdateIntervalForm(ActionForm):
    every_working_days = forms.IntegerField(
        label="Keep the resident informed every how many working days?",
        min_value=1,
        max_value=260,
        help_text="As agreed with the resident, for example 5 for weekly or 21 for monthly (2024 5.9)",
    )
    method = _line("How", help_text="For example a phone call, an email", required=False)
    reason = _text("Notes", rows=2)
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        (
            "every_working_days",
            "help_text",
            "As agreed with the resident, for example 5 for weekly or 21 for monthly ({})",
            ("update_interval",),
        ),
    )


class RespondForm(CommunicatedForm):
    #: fields opened with the landlord's standard words or with the remedies and outstanding actions
    #: the record holds, not with anything read back from a letter
    standard_initial: tuple[str, ...] = ()

    outcome = forms.ChoiceField(
        label="Decision on the complaint",
        widget=forms.RadioSelect,
        choices=OUTCOME_CHOICES,
        error_messages={"required": "Choose the decision on the complaint"},
    )
    complaint_stage = _line("The complaint stage")
    complaint_definition = _text("The complaint definition", rows=3)
    decision = _text("The decision on the complaint")
    reasons = _text("The reasons for any decisions made")
    remedy = _text("Details of any remedy offered to put things right", help_text="Write 'None' if none")
    outstanding_actions = _text("Details of any outstanding actions", help_text="Write 'None' if none")
    escalation_route = _text("How to escalate")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.detail is None:
            return
        case = self.detail.case
        definition = case.definitions.get(case.stage)
        self.initial.setdefault("complaint_stage", response_stage(case.stage))
        if definition is not None:
            self.initial.setdefault(
                "complaint_definition", response_definition(definition.complaint, definition.outcomes_sought)
            )
        # what the record holds, set out for the resident (2024 6.9 e, f; 6.19 e, f; 7.3 "what will
        # happen and by when"): the form opened empty, "None" was typed over a £75 remedy, and the
        # letter told the resident nothing was offered (browser walk)
        standard: list[str] = []
        for name, recorded in (
            ("remedy", recorded_remedies(case)),
            ("outstanding_actions", recorded_outstanding_actions(case)),
        ):
            if recorded and not str(self.initial.get(name) or "").strip():
                self.initial[name] = recorded
                self.fields[
                    name
                ].help_text = "As recorded for this complaint: check the words the resident will read"
                standard.append(name)
        self.standard_initial = tuple(standard)
        if case.edition == "2024":
            number = "6.9" if case.stage == 1 else "6.19"
            labels = {
                "complaint_stage": "a",
                "complaint_definition": "b",
                "decision": "c",
                "reasons": "d",
                "remedy": "e",
                "outstanding_actions": "f",
                "escalation_route": "g",
            }
            for name, letter in labels.items():
                self.fields[name].help_text = " ".join(
                    str(part) for part in (self.fields[name].help_text, f"(2024 {number} {letter})") if part
                )
        if case.stage == 1:
            self.fields[
                "escalation_route"
            ].label = "How to escalate to stage 2 if the resident is not satisfied"
            if not str(self.initial.get("escalation_route") or "").strip():
                # the landlord's standard words, which the stage 1 response letter says as recorded
                # (2024 6.9 g): the handler checks them rather than typing them each time
                self.initial["escalation_route"] = standard_escalation_route()
                self.standard_initial += ("escalation_route",)
        elif case.stage >= max_stage(case, landlord_and_rules()[1]):
            self.fields["escalation_route"].label = "How to refer the complaint to the Housing Ombudsman"
            if not str(self.initial.get("escalation_route") or "").strip():
                # the landlord's standard words, which the final response letter says as recorded
                # (2024 6.19 g): the handler checks them rather than typing them each time
                self.initial["escalation_route"] = standard_ombudsman_route()
                self.standard_initial += ("escalation_route",)
        else:
            # a 2022 landlord's stage 2 before its third stage (2022 5.16)
            self.fields["escalation_route"].label = f"How to escalate to stage {case.stage + 1}"

    def clean(self) -> dict[str, Any]:
        """Every section the Code requires that is left empty, named with the other errors in one
        go (they came one round at a time: the decision first, then four sections the core refused)."""
        data = super().clean() or {}
        if self.detail is not None:
            for name, message in response_gaps(self.detail.case, data):
                if name not in self.errors:
                    self.add_error(name, message)
            case = self.detail.case
            final = case.stage >= max_stage(case, landlord_and_rules()[1])
            wrong = stage_named_otherwise(str(data.get("complaint_stage") or ""), case.stage, final=final)
            if wrong is not None and "complaint_stage" not in self.errors:
                required = stage_response(case.edition, case.stage, final=final)
                provision = next(r.provision for r in required if r.element == Element.COMPLAINT_STAGE)
                self.add_error("complaint_stage", f"{provision}: {wrong}")
            denials = response_denials(
                case,
                remedy=str(data.get("remedy") or ""),
                outstanding_actions=str(data.get("outstanding_actions") or ""),
                final=final,
            )
            for name, denial in denials:
                if name not in self.errors:
                    self.add_error(name, refusal(denial))
            self._blanks_its_letter_would_say(data)
        return data

    def _blanks_its_letter_would_say(self, data: dict[str, Any]) -> None:
        """A blank ("[TBC]") in a section the response letter says, and the route onward its letter
        could not be issued with (2024 6.9 g, 6.19 g): refused when the step is taken, at every door
        (``letters.services.fields_no_letter_can_say``), shown here with the form's other errors
        rather than only once they are put right (browser walk). A blank is refused however the
        resident was told, unless the text kept as sent says it too (the record's sections are what they
        were told, 2024 5.12); the route only
        where PutRight drafts the letter from it."""
        sent = str(data.get("sent_text") or "") if data.get("sent_another_way") else None
        for name in RESPONSE_SAID:
            blank = blank_left_in(str(data.get(name) or ""))
            if blank is not None and name not in self.errors and not blank_was_sent(blank, sent):
                self.add_error(name, blank_refusal(blank, sent=sent is not None))
        if data.get("sent_another_way") or data.get("told_by_letter") or "escalation_route" in self.errors:
            return
        assert self.detail is not None
        fields = {name: str(data.get(name) or "") for name in (*RESPONSE_SAID, "outcome")}
        held = as_held(
            complaint=self.detail.complaint, step="respond", stage=self.detail.case.stage, fields=fields
        )
        for name, message, _ in route_the_letter_cannot_say(held):
            self.add_error(name, message)


#: the end of a Code list item ("; and", ";"), left out of a one-sentence message
_ITEM_END = re.compile(r"(?:[;,.]\s*(?:and|or)?)?\s*$")


def response_gap(provision: str, requirement: str) -> str:
    return f"{provision}: the response must confirm {_ITEM_END.sub('', requirement)}"


def response_gaps(case: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each element the Code requires of this stage's response that is empty in
    ``data`` (the stage and the definition are filled from the record when left empty)."""
    rules = landlord_and_rules()[1]
    required = stage_response(case.edition, case.stage, final=case.stage >= max_stage(case, rules))
    return [
        (RESPONSE_FIELDS[item.element], response_gap(item.provision, item.requirement))
        for item in required
        if RESPONSE_FIELDS[item.element] not in ("complaint_stage", "complaint_definition")
        and not str(data.get(RESPONSE_FIELDS[item.element]) or "").strip()
    ]


class EscalationForm(ActionForm):
    reason = _text(
        "Anything the resident said about why",
        help_text="The resident does not have to give a reason (2024 6.12)",
    )
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        ("reason", "help_text", "The resident does not have to give a reason ({})", ("no_reason_needed",)),
    )


class RemedyForm(ActionForm):
    remedy_kind = forms.ChoiceField(label="Kind of remedy", widget=forms.RadioSelect, choices=REMEDY_CHOICES)
    description = _text("What will happen to put things right", help_text="2024 7.3")
    due = _date("Date it will be done by", required=False, help_text="2024 7.3")
    #: in pounds as staff write it ("£345.50", "1,000.00"), cleaned to pence: the reader the Ombudsman's
    #: orders and the putting-right offers use (``PoundsField``)
    amount = PoundsField(
        label="Amount in pounds", what="the amount", required=False, help_text="For a financial remedy"
    )
    agreed_with_resident = forms.BooleanField(label="Agreed with the resident", required=False)
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        ("description", "help_text", "{}", ("remedy",)),
        ("due", "help_text", "{}", ("remedy",)),
    )

    def clean(self) -> dict[str, Any]:
        """Every problem with the remedy named at once (the date, then the amount, came one round at a
        time), in the core's words."""
        data = super().clean() or {}
        if self.detail is None or not data.get("remedy_kind"):
            return data
        problems = remedy_problems(
            self.detail.case.edition,
            on=data.get("on"),
            description=data.get("description") or "",
            due=data.get("due"),
            remedy_kind=data["remedy_kind"],
            amount_pence=data.get("amount") or 0,
        )
        for argument, problem in problems:
            name = {"amount_pence": "amount"}.get(argument, argument)
            message = refusal(problem)
            if name not in self.errors:
                self.add_error(name, message)
        return data


class CompleteNumberedForm(ActionForm):
    number = forms.TypedChoiceField(
        label="Which one?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which one"},
    )

    def __init__(self, *args: Any, items: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "number", [(str(n), text) for n, text in items or []])


class CompleteRemedyForm(CompleteNumberedForm):
    evidence = _text("Evidence it was done", help_text="2024 7.3")
    cites_2022: Cites2022 = (*ActionForm.cites_2022, ("evidence", "help_text", "{}", ("remedy",)))


class WithdrawRemedyForm(CompleteNumberedForm):
    ground = forms.ChoiceField(
        label="Why will it not be carried out?",
        widget=forms.RadioSelect,
        choices=REMEDY_WITHDRAWAL_CHOICES,
        error_messages={"required": "Choose why the remedy will not be carried out"},
    )
    reason = _text(
        "What happened",
        required=True,
        help_text="For example which remedy it repeats, or what the resident said and when. It stays on "
        "the record with the remedy (2024 7.3)",
        rows=3,
    )
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        (
            "reason",
            "help_text",
            "For example which remedy it repeats, or what the resident said and when. It stays on the "
            "record with the remedy ({})",
            ("remedy",),
        ),
    )


class CompleteActionForm(CompleteNumberedForm):
    note = _text("Note", rows=2)


class OutstandingActionForm(ActionForm):
    description = _text("What remains to be done", help_text="2024 6.6 at stage 1, 6.17 at stage 2")
    owner = _line("Who will do it")
    due = _date("Date it is due")
    cites_2022: Cites2022 = (
        *ActionForm.cites_2022,
        ("description", "help_text", "{}", ("outstanding_actions_stage_1", "outstanding_actions")),
    )


class ReasonForm(ActionForm):
    reason = _text("Reason", rows=3)


class CorrectReceivedDateForm(forms.Form):
    """The day the complaint was received, put right (2024 5.12). Not a step with a day of its own:
    the correction is recorded today, beside the day it replaces. A day that makes the stage 1
    acknowledgement late is asked about once, as on logging a contact (a year typed wrongly is the
    usual slip): a question, never a refusal."""

    received_on = _date("The day the complaint was received")
    received_on_confirmed = forms.BooleanField(
        label="The day received is right", required=False, help_text="The acknowledgement is then late"
    )
    reason = _text(
        "How do you know it was received that day?",
        required=True,
        missing="Enter how you know the day it was received",
        help_text="For example: the date on the resident's email, the call log, the post room's stamp",
        rows=3,
    )

    def __init__(self, *args: Any, detail: Any = None, **kwargs: Any) -> None:
        self.detail = detail
        super().__init__(*args, **kwargs)
        #: whether the day entered makes the stage 1 acknowledgement late
        self.late_on_arrival = False
        case = detail.case if detail is not None else None
        if case is not None:
            self.fields["received_on"].help_text = (
                f"Recorded now as {case.received_on.day} {case.received_on:%B %Y}. The acknowledgement is "
                f"due 5 working days from the day received ({timescales(case.edition).acknowledge_stage_1.provision})."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("received_on")
        confirmed = data.get("received_on_confirmed")
        if day and not _before_the_calendar(self, day) and not confirmed and self.detail is not None:
            self._not_late_on_arrival(day)
        return data

    def _not_late_on_arrival(self, day: date) -> None:
        case = self.detail.case
        timescale = timescales(case.edition).acknowledge_stage_1
        if day == case.received_on:
            return
        _, rules = landlord_and_rules()
        due = timescale.deadline(rules.calendar, day)
        acknowledged = case.acknowledged_on.get(1)
        by = acknowledged or timezone.localdate()
        if due >= by or timescale.deadline(rules.calendar, case.received_on) < by:
            return  # on time by the day entered, or late by the day recorded now too: nothing new
        self.late_on_arrival = True
        sent = f"sent on {acknowledged.day} {acknowledged:%B %Y}" if acknowledged else "not yet sent"
        self.add_error(
            "received_on",
            f"Received on {day.day} {day:%B %Y}? Then its acknowledgement was due by {due.day} {due:%B %Y} "
            f"({timescale.provision}), and the acknowledgement, {sent}, is late. Check the date, or tick "
            "'The day received is right'",
        )


class OmbudsmanForm(ActionForm):
    reference = _line("Ombudsman's reference", max_length=50)
    reason = _text("Notes", rows=2)


# --------------------------------------------------------------------------------------------------
# The record: documents and correspondence (2024 5.12)

#: 20 MB
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = frozenset(
    {
        "pdf",
        "doc",
        "docx",
        "odt",
        "rtf",
        "txt",
        "xls",
        "xlsx",
        "ods",
        "csv",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "heic",
        "heif",
        "webp",
        "tif",
        "tiff",
        "eml",
        "msg",
        "mp3",
        "m4a",
        "wav",
        "mp4",
        "mov",
    }
)
EXECUTABLE_EXTENSIONS = frozenset(
    {
        "exe",
        "com",
        "bat",
        "cmd",
        "msi",
        "scr",
        "dll",
        "ps1",
        "vbs",
        "vbe",
        "js",
        "jse",
        "wsf",
        "sh",
        "bash",
        "jar",
        "apk",
        "app",
        "bin",
        "run",
        "elf",
        "lnk",
        "reg",
        "hta",
        "cpl",
        "py",
        "pl",
    }
)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!")


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Document, photo or email",
        help_text="PDF, Word, Excel, text, images, emails (.eml, .msg), audio or video; up to 20 MB",
        error_messages={"required": "Choose a file to upload", "empty": "The chosen file is empty"},
    )
    description = _line(
        "What is it?", help_text="For example surveyor's report, photo of the bathroom ceiling"
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if upload.size > MAX_UPLOAD_BYTES:
            megabytes = upload.size / (1024 * 1024)
            raise forms.ValidationError(
                f"The file is {megabytes:.1f} MB: it must be 20 MB or smaller. Compress it or split it."
            )
        head = upload.read(4)
        upload.seek(0)
        if extension in EXECUTABLE_EXTENSIONS or any(head.startswith(magic) for magic in EXECUTABLE_MAGIC):
            raise forms.ValidationError(
                f"{name} is a program or script, which cannot be kept on the record. Upload a document, photo or email."
            )
        if extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                f"{name} is not a type we can keep: upload a PDF, Word, Excel, text, image, email, audio or video file"
            )
        return upload


class CorrespondenceForm(forms.Form):
    direction = forms.ChoiceField(
        label="Was it sent or received?", widget=forms.RadioSelect, choices=Direction.choices
    )
    party = forms.ChoiceField(
        label="With whom?", widget=forms.RadioSelect, choices=Party.choices, initial="resident"
    )
    channel = forms.ChoiceField(label="How?", choices=CHANNEL_CHOICES)
    subject = _line("Subject", max_length=300)
    body = _text("What was said", rows=6)


# Fields the Code requires, checked by the core so a refusal cites its provision: required, so never
# labelled "(optional)" (GOV.UK labels only fields nobody has to fill in as optional), though the
# form itself leaves the check to the core; and fields needed only in some cases, whose hint says when.
CODE_REQUIRED: dict[type[forms.Form], tuple[str, ...]] = {
    AcknowledgeForm: ("complaint_definition", "outcomes_sought", "responsible_for"),
    ExtendForm: ("reason", "good_reason"),
    RespondForm: (
        "complaint_stage",
        "complaint_definition",
        "decision",
        "reasons",
        "remedy",
        "outstanding_actions",
        "escalation_route",
    ),
    DeclineForm: ("explanation", "considered_on_merits"),
    # 2024 7.3: what will happen and by when; an amount for a financial remedy; evidence it was done
    RemedyForm: ("description", "due", "amount"),
    CompleteRemedyForm: ("evidence",),
    OutstandingActionForm: ("description", "owner"),
    CommunicatedForm: ("sent_method", "sent_on", "sent_text", "late_reason"),
    ActionForm: ("late_reason",),
}
for _form, _names in CODE_REQUIRED.items():
    for _name in _names:
        conditional(_form.base_fields[_name])
# needed only for someone new, or only when a representative made the contact: never "(optional)"
for _name in ("name", "rep_name", "rep_relationship"):
    conditional(ContactForm.base_fields[_name])
