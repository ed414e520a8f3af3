"""What a call asks its grants to report: the outcome measures, the budget
categories an applicant splits the request into, and the call's default
reporting schedule (docs/decisions/0009-monitoring.md)."""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class MeasureKind(models.TextChoices):
    NUMBER = "number", _("A number")
    TEXT = "text", _("Text (for example a case study)")


class MeasureUnit(models.TextChoices):
    PEOPLE = "people", _("people")
    SESSIONS = "sessions", _("sessions")
    REFERRALS = "referrals", _("referrals")
    HOURS = "hours", _("hours")
    POUNDS = "pounds", _("£")
    PERCENT = "percent", _("%")


class OutcomeMeasure(Orderable):
    """One thing every grant from the call reports: a figure against a
    target the applicant proposed and the fund agreed, or a text (a case
    study, which the grantee may consent to publish)."""

    page = ParentalKey("fund.CallPage", on_delete=models.CASCADE, related_name="outcome_measures")
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("For example: Victims and survivors supported."),
    )
    kind = models.CharField(
        _("answered as"), max_length=6, choices=MeasureKind.choices, default=MeasureKind.NUMBER
    )
    unit = models.CharField(
        _("unit"),
        max_length=10,
        choices=MeasureUnit.choices,
        blank=True,
        help_text=_("What the figure counts. Leave empty for a text measure."),
    )
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Applicants must propose a target, and grantees must report it."),
    )
    definition = models.TextField(
        _("what counts"),
        blank=True,
        help_text=_(
            "A short definition shown to applicants and grantees, for example "
            "“Adults given one-to-one support for at least four weeks.”"
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("unit"), FieldPanel("required")]),
        FieldPanel("definition"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("outcome measure")

    def __str__(self):
        return self.name

    @property
    def is_number(self):
        return self.kind == MeasureKind.NUMBER

    def clean(self):
        super().clean()
        if self.kind == MeasureKind.NUMBER and not self.unit:
            raise ValidationError({"unit": _("Choose the unit the figure counts in.")})
        if self.kind == MeasureKind.TEXT and self.unit:
            raise ValidationError({"unit": _("A text measure has no unit: leave it empty.")})


class BudgetCategory(models.TextChoices):
    """What an applicant splits the amount requested into; a grant's spend
    is reported against the same lines."""

    STAFF = "staff", _("Staff")
    VENUE = "venue", _("Venue")
    VOLUNTEERS = "volunteers", _("Volunteer expenses")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    FINAL = "final", _("Final report")


class ReportAnchor(models.TextChoices):
    START = "start", _("the start of the project")
    MIDDLE = "middle", _("halfway through the project")
    END = "end", _("the end of the project")


class ReportDue(Orderable):
    """One report in the call's default schedule: a kind and when it is due,
    counted from the award's funding period. At award each becomes the
    grant's own report, whose date the fund manager can then change."""

    page = ParentalKey("fund.CallPage", on_delete=models.CASCADE, related_name="report_schedule")
    kind = models.CharField(_("report"), max_length=8, choices=ReportKind.choices)
    anchor = models.CharField(_("counted from"), max_length=6, choices=ReportAnchor.choices)
    months_after = models.PositiveSmallIntegerField(
        _("months after"),
        default=0,
        validators=[MaxValueValidator(24), MinValueValidator(0)],
        help_text=_("For example 3 for a final report due three months after the end."),
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("anchor"), FieldPanel("months_after")])]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("report due")
        verbose_name_plural = _("reporting schedule")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.describe()}"

    def describe(self):
        if not self.months_after:
            return str(self.get_anchor_display())
        return _("%(months)s months after %(anchor)s") % {
            "months": self.months_after,
            "anchor": self.get_anchor_display(),
        }

    def due_on(self, *, period_start, period_end):
        """The date this report falls due for a grant with this period."""
        anchor = {
            ReportAnchor.START: period_start,
            ReportAnchor.MIDDLE: period_start + (period_end - period_start) / 2,
            ReportAnchor.END: period_end,
        }[ReportAnchor(self.anchor)]
        return anchor + relativedelta(months=self.months_after)


#: The schedule of a call that sets none: one final report three months
#: after the end, as every award letter has always said.
DEFAULT_SCHEDULE = [(ReportKind.FINAL, ReportAnchor.END, 3)]
