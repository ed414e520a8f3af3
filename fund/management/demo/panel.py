"""The grant panel's work on the demo's closed call: screening,
assignments and reviews in every state."""

import random
from decimal import Decimal

from fund.applications.models import Application
from fund.calls.models import CallPage
from fund.reviews.models import ReviewAssignment
from fund.reviews.services.assignment import reviewers_assign
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save
from fund.reviews.services.screening import application_screen


def _review(application, reviewer, *, criteria, scores, recommendation, submit=True):
    """``reviewer`` declares no conflict and saves (or submits) ``scores``,
    one for each of the ``criteria`` (None for N/A)."""
    assignment = ReviewAssignment.objects.get(application=application, reviewer=reviewer)
    conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    review_save(
        assignment=assignment,
        scores=[
            ScoreInput(criterion_id=c.pk, score=v, not_applicable=v is None)
            for c, v in zip(criteria, scores, strict=True)
        ],
        comment="Demo review.",
        recommendation=recommendation,
        suggested_amount=(
            (application.amount_requested / 2).quantize(Decimal("0.01"))
            if recommendation == "fund_part"
            else None
        ),
        submit=submit,
        by=reviewer,
    )


def _screen_and_assign(applications, *, manager, panel):
    """1-2 wait to be screened; 3 is not eligible; 4-15 go to the panel."""
    application_screen(
        application=applications[2],
        eligible=False,
        reason="outside_area",
        note="The project works in Greater Manchester.",
        by=manager,
    )
    for application in applications[3:]:
        application_screen(application=application, eligible=True, by=manager)
        reviewers_assign(applications=[application], reviewers=panel, by=manager)


def panel_work(call, users):
    """Screening, assignments and reviews in every state, once."""
    applications = list(Application.objects.filter(page=call).order_by("reference"))
    if ReviewAssignment.objects.filter(application__page=call).exists():
        return
    panel = [users["panel1"], users["panel2"], users["panel3"]]
    rng = random.Random(2028)  # the same demo data on every machine
    criteria = list(CallPage.objects.get(pk=call.pk).criteria.all())
    _screen_and_assign(applications, manager=users["manager"], panel=panel)

    def review(application, reviewer, scores, recommendation, submit=True):
        _review(
            application,
            reviewer,
            criteria=criteria,
            scores=scores,
            recommendation=recommendation,
            submit=submit,
        )

    # 4: nobody has started. 5: panel1 has a draft.
    review(applications[4], panel[0], (3, 3, None, None), "", submit=False)
    # 6: panel2 declares a conflict; the others submit.
    conflicted = ReviewAssignment.objects.get(application=applications[5], reviewer=panel[1])
    conflict_declare(
        assignment=conflicted,
        has_conflict=True,
        description="I volunteered with this organisation until last year.",
        by=panel[1],
    )
    review(applications[5], panel[0], (4, 4, 3, 4), "fund_full")
    review(applications[5], panel[2], (4, 3, 3, 4), "fund_part")
    # 7: a disagreement the fund manager must moderate.
    review(applications[6], panel[0], (5, 5, 5, 5), "fund_full")
    review(applications[6], panel[1], (2, 1, 2, 2), "decline")
    review(applications[6], panel[2], (3, 4, 3, 3), "fund_part")
    # 8-15: every reviewer has submitted.
    for application in applications[7:]:
        for reviewer in panel:
            scores = tuple(rng.randint(2, 5) for _ in criteria)
            recommendation = "fund_full" if sum(scores) >= 14 else "fund_part"
            review(application, reviewer, scores, recommendation)
