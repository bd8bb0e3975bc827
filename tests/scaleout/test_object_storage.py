"""Documents and issued letters in S3-compatible object storage (django-storages with boto3), tested
against moto's S3 server; the local filesystem stays the default."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from s3_server import S3Server

from putright.complaints import services as complaint_services
from putright.letters import services as letter_services
from putright.object_storage import FILESYSTEM, default_storage


def test_the_local_filesystem_is_the_default_and_a_bucket_turns_s3_on() -> None:
    assert default_storage({}) == FILESYSTEM
    assert default_storage({"PUTRIGHT_S3_BUCKET": "  "}) == FILESYSTEM
    s3 = default_storage(
        {
            "PUTRIGHT_S3_BUCKET": "landlord-documents",
            "PUTRIGHT_S3_ENDPOINT_URL": "https://objects.example.net",
            "PUTRIGHT_S3_PREFIX": "/putright/",
        }
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert options["bucket_name"] == "landlord-documents"
    assert options["endpoint_url"] == "https://objects.example.net"
    assert options["location"] == "putright"
    assert options["addressing_style"] == "path" and options["region_name"] == "eu-west-2"
    assert options["file_overwrite"] is False and options["default_acl"] is None
    assert "access_key" not in options and "secret_key" not in options  # boto3's chain: env, profile, role
    aws = default_storage({"PUTRIGHT_S3_BUCKET": "b", "PUTRIGHT_S3_REGION": "eu-west-1"})["OPTIONS"]
    assert (
        aws["endpoint_url"] is None and aws["addressing_style"] is None and aws["region_name"] == "eu-west-1"
    )


@pytest.fixture
def in_bucket(s3_server: S3Server, settings: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[S3Server, str]:
    bucket = s3_server.new_bucket()
    environment = s3_server.environment(bucket)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, environment[name])
    settings.STORAGES = {**settings.STORAGES, "default": default_storage(environment)}
    return s3_server, bucket


def _object(server: S3Server, bucket: str, key: str) -> bytes:
    return bytes(server.client().get_object(Bucket=bucket, Key=key)["Body"].read())


@pytest.mark.django_db
def test_2024_5_12_a_document_is_kept_in_the_bucket_and_read_back(
    in_bucket: tuple[S3Server, str], build: Any, handler_1: Any, tmp_path: Any, settings: Any
) -> None:
    server, bucket = in_bucket
    settings.MEDIA_ROOT = tmp_path / "media"
    complaint = build("complaint")
    content = b"%PDF-1.4 surveyor's damp report"
    attachment = complaint_services.attach_document(
        complaint=complaint, actor=handler_1, content=content, filename="Damp report.pdf"
    )
    assert _object(server, bucket, attachment.file.name) == content  # in the bucket itself
    assert not (tmp_path / "media").exists()  # and not on this server's disk
    with attachment.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == attachment.sha256


@pytest.mark.django_db
def test_an_issued_letter_is_kept_in_the_bucket_as_issued(
    in_bucket: tuple[S3Server, str], case_for_kind: Any, handler_1: Any, letterhead: Any, settings: Any
) -> None:
    server, bucket = in_bucket
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    complaint = case_for_kind("stage1-response")
    draft = letter_services.start_draft(complaint=complaint, kind="stage1-response", actor=handler_1)
    letter = letter_services.issue_letter(draft=draft, actor=handler_1)
    pdf = _object(server, bucket, letter.pdf.name)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == letter.pdf_sha256
    docx = _object(server, bucket, letter.docx.name)
    assert hashlib.sha256(docx).hexdigest() == letter.docx_sha256
    assert letter_services.verify_file(letter, "pdf") == pdf  # read back through the storage, hash checked
