"""Admin listings benchmark: `python bench/listings.py` or `make bench`.

The applications listing (Grants > Applications) and the ranking report
(Reports > Ranking), fetched through the test client by a fund manager, with
20 applications to the call and then with 2,000 (each screened, with three
submitted reviews scored on three criteria). Prints, for each page, the
queries at each size (they must be equal) and the time at 2,000 against the
time at 20 (aim: at most 1.5).

The two sizes are two calls of the same fund, so both are measured in the
same run, alternately, request after request.
"""

import re

from _data import add_applications, build_site, refresh_statistics, staff
from _setup import admin_client, compare, django_setup, machine, ms, verdict

SMALL, LARGE = 20, 2000
REPEAT = 9


def build_data():
    from fund.calls.models import CallPage

    _site, fund, small = build_site()
    large = CallPage(
        title="Tackling modern slavery: second round",
        slug="second-round",
        opens_at=small.opens_at,
        closes_at=small.closes_at,
        minimum_award=small.minimum_award,
        maximum_award=small.maximum_award,
    )
    for criterion in small.criteria.all():
        criterion.pk = None
        large.criteria.add(criterion)
    fund.add_child(instance=large)
    large = CallPage.objects.get(pk=large.pk)
    manager = staff("manager", "Fund managers")
    reviewers = [staff(f"panel{number}", "Grant panel") for number in range(1, 4)]
    add_applications(small, SMALL, reviewers=reviewers, manager=manager)
    for start in range(SMALL, SMALL + LARGE, 500):
        add_applications(large, 500, reviewers=reviewers, manager=manager, start=start)
    refresh_statistics()
    return manager, small, large


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))  # noqa: S101
    return len(captured.captured_queries), response


def rows_shown(response):
    """Applications on the page: each is a link named by its reference."""
    return len(set(re.findall(r">(SCF-2026-\d+)<", response.content.decode())))


def main():
    django_setup()
    print(machine())
    manager, small, large = build_data()
    from django.urls import reverse

    client = admin_client(manager)
    pages = [
        ("Applications listing", lambda call: f"{reverse('applications:index')}?page={call.pk}"),
        ("Ranking report", lambda call: f"{reverse('fund_ranking')}?call={call.pk}"),
    ]
    print()
    for name, url_of in pages:
        small_url, large_url = url_of(small), url_of(large)
        client.get(small_url), client.get(large_url)  # warm the caches
        small_queries, small_response = queries(client, small_url)
        large_queries, large_response = queries(client, large_url)
        t_large, t_small, ratio = compare(
            lambda url=large_url: client.get(url),
            lambda url=small_url: client.get(url),
            repeat=REPEAT,
        )
        rows = [rows_shown(r) for r in (small_response, large_response)]
        print(f"{name}:")
        print(
            f"  {SMALL:>5} applications: {ms(t_small)}, {small_queries} queries, "
            f"{rows[0]} rows shown"
        )
        print(
            f"  {LARGE:>5} applications: {ms(t_large)}, {large_queries} queries, "
            f"{rows[1]} rows shown"
        )
        same = "equal" if small_queries == large_queries else "NOT EQUAL"
        print(f"  queries {SMALL} / {LARGE}: {small_queries} / {large_queries} ({same})")
        print(f"  time ratio {LARGE} / {SMALL}: {ratio:8.3f}  {verdict(ratio, 1.5)}")


if __name__ == "__main__":
    main()
