"""Load the demo landlord, Riverside Homes (fictional), with a year of complaints."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.demo.loader import (
    DEFAULT_HOMES,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DemoNotEmpty,
    format_sign_ins,
    load_demo,
    sign_ins_path,
)


class Command(BaseCommand):
    help = (
        "Load Riverside Homes, a fictional demo landlord: homes, residents, staff in every role and a "
        "year of complaints driven through the complaint services."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing (and say so) if any complaint exists"
        )
        parser.add_argument("--homes", type=int, default=DEFAULT_HOMES, help="number of homes (default 5000)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 2024)")
        parser.add_argument(
            "--password", default=DEMO_PASSWORD, help=f"password for every demo account ({DEMO_PASSWORD})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = int(options["verbosity"]) < 1

        def out(line: str) -> None:
            if not quiet:
                self.stdout.write(line)
                self.stdout.flush()

        if options["homes"] < 100:
            raise CommandError("--homes must be at least 100")
        try:
            result = load_demo(
                homes=options["homes"],
                seed=options["seed"],
                password=options["password"],
                if_empty=options["if_empty"],
                out=out,
            )
        except DemoNotEmpty as error:
            raise CommandError(str(error)) from None
        if not result.loaded:
            out(result.message)
            return
        out(
            f"{result.message} {result.homes:,} homes, {result.residents:,} residents, {result.staff} staff, "
            f"{result.complaints:,} contacts with {result.events:,} events in {result.seconds:.1f} s."
        )
        out("By state: " + ", ".join(f"{state} {count}" for state, count in result.by_state.items()))
        out("")
        out(format_sign_ins(result.sign_ins).rstrip())
        out(f"(also written to {sign_ins_path()})")
