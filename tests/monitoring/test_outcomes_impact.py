"""The Commissioner's impact report: asked for on Reports > Outcomes, made by
the task worker (the ImmediateBackend here, once the request commits), kept
in private storage and downloaded as a tagged PDF per fund and year."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import PageLogEntry

from fund.core.pdf import AssetFetcher
from fund.management.integrity import integrity_check
from fund.monitoring import impact
from fund.monitoring.models import ImpactReport, ImpactReportStatus
from fund.monitoring.selectors.outcomes import FinancialYear
from fund.monitoring.services import impact_reports
from tests.support.impact_reports import DOWNLOAD, RETRY, download, text_of, words
from tests.support.pages import assert_private_no_store, assert_refused, page_text

pytestmark = pytest.mark.django_db


def test_the_report_is_made_once_asked_for_and_downloaded_as_a_tagged_pdf(
    client, press, manager, fund_page, year_grants, impact_report_storage
):
    page = press(manager, fund_page, year="2026-27")

    report = ImpactReport.objects.get()
    response, pdf = download(client, page)
    assert report.status == ImpactReportStatus.READY
    assert report.attempts == 1 and report.made_at is not None
    assert report.sha256 == hashlib.sha256(pdf).hexdigest() and report.size == len(pdf)
    assert re.fullmatch(r"impact-reports/[0-9a-f]{32}\.pdf", report.file.name)
    assert impact_report_storage.listdir("impact-reports")[1] == [report.file.name.split("/")[1]]
    assert f"Ready: download the impact report for 2026-27 (PDF, {report.size_label})" in words(
        page
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="impact-report-safer-communities-fund-2026-27.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert_private_no_store(response, "impact report")
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert PdfReader(io.BytesIO(pdf)).metadata.title == (
        "What the Safer Communities Fund achieved in 2026-27"
    )
    assert PageLogEntry.objects.filter(page=fund_page, action="fund.impact.make").exists()


def test_the_report_has_the_totals_and_only_consented_case_studies(
    client, press, finance, fund_page, year_grants
):
    text = text_of(download(client, press(finance, fund_page, year="2026-27"))[1])

    assert "Awarded (4 grants) £8,000.00" in text
    assert "Paid £8,000.00" in text
    assert "Victims and survivors supported (people) 40 12 30%" in text
    assert "Example Community Group 3" in text
    # Consent was given on even-numbered grants only (tests/support/outcomes.py).
    assert "Grant 2 helped a survivor find safe housing." in text
    assert "Grant 1 helped" not in text
    assert "Grant 3 helped" not in text
    assert "Sam Example" not in text and "contact0@example.org" not in text
    assert "Leeds" in text and "By district" in text


def test_another_year_holds_no_grants(client, press, manager, fund_page, year_grants):
    text = text_of(download(client, press(manager, fund_page, year="2027-28"))[1])

    assert "No grants were made in 2027-28." in text
    assert "Example Community Group" not in text


def test_the_years_offered_are_the_funds_and_its_grants(client, manager, fund_page, year_grants):
    year_grants[0].decided_at = dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC)  # in 2024-25
    year_grants[0].save()
    client.force_login(manager)

    page = page_text(client.get(reverse("fund_outcomes")))

    select = re.search(r'<select id="impact-year" name="year">(.*?)</select>', page, re.S)[1]
    assert re.findall(r'<option value="([^"]*)"', select) == ["2026-27", "2025-26", "2024-25", ""]
    assert '<option value="2026-27" selected>' in select
    assert "No impact report has been made for this fund yet." in page


def test_a_year_that_is_not_one_is_refused_in_words(press, manager, fund_page, year_grants):
    page = press(manager, fund_page, year="next year")

    assert "Choose the financial year from the list, such as 2026-27, and try again." in words(page)
    assert not ImpactReport.objects.exists()


def test_while_it_is_being_made_the_page_says_so_and_does_not_make_it_twice(
    client, manager, fund_page, year_grants
):
    client.force_login(manager)
    url = reverse("fund_outcomes_impact_request", args=[fund_page.pk])
    client.post(url, {"year": "2026-27"})  # not committed: the task has not run

    again = page_text(client.post(url, {"year": "2026-27"}, follow=True))
    report = ImpactReport.objects.get()
    refused = client.get(reverse("fund_outcomes_impact_download", args=[report.pk]))

    assert "Being made — refresh in a minute" in words(again)
    assert "The impact report for 2026-27 is being made already." in words(again)
    assert refused.status_code == 404
    assert "still being made" in refused.content.decode()


def test_a_report_lost_while_being_made_may_be_asked_for_again(
    press, manager, fund_page, year_grants
):
    lost = impact_reports.impact_report_request(
        fund=fund_page, year=FinancialYear(2026), by=manager
    )  # its task never ran
    ImpactReport.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - impact_reports.STALLED_AFTER - dt.timedelta(minutes=1)
    )

    page = press(manager, fund_page, year="2026-27")

    assert ImpactReport.objects.filter(status=ImpactReportStatus.READY).count() == 1
    lost.refresh_from_db()
    assert lost.status == ImpactReportStatus.FAILED
    assert "Being made" not in words(page)
    assert f"Could not be made: {impact_reports.LOST}" in words(page)  # and may be tried again


def test_the_button_needs_the_pages_csrf_token(manager, fund_page, year_grants):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)

    response = browser.post(
        reverse("fund_outcomes_impact_request", args=[fund_page.pk]), {"year": "2026-27"}
    )

    assert response.status_code == 403
    assert not ImpactReport.objects.exists()


def test_a_failure_says_why_keeps_no_file_and_can_be_tried_again(
    client, press, manager, fund_page, year_grants, monkeypatch, impact_report_storage
):
    def broken(**kwargs):
        raise OSError("WeasyPrint ran out of memory at /srv/fund")

    drawn = impact.impact_report_pdf
    monkeypatch.setattr(impact, "impact_report_pdf", broken)

    page = press(manager, fund_page, year="2026-27")

    report = ImpactReport.objects.get()
    assert report.status == ImpactReportStatus.FAILED and report.attempts == 1
    assert (
        "Could not be made: The PDF could not be drawn from the fund's figures. "
        "Try again to make the impact report for 2026-27"
    ) in words(page)
    assert "/srv/fund" not in page  # the details go to the log, not the page
    assert not impact_report_storage.exists("impact-reports")
    refused = client.get(reverse("fund_outcomes_impact_download", args=[report.pk]))
    assert refused.status_code == 404 and "could not be made" in refused.content.decode()

    monkeypatch.setattr(impact, "impact_report_pdf", drawn)
    page = press(manager, fund_page, url=RETRY.search(page).group(1))

    report.refresh_from_db()
    assert "The impact report for 2026-27 is being made again." in words(page)
    assert report.status == ImpactReportStatus.READY and report.attempts == 2
    assert report.error == ""
    assert "Example Community Group" in text_of(download(client, page)[1])
    assert ImpactReport.objects.count() == 1


def test_a_report_that_cannot_be_stored_is_failed_and_leaves_no_file(
    press, manager, fund_page, year_grants, monkeypatch, impact_report_storage
):
    monkeypatch.setattr(impact, "impact_report_pdf", lambda **kwargs: b"%PDF-1.7 drawn")

    def database_gone(report, kept):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(impact_reports, "_claim", database_gone)

    page = press(manager, fund_page, year="2026-27")

    report = ImpactReport.objects.get()
    assert report.status == ImpactReportStatus.FAILED
    assert report.file.name == "" and report.sha256 == ""
    assert impact_report_storage.listdir("impact-reports") == ([], [])
    assert "could not be saved in the private file store" in words(page)


def test_two_workers_making_one_report_keep_one_file(
    manager, fund_page, year_grants, monkeypatch, impact_report_storage
):
    report = impact_reports.impact_report_request(fund=fund_page, year=None, by=manager)
    calls = []

    def drawn_while_another_worker_makes_it(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:  # the other worker finishes first
            impact_reports.impact_report_render(report_id=report.pk)
        return b"%PDF-1.7 drawn by worker " + str(len(calls)).encode()

    monkeypatch.setattr(impact, "impact_report_pdf", drawn_while_another_worker_makes_it)

    made = impact_reports.impact_report_render(report_id=report.pk)

    assert made.status == ImpactReportStatus.READY
    assert made.sha256 == hashlib.sha256(b"%PDF-1.7 drawn by worker 2").hexdigest()
    assert impact_report_storage.listdir("impact-reports")[1] == [made.file.name.split("/")[1]]
    assert made.attempts == 1


def test_a_report_made_is_not_tried_again(client, press, manager, fund_page, year_grants):
    press(manager, fund_page, year="2026-27")
    report = ImpactReport.objects.get()

    page = page_text(
        client.post(reverse("fund_outcomes_impact_retry", args=[report.pk]), follow=True)
    )

    assert "did not fail, so there is nothing to try again" in words(page)
    assert ImpactReport.objects.get().attempts == 1


def test_finance_may_download_a_managers_report_and_the_panel_may_not(
    client, press, manager, finance, panel_member, fund_page, year_grants
):
    page = press(manager, fund_page, year="2026-27")
    report = ImpactReport.objects.get()

    client.force_login(finance)
    assert download(client, page)[1].startswith(b"%PDF")

    client.force_login(panel_member)
    for response in (
        client.get(reverse("fund_outcomes_impact_download", args=[report.pk])),
        client.post(reverse("fund_outcomes_impact_request", args=[fund_page.pk])),
        client.post(reverse("fund_outcomes_impact_retry", args=[report.pk])),
        client.get(reverse("fund_outcomes_impact", args=[fund_page.pk])),
    ):
        assert_refused(response)
    assert ImpactReport.objects.count() == 1


def test_an_altered_file_is_refused_and_logged(
    client, press, manager, fund_page, year_grants, impact_report_storage
):
    page = press(manager, fund_page, year="2026-27")
    report = ImpactReport.objects.get()
    with impact_report_storage.open(report.file.name, "wb") as stored:
        stored.write(b"%PDF-1.7 not the report that was made")

    response = client.get(DOWNLOAD.search(page).group(1))

    assert response.status_code == 409
    assert "altered in storage since it was made" in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = PageLogEntry.objects.get(page=fund_page, action="fund.impact.tampered")
    assert entry.data["sha256"] == report.sha256


def test_a_file_missing_from_storage_is_said_in_words(
    client, press, manager, fund_page, year_grants, impact_report_storage
):
    page = press(manager, fund_page, year="2026-27")
    impact_report_storage.delete(ImpactReport.objects.get().file.name)

    response = client.get(DOWNLOAD.search(page).group(1))

    assert response.status_code == 404
    assert "missing from storage" in response.content.decode()


def _listed(fund, by, status, year="2026-27"):
    """A report as the list shows it, written straight to the database."""
    made = {"file": "impact-reports/x.pdf", "sha256": "0" * 64, "size": 123_000}
    return ImpactReport.objects.create(
        fund=fund,
        year=year,
        requested_by=by,
        status=status,
        error="The PDF could not be drawn." if status == ImpactReportStatus.FAILED else "",
        made_at=timezone.now() if status == ImpactReportStatus.READY else None,
        **(made if status == ImpactReportStatus.READY else {}),
    )


def test_the_list_costs_the_same_queries_for_one_report_as_for_many(
    client, manager, finance, fund_page, year_grants, django_assert_max_num_queries
):
    _listed(fund_page, manager, ImpactReportStatus.READY)
    client.force_login(manager)
    client.get(reverse("fund_outcomes"))  # the session and the site, read once
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("fund_outcomes"))

    statuses = list(ImpactReportStatus) * 4
    for number, status in enumerate(statuses):
        year = str(FinancialYear(2020 + number % 3))
        _listed(fund_page, (manager, finance)[number % 2], status, year=year)
    with django_assert_max_num_queries(len(one)):
        page = words(page_text(client.get(reverse("fund_outcomes"))))

    # The newest 10 of the 13: pending, ready, failed and so on from the third.
    assert page.count("Being made — refresh in a minute") == 3
    assert page.count("Could not be made: The PDF could not be drawn.") == 4
    assert page.count("(PDF, 120 KB)") == 3
    assert "The 10 most recent are listed." in page


def test_the_integrity_check_names_an_impact_report_whose_file_is_gone(
    press, manager, fund_page, year_grants, impact_report_storage
):
    press(manager, fund_page, year="2026-27")
    report = ImpactReport.objects.get()
    assert integrity_check().faults == []

    impact_report_storage.delete(report.file.name)

    assert integrity_check().faults == [
        f"Impact report (id {report.pk}): its file {report.file.name} is missing from the "
        "private storage."
    ]


def test_the_integrity_check_names_an_impact_report_whose_bytes_changed(
    press, manager, fund_page, year_grants, impact_report_storage
):
    press(manager, fund_page, year="2026-27")
    report = ImpactReport.objects.get()
    with impact_report_storage.open(report.file.name, "wb") as handle:
        handle.write(b"%PDF-1.7 not the report that was made")

    assert integrity_check().faults == [
        f"{report} (impact report id {report.pk}): its stored file does not match the SHA-256 "
        "recorded when it was made, so it is not the document issued."
    ]


def test_the_old_address_leads_to_the_list(client, manager, fund_page):
    client.force_login(manager)

    response = client.get(reverse("fund_outcomes_impact", args=[fund_page.pk]))

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/admin/grants/outcomes/?fund={fund_page.pk}#impact-reports-section"
    )


def test_the_report_fetches_nothing_from_outside(fund_page, year_grants):
    html = impact.impact_html(fund=fund_page, year=FinancialYear(2026))
    html = html.replace("</body>", '<img src="file:///etc/passwd" alt=""></body>')
    fetcher = AssetFetcher()

    impact.html_to_pdf(html, fetcher)

    assert fetcher.requested == ["file:///etc/passwd"]


def test_a_fund_deleted_with_its_impact_reports_leaves_no_pdf_behind(
    press, manager, fund_page, impact_report_storage, django_capture_on_commit_callbacks
):
    press(manager, fund_page, year="2026-27")  # a fund with no grants yet
    name = ImpactReport.objects.get().file.name
    assert impact_report_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        fund_page.delete()

    assert not ImpactReport.objects.exists()
    assert not impact_report_storage.exists(name)
