"""The Commissioner's impact report: one fund's grants decided in one
financial year, as a tagged PDF (PDF/UA-1) for the Commissioner's account
of what the money achieved.

It holds the money awarded, paid and returned; the organisations funded
(names, amounts, districts); the outcomes against targets in total and by
district; and the case studies whose authors consented to publishing them.
Nothing else personal: no contact's name, e-mail, address or telephone.

Rendered by fund/core/pdf.py (as award letters are) with a fetcher given
no assets: the report's styles are inline and it has no images, so any URL
that a stylesheet or a grantee's text might name (a file: URL, http) is
refused.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from fund.core.funder import funder_settings
from fund.core.pdf import AssetFetcher, render_pdf
from fund.monitoring.selectors import outcomes, outcomes_published
from fund.monitoring.selectors.outcomes import FinancialYear, Scope

TEMPLATE = "fund/outcomes/impact_report.html"


def impact_context(*, fund, year: FinancialYear | None) -> dict:
    scope = Scope(fund=fund, year=year)
    return {
        "fund": fund,
        "year": year,
        "funder": funder_settings(),
        "produced": timezone.localdate(),
        "money": outcomes.money_totals(scope=scope),
        "organisations": outcomes_published.organisations_funded(scope=scope),
        "measures": outcomes.measure_totals(scope=scope),
        "by_district": outcomes.measure_totals_by_district(scope=scope),
        "case_studies": outcomes_published.case_studies(scope=scope),
    }


def impact_html(*, fund, year: FinancialYear | None) -> str:
    return render_to_string(TEMPLATE, impact_context(fund=fund, year=year))


def html_to_pdf(html: str, fetcher: AssetFetcher | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1); the fetcher has no assets, so it loads nothing."""
    return render_pdf(html, fetcher=fetcher or AssetFetcher())


def impact_report_pdf(*, fund, year: FinancialYear | None) -> bytes:
    return html_to_pdf(impact_html(fund=fund, year=year))
