"""What an import did and where each imported complaint came from.

``ImportRun`` is one check or import of a file: who ran it, when, the file's name and SHA-256, the
mapping, and the dry-run report. ``ImportedRow`` is the stable key of a row that became a complaint
(the previous system's reference): re-running the same file finds it and creates nothing twice."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRun(models.Model):
    class State(models.TextChoices):
        CHECKED = "checked", "Checked (dry run)"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"

    source_name = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64)
    #: the uploaded file, kept between the workspace's dry run and the import, then emptied
    source_content = models.BinaryField(blank=True, default=b"")
    mapping_name = models.CharField(max_length=255)
    mapping_text = models.TextField()
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: the import's last sign of life: when it began writing, then after each batch written (an
    #: import that has shown none for ``services.STALLED_AFTER`` has stopped)
    progress_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.CHECKED)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    already_imported = models.PositiveIntegerField(default=0)
    with_problems = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, blank=True)
    #: why the task worker could not import the checked file (the file is kept to try again)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering: ClassVar = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_state_display()}, {self.started_at:%-d %B %Y %H:%M})"


class ImportedRow(models.Model):
    #: the previous system's reference for the complaint: the row key, unique across all imports
    key = models.CharField(max_length=200, unique=True)
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="imported_rows")
    row_number = models.PositiveIntegerField()
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="import_row"
    )

    class Meta:
        ordering: ClassVar = ["run", "row_number"]

    def __str__(self) -> str:
        return f"{self.key} -> {self.complaint_id}"
