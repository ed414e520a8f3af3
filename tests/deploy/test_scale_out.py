"""Two app servers at once, as a site past one machine runs: instances A and
B (gunicorn, production settings) and one task worker share PostgreSQL, the
private file store and the cache, and nothing else. A person may meet
either server at any request.

An application sent through A is screened, assigned and awarded through
B's admin (signed in with a password and an authenticator code); the
worker makes the award letter, and the fund manager downloads it through
A. Wrong passwords on A and B count towards one lock-out, and "Lost your
link?" requests on A and B towards one limit.

Private files go to moto's S3 server (S3_BUCKET and the rest, as a site
past one machine sets them), over HTTP: no process writes a private file
to its own disk. The cache is the database's table; with REDIS_URL set, the test runs once more
against Redis (a database number of its own; only its keys are removed).
"""

import os
import re
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.awards.models.awards import AwardLetter, LetterStatus
from tests.deploy.processes import Browser, cache_table_ready, environment, print_logs, task_worker
from tests.security.helpers import award_form
from tests.security.signing_in import LOGIN_URL, PASSWORD, VERIFY_URL, app_device, current_code
from tests.support.applying import PDF_BYTES, form_without_declarations
from tests.support.servers import gunicorn

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CACHES = ["database", *(["redis"] if os.environ.get("REDIS_URL") else [])]
REDIS_DB = 13  # of the Redis that REDIS_URL names: the tests' own
LOGIN_FAILURE_LIMIT = 3
LOST_LINK_PER_ADDRESS = 2
LETTER_DEADLINE = 60  # seconds for the worker to make the letter


@pytest.fixture
def bucket(s3_session_server):
    """A bucket of this test's own on moto's S3 server."""
    return s3_session_server.bucket_create(f"scf-scale-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def shared_storage(s3_session_server, bucket):
    """The private file store's settings for every process."""
    return s3_session_server.environment(bucket)


def stored_keys(server, bucket):
    listed = server.client().list_objects_v2(Bucket=bucket).get("Contents", [])
    return sorted(entry["Key"] for entry in listed)


def _redis_forget(url):
    """Remove what the servers cached in the tests' own Redis database."""
    import redis  # noqa: PLC0415 - only the Redis run needs it

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match="scf:*"):
        client.delete(key)


@pytest.fixture(params=CACHES)
def shared_cache(request):
    """The shared cache's settings for every process: the database's table,
    or Redis."""
    if request.param == "database":
        cache_table_ready()
        yield {"REDIS_URL": ""}
        return
    url = urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{REDIS_DB}"))
    _redis_forget(url)
    yield {"REDIS_URL": url}
    _redis_forget(url)


@pytest.fixture
def servers(tmp_path, shared_storage, shared_cache):
    """Instances A and B (two sync workers each) and the task worker."""
    env = environment(
        tmp_path,
        application_name=f"scf-test-{uuid.uuid4().hex[:12]}",
        LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
        LOST_LINK_PER_ADDRESS=str(LOST_LINK_PER_ADDRESS),
        LOST_LINK_PER_CLIENT="1000",  # every request here comes from 127.0.0.1
        **shared_storage,
        **shared_cache,
    )
    with (
        gunicorn(env=env, log=tmp_path / "a.log") as a,
        gunicorn(env=env, log=tmp_path / "b.log") as b,
        task_worker(env=env, log=tmp_path / "worker.log") as worker,
    ):
        yield a, b
        for process in (a.process, b.process, worker):  # all at once, then each waited for
            process.terminate()


def application_send(browser, server, call, email):
    """The public form with one document, check your answers, send."""
    assert browser.get(server, call.url).status_code == 200
    document = [("documents", ("accounts.pdf", PDF_BYTES, "application/pdf"))]
    answers = form_without_declarations(call, contact_email=email)
    filled = browser.post(server, call.url, answers, files=document)
    assert (filled.status_code, filled.headers.get("Location")) == (302, "/apply/check/")
    assert browser.get(server, "/apply/check/").status_code == 200
    sent = browser.post(server, "/apply/check/", {"declare_true": "on", "declare_privacy": "on"})
    assert sent.status_code == 302
    confirmation = browser.get(server, sent.headers["Location"])
    reference = re.search(r"SCF-[\w-]+", confirmation.text).group(0)
    return Application.objects.get(reference=reference, status="submitted")


def sign_in(browser, server, user):
    """The sign-in form, then the authenticator app's code."""
    device = app_device(user)
    assert browser.get(server, LOGIN_URL).status_code == 200
    signed = browser.post(server, LOGIN_URL, {"username": user.username, "password": PASSWORD})
    assert signed.status_code == 302, signed.text
    verified = browser.post(server, VERIFY_URL, {"code": current_code(device)})
    assert verified.status_code == 302, verified.text


def award_through(browser, server, application, panel_member):
    """Screened eligible, assigned to the panel, awarded in full."""
    for name, form in [
        ("applications:screen", {"decision": "eligible"}),
        ("applications:assign", {"reviewers": panel_member.pk}),
        ("applications:award", award_form("2500")),
    ]:
        answer = browser.post(server, reverse(name, args=[application.pk]), form)
        assert answer.status_code == 302, (name, answer.text)
    application.refresh_from_db()
    assert application.status == "awarded"


def letter_made(application):
    """The award's letter, once the worker has made it."""
    deadline = time.monotonic() + LETTER_DEADLINE
    while time.monotonic() < deadline:
        made = AwardLetter.objects.filter(award__application=application)
        if letter := made.filter(status=LetterStatus.CURRENT).first():
            return letter
        assert not made.filter(status=LetterStatus.FAILED).exists(), "the letter failed"
        time.sleep(0.2)
    pytest.fail(f"no letter made within {LETTER_DEADLINE} s")


def sign_ins_paused_across(a, b, user):
    """Wrong passwords alternately on A and B pause signing in at the limit
    in total: the right password is then refused too, on either."""
    person = Browser()
    assert person.get(a, LOGIN_URL).status_code == 200
    for attempt in range(LOGIN_FAILURE_LIMIT):
        server = (a, b)[attempt % 2]
        wrong = person.post(server, LOGIN_URL, {"username": user.username, "password": "guess"})
        assert wrong.status_code == (429 if attempt == LOGIN_FAILURE_LIMIT - 1 else 200)
    right = person.post(b, LOGIN_URL, {"username": user.username, "password": PASSWORD})
    assert right.status_code == 429


def lost_links_limited_across(a, b, application, email):
    """ "Lost your link?" alternately on A and B: links go out up to the
    limit in total, not per server."""
    asker = Browser()
    assert asker.get(a, "/apply/lost-link/").status_code == 200
    for attempt in range(LOST_LINK_PER_ADDRESS + 2):
        answer = asker.post(
            (a, b)[attempt % 2],
            "/apply/lost-link/",
            {"email": email, "reference": application.reference},
        )
        assert answer.status_code == 200
    resent = ModelLogEntry.objects.for_instance(application)
    assert resent.filter(action="fund.application.link_resent").count() == LOST_LINK_PER_ADDRESS


def test_two_servers_share_the_database_files_cache_and_task_worker(
    open_call, manager, panel_member, finance, servers, tmp_path, s3_session_server, bucket
):
    a, b = servers
    try:
        for server in (a, b):
            health = Browser().get(server, "/healthz")
            assert (health.status_code, health.json()["status"]) == (200, "ok")
        email = f"applicant-{uuid.uuid4().hex[:12]}@example.org"
        application = application_send(Browser(), a, open_call, email)

        office = Browser()
        sign_in(office, b, manager)
        award_through(office, b, application, panel_member)
        document = reverse("applications:document", args=[application.documents.get().pk])
        assert office.get(a, document).content == PDF_BYTES
        letter = office.get(
            a, reverse("awards:letter_download", args=[letter_made(application).pk])
        )
        assert letter.status_code == 200
        assert letter.content.startswith(b"%PDF")
        # Both files are objects in the shared bucket; no server kept one on its disk.
        made = AwardLetter.objects.get(award__application=application)
        assert stored_keys(s3_session_server, bucket) == sorted(
            f"private/{name}" for name in (application.documents.get().file.name, made.file.name)
        )
        assert not (tmp_path / "private").exists()

        sign_ins_paused_across(a, b, finance)
        lost_links_limited_across(a, b, application, email)
    finally:
        print_logs(tmp_path)
