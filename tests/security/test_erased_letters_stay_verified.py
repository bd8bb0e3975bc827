"""An erased letter keeps its four hashes and loses its content; ``putright verify history`` says
"erased" for it. Content written back into it afterwards (a fabricated text) is a break, not an
erasure."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from security.test_erasure import _prepare

from putright.cli import main
from putright.records import erasure

pytestmark = pytest.mark.django_db


def test_2024_5_12_text_written_into_an_erased_letter_is_a_break(
    case_for_kind: Any, handler_1: Any, letterhead: Any, tamper: Any, capsys: Any
) -> None:
    resident, letter = _prepare(case_for_kind, handler_1)
    erasure.erase_resident(resident, by="Dee DPO", reason="Erasure request")
    assert main(["verify", "history"]) == 0
    capsys.readouterr()

    with tamper(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_issuedletter SET rendered_text = %s WHERE id = %s",
            ["We did not uphold your complaint.", letter.pk],
        )
    assert main(["verify", "history"]) == 1
    out = capsys.readouterr().out
    assert f"letter {letter.pk}" in out and "BREAK" in out
