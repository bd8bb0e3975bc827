"""The workspace's import pages, for administrators: upload the file and its mapping, read the dry
run's report on screen, then import. The file is kept with its ``ImportRun`` between the dry run and
the import (and emptied once imported); the import checks it again, so anything recorded in between
is taken into account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from putright.access.policy import imports_complaints, scope
from putright.accounts.models import User
from putright.imports.dates import ACCEPTED
from putright.imports.forms import ImportForm
from putright.imports.mapping import EXAMPLE, MappingError
from putright.imports.models import ImportRun
from putright.imports.plan import WARNING
from putright.imports.reading import FileProblem
from putright.imports.services import Upload, check_file, stalled, start_import
from putright.workspace.views import staff_required

STATUS_TAGS = {
    "create": ("Would create", "govuk-tag--green"),
    "skip": ("Nothing to do", "govuk-tag--grey"),
    "problem": ("Problem", "govuk-tag--red"),
}
#: a row imported as it happened with a breach of the Code in it (the stage 1 handler answering
#: stage 2, a stage never acknowledged): green said "all well" beside a warning that it counts
#: against the landlord (found in a browser walk)
WARNED_TAG = ("Would create, with a warning", "govuk-tag--yellow")


def _tag(status: str, warnings: list[str]) -> tuple[str, str]:
    if status == "create" and warnings:
        return WARNED_TAG
    return STATUS_TAGS[status]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _parts(row: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """What a report row says it would do or did (without the status its tag shows), its warnings and
    its notes, from the report's parts: never from its line, where a reference or any other text the
    file gave can hold "; WARNING: ". A report kept before it had parts has its line alone: past the
    row's own head (its number and reference, which the report holds apart), a created row's line is
    PutRight's own words, so its warnings are read from that rest only."""
    if "what" in row:
        what, warnings, notes = str(row["what"]), list(row["warnings"]), list(row["notes"])
    else:
        head = f"row {row['row']}" + (f" ({row['key']})" if row["key"] else "") + ": "
        what, warnings, notes = str(row["line"]).removeprefix(head), [], []
        if row["status"] == "create":
            what, *warnings = what.split(WARNING)
    for said in ("NOT IMPORTED: ", "nothing to do: "):
        what = what.removeprefix(said)
    return _capital(what), [_capital(w) for w in warnings if w], [_capital(n) for n in notes]


def _administrator(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not imports_complaints(user):
        raise PermissionDenied("Only administrators can import complaints: ask your administrator")
    return user


@staff_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    user = _administrator(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        mapping = form.cleaned_data["mapping"]
        source = form.cleaned_data["file"]
        try:
            upload = Upload(
                source_name=source.name,
                content=source.read(),
                mapping_name=mapping.name,
                mapping_text=mapping.read().decode("utf-8-sig"),
            )
            run = check_file(upload, actor=user, keep_content=True)
        except UnicodeDecodeError:
            form.add_error("mapping", "The column mapping must be UTF-8 text")
        except MappingError as error:
            form.add_error("mapping", str(error))
        except FileProblem as error:
            form.add_error("file", str(error))
        else:
            return HttpResponseRedirect(reverse("imports:run", args=[run.pk]))
    return render(
        request,
        "imports/start.html",
        {
            "nav_section": "imports",
            "form": form,
            "runs": ImportRun.objects.select_related("run_by")[:20],
            "accepted_dates": ACCEPTED,
            "example_mapping": EXAMPLE.read_text(encoding="utf-8"),
        },
        status=400 if form.errors else 200,
    )


@staff_required
def run(request: HttpRequest, pk: int) -> HttpResponse:
    user = _administrator(request)
    found = get_object_or_404(ImportRun.objects.select_related("run_by"), pk=pk)
    created = {
        imported.row_number: imported.complaint
        for imported in found.imported_rows.select_related("complaint")
    }
    rows = []
    for row in found.report:
        # each breach of the Code the row records as it happened, and each note, on a line of its own
        what, warnings, notes = _parts(row)
        rows.append(
            {
                **row,
                "tag": _tag(str(row["status"]), warnings),
                "what": what,
                "warnings": warnings,
                "notes": notes,
                "complaint": created.get(int(row["row"])),
            }
        )
    # those the user may open (``workspace.view_complaint``, in SQL: an import can create thousands)
    may_open = set(scope(user).filter(import_row__run=found).values_list("pk", flat=True))
    ready = sum(1 for row in found.report if row["status"] == "create")
    # rows created with a warning: a breach of the Code recorded as it happened (2024 6.2, 6.13)
    warned = sum(1 for row in rows if row["tag"] == WARNED_TAG)
    return render(
        request,
        "imports/run.html",
        {
            "nav_section": "imports",
            "run": found,
            "rows": rows,
            "may_open": may_open,
            "ready": ready,
            "warned": warned,
            "stalled": stalled(found),
            "can_import": (found.state == ImportRun.State.CHECKED or stalled(found))
            and bool(found.source_content)
            and ready > 0,
        },
    )


@staff_required
@require_POST
def do_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = _administrator(request)
    found = get_object_or_404(ImportRun, pk=pk)
    if start_import(found, actor=user):
        messages.info(  # queued, not done: not the "Done" banner
            request,
            f"Importing {found.source_name}. This can take a few minutes for a large file; this page shows "
            "how far it has got when you reload it.",
        )
    elif found.state == ImportRun.State.CHECKED and not found.source_content:
        messages.error(
            request,
            "This file is no longer kept (files not imported are emptied after 30 days): upload it again.",
        )
    else:
        messages.error(
            request,
            "This file has already been imported, or is being imported: upload it again to check it again.",
        )
    return HttpResponseRedirect(reverse("imports:run", args=[found.pk]))
