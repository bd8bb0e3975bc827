"""Scale-out on real engines (issue 17): two web servers (gunicorn) and two task workers
(``putright worker``) against one PostgreSQL database and one S3-compatible object store (moto's
server), with a real SMTP server (aiosmtpd).

200 letters are issued and 100 documents uploaded, spread over both web servers: every letter is
emailed exactly once, every document reads back the same from either server, and a signed-in
session carries on whichever server answers. Runs in the PostgreSQL pass of the test command only
(SQLite is one machine's embedded database, not a scale-out one); it takes a minute or two.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from s3_server import S3Server
from smtp_capture import free_port, smtp_server

DATABASE_URL = os.environ.get("DATABASE_URL", "")
LETTERS = 200
DOCUMENTS = 100
COMPLAINTS = 20
PASSWORD = "scale-out-password-1"
BLANK = re.compile(r"\[enter [^\]]*\]")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="scale-out needs PostgreSQL (DATABASE_URL): it runs in the test command's PostgreSQL pass",
    ),
]


def _database_url(name: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test cluster; dropped afterwards."""
    import psycopg

    name = f"putright_scaleout_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _database_url(name)
    finally:
        with psycopg.connect(DATABASE_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Processes:
    """Processes started for the test, each logging to a file; all stopped at the end."""

    def __init__(self, folder: Path, environment: dict[str, str]) -> None:
        self.folder = folder
        self.environment = environment
        self.running: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, *command: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(
            list(command), env=self.environment, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder
        )
        self.running.append((name, process))
        return process

    def run(self, name: str, *command: str) -> None:
        process = self.start(name, *command)
        assert process.wait(timeout=300) == 0, self.log(name)

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for _, process in self.running:
            if process.poll() is None:
                process.terminate()
        for _, process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def putright(*args: str) -> list[str]:
    return [sys.executable, "-m", "putright", *args]


def wait_until_serving(base: str, processes: Processes, name: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/sign-in/", timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    raise AssertionError(f"{name} did not start: {processes.log(name)}")


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_two_web_servers_and_two_workers_share_one_database_and_one_object_store(
    database: str, s3_server: S3Server, tmp_path: Path
) -> None:
    bucket = s3_server.new_bucket()
    data_dir = tmp_path / "data"
    with smtp_server() as (smtp_port, mail):
        environment = {
            **os.environ,
            **s3_server.environment(bucket),
            "DATABASE_URL": database,
            "PUTRIGHT_DATA_DIR": str(data_dir),
            "SECRET_KEY": "scale-out-" + uuid.uuid4().hex * 2,  # one key, shared by every server
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "PUTRIGHT_EMAIL_PROVIDER": "smtp",
            "PUTRIGHT_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "WARNING",
        }
        processes = Processes(tmp_path, environment)
        try:
            _run(processes, mail, s3_server)
        finally:
            processes.stop()


def _run(processes: Processes, mail: Any, s3_server: S3Server) -> None:
    # One-off set-up, as a deployment would: migrate, collect static files, a staff account.
    migrate = processes.start("migrate", *putright("manage", "migrate", "--noinput", "-v", "0"))
    processes.run("collectstatic", *putright("manage", "collectstatic", "--noinput", "-v", "0"))
    assert migrate.wait(timeout=300) == 0, processes.log("migrate")
    processes.run(
        "account",
        *putright(
            "manage",
            "shell",
            "-c",
            "from putright.accounts.models import Role, User; "
            f"User.objects.create_user('officer', password='{PASSWORD}', role=Role.COMPLAINTS_OFFICER, "
            "first_name='Olu', last_name='Officer', email='olu@landlord.example')",
        ),
    )
    token = subprocess.run(
        putright("apitoken", "create", "--user", "officer"),
        env=processes.environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[0]

    servers = []
    for number in (1, 2):
        port = free_port()
        processes.start(
            f"web{number}",
            sys.executable,
            "-m",
            "gunicorn",
            "putright.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",  # the first PDF a worker renders imports WeasyPrint: slow on a busy machine
        )
        servers.append(f"http://127.0.0.1:{port}")
    for number in (1, 2):
        processes.start(f"worker{number}", *putright("worker", "--interval", "0.2"))
    for number, base in enumerate(servers, start=1):
        wait_until_serving(base, processes, f"web{number}")

    api = {"Authorization": f"Bearer {token}"}

    def server(i: int) -> str:
        return servers[i % 2]

    # Complaints, created on both servers.
    def create(i: int) -> str:
        response = requests.post(
            f"{server(i)}/api/v1/complaints",
            headers=api,
            timeout=60,
            json={
                "resident": {"name": f"Resident {i}", "email": f"resident{i}@example.org"},
                "channel": "telephone",
                "summary": f"Complaint {i}: the repair to the boiler was booked three times and missed.",
                "received_on": time.strftime("%Y-%m-%d"),
                "accept_as_complaint": True,
            },
        )
        assert response.status_code == 201, response.text
        return str(response.json()["reference"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        references = list(pool.map(create, range(COMPLAINTS)))

    # The landlord's update template, filled once per complaint (its blanks written by the handler).
    def template(i: int) -> str:
        draft = requests.post(
            f"{server(i)}/api/v1/complaints/{references[i]}/letters",
            headers=api,
            json={"kind": "keeping-informed-update"},
            timeout=120,
        )
        assert draft.status_code == 201, draft.text
        return BLANK.sub("every 10 working days; the surveyor's report is due", str(draft.json()["body"]))

    with ThreadPoolExecutor(max_workers=4) as pool:
        bodies = list(pool.map(template, range(COMPLAINTS)))

    # 200 letters: each drafted on one server and issued on the other.
    def issue(i: int) -> int:
        reference = references[i % COMPLAINTS]
        draft = requests.post(
            f"{server(i)}/api/v1/complaints/{reference}/letters",
            headers=api,
            json={"kind": "keeping-informed-update", "body": f"{bodies[i % COMPLAINTS]}\n\nUpdate {i}."},
            timeout=120,
        )
        assert draft.status_code == 201, draft.text
        issued = requests.post(
            f"{server(i + 1)}/api/v1/complaints/{reference}/letters/{draft.json()['id']}/issue",
            headers=api,
            timeout=120,
        )
        assert issued.status_code == 201, issued.text
        return int(issued.json()["id"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        letters = list(pool.map(issue, range(LETTERS)))
    assert len(set(letters)) == LETTERS

    # One staff session, signed in on server 1 and used on both.
    session = requests.Session()
    page = session.get(f"{servers[0]}/sign-in/", timeout=30).text
    signed_in = session.post(
        f"{servers[0]}/sign-in/",
        data={"username": "officer", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
        headers={"Referer": f"{servers[0]}/sign-in/"},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text[-2000:]
    uploaded: dict[str, bytes] = {}
    for i in range(DOCUMENTS):
        reference = references[i % COMPLAINTS]
        form = session.get(f"{server(i)}/workspace/complaints/{reference}/documents/", timeout=30)
        assert form.status_code == 200 and "sign-in" not in form.url, f"session lost on {server(i)}"
        content = f"Surveyor's note {i} for {reference}: {uuid.uuid4()}\n".encode() * 50
        response = session.post(
            f"{server(i + 1)}/workspace/complaints/{reference}/documents/",
            data={"csrfmiddlewaretoken": csrf_token(form.text), "description": f"note {i}"},
            files={"file": (f"note-{i}.txt", content, "text/plain")},
            headers={"Referer": f"{server(i)}/workspace/complaints/{reference}/documents/"},
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code == 302, f"upload {i} on {server(i + 1)}: {response.status_code}"
        uploaded[hashlib.sha256(content).hexdigest()] = content

    # Every document reads back the same from either server.
    read_back: set[str] = set()
    for i, reference in enumerate(references):
        case = session.get(f"{server(i)}/workspace/complaints/{reference}/", timeout=30)
        assert case.status_code == 200 and "sign-in" not in case.url, f"session lost on {server(i)}"
        for pk in sorted(set(re.findall(rf"/workspace/complaints/{reference}/documents/(\d+)/", case.text))):
            copies = [
                session.get(f"{base}/workspace/complaints/{reference}/documents/{pk}/", timeout=30)
                for base in servers
            ]
            assert [c.status_code for c in copies] == [200, 200]
            assert copies[0].content == copies[1].content
            read_back.add(hashlib.sha256(copies[0].content).hexdigest())
    assert read_back == set(uploaded)

    # And in the object store: two files (PDF, DOCX) per letter and one per document.
    objects = 0
    for page_of in (
        s3_server.client()
        .get_paginator("list_objects_v2")
        .paginate(Bucket=processes.environment["PUTRIGHT_S3_BUCKET"])
    ):
        objects += len(page_of.get("Contents", []))
    assert objects == 2 * LETTERS + DOCUMENTS

    # Every letter emailed, exactly once, by the two workers.
    mail.wait_for(LETTERS, timeout=180)
    time.sleep(3)  # a duplicate would arrive now
    sent = [int(message["X-PutRight-Letter"]) for message in mail.messages]
    assert len(sent) == LETTERS, f"{len(sent)} emails for {LETTERS} letters"
    assert sorted(sent) == sorted(letters)
    import psycopg

    with psycopg.connect(processes.environment["DATABASE_URL"]) as db:
        statuses = dict(
            db.execute("SELECT status, count(*) FROM letters_letterdelivery GROUP BY status").fetchall()
        )
        workers = {
            row[0]
            for row in db.execute(
                "SELECT DISTINCT jsonb_array_elements_text(worker_ids) FROM django_tasks_database_dbtaskresult"
            ).fetchall()
        }
    assert statuses == {"sent": LETTERS}
    assert len(workers) == 2, "both workers took work"
