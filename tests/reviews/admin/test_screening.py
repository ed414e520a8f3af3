"""The fund manager screens applications, assigns the grant panel (one
application at a time or several from the listing), reads every review on the
application's page and reopens a review, in the Wagtail admin.

Every test goes through the test client as the role in question; reviews are
written through the services, as a panel member's own pages would.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.calls.models import ScoringCriterion
from fund.reviews.models import Review, ReviewAssignment
from fund.reviews.services import (
    ScoreInput,
    application_screen,
    conflict_declare,
    review_reopen,
    review_save,
    reviewer_assign,
)
from tests.factories import ApplicationFactory, UserFactory
from tests.support.pages import assert_refused, page_text

pytestmark = pytest.mark.django_db

BULK_URL = "/admin/bulk/fund/application/assign_reviewers/"


def inspect_url(application):
    return reverse("applications:inspect", args=[application.pk])


def screen_url(application):
    return reverse("fund_application_screen", args=[application.pk])


def assign_url(application):
    return reverse("fund_application_assign", args=[application.pk])


def reopen_url(review):
    return reverse("fund_review_reopen", args=[review.pk])


def actions(application):
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- fixtures ------------------------------------------------------------------


@pytest.fixture
def call(open_call):
    """Two criteria: "Need and evidence" (weight 30, out of 5) from make_call
    and "Partnership" (weight 20, out of 5)."""
    ScoringCriterion.objects.create(
        page=open_call, sort_order=1, name="Partnership", weight=20, maximum_score=5
    )
    return open_call


@pytest.fixture
def application(call):
    return ApplicationFactory(
        page=call,
        reference="SCF-2026-0101",
        organisation_name="Aire Valley Freedom Project",
        amount_requested=Decimal("2500.00"),
    )


@pytest.fixture
def eligible(application, manager):
    return application_screen(application=application, eligible=True, by=manager)


@pytest.fixture
def panel(db):
    """panel("Priya", "Shah") -> an active member of the grant panel."""

    def make(first_name, last_name, **fields):
        user = UserFactory(first_name=first_name, last_name=last_name, **fields)
        user.groups.add(Group.objects.get(name="Grant panel"))
        return user

    return make


def submit_review(application, reviewer, manager, *, need, partnership, **fields):
    """Assign, declare no conflict and submit; a score of None is N/A."""
    assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    need_criterion, partnership_criterion = application.page.specific.criteria.all()
    scores = [
        ScoreInput(
            criterion_id=criterion.pk,
            score=score,
            not_applicable=score is None,
            comment=fields.pop(f"{name}_comment", ""),
        )
        for name, criterion, score in [
            ("need", need_criterion, need),
            ("partnership", partnership_criterion, partnership),
        ]
    ]
    return review_save(
        assignment=assignment,
        scores=scores,
        recommendation=fields.pop("recommendation", "fund_full"),
        submit=True,
        by=reviewer,
        **fields,
    )


@pytest.fixture
def reviewed(eligible, manager, panel):
    """Two submitted reviews far apart (80.0% and 28.0%) and a declared conflict."""
    priya, tom, jo = panel("Priya", "Shah"), panel("Tom", "Okafor"), panel("Jo", "Bell")
    first = submit_review(
        eligible,
        priya,
        manager,
        need=4,
        partnership=None,
        need_comment="Strong evidence from the local survivor forum.",
        comment="A well-run group.",
        recommendation="fund_full",
    )
    second = submit_review(
        eligible,
        tom,
        manager,
        need=1,
        partnership=2,
        comment="Costs are unclear.",
        recommendation="fund_part",
        suggested_amount=Decimal("1500.00"),
    )
    conflicted = reviewer_assign(application=eligible, reviewer=jo, by=manager)
    conflict_declare(
        assignment=conflicted, has_conflict=True, description="I chair their board.", by=jo
    )
    return {"application": eligible, "reviews": [first, second]}


# --- the role matrix -------------------------------------------------------------


@pytest.mark.parametrize("role", ["finance", "panel_member"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_fund_managers_may_screen_assign_or_reopen(
    request, client, role, method, reviewed, panel
):
    application = reviewed["application"]
    review = reviewed["reviews"][0]
    newcomer = panel("Ann", "Lee")
    client.force_login(request.getfixturevalue(role))
    data = {
        "decision": "ineligible",
        "reason": "outside_area",
        "reviewers": [newcomer.pk],
    }

    for url in [screen_url(application), assign_url(application), reopen_url(review)]:
        response = getattr(client, method)(url, data if method == "post" else None)

        assert_refused(response)

    application.refresh_from_db()
    assert application.status == "reviewed"
    assert not ReviewAssignment.objects.filter(reviewer=newcomer).exists()
    review.refresh_from_db()
    assert review.status == "submitted"


def test_fund_manager_may_open_each_action(client, manager, reviewed):
    application = reviewed["application"]
    client.force_login(manager)

    for url in [screen_url(application), assign_url(application)]:
        assert client.get(url).status_code == 200, url
    assert client.get(reopen_url(reviewed["reviews"][0])).status_code == 200


def test_inspect_offers_screen_to_a_fund_manager_while_the_application_can_be_screened(
    client, manager, application
):
    client.force_login(manager)

    page = page_text(client.get(inspect_url(application)))

    assert screen_url(application) in page
    assert assign_url(application) not in page  # not eligible yet


def test_inspect_offers_assign_once_eligible_and_no_longer_screen_once_with_the_panel(
    client, manager, panel, eligible
):
    client.force_login(manager)
    assert assign_url(eligible) in page_text(client.get(inspect_url(eligible)))

    reviewer_assign(application=eligible, reviewer=panel("Priya", "Shah"), by=manager)
    page = page_text(client.get(inspect_url(eligible)))

    assert screen_url(eligible) not in page
    assert assign_url(eligible) in page


def test_inspect_offers_finance_no_screen_assign_or_reopen(client, finance, reviewed):
    application = Application.objects.get(pk=reviewed["application"].pk)
    application.status = "eligible"  # both actions would be open to a fund manager
    application.save(update_fields=["status"])
    client.force_login(finance)

    response = client.get(inspect_url(application))

    assert response.status_code == 200
    page = page_text(response)
    assert "Aire Valley Freedom Project" in page
    assert screen_url(application) not in page
    assert assign_url(application) not in page
    for review in reviewed["reviews"]:
        assert reopen_url(review) not in page


# --- screening --------------------------------------------------------------------


def test_the_screening_page_shows_the_answers_and_the_documents(
    client, manager, application, private_storage
):
    document = ApplicationDocument(
        application=application,
        original_name="annual-accounts.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
    )
    document.file.save("x", ContentFile(b"%PDF"), save=True)
    client.force_login(manager)

    page = page_text(client.get(screen_url(application)))

    assert "What the applicant sent" in page
    assert application.project_summary in page
    assert application.postcode in page
    assert "annual-accounts.pdf" in page
    assert reverse("fund_document_download", args=[document.pk]) in page


def test_screening_eligible_marks_the_application_eligible(
    client, manager, application, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(screen_url(application), {"decision": "eligible"})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(application)
    application.refresh_from_db()
    assert application.status == "eligible"
    assert application.screening_reason == ""
    assert application.screened_by == manager
    assert mail.outbox == []
    page = page_text(client.get(response["Location"]))
    assert "SCF-2026-0101: Aire Valley Freedom Project is eligible." in page
    screening = page[page.index("Screened by") - 400 : page.index("Screened by")]
    assert "Note" not in screening  # no "Note: None" when none was written


def test_screening_ineligible_records_the_reason_and_emails_the_applicant_on_commit(
    client, manager, application, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            screen_url(application),
            {
                "decision": "ineligible",
                "reason": "outside_area",
                "note": "Your project works in Lancashire.",
            },
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "ineligible"
    assert application.screening_reason == "outside_area"
    assert application.screening_note == "Your project works in Lancashire."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.contact_email]
    assert "Does not work in West Yorkshire" in message.body
    assert "Your project works in Lancashire." in message.body
    page = page_text(client.get(response["Location"]))
    assert "The applicant will be e-mailed the reason." in page


def test_screening_ineligible_without_a_reason_is_refused_with_its_message(
    client, manager, application, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(screen_url(application), {"decision": "ineligible"})

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert "Choose the reason the application is not eligible." in page
    assert 'href="#id_reason"' in page  # the summary leads to the field
    application.refresh_from_db()
    assert application.status == "submitted"
    assert mail.outbox == []


def test_screening_for_another_reason_needs_a_note(client, manager, application):
    client.force_login(manager)

    response = client.post(screen_url(application), {"decision": "ineligible", "reason": "other"})

    assert response.status_code == 200
    assert "Explain why the application is not eligible." in page_text(response)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_screening_without_a_decision_is_refused(client, manager, application):
    client.force_login(manager)

    response = client.post(screen_url(application), {})

    assert response.status_code == 200
    assert "Choose whether the application is eligible." in page_text(response)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_screening_an_application_already_with_the_panel_is_refused(
    client, manager, panel, eligible
):
    reviewer_assign(application=eligible, reviewer=panel("Priya", "Shah"), by=manager)
    client.force_login(manager)

    response = client.post(screen_url(eligible), {"decision": "ineligible", "reason": "amount"})

    assert response.status_code == 200
    assert "its eligibility can no longer be changed" in page_text(response)
    eligible.refresh_from_db()
    assert eligible.status == "in_review"


def test_drafts_cannot_be_screened(client, manager, call):
    draft = ApplicationFactory(page=call, status="draft", reference=None, submitted_at=None)
    client.force_login(manager)

    assert client.get(screen_url(draft)).status_code == 404
    assert client.post(screen_url(draft), {"decision": "eligible"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


# --- assigning one application ------------------------------------------------------


def test_assign_offers_the_active_grant_panel_not_yet_assigned(
    client, manager, finance, panel, eligible
):
    priya, tom = panel("Priya", "Shah"), panel("Tom", "Okafor")
    former = panel("Former", "Member", is_active=False)
    reviewer_assign(application=eligible, reviewer=tom, by=manager)
    client.force_login(manager)

    response = client.get(assign_url(eligible))

    page = page_text(response)
    assert f'name="reviewers" value="{priya.pk}"' in page
    assert "Priya Shah" in page
    for user in [tom, former, finance, manager]:
        assert f'name="reviewers" value="{user.pk}"' not in page
    assert "Former Member" not in page
    assert "Tom Okafor: Not started" in page  # listed as already assigned


def test_assigning_reviewers_puts_the_application_in_review(client, manager, panel, eligible):
    priya, tom = panel("Priya", "Shah"), panel("Tom", "Okafor")
    client.force_login(manager)

    response = client.post(assign_url(eligible), {"reviewers": [priya.pk, tom.pk]})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(eligible)
    eligible.refresh_from_db()
    assert eligible.status == "in_review"
    assert set(eligible.assignments.values_list("reviewer", flat=True)) == {priya.pk, tom.pk}
    page = page_text(client.get(response["Location"]))
    assert "Priya Shah, Tom Okafor are assigned to review SCF-2026-0101" in page


def test_assigning_a_non_eligible_application_is_refused_with_the_services_message(
    client, manager, panel, application
):
    priya = panel("Priya", "Shah")
    client.force_login(manager)

    response = client.post(assign_url(application), {"reviewers": [priya.pk]})

    assert response.status_code == 200
    assert (
        "SCF-2026-0101 is not eligible for review. Screen it as eligible before you assign "
        "the panel." in page_text(response)
    )
    assert not ReviewAssignment.objects.exists()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_assigning_nobody_is_refused(client, manager, panel, eligible):
    panel("Priya", "Shah")
    client.force_login(manager)

    response = client.post(assign_url(eligible), {})

    assert response.status_code == 200
    assert "Choose at least one panel member to assign." in page_text(response)
    assert not ReviewAssignment.objects.exists()


# --- assigning several: the listing's bulk action -------------------------------------


def test_listing_offers_bulk_assignment_to_fund_managers_only(
    client, manager, finance, application
):
    client.force_login(manager)
    page = page_text(client.get(reverse("applications:index")))

    assert BULK_URL in page
    assert "wagtailadmin/js/bulk-actions.js" in page
    assert "data-bulk-action-checkbox" in page
    assert f'data-object-id="{application.pk}"' in page
    # each checkbox is described by the application's reference
    assert f'aria-describedby="application_{application.pk}_title"' in page
    assert f'<span id="application_{application.pk}_title">SCF-2026-0101</span>' in page

    client.force_login(finance)
    page = page_text(client.get(reverse("applications:index")))

    assert BULK_URL not in page
    assert "wagtailadmin/js/bulk-actions.js" not in page
    assert "data-bulk-action-checkbox" not in page


def test_bulk_assignment_assigns_every_chosen_member_to_every_chosen_application(
    client, manager, panel, call
):
    applications = [
        application_screen(
            application=ApplicationFactory(page=call, reference=f"SCF-2026-020{n}"),
            eligible=True,
            by=manager,
        )
        for n in range(3)
    ]
    chosen, left_out = applications[:2], applications[2]
    priya, tom = panel("Priya", "Shah"), panel("Tom", "Okafor")
    panel("Jo", "Bell")
    client.force_login(manager)
    query = "&".join(f"id={a.pk}" for a in chosen) + "&next=" + reverse("applications:index")

    confirm = client.get(f"{BULK_URL}?{query}")

    assert confirm.status_code == 200
    page = page_text(confirm)
    assert "SCF-2026-0200" in page and "SCF-2026-0201" in page
    assert "SCF-2026-0202" not in page
    assert "Priya Shah" in page and "Jo Bell" in page

    response = client.post(f"{BULK_URL}?{query}", {"reviewers": [priya.pk, tom.pk]})

    assert response.status_code == 302
    assert response["Location"] == reverse("applications:index")
    for application in chosen:
        application.refresh_from_db()
        assert application.status == "in_review"
        assert set(application.assignments.values_list("reviewer", flat=True)) == {
            priya.pk,
            tom.pk,
        }
    left_out.refresh_from_db()
    assert left_out.status == "eligible"
    assert not left_out.assignments.exists()
    page = page_text(client.get(response["Location"]))
    assert "Priya Shah, Tom Okafor assigned to 2 applications." in page


def test_bulk_assignment_with_a_non_eligible_application_assigns_nothing(
    client, manager, panel, call, eligible, application
):
    not_screened = ApplicationFactory(page=call, reference="SCF-2026-0300")
    priya = panel("Priya", "Shah")
    client.force_login(manager)
    query = f"id={eligible.pk}&id={not_screened.pk}"

    response = client.post(f"{BULK_URL}?{query}", {"reviewers": [priya.pk]})

    assert response.status_code == 200
    assert (
        "SCF-2026-0300 is not eligible for review. Screen it as eligible before you assign "
        "the panel." in page_text(response)
    )
    assert not ReviewAssignment.objects.exists()
    eligible.refresh_from_db()
    assert eligible.status == "eligible"


def test_bulk_assignment_of_all_in_listing_follows_the_listings_filter(
    client, manager, panel, call
):
    eligible = application_screen(
        application=ApplicationFactory(page=call), eligible=True, by=manager
    )
    submitted = ApplicationFactory(page=call)
    ApplicationFactory(page=call, status="draft", reference=None, submitted_at=None)
    priya = panel("Priya", "Shah")
    client.force_login(manager)

    response = client.post(f"{BULK_URL}?id=all&status=eligible", {"reviewers": [priya.pk]})

    assert response.status_code == 302
    assert list(ReviewAssignment.objects.values_list("application", flat=True)) == [eligible.pk]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("role", ["finance", "panel_member"])
def test_only_fund_managers_may_use_the_bulk_assignment(request, client, role, panel, eligible):
    priya = panel("Priya", "Shah")
    client.force_login(request.getfixturevalue(role))

    assert_refused(client.get(f"{BULK_URL}?id={eligible.pk}"))
    assert_refused(client.post(f"{BULK_URL}?id={eligible.pk}", {"reviewers": [priya.pk]}))
    assert not ReviewAssignment.objects.exists()


# --- what the inspect view shows ------------------------------------------------------


def test_inspect_shows_a_fund_manager_screening_conflicts_and_every_score(
    client, manager, reviewed
):
    application = reviewed["application"]
    client.force_login(manager)

    response = client.get(inspect_url(application))

    assert response.status_code == 200
    page = page_text(response)
    # screening
    assert "Screening" in page
    assert "Eligible" in page
    assert manager.get_username() in page
    # the panel, with the conflict and its description
    for name in ["Priya Shah", "Tom Okafor", "Jo Bell"]:
        assert name in page
    assert "Conflict declared" in page
    assert "I chair their board." in page
    # each review: criterion scores or N/A, comments, weighted score, recommendation
    assert "Review by Priya Shah" in page and "Review by Tom Okafor" in page
    assert "4 / 5" in page and "N/A" in page
    assert "1 / 5" in page and "2 / 5" in page
    assert "Strong evidence from the local survivor forum." in page
    assert "80.0%" in page and "28.0%" in page
    assert "Fund in full" in page and "Fund in part" in page
    assert "£1,500.00" in page
    assert "A well-run group." in page and "Costs are unclear." in page
    # the application's summary: mean, count, spread and the moderation flag
    assert "54.0%" in page
    assert "52.0 points" in page
    assert "Needs moderation: the reviewers disagree." in page


def test_inspect_shows_no_moderation_flag_when_reviewers_agree(client, manager, panel, eligible):
    submit_review(eligible, panel("Priya", "Shah"), manager, need=4, partnership=4)
    submit_review(eligible, panel("Tom", "Okafor"), manager, need=4, partnership=3)
    client.force_login(manager)

    page = page_text(client.get(inspect_url(eligible)))

    assert "Needs moderation" not in page
    assert "Not needed" in page


def test_inspect_hides_reviews_scores_and_conflicts_from_finance(client, finance, reviewed):
    client.force_login(finance)

    response = client.get(inspect_url(reviewed["application"]))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0101" in page
    for secret in [
        "Priya Shah",
        "I chair their board.",
        "Review by",
        "80.0%",
        "54.0%",
        "Strong evidence from the local survivor forum.",
        "Needs moderation",
        "Screened by",
    ]:
        assert secret not in page, secret


def test_inspect_costs_the_same_queries_for_five_reviews_as_for_two(
    client, manager, panel, eligible, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(2):
        submit_review(eligible, panel("Member", f"No{n}"), manager, need=3, partnership=3)
    client.force_login(manager)
    url = inspect_url(eligible)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)

    for n in range(2, 5):
        submit_review(eligible, panel("Member", f"No{n}"), manager, need=3, partnership=3)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert page_text(response).count("Review by Member") == 5


# --- reopening a review -----------------------------------------------------------------


def test_inspect_offers_a_reopen_form_for_each_submitted_review(client, manager, reviewed):
    client.force_login(manager)

    page = page_text(client.get(inspect_url(reviewed["application"])))

    for review in reviewed["reviews"]:
        assert f'action="{reopen_url(review)}"' in page
        assert f'id="id_reopen_{review.pk}_reason"' in page


def test_reopening_a_review_with_a_reason_sends_it_back_as_a_draft(client, manager, reviewed):
    application = reviewed["application"]
    review = reviewed["reviews"][0]
    client.force_login(manager)

    response = client.post(reopen_url(review), {"reason": "Please score partnership too."})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(application)
    review.refresh_from_db()
    assert review.status == "draft"
    assert review.score is None
    application.refresh_from_db()
    assert application.status == "in_review"
    entry = ModelLogEntry.objects.get(object_id=str(application.pk), action="fund.review.reopen")
    assert entry.data["reason"] == "Please score partnership too."
    assert entry.user == manager
    page = page_text(client.get(response["Location"]))
    assert "Priya Shah's review is reopened as a draft." in page


def test_reopening_a_review_without_a_reason_is_refused(client, manager, reviewed):
    review = reviewed["reviews"][0]
    client.force_login(manager)

    response = client.post(reopen_url(review), {"reason": "  "})

    assert response.status_code == 200
    assert "Give the reason for reopening the review." in page_text(response)
    review.refresh_from_db()
    assert review.status == "submitted"
    assert "fund.review.reopen" not in actions(reviewed["application"])


def test_reopening_a_draft_is_refused(client, manager, reviewed):
    review = reviewed["reviews"][0]
    review_reopen(review=review, reason="First time.", by=manager)
    client.force_login(manager)

    response = client.post(reopen_url(review), {"reason": "Again."})

    assert response.status_code == 200
    assert "This review has not been submitted, so there is nothing to reopen." in page_text(
        response
    )
    assert Review.objects.get(pk=review.pk).status == "draft"


# --- the audit trail ---------------------------------------------------------------------


def test_each_action_is_logged_and_shown_in_the_applications_history(
    client, manager, panel, application
):
    priya = panel("Priya", "Shah")
    client.force_login(manager)

    client.post(screen_url(application), {"decision": "eligible"})
    client.post(assign_url(application), {"reviewers": [priya.pk]})
    review = submit_review(application, priya, manager, need=3, partnership=4)
    client.post(reopen_url(review), {"reason": "Please add comments."})

    for action in ["fund.application.screen", "fund.review.assign", "fund.review.reopen"]:
        entry = ModelLogEntry.objects.get(object_id=str(application.pk), action=action)
        assert entry.user == manager, action
    history = client.get(reverse("applications:history", args=[application.pk]))
    assert history.status_code == 200
    page = page_text(history)
    for message in ["Eligibility decided", "Panel member assigned", "Review reopened"]:
        assert message in page, message
