"""The fixtures of the tests of what is published."""

import pytest

from fund.opendata.pages import GrantsAwardedPage


@pytest.fixture
def grants_page(home_page):
    """The grants awarded page, under the home page."""
    return home_page.add_child(
        instance=GrantsAwardedPage(title="Grants awarded", slug="grants-awarded")
    )
