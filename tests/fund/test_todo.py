"""The admin home as each role's list of today's work: counts that link to
the filtered lists they count, and nothing about pages for those who do not
edit them."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from fund import selectors, services
from fund.admin import todo
from tests.fund import states
from tests.fund.banking import bank_details_approved

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def round_under_way(open_call, manager, panel_member, finance):
    """Two to screen, one to assign, one to decide, one offer, one to pay."""
    states.submitted(open_call)
    states.submitted(open_call)
    states.eligible(open_call, manager)
    states.reviewed(open_call, manager, panel_member)
    states.offered(open_call, manager, panel_member)
    to_pay = states.offered(open_call, manager, panel_member)
    services.award_accept(award=to_pay, name="Sam Example", position="Chair", by=manager)
    bank_details_approved(to_pay)
    services.payment_record(
        award=to_pay,
        paid_on=timezone.localdate(),
        amount="100",
        bacs_reference="SCF1",
        by=finance,
    )


def test_a_fund_manager_sees_what_waits_for_them_each_a_link(client, manager, round_under_way):
    page = home(client, manager)

    assert "Today's work" in page
    for count, label, status in [
        (2, "Applications to screen", "submitted"),
        (1, "Eligible applications to assign to the panel", "eligible"),
        (1, "Reviewed applications ready for a decision", "reviewed"),
    ]:
        url = f"{reverse('applications:index')}?status={status}"
        assert f'<a href="{url}"><strong class="w-tabular-nums">{count}</strong> {label}' in page
    url = f"{reverse('awards:index')}?status=offered"
    assert f'<a href="{url}"><strong class="w-tabular-nums">1</strong> Offers awaiting' in page
    assert "Accepted awards to pay" not in page  # finance's, not theirs


def test_finance_sees_what_to_pay_and_no_page_counts(client, finance, round_under_way):
    page = home(client, finance)

    url = f"{reverse('awards:index')}?status=accepted"
    count = '<strong class="w-tabular-nums">1</strong>'
    assert f'<a href="{url}">{count} Accepted awards to pay' in page
    assert f"{count} Payments recorded this week" in page
    assert "Applications to screen" not in page
    assert "Pages</" not in page and "w-summary" not in page


def test_every_link_opens_a_list_as_long_as_its_count(client, manager, finance, round_under_way):
    counts = selectors.todo_counts(today=timezone.localdate())
    items = todo.manager_items(counts) + todo.finance_items(counts)
    client.force_login(finance)
    report = client.get(reverse("fund_awards_report"))
    assert report.status_code == 200  # the payments link: the awards report

    for item in items:
        if "?" not in item.url:
            continue
        client.force_login(manager if "applications" in item.url else finance)
        listing = client.get(item.url)
        assert listing.status_code == 200, item.label
        assert len(listing.context["object_list"]) == item.count, item.label


def test_the_panel_gets_no_to_do_counts(client, panel_member, round_under_way):
    page = home(client, panel_member)

    assert "Today's work" not in page
