"""Log lines: plain text by default, JSON with LOG_FORMAT=json, each with
the request's id (django-guid), which the response carries as X-Request-ID."""

import copy
import io
import json
import logging.config
import os
import subprocess  # noqa: S404 - runs our own settings module, fixed arguments
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from fund.core.logs import HIDDEN, PRIVATE_LINK

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_logs():
    """Logging as settings.LOGGING configures it with LOG_FORMAT=json, its
    output captured; the test settings' logging again afterwards."""
    config = copy.deepcopy(django_settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    logging.config.dictConfig(config)
    (handler,) = logging.getLogger().handlers
    output = io.StringIO()
    handler.setStream(output)
    yield output
    logging.config.dictConfig(django_settings.LOGGING)


def lines(output):
    return [json.loads(line) for line in output.getvalue().splitlines()]


def test_each_log_line_of_a_request_is_json_with_the_request_id_the_response_carries(
    client, json_logs
):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    logged = lines(json_logs)
    assert logged, "the request logged nothing"
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    for line in logged:
        assert line["request_id"] == request_id
    (not_found,) = [line for line in logged if line["logger"] == "django.request"]
    assert not_found["level"] == "WARNING"
    assert not_found["message"] == "Not Found: /no-such-page/"
    assert not_found["status_code"] == 404
    assert not_found["time"].endswith("+00:00")


def test_the_request_object_and_its_query_string_stay_out_of_the_log(client, json_logs):
    client.get("/no-such-page/?q=someone%40example.org")

    logged = lines(json_logs)
    assert logged
    assert all("request" not in line for line in logged)
    assert "someone" not in json_logs.getvalue()


def test_a_valid_request_id_from_the_client_is_kept(client, json_logs):
    sent = str(uuid.uuid4())

    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID=sent)

    assert response["X-Request-ID"] == sent
    assert {line["request_id"] for line in lines(json_logs)} == {sent}


def test_anything_else_sent_as_the_request_id_is_replaced(client, json_logs):
    forged = "forged\nERROR everything is on fire"

    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID=forged)

    request_id = response["X-Request-ID"]
    assert request_id != forged
    uuid.UUID(request_id)
    assert "on fire" not in json_logs.getvalue()
    # django-guid says so (before the id is set), naming the new one.
    warning, *rest = lines(json_logs)
    assert warning["logger"] == "django_guid"
    assert request_id in warning["message"]
    assert rest
    assert {line["request_id"] for line in rest} == {request_id}


def test_lines_outside_a_request_have_no_request_id(json_logs):
    logging.getLogger("fund.test").warning("Nightly check done")

    (line,) = lines(json_logs)
    assert line["message"] == "Nightly check done"
    assert line["request_id"] is None


def log_format(value):
    """The console handler's formatter base.py chooses for LOG_FORMAT=value."""
    code = (
        "from config.settings import base; print(base.LOGGING['handlers']['console']['formatter'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "LOG_FORMAT"}
    if value is not None:
        env["LOG_FORMAT"] = value
    return subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_plain_text_is_the_default_and_json_is_chosen_by_log_format():
    assert log_format(None).stdout.strip() == "text"
    assert log_format("json").stdout.strip() == "json"
    refused = log_format("xml")
    assert refused.returncode != 0
    assert "LOG_FORMAT must be text or json." in refused.stderr


@pytest.mark.parametrize("route", ["fund_draft_open", "fund_status_open"])
def test_the_private_links_pattern_matches_each_private_link(route):
    path = reverse(route, args=["AbC-123_xyz:1tX9aB:Zm9vYmFy"])

    assert PRIVATE_LINK.sub(HIDDEN, path) == path.rsplit("/", 2)[0] + "/[private link]/"


@pytest.mark.parametrize("route", ["fund_draft_open", "fund_status_open"])
def test_a_private_links_token_never_reaches_the_log(client, json_logs, route):
    """A link that no longer works is logged by Django with its path: the
    line says which kind of link, never the token that opens it."""
    token = "eyJhIjoxfQ:1tX9aB:not-a-real-signature-but-secret-looking"
    path = reverse(route, args=[token])
    logging.getLogger("django.request").warning("Gone: %s", path)
    logging.getLogger("fund").error(f"Could not open {path}?next=x")

    written = json_logs.getvalue()
    assert token not in written
    messages = [line["message"] for line in lines(json_logs)]
    assert messages == [
        f"Gone: {path.removesuffix(token + '/')}[private link]/",
        f"Could not open {path.removesuffix(token + '/')}[private link]/?next=x",
    ]
