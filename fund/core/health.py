"""/healthz: whether this server can do its work, for a load balancer.

Three checks, each cheap: the database answers a trivial query, the private
storage answers a listing of its top level (a missing folder, a missing
bucket, refused credentials or no network all fail it), and the oldest task
waiting in django-tasks-db's queue has waited less than
``HEALTHZ_MAX_TASK_AGE_SECONDS``. The answer is JSON, 200 when the
database and the storage pass and 503 otherwise (a late queue is "late",
not a failure: see ``health``), and names each check's result and nothing else:
why a check failed (an exception's text may name a host, a bucket or a
folder) goes to the log, never into the answer.

``HealthCheckMiddleware`` answers it, straight after Django's
SecurityMiddleware, so the probe costs two queries and no session, CSRF
check, sign-in or Wagtail page lookup, and so it is answered whatever the
Host header: a load balancer probes each server by its address, which
ALLOWED_HOSTS does not list, and CommonMiddleware, further down, would
refuse it with a 400. That is safe here because the answer is the same
for every host and builds no URL, sets no cookie and is never cached; the
rest of the site still checks the host. Production exempts the address
from the HTTPS redirect (SECURE_REDIRECT_EXEMPT): the probe speaks plain
HTTP to the server behind the proxy.
"""

import logging

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_tasks_db.models import DBTaskResult, get_date_max

from fund.core.storage import private_storage

logger = logging.getLogger(__name__)

#: The address the middleware answers; exempt from the HTTPS redirect in
#: production (SECURE_REDIRECT_EXEMPT matches it without its leading slash).
HEALTHZ_PATH = "/healthz"
OK, FAIL, LATE = "ok", "fail", "late"


def database_check() -> None:
    """A trivial query; raises if the database does not answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def storage_check() -> None:
    """List the private storage's top level (a few folders): raises if the
    folder or bucket is missing or refuses us. Only the Storage API, so it
    holds for a folder and for S3 alike."""
    private_storage().listdir("")


def oldest_queued_seconds() -> int:
    """How long the task that has waited longest in the queue has waited, in
    whole seconds (0 when none is waiting). A task is waiting once it may
    run: from when it was queued, or from its ``run_after`` if that is
    later (a task put off until tomorrow is not late today)."""
    no_delay = get_date_max()
    waiting_since = Case(
        When(run_after=no_delay, then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(waiting_since))["oldest"]
    if oldest is None:
        return 0
    return max(0, int((timezone.now() - oldest).total_seconds()))


class Unhealthy(Exception):
    """A check found the server unfit, for a reason worth a log line but not
    a traceback, with what it measured."""

    def __init__(self, reason, *, measured=None):
        super().__init__(reason)
        self.measured = measured


def tasks_check() -> int:
    """How long the oldest queued task has waited; Unhealthy past the limit."""
    age = oldest_queued_seconds()
    limit = settings.HEALTHZ_MAX_TASK_AGE_SECONDS
    if age > limit:
        raise Unhealthy(
            f"the oldest queued task has waited {age} s (HEALTHZ_MAX_TASK_AGE_SECONDS {limit})",
            measured=age,
        )
    return age


def _run(name, check):
    """OK or FAIL, and what the check measured. Why a check failed is
    logged, never answered."""
    try:
        return OK, check()
    except Unhealthy as reason:
        logger.error("Health check failed: %s: %s", name, reason)
        return FAIL, reason.measured
    except Exception:
        logger.exception("Health check failed: %s", name)
        return FAIL, None


def health() -> tuple[bool, dict]:
    """Run every check: whether this server can serve, and the answer's body.

    A late queue is reported ("late") but does not make the server unfit: the
    task worker is not part of this server, and if it stops every server's
    check would fail at once and the load balancer would take the whole
    site down for what only delays e-mails and letters. Whatever watches
    the site should alert on it instead."""
    database, _ = _run("database", database_check)
    storage, _ = _run("storage", storage_check)
    tasks, age = _run("tasks", tasks_check)
    healthy = database == storage == OK
    tasks = OK if tasks == OK else LATE
    return healthy, {
        "status": OK if healthy else FAIL,
        "checks": {
            "database": database,
            "storage": storage,
            "tasks": {"status": tasks, "oldest_queued_seconds": age},
        },
    }


def healthz(request):
    """The checks' answer as JSON: 200 if this server can serve, 503 if the
    database or the storage fails it."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    healthy, body = health()
    response = JsonResponse(body, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer /healthz before the rest of the middleware (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
