"""A file is written to storage before the row that names it. A row then refused (an IntegrityError, a
validation, a date the Code refuses after the file was written) rolled the database back but left the
file in storage: personal data (evidence of compliance with an Ombudsman's order, a resident's
document, an email's attachments) that no export, retention or erasure finds. Each such file is now
deleted again when its transaction rolls back; a row kept still names a file that is there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError
from governance.test_2024_8_1_a_refused_governance_form_keeps_what_was_typed import (
    ombudsman_case,  # noqa: F401 (a fixture)
)

from putright.complaints import services as complaint_services
from putright.complaints.models import Attachment
from putright.governance import services
from putright.governance.models import OmbudsmanOrder, OrderCompliance
from putright.records.stored_files import files_kept_with_their_rows

pytestmark = pytest.mark.django_db


def _stored(folder: str) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / folder
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _refused(*args: object, **kwargs: object) -> None:
    raise IntegrityError("refused by the database")


def test_evidence_of_compliance_is_not_left_in_storage_when_its_history_row_is_refused(
    officer,
    ombudsman_case,  # noqa: F811
    monkeypatch,
):  # type: ignore[no-untyped-def]
    order = services.record_ombudsman_order(
        case=ombudsman_case, actor=officer, kind="order", description="Pay £400", due=date(2025, 12, 1)
    )
    before = _stored("ombudsman/evidence")
    monkeypatch.setattr(OrderCompliance.objects, "create", _refused)
    with pytest.raises(IntegrityError):
        services.record_order_compliance(
            order=order,
            actor=officer,
            complied_on=date(2025, 11, 20),
            evidence_text="Paid by BACS.",
            evidence_file=ContentFile(b"remittance advice", name="remittance.pdf"),
        )
    assert _stored("ombudsman/evidence") == before
    assert OmbudsmanOrder.objects.get(pk=order.pk).evidence_file.name == ""
    monkeypatch.undo()
    # kept: the row names a file that is there
    services.record_order_compliance(
        order=order,
        actor=officer,
        complied_on=date(2025, 11, 20),
        evidence_text="Paid by BACS.",
        evidence_file=ContentFile(b"remittance advice", name="remittance.pdf"),
    )
    kept = OmbudsmanOrder.objects.get(pk=order.pk).evidence_file
    assert kept.storage.exists(kept.name)
    assert order.compliance_history.get().evidence_file == kept.name


def test_a_document_is_not_left_in_storage_when_its_attachment_row_is_refused(
    journey,
    officer,
    monkeypatch,
):  # type: ignore[no-untyped-def]
    complaint = journey(date(2025, 7, 1))
    before = _stored("complaints")
    monkeypatch.setattr(Attachment, "save", _refused)
    with pytest.raises(IntegrityError):
        complaint_services.attach_document(
            complaint=complaint, actor=officer, content=b"a damp survey", filename="survey.pdf"
        )
    assert _stored("complaints") == before and not Attachment.objects.exists()


def test_a_document_kept_inside_a_transaction_that_is_refused_later_is_not_left_in_storage(
    journey,
    officer,
):  # type: ignore[no-untyped-def]
    """An email's attachments are kept while it is read, in the transaction of the whole email: the
    email refused afterwards (a duplicate read at the same moment) takes its attachments' files too."""
    complaint = journey(date(2025, 7, 1))
    before = _stored("complaints")
    with pytest.raises(IntegrityError), files_kept_with_their_rows():
        complaint_services.attach_document(
            complaint=complaint, actor=officer, content=b"a damp survey", filename="survey.pdf"
        )
        assert len(_stored("complaints")) == len(before) + 1
        _refused()
    assert _stored("complaints") == before and not Attachment.objects.exists()
