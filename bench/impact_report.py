"""Impact report benchmark (issue 14): `python bench/impact_report.py` or
`make bench`.

The Commissioner's impact report for a fund with 200 grants (each with
agreed targets, an accepted progress report and a case study, half of them
consented: tests/support/outcomes.py), end to end (the figures from the
database, the template, WeasyPrint's PDF/UA-1) against WeasyPrint alone
rendering the same HTML with the same options: the ratio is our overhead
(aim: at most 1.2). Measured alternately in the same run.
"""

from _data import build_site, refresh_statistics, staff
from _setup import compare, django_setup, machine, ms, verdict

GRANTS = 200
REPEAT = 7


def build_data():
    from tests.support.outcomes import add_grants

    _site, fund, call = build_site()
    manager = staff("manager", "Fund managers")
    add_grants(call, GRANTS, manager=manager)
    refresh_statistics()
    return fund


def main():
    django_setup()
    print(machine())
    fund = build_data()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from fund.monitoring import impact
    from fund.monitoring.selectors.outcomes import FinancialYear

    year = FinancialYear.parse(fund.financial_year)

    def end_to_end():
        return impact.impact_report_pdf(fund=fund, year=year)

    html = impact.impact_html(fund=fund, year=year)

    def weasyprint_alone():
        return impact.html_to_pdf(html)

    with CaptureQueriesContext(connection) as captured:
        pdf = end_to_end()
    import io

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    t_ours, t_alone, ratio = compare(end_to_end, weasyprint_alone, repeat=REPEAT)
    print()
    print(f"Impact report, {GRANTS} grants ({pages} pages, {len(pdf):,} bytes):")
    print(f"  end to end:       {ms(t_ours)}, {len(captured.captured_queries)} queries")
    print(f"  WeasyPrint alone: {ms(t_alone)}")
    print(f"  ratio end to end / WeasyPrint alone: {ratio:8.3f}  {verdict(ratio, 1.2)}")


if __name__ == "__main__":
    main()
