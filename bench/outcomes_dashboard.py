"""Outcomes dashboard benchmark (issue 14): `python bench/outcomes_dashboard.py`
or `make bench`.

Reports > Outcomes, fetched through the test client by a fund manager, for a
fund with 20 grants and for a fund with 2,000 (each grant paid, with three
agreed targets, two budget lines, an accepted progress report with its
figures, spend and case study, and a final report, late on one grant in
four: tests/support/outcomes.py). Prints the queries at each size (they
must be equal) and the time at 2,000 against the time at 20 (aim: at most
1.5). The two funds are measured in the same run, alternately.
"""

from _data import build_site, refresh_statistics, staff
from _setup import admin_client, compare, django_setup, machine, ms, verdict

SMALL, LARGE = 20, 2000
REPEAT = 9


def build_data():
    from decimal import Decimal

    from fund.calls.models import CallPage, FundPage
    from tests.support.outcomes import add_grants

    _site, small_fund, small_call = build_site()
    large_fund = small_fund.get_parent().add_child(
        instance=FundPage(
            title="Safer Communities Fund 2",
            slug="fund-2",
            total_budget=Decimal("10000000.00"),
            funding_source="Proceeds of Crime Act 2002",
            financial_year="2026-27",
            reference_prefix="SCG",
        )
    )
    large_call = CallPage(
        title="Tackling modern slavery: larger fund",
        slug="large-call",
        opens_at=small_call.opens_at,
        closes_at=small_call.closes_at,
        minimum_award=small_call.minimum_award,
        maximum_award=small_call.maximum_award,
    )
    large_fund.add_child(instance=large_call)
    large_call = CallPage.objects.get(pk=large_call.pk)
    manager = staff("manager", "Fund managers")
    add_grants(small_call, SMALL, manager=manager)
    for start in range(0, LARGE, 500):
        add_grants(large_call, 500, manager=manager, start=start)
    refresh_statistics()
    return manager, small_fund, large_fund


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    return len(captured.captured_queries), response


def main():
    django_setup()
    print(machine())
    manager, small_fund, large_fund = build_data()
    from django.urls import reverse

    client = admin_client(manager)
    small_url = f"{reverse('fund_outcomes')}?fund={small_fund.pk}"
    large_url = f"{reverse('fund_outcomes')}?fund={large_fund.pk}"
    client.get(small_url), client.get(large_url)  # warm the caches
    small_queries, small_response = queries(client, small_url)
    large_queries, large_response = queries(client, large_url)
    for grants, response in ((SMALL, small_response), (LARGE, large_response)):
        assert f"{grants * 3:,} of {grants * 10:,} people" in response.content.decode()  # noqa: S101
    t_large, t_small, ratio = compare(
        lambda: client.get(large_url), lambda: client.get(small_url), repeat=REPEAT
    )
    print()
    print("Outcomes dashboard:")
    print(f"  {SMALL:>5} grants: {ms(t_small)}, {small_queries} queries")
    print(f"  {LARGE:>5} grants: {ms(t_large)}, {large_queries} queries")
    same = "equal" if small_queries == large_queries else "NOT EQUAL"
    print(f"  queries {SMALL} / {LARGE}: {small_queries} / {large_queries} ({same})")
    print(f"  time ratio {LARGE} / {SMALL}: {ratio:8.3f}  {verdict(ratio, 1.5)}")


if __name__ == "__main__":
    main()
