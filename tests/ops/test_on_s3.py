"""The operator's checks with the private files in S3 (moto's server, over
HTTP): /healthz's storage check and check_integrity's listing, through the
Storage API only, so they hold for fund.core.storage.PrivateS3Storage."""

import json
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tests.factories import AwardFactory, make_document
from tests.support.private_files import private_files_to
from tests.support.servers import S3Server, free_port

pytestmark = pytest.mark.django_db


def probe(client):
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    return response, json.loads(response.content)


def test_healthz_passes_on_a_bucket_that_answers(client, s3_storage):
    response, body = probe(client)

    assert response.status_code == 200
    assert body["checks"]["storage"] == "ok"


def test_healthz_fails_the_storage_check_on_a_missing_bucket_without_naming_it(
    client, s3_session_server, settings, monkeypatch
):
    missing = s3_session_server.storage_settings("scf-no-such-bucket")
    private_files_to(missing, settings, monkeypatch)

    response, body = probe(client)

    assert response.status_code == 503
    assert body["checks"]["storage"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert "no-such-bucket" not in response.content.decode()
    assert s3_session_server.endpoint_url not in response.content.decode()


def test_check_integrity_lists_each_folder_once_and_finds_a_missing_file(
    s3_storage, open_call, manager, django_capture_on_commit_callbacks, capsys
):
    storage = s3_storage
    with django_capture_on_commit_callbacks(execute=True):
        award = AwardFactory(call=open_call, by=manager, amount=Decimal("4000.00"))
    documents = [make_document(award.application, name=f"{n}.pdf") for n in range(3)]
    storage.delete(documents[0].file.name)
    calls = Counter()
    storage.connection.meta.client.meta.events.register(
        "before-call.s3", lambda model, **kwargs: calls.update([model.name])
    )

    with pytest.raises(CommandError) as failed:
        call_command("check_integrity")

    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"Document (id {documents[0].pk}): its file {documents[0].file.name} is missing "
        "from the private storage."
    ]
    # One listing of applications/ and one of letters/, whatever the number
    # of files in them; then the one letter read for its SHA-256
    # (django-storages asks for its size, then gets it).
    assert calls == {"ListObjects": 2, "HeadObject": 2, "GetObject": 1}


def test_check_integrity_says_in_words_when_the_store_cannot_be_reached(
    s3_storage, open_call, manager, settings, monkeypatch, capsys
):
    award = AwardFactory(call=open_call, by=manager, amount=Decimal("4000.00"))
    make_document(award.application, name="accounts.pdf")
    down = S3Server(endpoint_url=f"http://127.0.0.1:{free_port()}")  # nothing listens
    private_files_to(down.storage_settings(s3_storage.bucket_name), settings, monkeypatch)

    with pytest.raises(CommandError) as failed:
        call_command("check_integrity")

    assert failed.value.returncode == 1
    assert str(failed.value).startswith(
        "The private storage could not be checked, as it could not be reached: "
        "The private file store could not list applications"
    )
