"""The operator's checks with the private files in S3 (moto's server, over
HTTP): /healthz's storage check and check_integrity's listing, through the
Storage API only, so they hold for fund.core.storage.PrivateS3Storage."""

import json
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from storages.backends.s3 import S3Storage

from fund.applications.models import ApplicationDocument
from fund.awards.models.awards import AwardLetter
from tests.factories import AwardFactory, make_document
from tests.support.servers import s3_server

pytestmark = pytest.mark.django_db

BUCKET = "scf-private-ops-tests"


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        server.bucket_create(BUCKET)
        yield server


def s3_options(server, bucket):
    return {
        "bucket_name": bucket,
        "endpoint_url": server.endpoint_url,
        "region_name": server.region,
        "access_key": server.access_key_id,
        "secret_key": server.secret_access_key,
        "location": "private",
        "file_overwrite": False,
    }


@pytest.fixture
def private_in(settings):
    """Put the private storage in a bucket; returns the storage the file
    fields use, with a count of the S3 calls it makes."""

    def put(server, bucket):
        options = s3_options(server, bucket)
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        }
        return S3Storage(**options)

    return put


def probe(client):
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    return response, json.loads(response.content)


def test_healthz_passes_on_a_bucket_that_answers(client, s3, private_in):
    private_in(s3, BUCKET)

    response, body = probe(client)

    assert response.status_code == 200
    assert body["checks"]["storage"] == "ok"


def test_healthz_fails_the_storage_check_on_a_missing_bucket_without_naming_it(
    client, s3, private_in
):
    private_in(s3, "scf-no-such-bucket")

    response, body = probe(client)

    assert response.status_code == 503
    assert body["checks"]["storage"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert "no-such-bucket" not in response.content.decode()
    assert s3.endpoint_url not in response.content.decode()


def test_check_integrity_lists_each_folder_once_and_finds_a_missing_file(
    s3, private_in, open_call, manager, monkeypatch, django_capture_on_commit_callbacks, capsys
):
    storage = private_in(s3, BUCKET)
    for model in (ApplicationDocument, AwardLetter):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storage)
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
