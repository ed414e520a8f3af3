"""What the project will achieve and what it will cost: a target for each of
the call's numeric outcome measures (fund/calls/outcomes.py) and the amount
requested split into the budget lines (docs/decisions/0009-monitoring.md).
The lines must add up to the amount requested; the submit service checks
both again (fund/applications/services/sending.py)."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fund.calls.outcomes import BudgetCategory
from fund.core.money import pounds
from fund.core.money_fields import PoundsField

TARGET_PREFIX = "target_"
BUDGET_PREFIX = "budget_"

#: A figure as people write it: "1200", "1,200", "12.5".
_FIGURE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
LARGEST_FIGURE = Decimal("10000000000")


class TargetField(forms.DecimalField):
    """A target: a whole or decimal number of 0 or more, read as people
    type it ("1,200"). The messages name the measure."""

    def __init__(self, *, measure, **kwargs):
        self.measure_name = measure.name
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"})
        )
        super().__init__(**kwargs)
        named = {"name": measure.name}
        self.error_messages.update(
            required=_("Enter your target for “%(name)s”.") % named,
            invalid=_("Enter your target for “%(name)s” as a number, like 120 or 1,200.") % named,
            negative=_("Enter a target of 0 or more for “%(name)s”.") % named,
            max_decimal_places=_(
                "Enter your target for “%(name)s” with no more than 2 decimal places."
            )
            % named,
            max_digits=_("Enter a smaller target for “%(name)s”.") % named,
        )

    def to_python(self, value):
        text = re.sub(r"\s", "", str(value or ""))
        if text in self.empty_values:
            return None
        negative = text.startswith("-")
        if not _FIGURE.match(text.removeprefix("-")):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if negative:
            raise ValidationError(self.error_messages["negative"], code="negative")
        figure = Decimal(text.replace(",", ""))
        if figure >= LARGEST_FIGURE:
            raise ValidationError(self.error_messages["max_digits"], code="max_digits")
        if figure != figure.quantize(Decimal("0.01")):
            raise ValidationError(
                self.error_messages["max_decimal_places"], code="max_decimal_places"
            )
        return figure

    def validate(self, value):
        forms.Field.validate(self, value)

    def run_validators(self, value):
        """Checked in to_python, in the measure's words."""


def measure_hint(measure):
    """The unit and what counts, as the form's hint and the report's."""
    unit = _("Number of %(unit)s.") % {"unit": measure.get_unit_display()}
    return f"{unit} {measure.definition}".strip()


def target_fields(measures) -> dict:
    """A target field for each numeric measure, named target_<measure pk>."""
    return {
        f"{TARGET_PREFIX}{measure.pk}": TargetField(
            measure=measure,
            label=_("Target: %(name)s") % {"name": measure.name},
            required=measure.required,
            help_text=measure_hint(measure),
        )
        for measure in measures
        if measure.is_number
    }


def budget_fields() -> dict:
    """A money input for each budget category, named budget_<category>."""
    fields = {}
    for category in BudgetCategory:
        fields[f"{BUDGET_PREFIX}{category.value}"] = PoundsField(
            label=_("%(line)s (£)") % {"line": category.label},
            required=False,
            min_value=Decimal("0"),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
            error_messages={
                "invalid": _("Enter the amount for %(line)s in pounds, like 1500 or 1,500.50.")
                % {"line": category.label},
                "min_value": _("Enter an amount of £0 or more for %(line)s.")
                % {"line": category.label},
            },
        )
    return fields


class TargetsAndBudgetMixin:
    """For ApplicationForm: the sections, the sum check and the answers."""

    measures = ()  # the call's numeric measures, set by the form class

    @property
    def target_names(self):
        return [name for name in self.fields if name.startswith(TARGET_PREFIX)]

    @property
    def budget_names(self):
        return [name for name in self.fields if name.startswith(BUDGET_PREFIX)]

    def outcome_sections(self):
        sections = []
        if self.target_names:
            sections.append(
                (
                    "targets",
                    _("What the project will achieve"),
                    [self[n] for n in self.target_names],
                )
            )
        sections.append(("budget", _("Budget"), [self[n] for n in self.budget_names]))
        return sections

    def check_budget(self, cleaned):
        """The lines add up to the amount requested (once both are valid)."""
        self.kept_budget = self.budget_answers()  # before an error takes a line out
        amount = cleaned.get("amount_requested")
        if amount is None or any(name in self.errors for name in self.budget_names):
            return
        total = budget_total(self.kept_budget)
        if total != amount:
            self.add_error(
                self.budget_names[0],
                ValidationError(
                    _(
                        "Your budget lines add up to %(total)s but the amount requested is "
                        "%(amount)s. Change the lines or the amount so that they match."
                    )
                    % {"total": pounds(total), "amount": pounds(amount)},
                    code="budget_total",
                ),
            )

    def target_answers(self) -> list:
        """[(measure, target)] for the targets that passed validation."""
        answers = []
        for measure in self.measures:
            value = self.cleaned_data.get(f"{TARGET_PREFIX}{measure.pk}")
            if value is not None:
                answers.append((measure, value))
        return answers

    def budget_answers(self) -> dict:
        """{category: amount} for the lines that passed validation, zero lines left out."""
        if getattr(self, "kept_budget", None) is not None:
            return self.kept_budget
        answers = {}
        for category in BudgetCategory:
            value = self.cleaned_data.get(f"{BUDGET_PREFIX}{category.value}")
            if value:
                answers[category.value] = value
        return answers


def budget_total(lines: dict) -> Decimal:
    return sum(lines.values(), Decimal("0.00"))
