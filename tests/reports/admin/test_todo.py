"""The admin home as each role's list of today's work: counts that link to
the filtered lists they count, and nothing about pages for those who do not
edit them."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from fund.awards.models.awards import Award
from fund.awards.services.bank import bank_details_change
from fund.awards.services.lifecycle import award_accept
from fund.awards.services.payments import instalment_add, payment_record
from fund.calls.models import CallPage
from fund.monitoring.models import GrantReport, ReportStatus
from fund.reports.admin import todo
from fund.reports.selectors import todo_counts, week_start
from tests.factories.calls import make_call
from tests.support import states
from tests.support.banking import BANK_DETAILS, bank_details_approved

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def round_under_way(open_call, manager, panel_member, finance):
    """Two to screen, one to assign, one review overdue, one to decide, two
    offers (one past its accept-by date), two accepted awards to pay (one
    with an instalment due, paid in part this week) and one fully paid; one
    report waiting for review and one overdue."""
    today = timezone.localdate()
    states.submitted(open_call)
    states.submitted(open_call)
    states.eligible(open_call, manager)
    states.in_review(open_call, manager, panel_member)
    CallPage.objects.filter(pk=open_call.pk).update(
        reviews_close_at=timezone.now() - dt.timedelta(hours=1)
    )
    # Reviewed, but too soon to decide: its call is open and one of two reviews is in.
    states.reviewed(open_call, manager, panel_member)
    # Ready: its call has closed and the one review it needs is in.
    closed = make_call(
        open_call.get_parent(),
        slug="closed",
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
        minimum_reviews=1,
    )
    states.reviewed(closed, manager, panel_member)
    states.offered(open_call, manager, panel_member)
    late = states.offered(open_call, manager, panel_member)
    Award.objects.filter(pk=late.pk).update(accept_by=today - dt.timedelta(days=1))

    def accepted():
        award = states.offered(open_call, manager, panel_member)
        award_accept(award=award, name="Sam Example", position="Chair", by=manager)
        bank_details_approved(award)
        return award

    due = accepted()
    instalment_add(award=due, due_on=today, amount="1000", by=finance)
    instalment_add(award=due, due_on=today + dt.timedelta(days=30), amount="2000", by=finance)
    payment_record(award=due, paid_on=today, amount="400", bacs_reference="SCF1", by=finance)
    not_due = accepted()
    instalment_add(award=not_due, due_on=today + dt.timedelta(days=7), amount="3000", by=finance)
    paid = accepted()
    payment_record(
        award=paid,
        paid_on=today - dt.timedelta(days=7),
        amount="3000",
        bacs_reference="SCF2",
        by=finance,
    )
    # Accepted, its bank details given online and waiting for finance.
    waiting = states.offered(open_call, manager, panel_member)
    award_accept(award=waiting, name="Sam Example", position="Chair", by=manager)
    bank_details_change(award=waiting, **BANK_DETAILS)
    reports_in(sent=due, overdue=not_due, offered=late)
    return {"due": due, "not_due": not_due, "paid": paid, "waiting": waiting}


def reports_in(*, sent, overdue, offered):
    """One final report sent and waiting for review, one past its due date,
    and one past it on an offer (not overdue: the grantee reports once the
    offer is accepted)."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    GrantReport.objects.filter(award=sent, kind="final").update(
        status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    GrantReport.objects.filter(award__in=[overdue, offered], kind="final").update(due_on=yesterday)


def link(url, count, label):
    return f'<a href="{url}"><strong class="w-tabular-nums">{count}</strong> {label}'


def test_a_fund_manager_sees_what_waits_for_them_each_a_link(client, manager, round_under_way):
    page = home(client, manager)

    assert "Today's work" in page
    applications = reverse("applications:index")
    awards = reverse("awards:index")
    grant_reports = reverse("grant_reports:index")
    for url, count, label in [
        (f"{applications}?status=submitted", 2, "Applications to screen"),
        (f"{applications}?status=eligible", 1, "Eligible applications to assign to the panel"),
        (f"{applications}?reviews=overdue", 1, "Applications with reviews overdue"),
        (
            f"{applications}?reviews=ready",
            1,
            "Applications ready for a decision (call closed, reviews in)",
        ),
        (f"{awards}?status=offered", 2, "Offers awaiting the applicant's acceptance"),
        (f"{awards}?acceptance=overdue", 1, "Offers past their accept-by date"),
        (f"{grant_reports}?overdue=yes", 1, "Reports overdue (past their due date and not sent)"),
        (f"{grant_reports}?status=submitted", 1, "Reports waiting for review"),
    ]:
        assert link(url, count, label) in page, label
    assert "Accepted awards not yet fully paid" not in page  # finance's, not theirs
    assert "Search all pages" in page  # they edit the fund and call pages


def test_finance_sees_what_to_pay_and_no_page_counts_or_search(client, finance, round_under_way):
    page = home(client, finance)

    to_pay = reverse("awards:to_pay")
    monday = urlencode({"paid_from": week_start(timezone.localdate()).strftime("%d/%m/%Y")})
    assert link(to_pay, 3, "Accepted awards not yet fully paid") in page
    assert link(f"{to_pay}?due=now", 1, "Awards with an instalment due") in page
    assert link(f"{to_pay}?bank=pending", 1, "Awards whose bank details wait for approval") in page
    assert link(f"{reverse('awards:index')}?{monday}", 1, "Awards paid this week") in page
    assert "Applications to screen" not in page
    assert "Pages</" not in page and "w-summary" not in page
    assert "Search all pages" not in page and 'role="search"' not in page


def test_every_link_opens_a_list_as_long_as_its_count(client, manager, finance, round_under_way):
    now = timezone.now()
    counts = todo_counts(now=now)
    assert counts["reviews_overdue"] == 1 and counts["instalments_due"] == 1
    assert counts["reports_overdue"] == 1 and counts["reports_to_review"] == 1
    finance_items = todo.finance_items(counts, today=timezone.localdate(now))
    for user, role_items in [(manager, todo.manager_items(counts)), (finance, finance_items)]:
        client.force_login(user)
        for item in role_items:
            listing = client.get(item.url)
            assert listing.status_code == 200, item.label
            assert len(listing.context["object_list"]) == item.count, item.label
            assert item.count > 0, item.label  # the fixture gives each list a row


def test_the_panel_gets_no_to_do_counts_and_no_page_search(client, panel_member, round_under_way):
    page = home(client, panel_member)

    assert "Today's work" not in page
    assert "reviews done" in page  # their own panel, with no one else's counts
    assert "Applications to screen" not in page and "To pay" not in page
    assert "Search all pages" not in page and "Pages</" not in page
