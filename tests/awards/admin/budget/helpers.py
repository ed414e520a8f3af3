"""What the tests of tests/awards/admin/budget share.

Budget at a glance (the dashboard panel) and the awards report, through
the admin as each role would use them.
"""

import re
from decimal import Decimal

from bs4 import BeautifulSoup

from fund.calls.models import FundPage

HOSTILE = '=HYPERLINK("http://x")'


DASHBOARD = "wagtailadmin_home"


REPORT = "awards:index"


#: Who accepts each award, and the BACS reference of each payment.
PAYING = {"accepted_by": "Sam Example", "bacs_reference": "SCF PAY 1"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def words(element):
    """An element's text as a person reads it: one space between words."""
    return re.sub(r"\s+", " ", element.get_text(" ")).strip() if element else ""


def second_fund(home_page):
    return home_page.add_child(
        instance=FundPage(
            title="Victims' Recovery Fund",
            slug="recovery",
            total_budget=Decimal("20000.00"),
            funding_source="Proceeds of Crime Act 2002",
            financial_year="2027-28",
            reference_prefix="VRF",
        )
    )
