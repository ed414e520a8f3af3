"""The budget in the fund's page editor, and reverting and unpublishing pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text

from fund.applications.models import Application
from fund.awards.models.awards import Award
from fund.calls.models import CallPage, FundPage
from tests.factories import AwardFactory

pytestmark = pytest.mark.django_db


def fund_form(fund, **changes):
    return nested_form_data(
        {
            "title": fund.title,
            "slug": fund.slug,
            "introduction": rich_text(""),
            "total_budget": str(fund.total_budget),
            "financial_year": fund.financial_year,
            "funding_source": fund.funding_source,
            "reference_prefix": fund.reference_prefix,
            "default_conditions": rich_text(""),
            "action-publish": "publish",
            **changes,
        }
    )


def test_a_total_budget_below_what_is_committed_is_refused_with_the_figures(
    client, manager, fund_page, open_call, held
):
    client.force_login(manager)
    url = f"/admin/pages/{fund_page.pk}/edit/"

    response = client.post(url, fund_form(fund_page, total_budget="1000.00"))

    assert response.status_code == 200
    assert (
        "The total budget cannot be less than the £1,500.00 already committed to awards. "
        "Enter a total of at least £1,500.00."
    ) in response.content.decode()
    assert FundPage.objects.get(pk=fund_page.pk).total_budget == Decimal("50000.00")

    response = client.post(url, fund_form(fund_page, total_budget="1500.00"))
    assert response.status_code == 302
    assert FundPage.objects.get(pk=fund_page.pk).total_budget == Decimal("1500.00")


def test_the_budget_check_reads_what_is_committed_now_and_the_database_has_the_last_word(
    fund_page, open_call, manager
):
    stale = FundPage.objects.get(pk=fund_page.pk)  # read before the award
    AwardFactory(
        call=open_call, by=manager, amount="1500", application__amount_requested=Decimal("2500")
    )
    stale.total_budget = Decimal("1000.00")

    with pytest.raises(ValidationError, match="£1,500.00 already committed"):
        stale.full_clean()
    # A save that skips the check (or races an award made after it) is
    # refused by the CHECK constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        stale.save(clean=False)

    fund = FundPage.objects.get(pk=fund_page.pk)
    assert (fund.total_budget, fund.committed) == (Decimal("50000.00"), Decimal("1500.00"))


def test_reverting_a_fund_to_an_old_revision_does_not_wind_back_what_is_committed(
    client, manager, fund_page, open_call
):
    first = FundPage.objects.get(pk=fund_page.pk).save_revision()  # nothing committed
    first.publish()
    AwardFactory(
        call=open_call, by=manager, amount="1500", application__amount_requested=Decimal("2500")
    )
    client.force_login(manager)
    url = f"/admin/pages/{fund_page.pk}/revisions/{first.pk}/revert/"

    assert client.get(url).status_code == 200
    response = client.post(url, fund_form(fund_page, total_budget="45000.00"))

    assert response.status_code == 302
    fund = FundPage.objects.get(pk=fund_page.pk)
    assert fund.total_budget == Decimal("45000.00")
    assert fund.committed == Decimal("1500.00")
    assert fund.get_latest_revision_as_object().committed == Decimal("1500.00")
    assert PageLogEntry.objects.filter(page=fund, action="wagtail.revert").exists()


def test_unpublishing_a_call_keeps_its_applications_and_awards(client, manager, open_call, held):
    client.force_login(manager)

    response = client.post(f"/admin/pages/{open_call.pk}/unpublish/")

    assert response.status_code == 302
    call = CallPage.objects.get(pk=open_call.pk)
    assert not call.live
    assert Application.objects.filter(page=call).count() == 3
    assert Award.objects.get().application.page_id == call.pk
