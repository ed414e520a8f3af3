"""A grantee's report evidence, sent through their report's form, is a
private object in the bucket; staff who read reports download it through
the permission-checked view; a file the grantee takes out is deleted."""

import pytest
from django.urls import reverse

from fund.monitoring.models import ReportEvidence
from tests.storage.helpers import private_download
from tests.support.applying import PDF_BYTES, pdf
from tests.support.reporting import answers, final_report, grantee, report_url, reporting_award

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_call):
    return reporting_award(open_call)


def test_evidence_sent_with_a_report_is_an_object_in_the_bucket_staff_download(
    client, award, bucket, manager
):
    report = final_report(award)

    response = grantee(award).post(
        report_url(report), answers(award, evidence=[pdf("receipts.pdf")])
    )

    assert response["Location"] == report_url(report, "check")
    evidence = ReportEvidence.objects.get(report=report)
    assert bucket.keys() == [bucket.key(evidence.file.name)]
    assert bucket.read(evidence.file.name) == PDF_BYTES
    assert bucket.head(evidence.file.name)["ServerSideEncryption"] == "AES256"
    client.force_login(manager)
    download = client.get(reverse("grant_reports:evidence", args=[evidence.pk]))
    assert private_download(download, "receipts.pdf") == PDF_BYTES


def test_evidence_the_grantee_takes_out_is_deleted_from_the_bucket(
    award, bucket, django_capture_on_commit_callbacks
):
    report = final_report(award)
    browser = grantee(award)
    saving = answers(award, action="save")
    browser.post(
        report_url(report),
        {**saving, "evidence": [pdf("one.pdf"), pdf("two.pdf", PDF_BYTES + b"% two\n")]},
    )
    one, two = ReportEvidence.objects.order_by("original_name")

    with django_capture_on_commit_callbacks(execute=True):
        browser.post(report_url(report), {**saving, "remove_evidence": [str(one.pk)]})

    assert list(ReportEvidence.objects.all()) == [two]
    assert bucket.keys() == [bucket.key(two.file.name)]


def test_evidence_gone_from_the_bucket_is_not_found(client, award, bucket, manager):
    report = final_report(award)
    grantee(award).post(report_url(report), answers(award, evidence=[pdf("receipts.pdf")]))
    evidence = ReportEvidence.objects.get()
    bucket.server.client().delete_object(Bucket=bucket.name, Key=bucket.key(evidence.file.name))
    client.force_login(manager)

    response = client.get(reverse("grant_reports:evidence", args=[evidence.pk]))

    assert response.status_code == 404
