"""What the tests of tests/reports/admin/charts share.

Reports > Call statistics: a call's applications by status and district,
the distribution of their scores, and what they asked for against what has
been awarded, each as an SVG picture beside a table of its figures.
"""

from bs4 import BeautifulSoup
from django.urls import reverse

from tests.support.states import scored_by

URL = "fund_call_statistics"


def statistics_url(call=None):
    url = reverse(URL)
    return f"{url}?call={call if isinstance(call, str) else call.pk}" if call else url


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def figures(response, name):
    """A chart's table as {row heading: [cells]}, body and footer rows."""
    table = soup_of(response).find("table", attrs={"data-figures": name})
    assert table is not None, f"no table of {name} figures"
    return {
        row.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr, tfoot tr")
    }


def column(response, name, index=0):
    return {heading: cells[index] for heading, cells in figures(response, name).items()}


def text_of(response):
    return " ".join(soup_of(response).get_text(" ").split())


def scored(call, manager, reviewers, *scores, **fields):
    """An application screened eligible and scored by each reviewer in turn.
    The call has one criterion out of 5, so a score of 4 is 80%."""
    application = scored_by(call, manager, reviewers, *scores, **fields)
    application.refresh_from_db()
    return application
