"""The object store failing while an applicant or grantee sends files: a
bucket that is not there, a store that refuses part-way, a server that does
not answer. Each leaves no row and no object behind, and the person sees a
plain message with the rest of their answers still on the page."""

import json

import pytest

from fund.applications.models import Application, ApplicationDocument
from fund.applications.services import drafts
from fund.monitoring.models import GrantReport, ReportEvidence
from tests.support.applying import apply, pdf, png
from tests.support.pages import page_text
from tests.support.private_files import private_files_to
from tests.support.reporting import answers, final_report, grantee, report_url, reporting_award
from tests.support.servers import S3Server, free_port

pytestmark = pytest.mark.django_db

NOT_SAVED = "Sorry, we could not save your application just now because of a problem on our side."
REPORT_NOT_SAVED = "Sorry, we could not save your report just now because of a problem on our side."


def assert_answers_kept(response, message):
    text = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert message in text
    assert "Your answers are still on this page" in text
    return text


def test_a_bucket_that_is_not_there_keeps_nothing_and_says_so(
    client, open_call, s3_session_server, settings, monkeypatch
):
    missing = s3_session_server.storage_settings("scf-no-such-bucket")
    private_files_to(missing, settings, monkeypatch)

    response = apply(client, open_call, files={"documents": [pdf()]})

    text = assert_answers_kept(response, NOT_SAVED)
    assert 'value="Aire Valley Freedom Project"' in text
    assert "Survivors sit on our steering group." in text
    assert not Application.objects.exists()
    assert not ApplicationDocument.objects.exists()
    buckets = s3_session_server.client().list_buckets()["Buckets"]
    assert "scf-no-such-bucket" not in {b["Name"] for b in buckets}


def test_a_store_that_refuses_part_way_leaves_no_object_behind(
    client, open_call, bucket, monkeypatch
):
    """The first file is stored; then the bucket refuses every upload (its
    policy changed): the stored one is deleted again."""
    keep_checked = drafts.keep_checked
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket.name}/*",
            }
        ],
    }
    stored_first = []

    def then_refuse(record, checked, stored):
        kept = keep_checked(record, checked, stored)
        stored_first.extend(bucket.keys())
        bucket.server.client().put_bucket_policy(Bucket=bucket.name, Policy=json.dumps(deny))
        return kept

    monkeypatch.setattr(drafts, "keep_checked", then_refuse)

    response = apply(client, open_call, files={"documents": [pdf(), png()]})

    assert len(stored_first) == 1  # the first file reached the bucket
    assert_answers_kept(response, NOT_SAVED)
    assert not Application.objects.exists()
    assert not ApplicationDocument.objects.exists()
    assert bucket.keys() == []


@pytest.fixture
def store_down(settings, monkeypatch):
    """Private files pointed at a server that does not answer (nothing
    listens on its port)."""
    down = S3Server(endpoint_url=f"http://127.0.0.1:{free_port()}")
    private_files_to(down.storage_settings("scf-private"), settings, monkeypatch)


def test_a_store_that_does_not_answer_keeps_the_draft_and_says_so(client, open_call, store_down):
    response = apply(client, open_call, files={"documents": [pdf()]})

    text = assert_answers_kept(response, NOT_SAVED)
    assert 'value="Aire Valley Freedom Project"' in text
    assert not ApplicationDocument.objects.exists()


def test_a_grantees_evidence_with_the_store_down_keeps_their_report_as_it_was(
    open_call, store_down
):
    award = reporting_award(open_call)
    report = final_report(award)

    response = grantee(award).post(
        report_url(report), answers(award, evidence=[pdf("receipts.pdf")])
    )

    text = assert_answers_kept(response, REPORT_NOT_SAVED)
    assert "Survivors had somewhere safe to go each week." in text
    assert "£2,500" in text
    assert not ReportEvidence.objects.exists()
    assert GrantReport.objects.get(pk=report.pk).status == report.status
