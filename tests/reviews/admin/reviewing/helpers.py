"""What the tests of tests/reviews/admin/reviewing share.

A grant panel member reviews the applications assigned to them in the
Wagtail admin: the dashboard panel, "Your reviews", the conflict-of-interest
declaration and the review form, with blind scoring.
"""

from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.applications.questions import question_definitions
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save
from tests.factories import ApplicationFactory

ORGANISATION = "Aire Valley Freedom Project"


ANSWER = "Survivors sit on our steering group and shape every session."


def review_url(assignment):
    return reverse("fund_reviews:review", args=[assignment.pk])


def make_application(call, **fields):
    questions = question_definitions(call)
    return ApplicationFactory(
        page=call,
        status="eligible",
        questions=questions,
        form_data={questions[0]["clean_name"]: ANSWER},
        **fields,
    )


def review_form(call, *, action="draft", scores=(), na=(), **fields):
    """The review form as the browser posts it. ``scores`` maps criterion
    names to the score chosen; ``na`` names those marked N/A."""
    data = {"action": action, "comment": "", "recommendation": "", "suggested_amount": ""}
    scores = dict(scores)
    for criterion in call.criteria.all():
        prefix = f"criterion_{criterion.pk}"
        data[prefix] = "na" if criterion.name in na else scores.get(criterion.name, "")
        data[f"{prefix}_comment"] = f"On {criterion.name.lower()}."
    data.update(fields)
    return data


def log_actions(application):
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk)).values_list("action", flat=True)
    )


def submit_review(assignment, reviewer, call, *, scores, comment="", recommendation="fund_full"):
    conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    criteria = {c.name: c for c in call.criteria.all()}
    return review_save(
        assignment=assignment,
        scores=[
            ScoreInput(criterion_id=criteria[name].pk, score=score)
            for name, score in scores.items()
        ],
        comment=comment,
        recommendation=recommendation,
        submit=True,
        by=reviewer,
    )


BAD_SCORE = "The score for Need and evidence must be a whole number from 0 to 5."
VALUE_WORDS = [f"value level {n}" for n in range(11)]
