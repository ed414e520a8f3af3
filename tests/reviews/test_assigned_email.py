"""A panel member is told by e-mail when applications are assigned to them:
one e-mail per assignment round, with the references, the deadline and
where to start, and nothing about the applicants."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from fund.reviews.services.assignment import reviewer_assign, reviewers_assign
from tests.support import states

pytestmark = pytest.mark.django_db


def test_a_panel_member_gets_one_email_for_a_bulk_assignment(
    open_call, manager, panel_member, django_capture_on_commit_callbacks
):
    open_call.reviews_close_at = timezone.now() + dt.timedelta(days=14)
    open_call.save()
    first, second = states.eligible(open_call, manager), states.eligible(open_call, manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        made = reviewers_assign(applications=[first, second], reviewers=[panel_member], by=manager)

    assert made == 2
    [message] = mail.outbox
    assert message.to == [panel_member.email]
    assert message.subject == "2 applications to review"
    for application in (first, second):
        assert application.reference in message.body
        assert application.organisation_name not in message.body
    assert f'Reviews for "{open_call.title}" close at' in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/reviews/" in message.body


def test_assigning_again_sends_nothing(
    open_call, manager, panel_member, django_capture_on_commit_callbacks
):
    application = states.eligible(open_call, manager)
    reviewer_assign(application=application, reviewer=panel_member, by=manager)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reviewer_assign(application=application, reviewer=panel_member, by=manager)

    assert mail.outbox == []


def test_the_email_is_not_kept_with_the_applicants_data(open_call, manager, panel_member):
    """A subject access request is answered from the application's e-mails:
    a staff member's assignment e-mail is not one of them."""
    application = states.eligible(open_call, manager)

    reviewer_assign(application=application, reviewer=panel_member, by=manager)

    assert not application.emails.filter(kind="review_assigned").exists()
