"""Calls for applications: a CallPage under a fund, open by default, with
one scoring criterion and the questions asked."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from fund.calls.models import CallFormField, CallPage, ScoringCriterion
from fund.calls.outcomes import MeasureKind, MeasureUnit, OutcomeMeasure


def london(*args):
    """A moment in the site's time zone: london(2026, 5, 1, 9, 30)."""
    return timezone.make_aware(dt.datetime(*args))


#: What each score of "Need and evidence" means, 0 to 5.
NEED_DESCRIPTORS = "\n".join(
    [
        "Not addressed",
        "Poor: need asserted with no evidence",
        "Fair: some evidence, not local",
        "Good: clear local evidence of need",
        "Strong: local evidence from several sources",
        "Excellent: strong evidence, shaped by survivors",
    ]
)


#: Measures as a call against modern slavery might ask (see the demo's).
MEASURES = (
    {"name": "Victims and survivors supported", "unit": MeasureUnit.PEOPLE},
    {"name": "Professionals and volunteers trained", "unit": MeasureUnit.PEOPLE, "required": False},
    {"name": "Case study", "kind": MeasureKind.TEXT, "unit": "", "required": False},
)


def make_call(
    fund, *, slug="call", opens_at=None, closes_at=None, questions=(), measures=(), **fields
):
    """A call published under ``fund``, open for three more weeks unless told;
    ``questions`` are (label, field type, required) triples, ``measures``
    OutcomeMeasure fields (MEASURES for a typical set)."""
    now = timezone.now()
    call = CallPage(
        title=fields.pop("title", "Tackling modern slavery"),
        slug=slug,
        opens_at=opens_at or now - dt.timedelta(days=7),
        closes_at=closes_at or now + dt.timedelta(days=21),
        minimum_award=fields.pop("minimum_award", Decimal("500.00")),
        maximum_award=fields.pop("maximum_award", Decimal("5000.00")),
        summary_word_limit=fields.pop("summary_word_limit", 50),
        **fields,
    )
    for order, (label, field_type, required) in enumerate(questions):
        call.form_fields.add(
            CallFormField(sort_order=order, label=label, field_type=field_type, required=required)
        )
    for order, measure in enumerate(measures):
        call.outcome_measures.add(OutcomeMeasure(sort_order=order, **measure))
    call.criteria.add(
        ScoringCriterion(
            sort_order=0,
            name="Need and evidence",
            weight=30,
            maximum_score=5,
            score_descriptors=NEED_DESCRIPTORS,
        )
    )
    fund.add_child(instance=call)
    return CallPage.objects.get(pk=call.pk)


class CallFactory(factory.Factory):
    """``CallFactory(fund=fund_page)``: make_call with a slug of its own, so a
    fund can hold several."""

    class Meta:
        model = CallPage

    fund = None  # pass the FundPage
    slug = factory.Sequence(lambda n: f"call-{n}")

    @classmethod
    def _create(cls, model_class, *, fund, **fields):
        return make_call(fund, **fields)

    _build = _create
