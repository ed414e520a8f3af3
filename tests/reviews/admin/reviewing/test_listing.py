"""A panel member's reviews in the Wagtail admin: the menu, the dashboard
panel, the listing, and who may open a review page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fund.reviews.models import Review
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare, review_save
from fund.templatetags.fund_tags import when
from tests.factories.calls import london
from tests.reviews.admin.reviewing.helpers import (
    ORGANISATION,
    make_application,
    review_form,
    review_url,
    submit_review,
)
from tests.support.pages import page_text, sidebar_labels

pytestmark = pytest.mark.django_db


HIDDEN = "Hidden: conflict declared"


def test_reviews_menu_item_is_shown_to_panel_members(client, panel_member):
    client.force_login(panel_member)

    response = client.get("/admin/")

    assert "Your reviews" in sidebar_labels(response)


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_reviews_menu_item_is_not_shown_to_other_staff(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/")

    assert "Your reviews" not in sidebar_labels(response)


def test_listing_shows_only_the_panel_members_own_assignments(
    client, open_call, panel_member, other_member, manager
):
    mine = make_application(open_call, reference="SCF-2026-0001", organisation_name="Mine Trust")
    theirs = make_application(
        open_call, reference="SCF-2026-0002", organisation_name="Theirs Group"
    )
    reviewer_assign(application=mine, reviewer=panel_member, by=manager)
    reviewer_assign(application=theirs, reviewer=other_member, by=manager)
    client.force_login(panel_member)

    response = client.get(reverse("fund_reviews:index"))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0001" in page
    assert "Mine Trust" in page
    assert "Tackling modern slavery" in page
    assert "£2,500.00" in page
    assert "SCF-2026-0002" not in page
    assert "Theirs Group" not in page


def test_listing_shows_the_state_of_each_review_and_hides_conflicted_applications(
    client, open_call, panel_member, manager
):
    rows = {}
    for number, state in enumerate(["not started", "draft", "submitted", "conflict"], start=1):
        application = make_application(
            open_call, reference=f"SCF-2026-000{number}", organisation_name=f"Group {state}"
        )
        rows[state] = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    conflict_declare(assignment=rows["draft"], has_conflict=False, by=panel_member)
    review_save(assignment=rows["draft"], scores=[], by=panel_member)
    submit_review(rows["submitted"], panel_member, open_call, scores={"Need and evidence": 4})
    conflict_declare(
        assignment=rows["conflict"], has_conflict=True, description="My sister", by=panel_member
    )
    client.force_login(panel_member)

    page = page_text(client.get(reverse("fund_reviews:index")))

    for label in ("Not started", "Draft", "Submitted", "Conflict declared"):
        assert label in page
    assert "Group not started" in page
    assert "Group submitted" in page
    assert "Group conflict" not in page
    assert HIDDEN in page
    for assignment in rows.values():
        assert review_url(assignment) in page


def test_dashboard_panel_says_how_many_are_done_and_when_reviews_close(
    client, open_call, panel_member, manager
):
    open_call.reviews_close_at = timezone.now() + dt.timedelta(days=10)
    open_call.save()
    rows = [
        reviewer_assign(
            application=make_application(open_call, reference=f"SCF-2026-000{n}"),
            reviewer=panel_member,
            by=manager,
        )
        for n in range(1, 5)
    ]
    conflict_declare(assignment=rows[0], has_conflict=True, description="Mine", by=panel_member)
    submit_review(rows[1], panel_member, open_call, scores={"Need and evidence": 4})
    client.force_login(panel_member)

    page = page_text(client.get("/admin/"))

    assert "2 of 4 reviews done." in " ".join(
        page.replace("<strong>", "").replace("</strong>", "").split()
    )
    assert f"Reviews close at {when(open_call.reviews_close_at)}." in page


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_listing_is_refused_to_staff_who_do_not_review(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("fund_reviews:index"))

    assert response.status_code == 403


def test_dashboard_panel_lists_own_assignments_with_state_and_reviews_close(
    client, open_call, panel_member, other_member, manager
):
    open_call.reviews_close_at = london(2026, 9, 30, 17, 0)
    open_call.save()
    mine = make_application(open_call, reference="SCF-2026-0001", organisation_name="Mine Trust")
    theirs = make_application(
        open_call, reference="SCF-2026-0002", organisation_name="Theirs Group"
    )
    assignment = reviewer_assign(application=mine, reviewer=panel_member, by=manager)
    reviewer_assign(application=theirs, reviewer=other_member, by=manager)
    client.force_login(panel_member)

    response = client.get("/admin/")

    page = page_text(response)
    assert 'id="your-reviews-section"' in page
    assert "SCF-2026-0001" in page
    assert "Mine Trust" in page
    assert "Not started" in page
    assert "5pm on 30 September 2026" == when(open_call.reviews_close_at)
    assert "5pm on 30 September 2026" in page
    assert review_url(assignment) in page
    assert "SCF-2026-0002" not in page
    assert "Theirs Group" not in page


def test_dashboard_panel_hides_the_organisation_after_a_conflict(client, assignment, panel_member):
    conflict_declare(
        assignment=assignment, has_conflict=True, description="I am a trustee.", by=panel_member
    )
    client.force_login(panel_member)

    page = page_text(client.get("/admin/"))

    assert "SCF-2026-0042" in page
    assert HIDDEN in page
    assert ORGANISATION not in page


def test_dashboard_panel_says_when_nothing_is_assigned(client, panel_member, home_page):
    client.force_login(panel_member)

    page = page_text(client.get("/admin/"))

    assert "No applications have been assigned to you yet." in page


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_dashboard_panel_is_not_shown_to_staff_who_do_not_review(client, request, role):
    client.force_login(request.getfixturevalue(role))

    page = page_text(client.get("/admin/"))

    assert 'id="your-reviews-section"' not in page


@pytest.mark.parametrize("url", ["/admin/reviews/", "/admin/"])
def test_query_count_is_the_same_for_10_and_100_assignments(
    client, open_call, panel_member, manager, django_assert_max_num_queries, url
):
    def assign(count):
        for _ in range(count):
            reviewer_assign(
                application=make_application(open_call), reviewer=panel_member, by=manager
            )

    assign(10)
    client.force_login(panel_member)
    client.get(url)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert page_text(response).count(reverse("fund_reviews:index")) >= 1
    assign(90)

    with django_assert_max_num_queries(len(queries)):
        response = client.get(url)

    assert response.status_code == 200
    assert page_text(response).count("Not started") >= 100


def test_another_panel_member_may_not_open_someone_elses_review(
    client, assignment, other_member, document
):
    client.force_login(other_member)

    response = client.get(review_url(assignment))

    assert response.status_code == 403
    assert ORGANISATION not in page_text(response)


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_fund_managers_and_finance_may_not_open_or_score_a_review(
    client, request, assignment, open_call, role
):
    client.force_login(request.getfixturevalue(role))

    opened = client.get(review_url(assignment))
    scored = client.post(
        review_url(assignment),
        review_form(open_call, action="submit", scores={"Need and evidence": "5"}),
    )

    assert opened.status_code == 403
    assert scored.status_code == 403
    assert not Review.objects.exists()


def test_review_page_sends_an_anonymous_visitor_to_log_in(client, assignment):
    response = client.get(review_url(assignment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_review_page_of_an_unknown_assignment_is_not_found(client, panel_member):
    client.force_login(panel_member)

    assert client.get(reverse("fund_reviews:review", args=[9999])).status_code == 404
