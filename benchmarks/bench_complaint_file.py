"""How long producing the Ombudsman's complaint file takes for a complaint with 30 events and 20
attachments (target: under 5 seconds). Prints figures; asserts nothing.

    uv run python benchmarks/bench_complaint_file.py [--events 30] [--attachments 20] [--runs 3]

It makes a throwaway SQLite database in a temporary folder (nothing else is touched), drives one
complaint through the real services to the number of events asked for (acknowledged, extended,
remedies agreed and completed, outstanding actions added and completed, three letters issued), adds
the attachments (photos of 300 KB each) and some correspondence, then times
``build_complaint_file`` (the PDF and the ZIP). The first run includes importing WeasyPrint.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

WORKDIR = tempfile.mkdtemp(prefix="putright-bench-file-")
atexit.register(shutil.rmtree, WORKDIR, True)
os.environ["PUTRIGHT_DATA_DIR"] = WORKDIR
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putright.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from putright.accounts.models import Role, User  # noqa: E402
from putright.complaints import services  # noqa: E402
from putright.letters import services as letters  # noqa: E402
from putright.letters.models import LetterheadSettings  # noqa: E402


def _issue(kind: str, complaint: object, actor: object) -> None:
    """Issue a letter as a handler would: confirm what the check asks a person to confirm, then issue."""
    draft = letters.start_draft(complaint=complaint, kind=kind, actor=actor)  # type: ignore[arg-type]
    for element in letters.check_draft(draft).unconfirmed:
        letters.confirm_element(draft=draft, element=element.element, actor=actor)  # type: ignore[arg-type]
    letters.issue_letter(draft=draft, actor=actor)  # type: ignore[arg-type]


@services.recording_as_it_happened()  # a complaint from earlier this year, each step on its day
def _build(events: int, attachments: int) -> object:
    head = LetterheadSettings.load()
    head.organisation_name = "Riverside Homes"
    head.phone = "0300 000 0000"
    head.email = "complaints@riverside.example"
    head.signoff_name = "Olu Officer"
    head.save()
    officer = User.objects.create_user("officer", role=Role.COMPLAINTS_OFFICER, first_name="Olu")
    handler = User.objects.create_user("handler", role=Role.COMPLAINT_HANDLER, first_name="Hana")
    resident = services.create_resident(name="Rita Resident", email="rita@example.org")
    received = date(2026, 3, 2)
    complaint = services.receive_complaint(
        resident=resident,
        summary="No heating for three weeks and two missed appointments.",
        channel="telephone",
        received_on=received,
        actor=officer,
        accept=True,
    )
    day = received + timedelta(days=1)
    complaint = services.allocate_handler(complaint=complaint, actor=officer, handler=handler, on=day)
    complaint = services.acknowledge_complaint(
        complaint=complaint,
        actor=handler,
        complaint_definition="The heating was not repaired for three weeks; two appointments were missed.",
        outcomes_sought="Heating fixed and compensation.",
        responsible_for="Repairs to the heating.",
        told=services.Told(method="post", on=day + timedelta(days=1), body="Acknowledgement sent by post."),
    )
    _issue("stage1-acknowledgement", complaint, handler)
    complaint = services.extend_response_deadline(
        complaint=complaint,
        actor=handler,
        working_days=5,
        reason="Waiting for the engineer's report.",
        ombudsman_details_given=True,
        told=services.Told(method="post", on=day + timedelta(days=7), body="Extension notice sent by post."),
    )
    step = day + timedelta(days=8)
    n = 0
    while complaint.events.count() < events - 1:
        n += 1
        if n % 2:
            complaint = services.agree_remedy(
                complaint=complaint,
                actor=handler,
                remedy_kind="financial",
                description=f"Compensation part {n}",
                due=step + timedelta(days=20),
                agreed_with_resident=True,
                amount_pence=1500,
                on=step,
            )
        else:
            complaint = services.add_outstanding_action(
                complaint=complaint,
                actor=handler,
                description=f"Follow-up repair {n}",
                owner="Repairs team",
                due=step + timedelta(days=20),
                on=step,
            )
    _issue("remedy-offer", complaint, handler)
    if complaint.events.count() < events:
        complaint = services.complete_remedy(
            complaint=complaint, actor=handler, number=1, evidence="Paid", on=step
        )
    for i in range(attachments):
        services.attach_document(
            complaint=complaint,
            actor=handler,
            content=os.urandom(300_000),
            filename=f"photo-{i + 1:02d}.jpg",
            content_type="image/jpeg",
            description=f"Photo {i + 1} of the radiator",
        )
    for i in range(6):
        services.record_correspondence(
            complaint=complaint,
            actor=handler,
            direction="in" if i % 2 else "out",
            channel="email" if i % 3 else "telephone",
            subject=f"Message {i + 1}",
            body="About the heating repair and the next visit. " * 5,
        )
    return complaint


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--attachments", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    complaint = _build(args.events, args.attachments)
    from putright.ombudsman.casefile import build_complaint_file

    if os.environ.get("PUTRIGHT_PROFILE"):
        import cProfile
        import pstats

        build_complaint_file(complaint)  # type: ignore[arg-type]
        profiler = cProfile.Profile()
        profiler.runcall(build_complaint_file, complaint)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    timings = []
    cpu = []
    built = None
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        built = build_complaint_file(complaint)  # type: ignore[arg-type]
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert built is not None
    later = timings[1:] or timings
    result = {
        "events": complaint.events.count(),  # type: ignore[attr-defined]
        "attachments": complaint.attachments.count(),  # type: ignore[attr-defined]
        "letters": built.letters,
        "pages": built.pages,
        "pdf_bytes": len(built.pdf),
        "zip_bytes": len(built.zip),
        "first_run_seconds": round(timings[0], 2),
        "median_seconds_after_first": round(statistics.median(later), 2),
        "median_cpu_seconds_after_first": round(statistics.median(cpu[1:] or cpu), 2),
        "load_average_1min": os.getloadavg()[0],
        "cores": os.cpu_count(),
        "target_seconds": 5,
        "met": statistics.median(later) < 5,
    }
    print(
        f"complaint file: {result['events']} events, {result['attachments']} attachments, "
        f"{result['letters']} letters, {result['pages']} pages: first run {result['first_run_seconds']} s "
        f"(with WeasyPrint's import), then median {result['median_seconds_after_first']} s "
        f"({result['median_cpu_seconds_after_first']} s of CPU; load average {result['load_average_1min']:.1f} "
        f"on {result['cores']} cores) "
        f"(target < 5 s: {'met' if result['met'] else 'MISSED'})"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
