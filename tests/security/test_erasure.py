"""UK GDPR erasure (Article 17) and the retention schedule's job: a resident anonymised with every
figure and the Code timeline kept (2024 5.12: the record of what happened stays complete), the
redaction recorded, legal holds respected, the history still verifiable and still tamper-evident."""

from __future__ import annotations

import dataclasses
import io
import typing
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection, models
from security.test_backup_restore import empty_database_url  # noqa: F401
from security.test_history_chain import _issued

from putright.cli import main
from putright.code import lifecycle
from putright.complaints import personal, services
from putright.complaints.history import verify_all_chains
from putright.complaints.models import Complaint, ComplaintEvent, PersonalText, Resident
from putright.governance.facts import AsAt
from putright.governance.live import figures as live_figures
from putright.governance.measures import Period
from putright.governance.performance import Scope
from putright.governance.reports import annual_figures
from putright.governance.tsm import tenant_satisfaction_measures
from putright.letters.models import IssuedLetter
from putright.records import erasure
from putright.records.export import _pointing_at, export_resident
from putright.records.models import PurgeRecord
from putright.records.retention import HoldError, apply, due, place_hold
from putright.workspace import records

pytestmark = pytest.mark.django_db

PHONE = "07700 900123"
PHRASE = "Zebracorn wallpaper peeling in the nursery"
#: where the representative asked for letters (2024 3.6): theirs, and erased with the rest
REPRESENTATIVE_ADDRESS = "12 Quillfeather Close"
#: the address it was corrected to in the workspace (2024 3.6): in the history of the change too
CORRECTED_ADDRESS = "9 Wrenwhistle Mews"
#: an address a contact gave on the form, carried onto the complaint when matched (2024 5.12)
ADDRESS_GIVEN = "3 Pebbleshank Row"


def _prepare(case_for_kind: Any, handler_1: Any) -> tuple[Resident, IssuedLetter]:
    letter = _issued(case_for_kind, handler_1)
    complaint = letter.complaint
    resident = complaint.resident
    Resident.objects.filter(pk=resident.pk).update(phone=PHONE)
    resident.refresh_from_db()
    with services.recording_as_it_happened():
        services.receive_complaint(
            resident=resident,
            summary=f"{PHRASE}; the damp came back.",
            channel="email",
            received_on=complaint.received_on,
            actor=handler_1,
        )
    representative = services.add_representative(
        resident=resident,
        name="Dan Resident",
        relationship="son",
        contact=PHONE,
        address=f"{REPRESENTATIVE_ADDRESS}\nLeeds LS1 4AP",
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        representative=representative, address_given=f"{ADDRESS_GIVEN}\nLeeds LS2 8QQ"
    )
    complaint.representative = representative
    records.change_representative(
        complaint=complaint,
        actor=handler_1,
        reason="Dan has moved",
        name="Dan Resident",
        relationship="son",
        contact=PHONE,
        preferred_contact_method="letter",
        address_given=f"{CORRECTED_ADDRESS}\nLeeds LS1 5BB",
    )
    services.add_representative(
        resident=resident,
        name="Dan Resident",
        relationship="son",
        contact=PHONE,
        address=f"{REPRESENTATIVE_ADDRESS}\nLeeds LS1 4AP",
    )
    services.record_reasonable_adjustment(
        resident=resident,
        adjustment="Large print letters",
        disclosed_disability=f"Sight loss; {PHRASE}",
        agreed_on=complaint.received_on,
    )
    services.record_correspondence(
        complaint=complaint,
        actor=handler_1,
        direction="in",
        channel="email",
        subject="More about the nursery",
        body=f"Rita wrote again: {PHRASE}.",
        occurred_at=letter.issued_at,
    )
    services.attach_document(
        complaint=complaint,
        actor=None,
        content=io.BytesIO(f"%PDF-1.4 {PHRASE} photo notes".encode()),
        filename="nursery-notes.pdf",
        content_type="application/pdf",
        description=f"Photos: {PHRASE}",
    )
    return resident, letter


def _needles(resident: Resident) -> list[str]:
    return [
        resident.name,
        resident.email,
        PHONE,
        PHRASE,
        "reported twice",
        REPRESENTATIVE_ADDRESS,
        CORRECTED_ADDRESS,
        ADDRESS_GIVEN,
    ]


def _database_dump() -> str:
    """Every row of every table, as text (what a database dump would hold)."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(out)


def _media() -> bytes:
    root = Path(settings.MEDIA_ROOT)
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file()) if root.exists() else b""


def _figures(year: int, today: date) -> dict[str, Any]:
    scope = Scope(period=Period.reporting_year(year), as_at=AsAt.now())
    return {
        "annual": annual_figures(scope),
        "tsm": tenant_satisfaction_measures(year).as_dict(),
        "dashboard": live_figures((scope.period.start, scope.period.end), today),
    }


def test_erasure_leaves_nothing_personal_and_every_figure_and_the_timeline_unchanged(
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    tmp_path: Path,
    capsys: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    resident, letter = _prepare(case_for_kind, handler_1)
    other = services.create_resident(name="Olive Other", email="olive@example.org")
    services.receive_complaint(
        resident=other,
        summary="Olive's lift is broken",
        channel="telephone",
        received_on=date.today(),
        actor=None,
    )
    complaints = list(Complaint.objects.filter(resident=resident).order_by("pk"))
    year = complaints[0].received_on.year - (complaints[0].received_on.month < 4)
    before = _figures(year, date.today())
    assert any(count for count, _ in before["dashboard"].values()), "the figures count these complaints"
    timeline_before = [
        (e.complaint_id, e.sequence, e.kind, e.on, e.chain_hash, e.provision)
        for e in ComplaintEvent.objects.order_by("pk").iterator()
    ]
    projected_before = list(
        Complaint.objects.order_by("pk").values(
            *Complaint.PROJECTED_FIELDS, "reference", "category_id", "channel"
        )
    )

    export_resident(resident, tmp_path / "before.zip")
    with zipfile.ZipFile(tmp_path / "before.zip") as z:
        exported = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    needles = _needles(resident)
    assert all(n in exported for n in needles), "the export before erasure holds everything"
    assert all(n in _database_dump() for n in needles)

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            main(
                [
                    "erase",
                    "resident",
                    "--id",
                    str(resident.pk),
                    "--by",
                    "Dee DPO",
                    "--reason",
                    "Erasure request R-17",
                ]
            )
            == 0
        )
    out = capsys.readouterr().out
    assert "erased resident" in out and "words in the complaint history" in out

    # nothing personal anywhere: the export, the whole database, the media folder
    resident.refresh_from_db()
    export_resident(resident, tmp_path / "after.zip")
    with zipfile.ZipFile(tmp_path / "after.zip") as z:
        exported = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
    dump, media = _database_dump(), _media()
    for needle in needles:
        assert needle not in exported, needle
        assert needle not in dump, needle
        assert needle.encode() not in media, needle
    assert "Olive's lift is broken" in dump, "another resident's record is untouched"

    # every figure and the whole timeline as before
    assert _figures(year, date.today()) == before
    assert [
        (e.complaint_id, e.sequence, e.kind, e.on, e.chain_hash, e.provision)
        for e in ComplaintEvent.objects.order_by("pk").iterator()
    ] == timeline_before
    assert (
        list(
            Complaint.objects.order_by("pk").values(
                *Complaint.PROJECTED_FIELDS, "reference", "category_id", "channel"
            )
        )
        == projected_before
    )

    # the erasure is recorded: who, when, why, what kinds; never the values
    record = PurgeRecord.objects.get(detail__kind="erasure")
    assert (record.by, record.reason) == ("Dee DPO", "Erasure request R-17")
    assert set(record.detail["complaints"]) == {c.reference for c in complaints}
    assert record.detail["erased"]["issued letters' text and files (their hashes kept)"] == 1
    assert not any(n in repr(record.detail) + record.subject for n in needles)

    # the history still verifies and says what was erased
    assert main(["verify", "history"]) == 0
    out = capsys.readouterr().out
    assert "every chain and letter verifies" in out
    assert f"ERASED {complaints[0].reference}:" in out and "by Dee DPO" in out
    assert f"ERASED {letter.complaint.reference} letter {letter.pk}: erased on" in out
    # and the case still reads: the words replaced, the steps there
    from putright.complaints.selectors import complaint_detail

    detail = complaint_detail(reference=complaints[0].reference)
    assert detail.timeline and all(PHRASE not in (entry.detail or "") for entry in detail.timeline)
    assert detail.case.definitions[1].complaint == personal.ERASED


def test_2024_5_12_tampering_is_still_caught_after_an_erasure(
    case_for_kind: Any, handler_1: Any, letterhead: Any, tamper: Any, capsys: Any
) -> None:
    resident, _letter = _prepare(case_for_kind, handler_1)
    survivor = services.create_resident(name="Sam Survivor", email="sam@example.org")
    kept = services.receive_complaint(
        resident=survivor, summary="Sam's heating", channel="telephone", received_on=date.today(), actor=None
    )
    erasure.erase_resident(resident, by="Dee DPO", reason="Erasure request")
    assert main(["verify", "history"]) == 0
    capsys.readouterr()

    # an erased complaint's event rewritten (raw SQL, triggers dropped): caught
    event = ComplaintEvent.objects.filter(complaint__resident=resident).order_by("pk").first()
    assert event is not None
    with tamper(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaintevent SET kind = 'closed' WHERE id = %s",
            [event.pk],
        )
    # a kept resident's words changed in place: caught by the digest in the chained event
    text = PersonalText.objects.get(complaint=kept)
    pk = text.pk.hex if connection.vendor == "sqlite" else str(text.pk)
    with connection.cursor() as cursor:
        for statement in personal.trigger_sql(connection.vendor, create=False):
            cursor.execute(statement)
        cursor.execute("UPDATE complaints_personaltext SET value = %s WHERE id = %s", ["Sam's boiler", pk])
        for statement in personal.trigger_sql(connection.vendor):
            cursor.execute(statement)
    assert main(["verify", "history"]) == 1
    out = capsys.readouterr().out
    assert f"BREAK {event.complaint.reference} event {event.sequence}:" in out
    assert f"BREAK {kept.reference} event 1: a personal text changed after it was recorded" in out


def test_the_database_lets_personal_text_be_erased_and_nothing_else(build: Any) -> None:
    from django.db import IntegrityError, InternalError, transaction
    from django.utils import timezone

    complaint = build("received")
    text = PersonalText.objects.filter(complaint=complaint).first()
    assert text is not None and text.value
    refused = (IntegrityError, InternalError, Exception)
    with pytest.raises(refused, match="can only be erased"), transaction.atomic():
        PersonalText.objects.filter(pk=text.pk).update(value="something else")
    with pytest.raises(refused, match="can only be erased"), transaction.atomic():
        PersonalText.objects.filter(pk=text.pk).delete()
    PersonalText.objects.filter(pk=text.pk).update(
        value="", key="", erased_at=timezone.now(), erased_by="DPO"
    )
    with pytest.raises(refused, match="can only be erased"), transaction.atomic():
        PersonalText.objects.filter(pk=text.pk).update(erased_by="someone else", erased_at=timezone.now())


def test_an_issued_letter_emptied_without_an_erasure_record_is_reported(
    case_for_kind: Any, handler_1: Any, letterhead: Any, capsys: Any
) -> None:
    letter = _issued(case_for_kind, handler_1)
    # the one change the database lets through, but not recorded as an erasure
    IssuedLetter._base_manager.filter(pk=letter.pk).update(
        rendered_html="", rendered_text="", source="", pdf="", docx=""
    )
    assert main(["verify", "history"]) == 1
    assert "its content was removed with no erasure recorded" in capsys.readouterr().out
    with pytest.raises(Exception, match="kept as issued"):
        IssuedLetter._base_manager.filter(pk=letter.pk).update(title="Another title")


def test_a_legal_hold_blocks_erasure_and_changes_nothing(build: Any, capsys: Any) -> None:
    complaint = build("closed")
    resident = complaint.resident
    place_hold(reason="County court claim", by="Legal team", complaint=complaint)
    with pytest.raises(HoldError, match=f"legal hold on complaint {complaint.reference}"):
        erasure.erase_resident(resident, by="DPO", reason="request")
    assert main(["erase", "resident", "--id", str(resident.pk), "--by", "DPO", "--reason", "request"]) == 2
    assert "cannot be erased while a legal hold is in force" in capsys.readouterr().err
    resident.refresh_from_db()
    assert resident.name == "Rita Resident"
    assert not PurgeRecord.objects.exists()
    assert not PersonalText.objects.filter(erased_at__isnull=False).exists()


def test_retention_apply_erases_only_what_is_due_and_not_held(build: Any, capsys: Any) -> None:
    first = build("closed")  # Rita: due, her only complaint -> the resident is erased whole
    held_resident = services.create_resident(name="Hal Held", email="hal@example.org")
    recent_resident = services.create_resident(name="Nina New", email="nina@example.org")
    with services.recording_as_it_happened():
        held = services.receive_complaint(
            resident=held_resident,
            summary="Hal's roof",
            channel="email",
            received_on=first.received_on,
            actor=None,
        )
        held = services.withdraw_complaint(
            complaint=held, reason="Hal withdrew", on=first.received_on, actor=None
        )
    services.receive_complaint(
        resident=recent_resident,
        summary="Nina's door",
        channel="email",
        received_on=first.received_on,
        actor=None,
    )
    place_hold(reason="Ombudsman investigation", by="Legal team", complaint=held)
    later = first.ended_on.replace(year=first.ended_on.year + 7)
    with time_machine.travel(later):
        assert [d.reference for d in due()] == [first.reference]
        assert main(["retention", "due", "--apply"]) == 0
        out = capsys.readouterr().out
        assert f"erased: erasure of resident {first.resident_id}" in out and "1 erasure(s) made" in out
        assert due() == [] and apply() == []
    record = PurgeRecord.objects.get(detail__kind="erasure")
    assert record.by == "retention schedule" and first.reference in record.reason
    assert Resident.objects.get(pk=first.resident_id).name == personal.ERASED
    assert Resident.objects.get(pk=held_resident.pk).name == "Hal Held"
    assert Resident.objects.get(pk=recent_resident.pk).name == "Nina New"
    assert verify_all_chains().breaks == []


def test_retention_erases_a_due_complaint_but_keeps_the_resident_of_an_open_one(build: Any) -> None:
    old = build("closed")
    with services.recording_as_it_happened():
        services.receive_complaint(
            resident=old.resident,
            summary="A new leak",
            channel="email",
            received_on=old.received_on + timedelta(days=3),
            actor=None,
        )
    later = old.ended_on.replace(year=old.ended_on.year + 6)
    done = apply(today=later)
    assert [a.subject for a in done] == [f"erasure of {old.reference}"]
    resident = Resident.objects.get(pk=old.resident_id)
    assert resident.name == "Rita Resident", "still needed for the complaint that is not due"
    assert Complaint.objects.get(pk=old.pk).summary == personal.ERASED
    assert "A new leak" in [t.value for t in PersonalText.objects.filter(complaint__resident=resident)]


def test_every_personal_field_is_erased_or_kept_with_a_reason() -> None:
    """A model (or field) added later that holds text about a resident must be placed in ERASE or
    KEEP, or an erasure would silently leave it behind."""
    seen: set[type[models.Model]] = {Resident, Complaint}
    frontier = [Resident, Complaint]
    while frontier:
        target = frontier.pop()
        for model, _ in _pointing_at(target):
            if model not in seen:
                seen.add(model)
                frontier.append(model)
    unplaced = []
    for model in seen:
        label = model._meta.label
        for field in model._meta.concrete_fields:
            if not isinstance(
                field, models.CharField | models.TextField | models.JSONField | models.FileField
            ):
                continue
            if field.name in erasure.ERASE.get(label, ("", {}))[1] or field.name in erasure.KEEP.get(
                label, {}
            ):
                continue
            unplaced.append(f"{label}.{field.name}")
    assert unplaced == []


def test_every_text_an_event_can_hold_is_personal_or_structure() -> None:
    """An event type that gains a text field must say whether it is personal (kept apart, erasable)."""

    def texts(cls: Any) -> set[str]:
        found = set()
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            hint = hints[f.name]
            if hint is str:
                found.add(f.name)
            for arg in typing.get_args(hint) or (hint,):
                if dataclasses.is_dataclass(arg):
                    found |= texts(arg)
        return found

    every = set().union(*(texts(cls) for cls in lifecycle.EVENT_TYPES.values()))
    assert every - personal.PERSONAL_KEYS - personal.PLAIN_KEYS == set()
    assert not personal.PERSONAL_KEYS & personal.PLAIN_KEYS


def test_a_backup_made_after_an_erasure_restores_and_still_verifies(
    case_for_kind: Any,
    handler_1: Any,
    letterhead: Any,
    tmp_path: Path,
    empty_database_url: str | None,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    import json

    from security.test_backup_restore import _putright

    from putright.records.backup import create_backup

    resident, _letter = _prepare(case_for_kind, handler_1)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_resident(resident, by="Dee DPO", reason="Erasure request")
    archive = tmp_path / "backup.tar.gz"
    manifest = create_backup(archive)
    assert manifest["history_digest"] == verify_all_chains().digest
    done = _putright(["restore", str(archive), "--format", "json"], tmp_path / "restored", empty_database_url)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is True and result["verify"]["ok"] is True
    assert any("erased on" in line for line in result["verify"]["erased"])
    again = _putright(["verify", "history"], tmp_path / "restored", empty_database_url)
    assert again.returncode == 0 and "ERASED" in again.stdout, again.stdout + again.stderr


def test_text_that_looks_like_a_token_never_pulls_in_another_records_words(build: Any, resident: Any) -> None:
    secret = build("received")
    token = ComplaintEvent.objects.filter(complaint=secret).values_list("data", flat=True)[0]["summary"]
    assert personal.TOKEN.fullmatch(token)
    # typed as a summary: kept as the typed text (in its own PersonalText row), not resolved
    typed = services.receive_complaint(resident=resident, summary=token, channel="email", actor=None)
    event = ComplaintEvent.objects.get(complaint=typed)
    assert event.data["summary"] == token
    # a token anywhere the services never put one (an Ombudsman reference) is plain text
    resolved = personal.resolve_data([{"kind": "referred_to_ombudsman", "reference": token}])
    assert resolved == [{"kind": "referred_to_ombudsman", "reference": token}]
    assert personal.tokens_in([{"reference": token}]) == []


def test_the_admin_log_no_longer_names_an_erased_resident(build: Any, officer: Any) -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    complaint = build("closed")
    resident = complaint.resident
    LogEntry.objects.create(
        user_id=officer.pk,
        content_type=ContentType.objects.get_for_model(Resident),
        object_id=str(resident.pk),
        object_repr=str(resident),
        action_flag=CHANGE,
        change_message="Changed phone.",
    )
    erasure.erase_resident(resident, by="DPO", reason="Erasure request")
    entry = LogEntry.objects.get()
    assert (entry.object_repr, entry.change_message) == (personal.ERASED, "")
