"""What the tests of tests/awards/admin/decisions share.

Deciding on an application as a fund manager meets it: what the panel
said, the guardrails on a decision that comes too soon, the preview of what
the applicant will get, and the confirmation; and the e-mails that follow,
each carrying the applicant's private link.
"""

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from fund.calls.models import CallPage
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save
from tests.factories import UserFactory

CONDITIONS = "<p>Send a report within three months of the project's end.</p>"


def panel_member(name):
    user = UserFactory(first_name=name, last_name="Panel")
    user.groups.add(Group.objects.get(name="Grant panel"))
    return user


def review(application, manager, reviewer, *, recommendation, amount=None, comment=""):
    assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    call = application.page.specific
    return review_save(
        assignment=assignment,
        scores=[ScoreInput(criterion_id=c.pk, score=4) for c in call.criteria.all()],
        recommendation=recommendation,
        suggested_amount=amount,
        comment=comment,
        submit=True,
        by=reviewer,
    )


def close(call):
    CallPage.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(days=1))
