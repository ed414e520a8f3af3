"""The conflict-of-interest declaration and the review form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from fund import services
from fund.forms.money import PoundsField
from fund.forms.summary import ErrorSummaryMixin as SharedErrorSummaryMixin
from fund.models import Recommendation
from fund.templatetags.fund_tags import pounds

from .listing import AMOUNT_FORMAT, DESCRIBE_CONFLICT

# --- forms -------------------------------------------------------------------


class ErrorSummaryMixin(SharedErrorSummaryMixin):
    """The public forms' error summary, plus a service's refusal shown by
    the fields it names."""

    def add_service_errors(self, error):
        """Show a ReviewError from a service next to the fields it names."""
        if not error.errors:
            self.add_error(None, error.message)
            return
        for key, message in error.errors.items():
            self.add_error(key if key in self.fields else None, message)


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


class ScoreField(forms.CharField):
    """A whole number from 0 to the criterion's maximum, or blank."""

    def __init__(self, *, criterion, **kwargs):
        self.criterion = criterion
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[0-9]+", value) or int(value) > self.criterion.maximum_score:
            raise forms.ValidationError(
                _("The score for %(name)s must be a whole number from 0 to %(max)s.")
                % {"name": self.criterion.name, "max": self.criterion.maximum_score},
                code="invalid",
            )
        return int(value)


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
                label=_("Score from 0 to %(max)s") % {"max": criterion.maximum_score},
            )
            self.fields[f"{prefix}_na"] = forms.BooleanField(
                label=_("N/A: this criterion does not apply to this application"),
                required=False,
            )
            self.fields[f"{prefix}_comment"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": criterion.name},
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
            initial[prefix] = score.score
            initial[f"{prefix}_na"] = score.not_applicable
            initial[f"{prefix}_comment"] = score.comment
        return initial

    def criterion_rows(self):
        """(criterion, score, N/A, comment) bound fields, one row per criterion."""
        return [
            (
                criterion,
                self[f"criterion_{criterion.pk}"],
                self[f"criterion_{criterion.pk}_na"],
                self[f"criterion_{criterion.pk}_comment"],
            )
            for criterion in self.criteria
        ]

    def scores(self):
        data = self.cleaned_data
        return [
            services.ScoreInput(
                criterion_id=criterion.pk,
                score=data[f"criterion_{criterion.pk}"],
                not_applicable=data[f"criterion_{criterion.pk}_na"],
                comment=data[f"criterion_{criterion.pk}_comment"],
            )
            for criterion in self.criteria
        ]

    def suggested_amount_for_service(self):
        if self.cleaned_data["recommendation"] != Recommendation.FUND_PART:
            return None
        return self.cleaned_data["suggested_amount"]
