"""Submission benchmark: `python bench/submission.py` or `make bench`.

An application with three 1 MB PDF documents, sent through the real public
flow (GET the call page's form, POST it with the files, GET check your
answers, POST "Accept and send", GET the confirmation):

1. queries per submission, counted in-process with the test client, step
   by step, for a browser new to the site, on a site that has taken a
   submission already (so the year's first reference and the content types
   each process reads once are not counted; tests/applications/test_query_budget.py
   holds the same steps to their budgets);
2. latency of the whole flow at 1 and at 16 concurrent clients (threads,
   each with its own cookies) against gunicorn on a free loopback port,
   with the production settings (bench_settings.py) and the same fresh
   database; each run is bounded by a count of submissions and a time-out.

Which database was used is printed: SQLite serialises writes, so the
concurrent figures mean most on PostgreSQL (the default when it answers).
"""

import http.client
import os
import re
import socket
import statistics
import subprocess  # noqa: S404 - starts gunicorn, no user input
import sys
import threading
import time
import uuid
from pathlib import Path

from _data import build_site
from _setup import ROOT, django_setup, machine, ms

MEGABYTE = 1024 * 1024
DOCUMENTS = 3
WORKERS = 3  # gunicorn --workers, as the README's deployment runs it
RUNS = [(1, 15), (16, 64)]  # (concurrent clients, submissions)
TIMEOUT = 180  # seconds, per run
BOUNDARY = "----scf-bench-boundary"


def pdf_document(number):
    """A 1 MB file that the upload checks accept as a PDF."""
    head = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
    tail = b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    filler = (f"% document {number} " * 100_000).encode()
    return head + filler[: MEGABYTE - len(head) - len(tail)] + tail


FILES = [(f"document-{number}.pdf", pdf_document(number)) for number in range(DOCUMENTS)]


def answers(call, token):
    """The form's fields, as tests/support/applying.py posts them."""
    import datetime as dt

    from django.utils import timezone

    start = timezone.localdate() + dt.timedelta(days=30)
    data = [
        ("submission_token", token),
        ("organisation_name", "Aire Valley Freedom Project"),
        ("organisation_type", "charity_ew"),
        ("registration_number", "1187654"),
        ("address", "1 Mill Lane\nShipley"),
        ("postcode", "BD18 3AB"),
        ("contact_name", "Sam Example"),
        # One address each, as applicants have: the acknowledgements sent to
        # one address a day are limited (fund/core/limits.py).
        ("contact_email", f"applicant-{token}@example.org"),
        ("contact_phone", "0113 496 0000"),
        ("project_title", "Drop-in advice for survivors"),
        ("project_summary", "We will run a weekly drop-in for people leaving exploitation."),
        ("amount_requested", "2500"),
        ("budget_staff", "2500"),  # the budget lines add up to the amount
        ("planned_start", start.strftime("%d/%m/%Y")),
        ("planned_end", (start + dt.timedelta(days=365)).strftime("%d/%m/%Y")),
        ("districts", "bradford"),
        ("districts", "leeds"),
        ("action", "continue"),
    ]
    for field in call.get_form_fields():
        if field.field_type == "multiline":
            data.append((f"q_{field.clean_name}", "Survivors sit on our steering group."))
    return data


DECLARATIONS = [("declare_true", "on"), ("declare_privacy", "on")]


def multipart(fields):
    """A multipart/form-data body: the fields, then the three documents."""
    parts = []
    for name, value in fields:
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for filename, content in FILES:
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="documents"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


# --- queries, in-process ---------------------------------------------------------------


def queries_per_submission(call):
    """Queries of each step of one submission, through the test client, after
    a first one that is not counted."""
    submission_queries(call)
    return submission_queries(call)


def submission_queries(call):
    """Queries of each step of one submission from a new browser."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    fields = dict(answers(call, str(uuid.uuid4())))
    fields["districts"] = ["bradford", "leeds"]
    fields["documents"] = [
        SimpleUploadedFile(name, content, content_type="application/pdf") for name, content in FILES
    ]
    steps = [
        ("GET the form", lambda: client.get(call.url)),
        ("POST the form with 3 files", lambda: client.post(call.url, fields)),
        ("GET check your answers", lambda: client.get("/apply/check/")),
        ("POST accept and send", lambda: client.post("/apply/check/", dict(DECLARATIONS))),
        ("GET the confirmation", lambda: client.get("/apply/sent/")),
    ]
    counts = []
    for name, step in steps:
        with CaptureQueriesContext(connection) as captured:
            response = step()
        assert response.status_code in (200, 302), (name, response.status_code)  # noqa: S101
        counts.append((name, len(captured.captured_queries)))
    assert b"SCF-" in response.content, "the confirmation has no reference"  # noqa: S101
    return counts


# --- gunicorn and the clients ------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(environment, port, *, workers=WORKERS):
    """gunicorn on ``port`` with ``environment``, once it answers."""
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--chdir",
            str(ROOT),
            "--pythonpath",
            str(ROOT / "bench"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env={**os.environ, **environment},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/admin/login/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def stop_gunicorn(servers):
    for server in servers:
        server.terminate()
        server.wait(timeout=30)


class Applicant:
    """One browser: its own connection and cookies."""

    def __init__(self, port, call_url, fields):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}
        self.call_url = call_url
        self.fields = fields

    def request(self, method, url, body=None, content_type=None, expect=(200,)):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        self.connection.request(method, url, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        if response.status not in expect:
            raise RuntimeError(f"{method} {url}: {response.status}")
        return content

    def submit(self):
        page = self.request("GET", self.call_url)
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        fields = [("csrfmiddlewaretoken", csrf), *self.fields(str(uuid.uuid4()))]
        self.request(
            "POST",
            self.call_url,
            multipart(fields),
            f"multipart/form-data; boundary={BOUNDARY}",
            expect=(302,),
        )
        self.request("GET", "/apply/check/")
        body = "&".join(f"{k}={v}" for k, v in [("csrfmiddlewaretoken", csrf), *DECLARATIONS])
        self.request(
            "POST", "/apply/check/", body, "application/x-www-form-urlencoded", expect=(302,)
        )
        if b"SCF-" not in self.request("GET", "/apply/sent/"):
            raise RuntimeError("the confirmation has no reference")


def load_run(port, call, *, clients, count):
    """``count`` submissions shared among ``clients`` threads, stopping at the
    time-out. ``port`` may be a list of ports (several servers): the clients
    are shared among them in turn. Returns the latencies and the wall time."""
    ports = port if isinstance(port, list) else [port]
    latencies, errors, lock = [], [], threading.Lock()
    remaining = [count]
    deadline = time.monotonic() + TIMEOUT
    barrier = threading.Barrier(clients)

    def client(number):
        applicant = Applicant(ports[number % len(ports)], call.url, lambda t: answers(call, t))
        barrier.wait()
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            start = time.perf_counter()
            try:
                applicant.submit()
            except Exception as error:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(repr(error))
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - start, errors


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    environment = django_setup()
    print(machine())
    from django.db import connection

    from fund.applications.models import Application

    _site, _fund, call = build_site()
    print()
    print(f"Submission of an application with {DOCUMENTS} documents of 1 MB each")
    counts = queries_per_submission(call)
    for name, number in counts:
        print(f"  {name:<32} {number:3d} queries")
    print(f"  queries per submission (all five steps): {sum(n for _name, n in counts)}")

    connection.close()  # gunicorn's workers use the database from here on
    port = free_port()
    server = start_gunicorn(environment, port)
    print(
        f"gunicorn on 127.0.0.1:{port}, {WORKERS} sync workers, production settings; "
        f"each run bounded by its count and {TIMEOUT} s"
    )
    results = {}
    try:
        for clients, count in RUNS:
            before = Application.objects.filter(status="submitted").count()
            latencies, wall, errors = load_run(port, call, clients=clients, count=count)
            sent = Application.objects.filter(status="submitted").count() - before
            results[clients] = statistics.median(latencies) if latencies else None
            print(
                f"  {clients:2d} client(s): {len(latencies)}/{count} submissions in "
                f"{wall:5.1f} s, {len(latencies) / wall:5.2f} submissions/s; "
                f"latency p50 {ms(percentile(latencies, 0.5))}, "
                f"p95 {ms(percentile(latencies, 0.95))}; {sent} sent, {len(errors)} errors"
            )
            for error in errors[:3]:
                print(f"     error: {error}")
    finally:
        stop_gunicorn([server])
    if results.get(1) and results.get(16):
        print(f"  p50 latency at 16 clients / at 1: {results[16] / results[1]:6.2f}")


if __name__ == "__main__":
    main()
