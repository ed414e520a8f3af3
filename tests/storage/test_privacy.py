"""Retention deletes the objects of what it deletes; a subject access
export holds the files' bytes, read from the bucket."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from fund.awards.models.awards import AwardLetter
from fund.privacy.retention import retention_apply
from tests.factories import ApplicationFactory, make_document
from tests.privacy.retention.helpers import LONG_AGO, NOW, declined
from tests.storage.helpers import private_download
from tests.support.applying import PDF_BYTES, apply, pdf, sent_applications
from tests.support.reports import evidence, planned_award, report_of, sent

pytestmark = pytest.mark.django_db


def test_retention_deletes_the_objects_of_what_it_anonymises_and_deletes(
    open_call, bucket, django_capture_on_commit_callbacks
):
    old = make_document(declined(open_call), "old.pdf", b"%PDF-1.4 old")
    abandoned = ApplicationFactory(
        page=open_call, status="draft", reference=None, submitted_at=None, draft_saved_at=LONG_AGO
    )
    make_document(abandoned, "abandoned.pdf", b"%PDF-1.4 abandoned")
    recent = declined(open_call, declined_at=NOW - dt.timedelta(days=30))
    kept = make_document(recent, "recent.pdf", b"%PDF-1.4 recent")
    assert len(bucket.keys()) == 3

    with django_capture_on_commit_callbacks(execute=True):
        result = retention_apply()

    assert (result.unsuccessful_anonymised, result.drafts_deleted) == (1, 1)
    assert result.documents_deleted == 2
    assert bucket.keys() == [bucket.key(kept.file.name)]
    assert not old.application.documents.exists()


def test_a_subject_access_export_holds_the_files_from_the_bucket(
    client, open_call, administrator, bucket, django_capture_on_commit_callbacks
):
    apply(client, open_call, files={"documents": [pdf()]})
    application = sent_applications().get()
    with django_capture_on_commit_callbacks(execute=True):
        award = planned_award(open_call, application__contact_email="sam@example.org")
    report = sent(report_of(award))
    evidence(report, "register.pdf", b"%PDF-1.4 attendance")
    letter = AwardLetter.objects.get(award=award, status="current")
    client.force_login(administrator)

    response = client.post("/admin/grants/subject-access/", {"email": "sam@example.org"})

    filename = f"subject-access-{timezone.localdate().isoformat()}.zip"
    archive = zipfile.ZipFile(io.BytesIO(private_download(response, filename)))
    files = {name: archive.read(name) for name in archive.namelist()}
    reference = award.application.reference
    assert files[f"documents/{application.reference}/accounts.pdf"] == PDF_BYTES
    assert files[f"reports/{reference}/{report.pk}/register.pdf"] == b"%PDF-1.4 attendance"
    assert files[f"letters/{reference}/{letter.filename}"] == bucket.read(letter.file.name)
