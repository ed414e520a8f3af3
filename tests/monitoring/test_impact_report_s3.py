"""The impact report kept in S3: moto's S3 server, spoken to over HTTP as
any object store is (tests/support/servers.py). Made, listed, downloaded and
checked against its SHA-256 as in the local folder; a failure leaves no
object behind."""

import pytest

from fund.monitoring.models import ImpactReport, ImpactReportStatus
from fund.monitoring.services import impact_reports
from tests.support.impact_reports import DOWNLOAD, download, text_of, words

pytestmark = pytest.mark.django_db


def test_the_report_is_kept_in_s3_and_checked_when_downloaded(
    client, press, manager, fund_page, year_grants, bucket
):
    page = press(manager, fund_page, year="2026-27")

    report = ImpactReport.objects.get()
    assert report.status == ImpactReportStatus.READY
    assert bucket.keys() == [bucket.key(report.file.name)]
    assert "Example Community Group 3" in text_of(download(client, page)[1])

    bucket.server.client().put_object(
        Bucket=bucket.name, Key=bucket.key(report.file.name), Body=b"%PDF-1.7 altered"
    )
    response = client.get(DOWNLOAD.search(page).group(1))
    assert response.status_code == 409
    assert "altered in storage" in response.content.decode()


def test_a_report_not_recorded_leaves_no_object_in_s3(
    press, manager, fund_page, year_grants, bucket, monkeypatch
):
    def database_gone(report, kept):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(impact_reports, "_claim", database_gone)

    page = press(manager, fund_page, year="2026-27")

    assert ImpactReport.objects.get().status == ImpactReportStatus.FAILED
    assert "could not be saved in the private file store" in words(page)
    assert bucket.keys() == []
