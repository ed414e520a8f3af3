"""What a grant is agreed to achieve and spend: the targets and budget lines
the fund manager agrees at award, from the applicant's proposal. Each is a
copy of the call's measure as it was, so a grant stays readable after the
call changes (docs/decisions/0009-monitoring.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fund.calls.outcomes import BudgetCategory, MeasureKind, MeasureUnit
from fund.core.money import MONEY, pounds


class AwardTarget(models.Model):
    """One outcome measure of the award: for a number, the target agreed; a
    text measure (a case study) has none."""

    award = models.ForeignKey("fund.Award", on_delete=models.CASCADE, related_name="targets")
    measure = models.ForeignKey(
        "fund.OutcomeMeasure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The call's measure this copies; empty once the call drops it.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("measure"), max_length=200)
    kind = models.CharField(_("answered as"), max_length=6, choices=MeasureKind.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=MeasureUnit.choices, blank=True)
    required = models.BooleanField(_("required"), default=True)
    definition = models.TextField(_("what counts"), blank=True)
    proposed = models.DecimalField(
        _("target proposed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target agreed"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("agreed target")
        ordering = ["award", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__isnull=True) | models.Q(target__gte=0),
                name="award_target_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_number(self):
        return self.kind == MeasureKind.NUMBER


class AwardBudgetLine(models.Model):
    """What the grant plans to spend in one budget category."""

    award = models.ForeignKey("fund.Award", on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("budget line"), max_length=10, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("planned (£)"), **MONEY)

    class Meta:
        verbose_name = _("budget line")
        ordering = ["award", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "category"], name="one_award_line_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="award_budget_line_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {pounds(self.amount)}"
