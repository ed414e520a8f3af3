"""Nothing in the bucket is public: private files have no URL, the objects
carry no grant to anyone but the bucket's owner and the server refuses an
anonymous request for one. The settings choose the bucket from S3_BUCKET."""

import subprocess  # noqa: S404 - runs this project's own Python
import sys

import pytest
import requests
from django.conf import settings

from fund.applications.models import ApplicationDocument
from fund.awards.models.awards import AwardLetter
from fund.core.storage import PrivateFileSystemStorage
from fund.monitoring.models import ReportEvidence
from tests.factories import ApplicationFactory, make_document

pytestmark = pytest.mark.django_db

EVERYONE = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture
def document(open_call, bucket):
    return make_document(ApplicationFactory(page=open_call))


def test_a_private_file_has_no_url_in_the_bucket_or_on_disk(document, tmp_path):
    with pytest.raises(ValueError, match="Private files have no URL"):
        document.file.url  # noqa: B018 - the property is what refuses
    with pytest.raises(ValueError, match="Private files have no URL"):
        PrivateFileSystemStorage(location=tmp_path).url("applications/any")


def test_an_object_grants_nobody_but_the_owner(document, bucket):
    grants = bucket.grants(document.file.name)

    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert {grant["Grantee"].get("URI") for grant in grants}.isdisjoint(EVERYONE)


def test_the_server_refuses_an_anonymous_request_for_an_object(document, bucket):
    # The same server serves an object that is made public: so the refusal
    # is the object's own privacy, not a server that serves nothing.
    bucket.server.client().put_object(
        Bucket=bucket.name, Key=bucket.key("public-control"), Body=b"public", ACL="public-read"
    )
    assert requests.get(bucket.url("public-control"), timeout=10).content == b"public"

    response = requests.get(bucket.url(document.file.name), timeout=10)

    assert response.status_code == 403
    assert b"%PDF" not in response.content


def django_process(code, **environment):
    """Run ``code`` in a new Python process with the test settings and
    ``environment``, as a server started with it would read them."""
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            **environment,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_with_s3_bucket_set_the_private_storage_is_that_bucket(bucket):
    saved = django_process(
        "from django.core.files.base import ContentFile; "
        "from fund.core.storage import private_storage; "
        "print(private_storage().save('applications/from-settings', ContentFile(b'kept')))",
        **bucket.server.environment(bucket.name),
    )

    assert saved.returncode == 0, saved.stderr
    assert saved.stdout.strip() == "applications/from-settings"
    assert bucket.keys() == ["private/applications/from-settings"]
    assert bucket.read("applications/from-settings") == b"kept"
    assert bucket.head("applications/from-settings")["ServerSideEncryption"] == "AES256"


def test_the_retired_private_storage_backend_stops_the_start_with_a_reason():
    started = django_process("", PRIVATE_STORAGE_BACKEND="storages.backends.s3.S3Storage")

    assert started.returncode != 0
    assert "PRIVATE_STORAGE_BACKEND is retired: set S3_BUCKET." in started.stderr


def test_every_private_file_field_is_in_the_tests_storage(s3_storage):
    """The fixtures find the fields from the models: report evidence too."""
    for model in (ApplicationDocument, AwardLetter, ReportEvidence):
        assert model._meta.get_field("file").storage is s3_storage
