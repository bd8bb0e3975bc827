"""The residents' pages: make a complaint, follow it, add to it, ask for stage 2, and the information
the Code says residents must have (2024 3.1-3.7, 1.3, 1.6, 6.10-6.12). No account is needed; every
page works without JavaScript."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from putright.access.log import How, What, record_access
from putright.code.errors import CodeViolation, InvalidRequest, TransitionNotAllowed
from putright.code.timescales import timescales
from putright.complaints import services
from putright.complaints.models import (
    THE_RESIDENTS_SIDE,
    Category,
    Complaint,
    ContactMethod,
    Party,
    Resident,
    party_of,
)
from putright.intake.filecheck import check_file
from putright.intake.models import DissatisfactionFlag
from putright.intake.outbound import complaint_addresses, send_complaint_email
from putright.intake.services import flag_dissatisfaction
from putright.letters.ombudsman import ombudsman_contact
from putright.portal import access
from putright.portal.forms import AddInformationForm, CodeForm, ComplaintForm, EscalateForm, FindComplaintForm
from putright.portal.models import AccessCode
from putright.portal.selectors import (
    HOME_LINE,
    OUTCOME_LINE,
    STATE_WORDS,
    WORKING_DAYS,
    as_made_for_reader,
    as_made_heading,
    escalation_window,
    expected_dates,
    issued_letters,
    letters_for_resident,
    outcomes_heading,
    resident_view,
    response_dates_given,
    who_made_it,
)
from putright.portal.tasks import send_track_code
from putright.records.stored_files import files_kept_with_their_rows
from putright.workspace.records import home_or_as_given, summary_as_made

log = logging.getLogger(__name__)

ACTOR_LABEL = "Resident (online form)"
SUBMITTED = "portal_submitted"
PENDING = "portal_pending"
FOLLOWING = "portal_complaint"
#: the complaints this browser has sent from the form: [[its words, its files, reference], ...]
SENT = "portal_sent"
FOLLOW_FOR = timedelta(hours=1)


def _context(**extra: Any) -> dict[str, Any]:
    from putright.letters.services import letterhead

    return {
        "ombudsman": ombudsman_contact(),
        "landlord_contact": letterhead(),
        "working_days": WORKING_DAYS,
        **extra,
    }


# --------------------------------------------------------------------------------------------------
# Start and information pages (2024 3.4, 3.5, 3.7, 1.6)


def start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/start.html", _context(scales=timescales("2024")))


def policy(request: HttpRequest) -> HttpResponse:
    from putright.complaints.models import Landlord

    return render(
        request,
        "portal/policy.html",
        _context(scales=timescales("2024"), window=Landlord.load().escalation_window_working_days),
    )


def process(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/process.html", _context(scales=timescales("2024")))


def ombudsman(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/ombudsman.html", _context())


def surveys(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/surveys.html", _context())


# --------------------------------------------------------------------------------------------------
# Making a complaint


def _store_files(
    complaint: Complaint, files: list[UploadedFile[bytes]], description: str, correspondence: Any = None
) -> None:
    for upload in files:
        stream = upload.file
        assert stream is not None
        kind = check_file(upload.name or "file", upload.size or 0, stream)
        stream.seek(0)
        services.attach_document(
            complaint=complaint,
            actor=None,
            content=stream,
            filename=upload.name or "file",
            content_type=kind.content_type,
            description=description,
            correspondence=correspondence,
        )


def _resident(data: dict[str, Any]) -> Resident:
    """A new resident record for the person the form is about, always. Anyone can type a name and an
    email address, so the form never finds, changes or adds to an existing resident's record (their
    representatives, adjustments, complaints): staff match the new contact to the person they know.

    The address typed is kept: the home it names when its first line and postcode match one we know,
    otherwise as given, for staff to match (no property is made up from it, 2024 5.12). "How should
    we contact you?" is the resident's preference only when the resident is the one answering; a
    representative's answer is theirs (:func:`_receive`), and the resident's stays unsaid."""
    email = (data.get("resident_email") or "").strip()
    name = data["resident_name"].strip()
    given = home_or_as_given(address_line_1=data.get("address") or "", postcode=data.get("postcode") or "")
    return services.create_resident(
        name=name,
        email=email,
        phone=(data.get("resident_phone") or "").strip(),
        property=given.home,
        address_given=given.address_given,
        postcode_given=given.postcode_given,
        preferred_contact_method="" if _by_representative(data) else data["preferred_contact_method"],
        preferred_format=data["preferred_format"],
        language=(data.get("language") or "").strip(),
        support_needs="\n".join(
            part
            for part in ((data.get("adjustments") or "").strip(), (data.get("disability") or "").strip())
            if part
        ),
    )


def _by_representative(data: dict[str, Any]) -> bool:
    return bool(data.get("on_behalf") == "other")


def _summary(data: dict[str, Any]) -> str:
    lines = [
        data["what_happened"].strip(),
        "",
        OUTCOME_LINE,
        data["wanted_outcome"].strip(),
    ]
    home = ", ".join(
        p for p in ((data.get("address") or "").strip(), (data.get("postcode") or "").strip()) if p
    )
    if home:
        lines += ["", f"{HOME_LINE}{home}"]
    return "\n".join(lines)


def _waiting_for_consent(complaint: Complaint) -> str:
    """The email address of a representative who made the complaint without the resident's consent
    to them acting recorded, or "": they are told it was received, and nothing more until it is."""
    representative = complaint.representative
    if representative is None or representative.consented:
        return ""
    return representative.email


def _confirm(complaint: Complaint, request: HttpRequest) -> None:
    """The confirmation that the complaint was received: to the resident (and a representative with
    consent) with what happens next; to a representative without consent, that it was received and
    that we will deal with the resident until the resident tells us they may act (2024 3.6)."""
    addresses = complaint_addresses(complaint)
    if addresses:
        send_complaint_email(
            complaint=complaint,
            to=addresses,
            subject=f"Your complaint {complaint.reference} has been received",
            body=_confirmation_text(complaint, request),
            kind="complaint_received",
        )
    if waiting := _waiting_for_consent(complaint):
        send_complaint_email(
            complaint=complaint,
            to=[waiting],
            subject=f"The complaint you made for {complaint.resident.name} has been received",
            body=_consent_needed_text(complaint),
            kind="complaint_received",
            party=Party.REPRESENTATIVE,
        )


def _consent_needed_text(complaint: Complaint) -> str:
    assert complaint.representative is not None
    resident = complaint.resident.name
    return (
        f"The complaint you made for {resident} has been received. Its reference number is "
        f"{complaint.reference}.\n\n"
        f"{resident} has not yet told us that they are happy for you to deal with the complaint for them, "
        f"so for now we will write to {resident} about it, not to you, and you cannot follow it on our "
        f"website. Once {resident} tells us they agree (they can reply to any letter from us, or call "
        "us), we will write to you as well.\n"
    )


@dataclass(frozen=True)
class Step:
    """One thing that happens next, around the date it happens by (shown in bold on the page)."""

    before: str
    by: date | None
    after: str

    def text(self) -> str:
        return f"{self.before}{self.by:%A %-d %B %Y}{self.after}" if self.by else self.before + self.after


def waiting_for_consent(complaint: Complaint) -> str:
    """The resident's name when the complaint's representative is waiting for the resident's consent
    to act for them (2024 3.6), else "": what that representative is told is about the resident."""
    representative = complaint.representative
    return complaint.resident.name if representative is not None and not representative.consented else ""


def what_happens_next(complaint: Complaint, *, about: str = "") -> list[Step]:
    """Stage 1 from here (2024 6.2, 6.3), told to the person we will deal with ("you"), or ``about``
    the resident, by name, to a representative without the resident's consent: they hear nothing
    more until the resident agrees (2024 3.6: it is the resident's choice to have one), so what they
    are told happens next is what happens with the resident."""
    dates = expected_dates(complaint)
    ack = f" (within {dates.acknowledge_days} working days)"
    respond = f" (within {dates.respond_days} working days of acknowledging it)."
    if name := about:
        return [
            Step(
                f"We will acknowledge {name}'s complaint by ",
                dates.acknowledge_by,
                f"{ack} and write to {name} to say how we understand it and what they want us to do.",
            ),
            Step(
                f"We will usually send {name} our response by ",
                dates.respond_by,
                f"{respond} If we need longer, we will tell {name} why and when they will hear from us.",
            ),
            Step(
                f"If {name} is still unhappy after our response, they can ask for stage 2. They do not "
                "have to say why.",
                None,
                "",
            ),
        ]
    return [
        Step(
            "We will acknowledge your complaint by ",
            dates.acknowledge_by,
            f"{ack}. We will tell you how we understand your complaint and what you want us to do.",
        ),
        Step(
            "We will usually send you our response by ",
            dates.respond_by,
            f"{respond} If we need longer, we will tell you why and when you will hear from us.",
        ),
        Step(
            "If you are still unhappy after our response, you can ask for stage 2. You do not have to say why.",
            None,
            "",
        ),
    ]


def _steps_text(complaint: Complaint) -> str:
    """What happens next, for the confirmation email to the resident (and a representative with
    consent). A representative without it is emailed only that the complaint was received, and that
    we will write to the resident (:func:`_consent_needed_text`): no "you" they are not."""
    return "What happens next:\n" + "".join(f"- {step.text()}\n" for step in what_happens_next(complaint))


def _confirmation_text(complaint: Complaint, request: HttpRequest) -> str:
    track = request.build_absolute_uri(reverse("portal:track"))
    return (
        f"Your complaint has been received.\n\nYour reference number is {complaint.reference}.\n\n"
        f"{_steps_text(complaint)}\n"
        f"{WORKING_DAYS}\n\n"
        f"Follow your complaint, add information or ask for stage 2: {track}\n"
        "Keep your reference number: you will need it with this email address.\n\n"
        "If you are unhappy with our final response you can ask the Housing Ombudsman to look at it: "
        f"{ombudsman_contact().telephone}, {ombudsman_contact().website}."
    )


#: how we will be in touch, after "we will contact ..." (2024 3.1: the way the resident asked for)
_BY = {
    ContactMethod.EMAIL: "by email",
    ContactMethod.PHONE: "by telephone",
    ContactMethod.TEXT_MESSAGE: "by text message",
    ContactMethod.LETTER: "by letter",
    ContactMethod.IN_PERSON: "in person",
}


@dataclass(frozen=True)
class Confirmed:
    """What the confirmation page tells the person who sent the form: who has been sent what, who we
    will be in touch with and how, and whether they can follow the complaint on the website (only
    with an email address it accepts, :func:`access.allowed_addresses`)."""

    told: list[str]
    can_follow: bool


def _reach(name: str, method: str, email: str, postal: tuple[str, ...], phone: str) -> str:
    """How we will be in touch with ``name`` ("you" for the sender), from the details we have."""
    by = _BY.get(ContactMethod(method)) if method else None
    if method == ContactMethod.LETTER and postal:
        return f"we will write to {name} at {', '.join(postal)}"
    if method in (ContactMethod.PHONE, ContactMethod.TEXT_MESSAGE) and phone:
        return f"we will contact {name} {by} on {phone}"
    if method == ContactMethod.IN_PERSON and by:
        return f"we will contact {name} {by}"
    if email:
        return f"we will email {name} at {email}"
    if postal:
        return f"we will write to {name} at {', '.join(postal)}"
    if phone:
        return f"we will telephone {name} on {phone}"
    return ""


def confirmed(complaint: Complaint) -> Confirmed:
    """One account of who will hear what and how, from the record as it was made (2024 3.1, 3.6)."""
    resident = complaint.resident
    representative = complaint.representative
    emailed = complaint_addresses(complaint)
    told: list[str] = []
    if emailed:
        told.append(f"We have sent a confirmation to {' and '.join(emailed)}.")
    if representative is None:
        reach = _reach(
            "you", resident.preferred_contact_method, resident.email, resident.postal_address, resident.phone
        )
        if not emailed:
            told.append(
                f"Write down your reference number: you did not give us an email address, so {reach}."
                if reach
                else "Write down your reference number: you did not give us a way to contact you, so "
                "please contact us with it if you want to know how your complaint is going."
            )
        return Confirmed(told=told, can_follow=bool(resident.email))
    name = resident.name
    if not representative.consented:
        if waiting := representative.email:
            told.append(f"We have emailed {waiting} only to say the complaint was received.")
        reach = _reach(
            name, resident.preferred_contact_method, resident.email, resident.postal_address, resident.phone
        )
        told.append(
            f"{name} has not yet told us they are happy for {representative.name} to deal with this "
            f"complaint for them, so {reach} about it, not you. Once {name} tells us they agree, "
            "we will contact you as well."
            if reach
            else f"{name} has not yet told us they are happy for {representative.name} to deal with "
            f"this complaint for them, and you did not give us an address, email address or telephone "
            f"number for {name}. Please ask {name} to contact us with the reference number, so that we "
            "can write to them about their complaint and they can tell us whether they agree to you "
            "dealing with it."
        )
        told.append(
            f"Write down the reference number. You cannot follow the complaint on our website until {name} "
            "tells us they agree."
            if representative.email
            else "Write down the reference number."
        )
        return Confirmed(told=told, can_follow=False)
    reach = _reach(
        "you",
        representative.preferred_contact_method,
        representative.email,
        representative.postal_address,
        _phone(representative.contact),
    )
    if not emailed:
        told.append(
            f"Write down the reference number: {reach}." if reach else "Write down the reference number."
        )
    elif reach and not reach.startswith("we will email"):
        # the way they asked for, with the details they gave for it (a letter to their own address)
        told.append(f"{reach[0].upper()}{reach[1:]}.")
    return Confirmed(told=told, can_follow=bool(representative.email))


def _phone(contact: str) -> str:
    """The telephone number in a representative's free-text contact details, or ""."""
    return next((p.strip() for p in contact.split("/") if p.strip() and "@" not in p), "")


@require_http_methods(["GET", "POST"])
def complain(request: HttpRequest) -> HttpResponse:
    categories = list(Category.objects.filter(active=True))
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES)
        category_slug = request.POST.get("category", "")
        if form.is_valid():
            already = _sent_before(request)
            if already is not None:
                # the browser's Back then Send with nothing changed: the complaint made the first time
                request.session[SUBMITTED] = already
                return redirect("portal:complain-done")
            complaint = _receive(form.cleaned_data, category_slug, categories)
            _remember_sent(request, complaint.reference)
            request.session[SUBMITTED] = complaint.reference
            _confirm(complaint, request)
            return redirect("portal:complain-done")
    else:
        form = ComplaintForm()
        category_slug = ""
    return render(
        request,
        "portal/complain.html",
        _context(
            form=form,
            categories=categories,
            category_slug=category_slug,
            files_chosen=request.method == "POST" and bool(request.FILES),
        ),
    )


def _said(request: HttpRequest) -> list[str]:
    """What the form said (SHA-256 of its fields) and which files came with it (names and sizes)."""
    fields = sorted((k, v) for k, v in request.POST.lists() if k != "csrfmiddlewaretoken")
    files = sorted((f.name or "", f.size or 0) for f in request.FILES.getlist("attachments"))
    return [hashlib.sha256(json.dumps(part).encode()).hexdigest() for part in (fields, files)]


#: no files at all: what a browser sends again after Back, which clears the file inputs
_NO_FILES = hashlib.sha256(b"[]").hexdigest()


def _sent_before(request: HttpRequest) -> str | None:
    """The reference made when this browser sent a complaint saying exactly the same, with the same
    files or none (Back clears them). Changed in any way, or with other files, it is a new complaint:
    the resident may have meant to add to what they said. (A token in the form would not do: after
    Back the browser fetches the form again, with a new token, and puts the answers back in it.)"""
    words, files = _said(request)
    for earlier_words, earlier_files, reference in reversed(request.session.get(SENT, [])):
        if words == earlier_words and files in (earlier_files, _NO_FILES):
            return str(reference) if Complaint.objects.filter(reference=reference).exists() else None
    return None


def _remember_sent(request: HttpRequest, reference: str) -> None:
    sent = list(request.session.get(SENT, []))[-9:]  # the last ten this browser sent are enough
    request.session[SENT] = [*sent, [*_said(request), reference]]


def _receive(data: dict[str, Any], category_slug: str, categories: list[Category]) -> Complaint:
    today = timezone.localdate()
    # the complaint and its files, or neither: a row refused part-way leaves no file in storage
    with files_kept_with_their_rows():
        resident = _resident(data)
        representative = None
        if _by_representative(data):
            contact = " / ".join(
                p
                for p in (
                    (data.get("representative_email") or "").strip(),
                    (data.get("representative_phone") or "").strip(),
                )
                if p
            )
            representative = services.add_representative(
                resident=resident,
                name=data["representative_name"],
                relationship=data["representative_relationship"],
                contact=contact,
                consent_recorded_on=today if data.get("consent") else None,
                consent_evidence=(
                    f"Confirmed on the online form: {data['consent_how'].strip()}"
                    if data.get("consent")
                    else ""
                ),
                preferred_contact_method=data["preferred_contact_method"],
                address=data.get("representative_address") or "",
            )
        if (data.get("adjustments") or "").strip():
            services.record_reasonable_adjustment(
                resident=resident,
                adjustment=f"Asked for on the online form: {data['adjustments'].strip()}",
                disclosed_disability=(data.get("disability") or "").strip(),
                agreed_on=today,
                review_due=today + timedelta(days=91),
            )
        category = next((c for c in categories if c.slug == category_slug), None)
        complaint = services.receive_complaint(
            resident=resident,
            representative=representative,
            summary=_summary(data),
            channel="online_form",
            category=category,
            accept=True,
            actor=None,
            actor_label=ACTOR_LABEL if representative is None else f"{ACTOR_LABEL}, by their representative",
        )
        _store_files(complaint, data.get("attachments") or [], "Sent with the online complaint form")
        disability = (data.get("disability") or "").strip()
        if disability and not (data.get("adjustments") or "").strip():
            # told us of a disability without asking for an adjustment: recorded as such (2024 5.10)
            from putright.workspace.records import record_vulnerability

            record_vulnerability(
                complaint=complaint,
                actor=None,
                reason=f"Disability disclosed: {disability}",
                source="resident",
            )
    return complaint


def complain_done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SUBMITTED)
    complaint = (
        Complaint.objects.select_related("resident", "representative").filter(reference=reference).first()
    )
    if complaint is None:
        return redirect("portal:start")
    return render(
        request,
        "portal/complain_done.html",
        _context(
            complaint=complaint,
            # a representative without the resident's consent is told what happens with the resident
            next_steps=what_happens_next(complaint, about=waiting_for_consent(complaint)),
            waiting_for=waiting_for_consent(complaint),
            confirmed=confirmed(complaint),
        ),
    )


# --------------------------------------------------------------------------------------------------
# Following a complaint


def _following(request: HttpRequest) -> Complaint | None:
    held = request.session.get(FOLLOWING)
    if not isinstance(held, dict):
        return None
    if timezone.now().timestamp() > float(held.get("until", 0)):
        request.session.pop(FOLLOWING, None)
        return None
    complaint_id = held.get("id")
    if not isinstance(complaint_id, int):
        return None
    complaint = Complaint.objects.select_related("resident", "representative").filter(pk=complaint_id).first()
    if complaint is None or [complaint.resident_id, complaint.representative_id] != held.get("parties"):
        # the complaint was matched to another resident (or its representative changed) since this
        # person proved their address: they prove it again against the complaint as it is now
        request.session.pop(FOLLOWING, None)
        return None
    return complaint


@dataclass(frozen=True)
class Sender:
    """Who is using the complaint's page: the party whose verified email address signed in, and how
    the full record names them (2024 5.12): by name on what they sent (erased with the
    correspondence), and by their part alone in the complaint's history, which erasure keeps."""

    party: Party
    correspondent: str
    actor_label: str


def _sender(request: HttpRequest, complaint: Complaint) -> Sender:
    """The party whose address signed in. An address the resident and their representative share, or
    a sign-in from before the address was kept when the complaint has a representative, cannot tell
    which of them it is: the record says so rather than claim one (2024 5.12)."""
    held = request.session.get(FOLLOWING)
    email = str(held.get("email") or "") if isinstance(held, dict) else ""
    resident, representative = complaint.resident, complaint.representative
    found = party_of(complaint, email)
    party = found or (Party.RESIDENT if representative is None else Party.RESIDENT_OR_REPRESENTATIVE)
    if party == Party.REPRESENTATIVE and representative is not None:
        return Sender(
            party,
            f"{representative.name}, representative (complaints website)"[:200],
            "Representative (complaints website)",
        )
    if party == Party.RESIDENT:
        return Sender(
            party, f"{resident.name}, resident (complaints website)"[:200], "Resident (complaints website)"
        )
    how = "same email address, complaints website" if found else "complaints website"
    named = f" {representative.name}" if representative is not None else ""
    return Sender(
        Party.RESIDENT_OR_REPRESENTATIVE,
        f"{resident.name} or their representative{named} ({how})"[:200],
        f"Resident or their representative ({how})",
    )


def _sign_in(request: HttpRequest, opened: AccessCode) -> HttpResponseRedirect:
    complaint = opened.complaint
    request.session.cycle_key()
    request.session.pop(PENDING, None)
    request.session[FOLLOWING] = {
        "id": complaint.pk,
        "parties": [complaint.resident_id, complaint.representative_id],
        # the address the code or link went to: who is adding information or asking for stage 2
        "email": opened.email,
        "until": (timezone.now() + FOLLOW_FOR).timestamp(),
    }
    return redirect("portal:track-complaint")


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FindComplaintForm(request.POST)
        if form.is_valid():
            reference, email = form.cleaned_data["reference"], form.cleaned_data["email"].strip().lower()
            # The same work whether or not the pair exists: the worker looks it up and sends the code.
            send_track_code.enqueue(reference, email, request.build_absolute_uri("/"))
            request.session[PENDING] = {"reference": reference, "email": email}
            return redirect("portal:track-code")
    else:
        form = FindComplaintForm()
    return render(request, "portal/track.html", _context(form=form))


@require_http_methods(["GET", "POST"])
def track_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return redirect("portal:track")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = access.redeem_code(pending["reference"], pending["email"], form.cleaned_data["code"])
        except access.CodeProblem as problem:
            form.add_error("code", str(problem))
        else:
            return _sign_in(request, opened)
    return render(request, "portal/track_code.html", _context(form=form, email=pending["email"]))


@require_http_methods(["GET", "POST"])
def track_link(request: HttpRequest, token: str) -> HttpResponse:
    """A link is opened with a button press (POST), so a mail scanner following links cannot use it up."""
    problem = ""
    if request.method == "POST":
        try:
            opened = access.redeem_link(token)
        except access.CodeProblem as error:
            problem = str(error)
        else:
            return _sign_in(request, opened)
    return render(
        request, "portal/track_link.html", _context(problem=problem), status=400 if problem else 200
    )


@require_POST
def track_sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(FOLLOWING, None)
    request.session.cycle_key()
    return redirect("portal:track")


def _track_page(request: HttpRequest, complaint: Complaint, **forms: Any) -> HttpResponse:
    detail = resident_view(complaint.reference)
    letters = letters_for_resident(complaint)
    # An issued letter is shown once, with whether it was sent, not again as a message from us; one
    # never sent them (its step discarded before it went) is not shown at all
    letter_records = {letter.correspondence_id for letter in issued_letters(complaint)}
    outgoing = [
        c
        for c in detail.correspondence
        if c.direction == "out" and c.party in THE_RESIDENTS_SIDE and c.pk not in letter_records
    ]
    incoming = [c for c in detail.correspondence if c.direction == "in" and c.party in THE_RESIDENTS_SIDE]
    words, colour = STATE_WORDS.get(complaint.state, (complaint.get_state_display(), "blue"))
    status = 400 if any(f is not None and f.is_bound and f.errors for f in forms.values()) else 200
    # the resident reads "you"; their representative, or an address both share, the resident's name
    reader = _sender(request, complaint).party
    whose = "you" if reader == Party.RESIDENT else complaint.resident.name
    return render(
        request,
        "portal/track_complaint.html",
        _context(
            complaint=detail.complaint,
            detail=detail,
            state_words=words,
            state_colour=colour,
            expected=expected_dates(complaint) if complaint.stage <= 1 and complaint.is_open else None,
            letters=letters,
            outgoing=outgoing,
            incoming=incoming,
            window=escalation_window(detail),
            add_form=forms.get("add_form") or AddInformationForm(),
            documents=[a for a in detail.attachments if a.uploaded_by_id is None],
            as_made=as_made_for_reader(summary_as_made(detail.complaint)),
            outcomes_heading=outcomes_heading(whose),
            as_made_heading=as_made_heading(who_made_it(complaint, reader)),
            definitions=[s for s in detail.stages if s.complaint_definition],
            told=response_dates_given(complaint, detail.stages),
            today=timezone.localdate(),
        ),
        status=status,
    )


def track_complaint(request: HttpRequest) -> HttpResponse:
    complaint = _following(request)
    if complaint is None:
        return redirect("portal:track")
    record_access(request, complaint_id=complaint.pk, what=What.COMPLAINT)
    return _track_page(request, complaint)


@require_POST
def track_add(request: HttpRequest) -> HttpResponse:
    complaint = _following(request)
    if complaint is None:
        return redirect("portal:track")
    form = AddInformationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _track_page(request, complaint, add_form=form)
    message = (form.cleaned_data.get("message") or "").strip()
    files: list[UploadedFile[bytes]] = form.cleaned_data.get("attachments") or []
    sender = _sender(request, complaint)
    with files_kept_with_their_rows():  # the message and its files, or neither (none left in storage)
        correspondence = services.record_correspondence(
            complaint=complaint,
            actor=None,
            direction="in",
            channel="online_form",
            subject="Information added on the complaints website",
            body=message or f"{len(files)} file(s) added",
            party=sender.party,
            correspondent=sender.correspondent,
        )
        _store_files(complaint, files, "Added on the complaints website", correspondence)
        if message and complaint.state in ("received", "service_request", "closed", "withdrawn", "declined"):
            flag_dissatisfaction(
                text=message,
                source=DissatisfactionFlag.Source.PORTAL,
                complaint=complaint,
                correspondence=correspondence,
                resident_email=complaint.resident.email,
            )
    from django.contrib import messages

    messages.success(request, "We have added your information to your complaint")
    return redirect("portal:track-complaint")


@require_http_methods(["GET", "POST"])
def track_escalate(request: HttpRequest) -> HttpResponse:
    """Ask for stage 2 with one button and no reason required (2024 6.12)."""
    complaint = _following(request)
    if complaint is None:
        return redirect("portal:track")
    detail = resident_view(complaint.reference)
    window = escalation_window(detail)
    form = EscalateForm(request.POST or None)
    problem = ""
    if request.method == "POST" and window.can_ask and form.is_valid():
        try:
            services.request_escalation(
                complaint=complaint,
                actor=None,
                reason=form.cleaned_data.get("reason", ""),
                actor_label=_sender(request, complaint).actor_label,
            )
        except (CodeViolation, TransitionNotAllowed, InvalidRequest) as error:
            problem = str(getattr(error, "detail", "") or error)
        else:
            complaint.refresh_from_db()
            send_complaint_email(
                complaint=complaint,
                to=complaint_addresses(complaint),
                subject=f"Your complaint {complaint.reference}: you have asked for stage 2",
                body=_escalated_text(complaint),
                kind="escalation_requested",
            )
            from django.contrib import messages

            messages.success(request, "You have asked for stage 2. We have emailed you what happens next")
            return redirect("portal:track-complaint")
    return render(
        request,
        "portal/track_escalate.html",
        _context(complaint=complaint, window=window, form=form, problem=problem),
    )


def _escalated_text(complaint: Complaint) -> str:
    from putright.complaints.models import Stage

    stage = Stage.objects.filter(complaint=complaint, number=complaint.stage).first()
    due = stage.acknowledgement_due if stage else None
    when = f" by {due:%A %-d %B %Y}" if due else ""
    return (
        f"You have asked for your complaint {complaint.reference} to go to stage 2.\n\n"
        f"We will acknowledge your request{when} and tell you when to expect our final response. "
        "Someone who did not deal with your complaint at stage 1 will look at it.\n\n"
        "You did not have to give a reason. If you would like to tell us more, reply to this email."
    )


def track_letter(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    complaint = _following(request)
    if complaint is None:
        return redirect("portal:track")
    # only a letter their page lists: not one never sent them (its step discarded before it went)
    letter = next((shown.letter for shown in letters_for_resident(complaint) if shown.pk == pk), None)
    if letter is None or not getattr(letter, "pdf", None):
        raise Http404("No such letter")
    record_access(request, complaint_id=complaint.pk, what=What.LETTER, how=How.DOWNLOADED, object_id=pk)
    return FileResponse(
        letter.pdf.open("rb"), as_attachment=False, filename=f"{complaint.reference}-{pk}.pdf"
    )
