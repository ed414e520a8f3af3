"""Award letters are made into the bucket, and downloaded from it by staff
(one, or a call's as a ZIP) and by the grantee; a letter altered in the
bucket is refused, as on disk."""

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from fund.awards.models.awards import AwardLetter
from tests.factories import AwardFactory
from tests.storage.helpers import private_download
from tests.support.reporting import grantee

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(open_call, manager, bucket, django_capture_on_commit_callbacks):
    """The first letter of an award, made as the decision commits."""
    with django_capture_on_commit_callbacks(execute=True):
        award = AwardFactory(call=open_call, by=manager)
    return AwardLetter.objects.get(award=award, status="current")


def test_a_letter_is_made_into_the_bucket_with_its_hash(letter, bucket):
    stored = bucket.read(letter.file.name)

    assert bucket.keys() == [bucket.key(letter.file.name)]
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == letter.sha256
    assert len(stored) == letter.size


def test_staff_and_the_grantee_download_the_letter_from_the_bucket(client, finance, letter, bucket):
    stored = bucket.read(letter.file.name)
    client.force_login(finance)

    staff = client.get(reverse("awards:letter_download", args=[letter.pk]))
    theirs = grantee(letter.award).get(reverse("fund_status_letter"))

    assert private_download(staff, letter.filename) == stored
    assert private_download(theirs, letter.filename) == stored


def test_staff_download_a_calls_letters_from_the_bucket_as_one_zip(client, finance, letter, bucket):
    client.force_login(finance)
    call = letter.award.application.page

    response = client.get(reverse("awards:call_letters", args=[call.pk]))

    archive = zipfile.ZipFile(
        io.BytesIO(private_download(response, f"award-letters-{call.slug}.zip"))
    )
    assert [archive.read(name) for name in archive.namelist()] == [bucket.read(letter.file.name)]


def test_a_letter_altered_in_the_bucket_is_refused(client, finance, letter, bucket):
    bucket.server.client().put_object(
        Bucket=bucket.name, Key=bucket.key(letter.file.name), Body=b"%PDF-1.7 not the letter"
    )
    client.force_login(finance)

    response = client.get(reverse("awards:letter_download", args=[letter.pk]))

    assert response.status_code == 409
    assert "has been altered in storage" in response.content.decode()
