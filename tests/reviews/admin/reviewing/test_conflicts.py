"""A panel member declares a conflict of interest before reading and scoring an
application."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.reviews.models import Review, ReviewAssignment
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.reviews.admin.reviewing.helpers import (
    ANSWER,
    ORGANISATION,
    log_actions,
    make_application,
    review_form,
    review_url,
    submit_review,
)
from tests.support.applying import PDF_BYTES
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def download_url(document):
    return reverse("applications:document", args=[document.pk])


def test_review_page_asks_about_conflicts_before_showing_anything(
    client, assignment, panel_member, document
):
    client.force_login(panel_member)

    response = client.get(review_url(assignment))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0042" in page
    assert "Tackling modern slavery" in page
    assert "<legend" in page
    assert "Do you have a conflict of interest with this application?" in page
    assert "No, I have no conflict of interest" in page
    assert "Yes, I have a conflict of interest" in page
    assert ANSWER not in page
    assert "Drop-in advice" not in page  # the project's title
    assert download_url(document) not in page
    assert "Submit your review" not in page
    assert "Check and submit" not in page


def test_the_conflict_question_says_who_applied(client, open_call, panel_member, manager):
    """So the reviewer can tell whether they know them: the organisation,
    its charity number and address, and the contact."""
    application = make_application(
        open_call,
        organisation_name=ORGANISATION,
        organisation_type="charity_ew",
        registration_number="1187654",
        address="4 Canal Wharf\nShipley",
        postcode="BD18 3AA",
        contact_name="Jo Whitaker",
    )
    assignment = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    client.force_login(panel_member)

    page = page_text(client.get(review_url(assignment)))

    who = page[page.index("Who applied") : page.index("Do you have a conflict of interest")]
    for shown in (ORGANISATION, "1187654", "4 Canal Wharf", "Shipley", "BD18 3AA", "Jo Whitaker"):
        assert shown in who
    assert ANSWER not in page


def test_declaring_no_conflict_shows_the_application(
    client, assignment, panel_member, application, document
):
    client.force_login(panel_member)

    response = client.post(review_url(assignment), {"has_conflict": "no"}, follow=True)

    assert response.redirect_chain == [(review_url(assignment), 302)]
    page = page_text(response)
    assert "You have declared no conflict of interest" in page
    assert ORGANISATION in page
    assert ANSWER in page
    assert "How will survivors shape the project?" in page
    assert download_url(document) in page
    assert "Need and evidence" in page
    assert "Save as draft" in page
    assert "Check and submit" in page
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "none"
    assert "fund.review.conflict" in log_actions(application)


def test_declaring_a_conflict_hides_the_application(
    client, assignment, panel_member, application, document
):
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        {"has_conflict": "yes", "description": "I am a trustee of this charity."},
        follow=True,
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "You declared a conflict of interest at" in page
    assert ORGANISATION not in page
    assert ANSWER not in page
    assert download_url(document) not in page
    assert "accounts.pdf" not in page
    assert "Check and submit" not in page
    assignment.refresh_from_db()
    assert assignment.conflict == "declared"
    assert assignment.conflict_description == "I am a trustee of this charity."
    entry = ModelLogEntry.objects.get(object_id=str(application.pk), action="fund.review.conflict")
    assert entry.user == panel_member


def test_declaring_a_conflict_needs_a_description(client, assignment, panel_member, application):
    client.force_login(panel_member)

    response = client.post(review_url(assignment), {"has_conflict": "yes", "description": " "})

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert "Describe the conflict of interest, for example how you know the organisation." in page
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "undeclared"
    assert "fund.review.conflict" not in log_actions(application)


def test_a_conflict_found_while_scoring_can_still_be_declared(
    client, no_conflict, panel_member, application, open_call, document
):
    client.force_login(panel_member)
    page = page_text(client.get(review_url(no_conflict)))
    assert "Found a conflict of interest?" in page
    client.post(review_url(no_conflict), review_form(open_call, scores={"Need and evidence": "3"}))

    response = client.post(
        review_url(no_conflict),
        {
            "action": "declare_conflict",
            "conflict-has_conflict": "yes",
            "conflict-description": "I have just seen that my sister chairs its board.",
        },
        follow=True,
    )

    page = page_text(response)
    assert "You declared a conflict of interest at" in page
    assert ORGANISATION not in page
    assert download_url(document) not in page
    assignment = ReviewAssignment.objects.get(pk=no_conflict.pk)
    assert assignment.conflict == "declared"
    assert assignment.conflict_description == "I have just seen that my sister chairs its board."
    entry = ModelLogEntry.objects.filter(
        object_id=str(application.pk), action="fund.review.conflict"
    ).latest("timestamp")
    assert entry.data["conflict"] is True


def test_a_late_conflict_needs_a_description_and_keeps_the_review_form(
    client, no_conflict, panel_member, application
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        {"action": "declare_conflict", "conflict-has_conflict": "yes", "conflict-description": ""},
    )

    page = page_text(response)
    assert "Your declaration was not sent." in page
    assert "Describe the conflict of interest" in page
    assert "Check and submit" in page
    assert ReviewAssignment.objects.get(pk=no_conflict.pk).conflict == "none"


def test_a_conflict_cannot_be_declared_after_submitting_without_a_reopen(
    client, assignment, panel_member, open_call
):
    submit_review(assignment, panel_member, open_call, scores={"Need and evidence": 4})
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        {
            "action": "declare_conflict",
            "conflict-has_conflict": "yes",
            "conflict-description": "Too late.",
        },
    )

    assert response.status_code == 400
    assert "Found a conflict of interest?" not in page_text(response)
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "none"


def test_declaration_needs_an_answer(client, assignment, panel_member):
    client.force_login(panel_member)

    response = client.post(review_url(assignment), {})

    assert "Say whether you have a conflict of interest with this application." in page_text(
        response
    )
    assert 'href="#id_has_conflict_0"' in page_text(response)
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "undeclared"


def test_scores_posted_before_the_declaration_save_nothing(
    client, assignment, panel_member, open_call
):
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        review_form(open_call, action="submit", scores={"Need and evidence": "5"}),
    )

    assert response.status_code == 200
    assert ANSWER not in page_text(response)
    assert not Review.objects.exists()


def test_scores_posted_after_a_conflict_are_refused(client, assignment, panel_member, open_call):
    conflict_declare(
        assignment=assignment, has_conflict=True, description="My employer.", by=panel_member
    )
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        review_form(
            open_call, action="submit", scores={"Need and evidence": "5"}, recommendation="decline"
        ),
    )

    assert response.status_code == 403
    assert not Review.objects.exists()


def test_document_download_is_refused_after_a_conflict(client, assignment, panel_member, document):
    conflict_declare(
        assignment=assignment, has_conflict=True, description="My employer.", by=panel_member
    )
    client.force_login(panel_member)

    response = client.get(download_url(document))

    # The download view raises PermissionDenied, which Wagtail's admin turns
    # into a redirect to the dashboard: either way the file is not sent.
    assert response.status_code in (302, 403, 404)
    assert not getattr(response, "streaming", False)
    assert PDF_BYTES not in response.content


def test_document_download_is_allowed_after_declaring_no_conflict(
    client, no_conflict, panel_member, document
):
    client.force_login(panel_member)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
