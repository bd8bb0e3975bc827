"""Where documents and issued letters are kept: the local filesystem, or S3-compatible object storage.

Read by ``putright.settings`` (no Django import here). With ``PUTRIGHT_S3_BUCKET`` set, the default
storage is django-storages' ``S3Storage`` (through boto3), so that several web servers and task
workers share one store; without it, files stay under ``MEDIA_ROOT``. The variables:

``PUTRIGHT_S3_BUCKET``            the bucket (created beforehand, private)
``PUTRIGHT_S3_ENDPOINT_URL``      for S3-compatible stores other than AWS (MinIO, Ceph, ...)
``PUTRIGHT_S3_REGION``            default ``eu-west-2``
``PUTRIGHT_S3_PREFIX``            a folder inside the bucket (default: none)
``PUTRIGHT_S3_ADDRESSING_STYLE``  ``virtual`` or ``path`` (default: ``path`` with an endpoint URL)

Credentials come from boto3's own chain (``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``, a
profile, or the server's role); none is kept in settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FILESYSTEM: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def default_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """``STORAGES["default"]`` for this environment."""
    bucket = environ.get("PUTRIGHT_S3_BUCKET", "").strip()
    if not bucket:
        return dict(FILESYSTEM)
    endpoint = environ.get("PUTRIGHT_S3_ENDPOINT_URL", "").strip() or None
    style = environ.get("PUTRIGHT_S3_ADDRESSING_STYLE", "").strip() or ("path" if endpoint else None)
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": environ.get("PUTRIGHT_S3_REGION", "").strip() or "eu-west-2",
            "location": environ.get("PUTRIGHT_S3_PREFIX", "").strip().strip("/"),
            "addressing_style": style,
            "signature_version": "s3v4",
            # Objects are private: PutRight streams them after its own permission checks. An issued
            # letter is never overwritten: a name already taken gets a new one.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
