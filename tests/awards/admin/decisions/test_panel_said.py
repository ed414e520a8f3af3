"""The decision forms show the fund manager what the panel said."""

from decimal import Decimal

import pytest

from tests.awards.admin.decisions.helpers import close, panel_member, review
from tests.support.pages import page_text
from tests.support.states import award_url, decline_url

pytestmark = pytest.mark.django_db


def test_the_award_form_shows_the_panel_and_starts_at_the_amount_they_agreed(
    client, manager, ready
):
    client.force_login(manager)

    response = client.get(award_url(ready))

    page = page_text(response)
    assert response.context["form"]["amount"].value() == Decimal("1800")
    assert "The panel agreed on £1,800.00, so the amount starts there." in page
    for said in ("Priya Panel", "Paul Panel", "Fund in part", "Fund the casework only."):
        assert said in page
    assert "the training budget is high" in page
    assert "It is too soon" not in page
    assert "early_reason" not in response.context["form"].fields


def test_when_the_panel_disagree_the_amount_is_left_for_the_fund_manager(
    client, manager, screened, open_call
):
    review(screened, manager, panel_member("Priya"), recommendation="fund_full")
    review(screened, manager, panel_member("Paul"), recommendation="decline", comment="Too costly.")
    close(open_call)
    client.force_login(manager)

    response = client.get(award_url(screened))

    assert response.context["form"]["amount"].value() is None
    page = page_text(response)
    assert "The panel did not agree on an amount" in page
    assert "£4,000.00 (in full)" in page
    assert "Too costly." in page


def test_the_decline_form_shows_the_panels_comments(client, manager, ready):
    client.force_login(manager)

    page = page_text(client.get(decline_url(ready)))

    assert "What the panel said" in page
    assert "Fund the casework only." in page
