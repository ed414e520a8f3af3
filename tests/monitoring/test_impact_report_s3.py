"""The impact report kept in S3: moto's S3 server, spoken to over HTTP as
any object store is (tests/support/servers.py). Made, listed, downloaded and
checked against its SHA-256 as in the local folder; a failure leaves no
object behind."""

import uuid

import pytest
from storages.backends.s3 import S3Storage

from fund.monitoring.models import ImpactReport, ImpactReportStatus
from fund.monitoring.services import impact_reports
from tests.support.impact_reports import DOWNLOAD, download, text_of, words
from tests.support.servers import s3_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture
def bucket(s3, monkeypatch):
    """A bucket of its own for the test, where impact reports are kept."""
    name = s3.bucket_create(f"impact-{uuid.uuid4().hex[:12]}")
    storage = S3Storage(
        bucket_name=name,
        endpoint_url=s3.endpoint_url,
        region_name=s3.region,
        access_key=s3.access_key_id,
        secret_key=s3.secret_access_key,
    )
    monkeypatch.setattr(ImpactReport._meta.get_field("file"), "storage", storage)
    return name


def keys(s3, bucket):
    return [item["Key"] for item in s3.client().list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_the_report_is_kept_in_s3_and_checked_when_downloaded(
    client, press, manager, fund_page, year_grants, s3, bucket
):
    page = press(manager, fund_page, year="2026-27")

    report = ImpactReport.objects.get()
    assert report.status == ImpactReportStatus.READY
    assert keys(s3, bucket) == [report.file.name]
    assert "Example Community Group 3" in text_of(download(client, page)[1])

    s3.client().put_object(Bucket=bucket, Key=report.file.name, Body=b"%PDF-1.7 altered")
    response = client.get(DOWNLOAD.search(page).group(1))
    assert response.status_code == 409
    assert "altered in storage" in response.content.decode()


def test_a_report_not_recorded_leaves_no_object_in_s3(
    press, manager, fund_page, year_grants, s3, bucket, monkeypatch
):
    def database_gone(report, kept):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(impact_reports, "_claim", database_gone)

    page = press(manager, fund_page, year="2026-27")

    assert ImpactReport.objects.get().status == ImpactReportStatus.FAILED
    assert "could not be saved in the private file store" in words(page)
    assert keys(s3, bucket) == []
