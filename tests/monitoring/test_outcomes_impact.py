"""The Commissioner's impact report: a tagged PDF per fund and financial year."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from fund.core.pdf import AssetFetcher
from fund.monitoring import impact
from fund.monitoring.selectors.outcomes import FinancialYear
from tests.support.outcomes import add_grants

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants(open_call, manager):
    awards = add_grants(open_call, 4, manager=manager)
    for award in awards:  # decided in the fund's year, 2026-27
        award.decided_at = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
        award.save()
    return awards


def download(client, user, fund, **params):
    client.force_login(user)
    response = client.get(reverse("fund_outcomes_impact", args=[fund.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(pdf):
    return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)


def test_the_report_is_a_tagged_pdf(client, manager, fund_page, grants):
    pdf = download(client, manager, fund_page)
    catalog = pdf.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert pdf.metadata.title == "What the Safer Communities Fund achieved in 2026-27"


def test_the_report_has_the_totals_and_only_consented_case_studies(
    client, finance, fund_page, grants
):
    text = text_of(download(client, finance, fund_page))

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


def test_another_year_holds_no_grants(client, manager, fund_page, grants):
    text = text_of(download(client, manager, fund_page, year="2027-28"))

    assert "No grants were made in 2027-28." in text
    assert "Example Community Group" not in text


def test_the_report_fetches_nothing_from_outside(fund_page, grants):
    html = impact.impact_html(fund=fund_page, year=FinancialYear(2026))
    html = html.replace("</body>", '<img src="file:///etc/passwd" alt=""></body>')
    fetcher = AssetFetcher()

    impact.html_to_pdf(html, fetcher)

    assert fetcher.requested == ["file:///etc/passwd"]
