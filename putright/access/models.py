"""The access log: who viewed or downloaded which complaint, letter or document, through which door.

One row per complaint or resident a page or file showed, written with a single ``INSERT`` (one
multi-row ``INSERT`` for a list page) from values the view already has (no extra read). Rows are never changed; they go when their complaint goes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessRecord(models.Model):
    class What(models.TextChoices):
        COMPLAINT = "complaint", "Complaint record"
        LETTER = "letter", "Letter"
        DRAFT = "draft", "Draft letter"
        DOCUMENT = "document", "Document"
        LETTERS_LIST = "letters", "List of letters"
        ACCESS_LOG = "access_log", "Access log"
        #: a row on a list page (queue, search, today, team, matches) or in a list export
        LISTED = "listed", "Listed on a page"
        #: the resident's own details (a search result, the data protection page about them)
        RESIDENT = "resident", "Resident's details"
        #: the subject access export of the resident (everything held)
        EXPORT = "export", "Subject access export"
        #: a page of the Django admin (what it showed is in ``path``)
        ADMIN = "admin", "Admin page"

    class How(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        DOWNLOADED = "downloaded", "Downloaded"

    #: the complaint seen; empty for what is about a resident and no one complaint (a search result
    #: that lists a resident, their export's own row) or an admin page about neither
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    #: the resident seen, when the page is about a resident rather than one of their complaints
    resident = models.ForeignKey(
        "complaints.Resident", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=20, choices=What.choices)
    how = models.CharField(max_length=20, choices=How.choices, default=How.VIEWED)
    #: the letter's, draft's or document's id, when ``what`` is one of those
    object_id = models.BigIntegerField(null=True, blank=True)
    #: the address asked for (path only), e.g. ``/api/v1/complaints/RH-2025-0001``
    path = models.CharField(max_length=300)
    #: ``web``, ``api``, ``portal`` (a resident following their complaint) or ``admin``
    door = models.CharField(max_length=10)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["complaint", "-at"], name="access_by_complaint_at"),
            models.Index(fields=["resident", "-at"], name="access_by_resident_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.how} {self.what} of {self.complaint_id or self.resident_id} at {self.at:%Y-%m-%d %H:%M}"
