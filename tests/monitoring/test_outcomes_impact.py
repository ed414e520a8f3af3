"""The Commissioner's impact report: asked for on Reports > Outcomes, made by
the task worker (the ImmediateBackend here, once the request commits), kept
in private storage and downloaded as a tagged PDF per fund and year."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import PageLogEntry

from fund.core.pdf import AssetFetcher
from fund.monitoring import impact
from fund.monitoring.models import ImpactReport, ImpactReportStatus
from fund.monitoring.selectors.outcomes import FinancialYear
from fund.monitoring.services import impact_reports
from tests.support.outcomes import add_grants
from tests.support.pages import assert_private_no_store, assert_refused, page_text, read_body

pytestmark = pytest.mark.django_db

DOWNLOAD = re.compile(r'href="(/admin/grants/outcomes/impact-reports/\d+/download/)"')
RETRY = re.compile(r'action="(/admin/grants/outcomes/impact-reports/\d+/retry/)"')


@pytest.fixture
def grants(open_call, manager):
    awards = add_grants(open_call, 4, manager=manager)
    for award in awards:  # decided in the fund's year, 2026-27
        award.decided_at = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
        award.save()
    return awards


@pytest.fixture
def press(client, django_capture_on_commit_callbacks):
    """Press "Make the impact report" (or post to ``url``) as ``user``; the
    task runs once the request commits. The dashboard the button leads back
    to, as the person reads it."""

    def press(user, fund, url=None, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url or reverse("fund_outcomes_impact_request", args=[fund.pk]), data
            )
        assert response.status_code == 302
        assert response["Location"].endswith(f"?fund={fund.pk}#impact-reports-section")
        return page_text(client.get(response["Location"]))

    return press


def download(client, page):
    """Follow the newest report's download link on the dashboard."""
    response = client.get(DOWNLOAD.search(page).group(1))
    assert response.status_code == 200, read_body(response)
    assert response["Content-Type"] == "application/pdf"
    return response, read_body(response)


def words(page: str) -> str:
    """The page's words as a person reads them: no tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_report_is_made_once_asked_for_and_downloaded_as_a_tagged_pdf(
    client, press, manager, fund_page, grants, impact_report_storage
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
    client, press, finance, fund_page, grants
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


def test_another_year_holds_no_grants(client, press, manager, fund_page, grants):
    text = text_of(download(client, press(manager, fund_page, year="2027-28"))[1])

    assert "No grants were made in 2027-28." in text
    assert "Example Community Group" not in text


def test_the_years_offered_are_the_funds_and_its_grants(client, manager, fund_page, grants):
    grants[0].decided_at = dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC)  # in 2024-25
    grants[0].save()
    client.force_login(manager)

    page = page_text(client.get(reverse("fund_outcomes")))

    select = re.search(r'<select id="impact-year" name="year">(.*?)</select>', page, re.S)[1]
    assert re.findall(r'<option value="([^"]*)"', select) == ["2026-27", "2025-26", "2024-25", ""]
    assert '<option value="2026-27" selected>' in select
    assert "No impact report has been made for this fund yet." in page


def test_a_year_that_is_not_one_is_refused_in_words(press, manager, fund_page, grants):
    page = press(manager, fund_page, year="next year")

    assert "Choose the financial year from the list, such as 2026-27, and try again." in words(page)
    assert not ImpactReport.objects.exists()


def test_while_it_is_being_made_the_page_says_so_and_does_not_make_it_twice(
    client, manager, fund_page, grants
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


def test_a_failure_says_why_keeps_no_file_and_can_be_tried_again(
    client, press, manager, fund_page, grants, monkeypatch, impact_report_storage
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
    press, manager, fund_page, grants, monkeypatch, impact_report_storage
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
    manager, fund_page, grants, monkeypatch, impact_report_storage
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


def test_a_report_made_is_not_tried_again(client, press, manager, fund_page, grants):
    press(manager, fund_page, year="2026-27")
    report = ImpactReport.objects.get()

    page = page_text(
        client.post(reverse("fund_outcomes_impact_retry", args=[report.pk]), follow=True)
    )

    assert "did not fail, so there is nothing to try again" in words(page)
    assert ImpactReport.objects.get().attempts == 1


def test_finance_may_download_a_managers_report_and_the_panel_may_not(
    client, press, manager, finance, panel_member, fund_page, grants
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
    client, press, manager, fund_page, grants, impact_report_storage
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
    client, press, manager, fund_page, grants, impact_report_storage
):
    page = press(manager, fund_page, year="2026-27")
    impact_report_storage.delete(ImpactReport.objects.get().file.name)

    response = client.get(DOWNLOAD.search(page).group(1))

    assert response.status_code == 404
    assert "missing from storage" in response.content.decode()


def test_the_old_address_leads_to_the_list(client, manager, fund_page):
    client.force_login(manager)

    response = client.get(reverse("fund_outcomes_impact", args=[fund_page.pk]))

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/admin/grants/outcomes/?fund={fund_page.pk}#impact-reports-section"
    )


def test_the_report_fetches_nothing_from_outside(fund_page, grants):
    html = impact.impact_html(fund=fund_page, year=FinancialYear(2026))
    html = html.replace("</body>", '<img src="file:///etc/passwd" alt=""></body>')
    fetcher = AssetFetcher()

    impact.html_to_pdf(html, fetcher)

    assert fetcher.requested == ["file:///etc/passwd"]
