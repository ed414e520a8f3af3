"""What the tests of tests/reviews/admin/screening share.

The fund manager screens applications, assigns the grant panel (one
application at a time or several from the listing), reads every review on the
application's page and reopens a review, in the Wagtail admin.
"""

from django.urls import reverse

from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save


def inspect_url(application):
    return reverse("applications:inspect", args=[application.pk])


def screen_url(application):
    return reverse("applications:screen", args=[application.pk])


def assign_url(application):
    return reverse("applications:assign", args=[application.pk])


def reopen_url(review):
    return reverse("applications:reopen_review", args=[review.pk])


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
