"""The conflict-of-interest declaration and the review form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fund.core import service_forms
from fund.core.error_summary import ErrorSummaryMixin as SharedErrorSummaryMixin
from fund.core.money import pounds
from fund.core.money_fields import PoundsField
from fund.reviews.admin.listing import AMOUNT_FORMAT
from fund.reviews.models import Recommendation
from fund.reviews.services.reviewing import DESCRIBE_CONFLICT, ScoreInput

# --- forms -------------------------------------------------------------------


class ErrorSummaryMixin(SharedErrorSummaryMixin):
    """The public forms' error summary, plus a service's refusal shown by
    the fields it names."""

    def add_service_errors(self, error):
        """Show a ReviewError from a service next to the fields it names."""
        service_forms.add_service_errors(self, error, whole_form_message=True)


class ConflictForm(ErrorSummaryMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        help_text=_(
            "You have a conflict of interest if you, your family or a close associate "
            "work for, volunteer with or would benefit from the organisation, or if "
            "people could reasonably think so. If you declare one you will not see "
            "or score this application, and you cannot undo it."
        ),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you have a conflict of interest with this application."),
            "invalid_choice": _(
                "Say whether you have a conflict of interest with this application."
            ),
        },
    )
    description = forms.CharField(
        label=_("If you have a conflict, describe it"),
        help_text=_("For example, how you know the organisation or the people who run it."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") and not cleaned.get("description", "").strip():
            self.add_error("description", DESCRIBE_CONFLICT)
        return cleaned


#: The choice of a criterion's radios that marks it N/A.
NOT_APPLICABLE = "na"


class ScoreField(forms.ChoiceField):
    """A criterion's score as labelled choices ("3 — Good: a clear plan"),
    with N/A last; blank until chosen (a draft may leave it so)."""

    def __init__(self, *, criterion, **kwargs):
        self.criterion = criterion
        choices = [(str(score), label) for score, label in criterion.score_choices()]
        choices.append(
            (NOT_APPLICABLE, _("N/A — this criterion does not apply to this application"))
        )
        message = _("The score for %(name)s must be a whole number from 0 to %(max)s.") % {
            "name": criterion.name,
            "max": criterion.maximum_score,
        }
        super().__init__(
            choices=choices,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": message},
            **kwargs,
        )

    def score_input(self, value, comment):
        if value == NOT_APPLICABLE:
            return ScoreInput(criterion_id=self.criterion.pk, not_applicable=True, comment=comment)
        score = int(value) if value not in self.empty_values else None
        return ScoreInput(criterion_id=self.criterion.pk, score=score, comment=comment)


class ReviewForm(ErrorSummaryMixin, forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        help_text=_("The application's strengths and weaknesses, in a few sentences."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a recommendation.")},
    )
    suggested_amount = PoundsField(
        label=_("Suggested amount (£)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": AMOUNT_FORMAT,
            "max_digits": AMOUNT_FORMAT,
            "max_whole_digits": AMOUNT_FORMAT,
            "max_decimal_places": AMOUNT_FORMAT,
        },
    )

    def __init__(self, *args, criteria, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["suggested_amount"].help_text = _(
            "Only if you recommend funding in part: no more than the %(requested)s requested."
        ) % {"requested": pounds(application.amount_requested)}
        for criterion in criteria:
            prefix = f"criterion_{criterion.pk}"
            self.fields[prefix] = ScoreField(
                criterion=criterion,
                label=_("Your score for %(name)s") % {"name": criterion.name},
            )
            self.fields[f"{prefix}_comment"] = forms.CharField(
                label=_("Comment on %(name)s (optional)") % {"name": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields([name for name in self.fields if name.startswith("criterion_")])

    @classmethod
    def initial_from(cls, review):
        """The form's initial values from a saved draft."""
        if review is None:
            return {}
        initial = {
            "comment": review.comment,
            "recommendation": review.recommendation,
            "suggested_amount": review.suggested_amount,
        }
        for score in review.scores.all():
            if score.criterion_id is None:
                continue
            prefix = f"criterion_{score.criterion_id}"
            initial[prefix] = NOT_APPLICABLE if score.not_applicable else score.score
            initial[f"{prefix}_comment"] = score.comment
        return initial

    def criterion_rows(self):
        """(criterion, score, comment) bound fields, one row per criterion."""
        return [
            (
                criterion,
                self[f"criterion_{criterion.pk}"],
                self[f"criterion_{criterion.pk}_comment"],
            )
            for criterion in self.criteria
        ]

    def review_inputs(self):
        """What the services take, from what has been read so far: a field
        in error counts as not answered (its own error says why)."""
        data = self.cleaned_data
        recommendation = data.get("recommendation", "")
        return {
            "scores": [
                self.fields[f"criterion_{c.pk}"].score_input(
                    data.get(f"criterion_{c.pk}"), data.get(f"criterion_{c.pk}_comment", "")
                )
                for c in self.criteria
            ],
            "recommendation": recommendation,
            "suggested_amount": (
                data.get("suggested_amount") if recommendation == Recommendation.FUND_PART else None
            ),
        }

    def summary(self):
        """The review as the reviewer is asked to check it: each criterion
        with the meaning of its score, or N/A."""
        rows = []
        for criterion, score, comment in self.criterion_rows():
            value = self.cleaned_data.get(score.name)
            rows.append(
                {
                    "criterion": criterion,
                    "score": _("N/A")
                    if value == NOT_APPLICABLE
                    else criterion.score_label(int(value)),
                    "comment": self.cleaned_data.get(comment.name, ""),
                }
            )
        return rows
