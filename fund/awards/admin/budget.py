"""The money side of the admin (DESIGN.md, "Money"): "Budget at a glance" on
the dashboard and the awards report under Reports.

The panel shows each fund's total, committed, paid and remaining budget as
figures and as a bar drawn on the server (no JavaScript); the bar is hidden
from assistive technology because the figures next to it say the same, and
its parts differ by pattern and legend text as well as by colour.

The awards report lists every award with what has been paid, returned and is
still outstanding, with totals, filters and XLSX/CSV downloads that a
spreadsheet cannot be tricked into running. Both cost the same few queries
however many funds, applications and awards there are.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import (
    Count,
    DecimalField,
    Sum,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.reports import ReportView

from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import Award, AwardStatus
from fund.awards.selectors import FundBudget, awards_with_money, fund_budgets
from fund.calls.models import CallPage, FundPage
from fund.core.exports import FormulaSafeExportMixin
from fund.core.permissions import VIEW_APPLICATION, VIEW_AWARD
from fund.templatetags.fund_tags import pounds

#: The bar's parts are worked out in thousandths of its width.
BAR_WIDTH = 1000

PENNY = Decimal("0.01")
MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY_FIELD)


# --- Budget at a glance ----------------------------------------------------------


@dataclass
class BarSegment:
    key: str  # "paid", "committed", "remaining": the CSS class and pattern
    label: str
    amount: Decimal
    x: int
    width: int

    # As percentages of the bar, so the SVG scales without stretching its patterns.
    @property
    def x_percent(self):
        return f"{self.x / (BAR_WIDTH / 100):.1f}%"

    @property
    def width_percent(self):
        return f"{self.width / (BAR_WIDTH / 100):.1f}%"


def bar_segments(budget: FundBudget) -> list[BarSegment]:
    """The bar's three parts, left to right, in thousandths. Each part ends
    where the running total so far ends, rounded, so the parts always fill
    the bar exactly with no gap or overlap."""
    parts = [
        ("paid", _("Paid, net of money returned"), budget.paid - budget.returned),
        ("committed", _("Committed, not yet paid"), budget.committed_unpaid),
        ("remaining", _("Remaining"), budget.remaining),
    ]
    segments, start, running = [], 0, Decimal("0")
    for key, label, amount in parts:
        running += amount
        if budget.total > 0:
            end = int((running / budget.total * BAR_WIDTH).to_integral_value())
            end = max(start, min(end, BAR_WIDTH))
        else:
            end = BAR_WIDTH  # an empty fund: nothing paid or committed
        if key == "remaining":
            end = BAR_WIDTH
        segments.append(BarSegment(key, label, amount, start, end - start))
        start = end
    return segments


@dataclass
class FundSummary:
    budget: FundBudget
    segments: list[BarSegment]
    status_counts: list[tuple[str, int]]  # (staff label, number) in workflow order
    applications: int

    @property
    def fund(self):
        return self.budget.fund


#: Drafts are the applicant's business until they submit, so they are not counted.
COUNTED_STATUSES = [status for status in ApplicationStatus if status != ApplicationStatus.DRAFT]


def fund_summary(budget: FundBudget) -> FundSummary:
    counts = [(status.label, budget.status_counts.get(status, 0)) for status in COUNTED_STATUSES]
    return FundSummary(
        budget=budget,
        segments=bar_segments(budget),
        status_counts=counts,
        applications=sum(number for _label, number in counts),
    )


class BudgetPanel(Component):
    """The dashboard's "Budget at a glance", for fund managers and finance."""

    name = "budget_at_a_glance"
    template_name = "fund/admin/budget/home_panel.html"
    order = 100  # before Wagtail's own panels: the budget is these users' job

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "funds": [fund_summary(budget) for budget in fund_budgets()],
            "awards_url": (
                reverse("fund_awards_report") if request.user.has_perm(VIEW_AWARD) else None
            ),
            "request": request,
        }


# --- the awards report -------------------------------------------------------------


class AwardsReportFilterSet(WagtailFilterSet):
    fund = django_filters.ModelChoiceFilter(
        label=_("Fund"),
        queryset=FundPage.objects.order_by("path"),
        empty_label=_("All funds"),
    )
    call = django_filters.ModelChoiceFilter(
        label=_("Call"),
        field_name="application__page",
        queryset=CallPage.objects.order_by("path"),
        empty_label=_("All calls"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=AwardStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Award
        fields = ["fund", "call", "status"]


def short_date(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return date_format(value, "j M Y")


MONEY_CLASSES = "fund-money w-tabular-nums w-whitespace-nowrap"


def money_column(name, label, attribute):
    return Column(
        name,
        label=label,
        accessor=lambda award: pounds(getattr(award, attribute)),
        classname=MONEY_CLASSES,
        sort_key=attribute,
    )


#: The money columns, in table order, with the attribute each one totals.
MONEY_COLUMNS = [
    ("amount", _("Amount awarded"), "amount"),
    ("paid", _("Paid to date"), "paid"),
    ("returned", _("Returned"), "returned"),
    ("outstanding", _("Outstanding"), "outstanding"),
]


class AwardsTable(Table):
    """Wagtail's table with a footer row of totals over every award the
    filters match (on every page, not only this one). The totals are
    queried only if the table is rendered, never for a download."""

    template_name = "fund/admin/budget/awards_table.html"

    def __init__(self, *args, totals_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.totals_of = totals_of

    @cached_property
    def footer(self):
        """The cells of the totals row: a heading spanning the columns before
        the first amount, one total per amount, an empty cell for the rest."""
        if self.totals_of is None:
            return []
        totals = self.totals_of.aggregate(
            count=Count("pk"),
            **{f"total_{name}": Sum(attribute) for name, _label, attribute in MONEY_COLUMNS},
        )
        names = list(self.columns)
        first = names.index(MONEY_COLUMNS[0][0])
        last = names.index(MONEY_COLUMNS[-1][0])
        count = totals["count"]
        heading = ngettext("Total of %(count)s award", "Total of %(count)s awards", count) % {
            "count": count
        }
        if count > self.row_count:
            heading = _("%(total)s, on every page") % {"total": heading}
        cells = [{"header": True, "colspan": first, "text": heading}]
        for name, _label, _attribute in MONEY_COLUMNS:
            cells.append(
                {
                    "colspan": 1,
                    "text": pounds(totals[f"total_{name}"] or Decimal("0.00")),
                    "classname": MONEY_CLASSES,
                }
            )
        if len(names) - 1 > last:
            cells.append({"colspan": len(names) - 1 - last, "text": ""})
        return cells


class AwardsReportView(FormulaSafeExportMixin, ReportView):
    """Reports > Awards: every award and the money against it, for finance
    and fund managers (fund.view_award)."""

    model = Award
    permission_required = "view"
    page_title = _("Awards")
    header_icon = "table"
    template_name = "fund/admin/budget/awards_report.html"
    index_url_name = "fund_awards_report"
    index_results_url_name = "fund_awards_report_results"
    filterset_class = AwardsReportFilterSet
    table_class = AwardsTable
    default_ordering = "-decided_at"
    verbose_name = _("award")
    verbose_name_plural = _("awards")

    list_export = [
        "application.reference",
        "application.organisation_name",
        "application.page.title",
        "fund.title",
        "amount",
        "paid",
        "returned",
        "outstanding",
        "get_status_display",
        "decided_on",
        "accept_by",
    ]
    export_headings = {
        "application.reference": _("Reference"),
        "application.organisation_name": _("Organisation"),
        "application.page.title": _("Call"),
        "fund.title": _("Fund"),
        "amount": _("Amount awarded (£)"),
        "paid": _("Paid to date (£)"),
        "returned": _("Returned (£)"),
        "outstanding": _("Outstanding (£)"),
        "get_status_display": _("Status"),
        "decided_on": _("Decided"),
        "accept_by": _("Accept by"),
    }

    # Sums come back from SQLite without their trailing zeros ("3000"): every
    # amount leaves as pounds and pence, and stays a number in XLSX.
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        Decimal: {
            ReportView.FORMAT_CSV: lambda value: value.quantize(PENNY),
            ReportView.FORMAT_XLSX: lambda value: value.quantize(PENNY),
        },
    }

    def get_filename(self):
        return f"awards-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return awards_with_money()

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        # A stable order within equal values, so pages never overlap.
        return queryset.order_by(*queryset.query.order_by, "-pk")

    @cached_property
    def can_view_applications(self):
        return self.request.user.has_perm(VIEW_APPLICATION)

    def application_url(self, award):
        if self.can_view_applications:
            return reverse("applications:inspect", args=[award.application_id])
        return None

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Reference"),
                accessor="application.reference",
                get_url=self.application_url,
                sort_key="application__reference",
            ),
            Column(
                "organisation",
                label=_("Organisation"),
                accessor="application.organisation_name",
                sort_key="application__organisation_name",
            ),
            Column("call", label=_("Call"), accessor="application.page.title"),
            Column("fund", label=_("Fund"), accessor="fund.title"),
            *(money_column(*column) for column in MONEY_COLUMNS),
            Column(
                "status",
                label=_("Status"),
                accessor=lambda award: award.get_status_display(),
                sort_key="status",
            ),
            Column(
                "decided",
                label=_("Decided"),
                accessor=lambda award: short_date(award.decided_at),
                sort_key="decided_at",
            ),
            Column(
                "accept_by",
                label=_("Accept by"),
                accessor=lambda award: short_date(award.accept_by),
                sort_key="accept_by",
            ),
        ]

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["caption"] = _("Awards, with what has been paid, returned and is still to pay")
        kwargs["totals_of"] = self.object_list
        return kwargs
