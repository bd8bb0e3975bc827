"""``putright serve``: says where to go and who can sign in, then becomes gunicorn with DEBUG off."""

from __future__ import annotations

import os
import sys

import pytest

from putright.cli import main
from putright.complaints.models import Landlord
from putright.demo.loader import LANDLORD_NAME, read_sign_ins, sign_ins_path


@pytest.fixture
def no_exec(monkeypatch: pytest.MonkeyPatch, settings, tmp_path) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Record the command instead of replacing the test process with gunicorn."""
    calls: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, argv: calls.append([path, *argv]))
    monkeypatch.setenv("DEBUG", "1")
    settings.DATA_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    (settings.STATIC_ROOT / "staticfiles.json").write_text("{}")
    monkeypatch.setattr("putright.web.static_files.collect_if_changed", lambda: False)
    return calls


@pytest.mark.django_db
def test_serve_runs_gunicorn_with_the_wsgi_application_and_debug_off(no_exec, capsys):
    main(["serve", "--port", "8123", "--workers", "3"])  # gunicorn would replace the process here
    [command] = no_exec
    assert command[0] == sys.executable
    assert command[2:5] == ["-m", "gunicorn", "putright.wsgi:application"]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "3"
    assert os.environ["DEBUG"] == "0"
    printed = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in printed
    assert "http://127.0.0.1:8123/api/v1/docs" in printed
    assert "sign-ins" not in printed.lower()


@pytest.mark.django_db
def test_serve_prints_the_demo_sign_ins_when_the_demo_is_loaded(no_exec, capsys):
    sign_ins_path().write_text("Demo sign-ins for the demo:\n  Complaints officer  officer  riverside-demo\n")
    landlord = Landlord.load()
    landlord.name = LANDLORD_NAME
    landlord.save()
    main(["serve"])
    printed = capsys.readouterr().out
    assert "officer  riverside-demo" in printed
    assert "http://127.0.0.1:8000/api/v1/docs" in printed


@pytest.mark.django_db
def test_no_sign_ins_are_shown_without_the_demo_even_if_a_file_is_left_behind(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    sign_ins_path().write_text("stale\n")
    assert read_sign_ins() == ""


def test_serve_refuses_a_bad_port(capsys):
    assert main(["serve", "--port", "0"]) == 2
    assert "--port" in capsys.readouterr().err
