"""Grants > Awards (also in the Reports menu): every award and the money
against it, for fund managers and finance (``fund.view_award``).

One listing with the filters finance uses (fund, call, status, offers past
their accept-by date, paid since a date), a footer of totals over every
award the filters match, each row's menu ("Record payment" when one can be
made) and XLSX/CSV downloads that a spreadsheet cannot be tricked into
running. It costs the same few queries however many awards there are.
"""

import datetime as dt
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, Table, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton

from fund.awards.admin import actions
from fund.awards.admin.common import MONEY_CLASSES, AwardFigures, money_column
from fund.awards.models.awards import LIVE_AWARD_STATUSES, Award, AwardStatus
from fund.awards.selectors import awards_with_money
from fund.calls.models import CallPage, FundPage
from fund.core.exports import FormulaSafeExportMixin
from fund.core.money import pounds
from fund.core.permissions import LETTERS
from fund.core.widgets import DateInput

PENNY = Decimal("0.01")


class AwardFilterSet(WagtailFilterSet):
    fund = django_filters.ModelChoiceFilter(
        label=_("Fund"), queryset=FundPage.objects.order_by("path"), empty_label=_("All funds")
    )
    call = django_filters.ModelChoiceFilter(
        label=_("Call"),
        field_name="application__page",
        queryset=CallPage.objects.order_by("-closes_at"),
        empty_label=_("All calls"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=AwardStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    acceptance = django_filters.ChoiceFilter(
        label=_("Acceptance"),
        choices=[("overdue", _("Offer past its accept-by date"))],
        empty_label=_("Any"),
        method="filter_acceptance",
    )
    paid_from = django_filters.DateFilter(
        label=_("Paid on or after"),
        field_name="payments__paid_on",
        lookup_expr="gte",
        distinct=True,
        widget=DateInput,
    )

    class Meta:
        model = Award
        fields = ["fund", "call", "status", "acceptance", "paid_from"]

    def filter_acceptance(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(status=AwardStatus.OFFERED, accept_by__lt=timezone.localdate())
        return queryset


#: The money columns, in table order: each one is totalled in the footer.
MONEY_COLUMNS = [
    ("amount", _("Amount awarded")),
    ("paid", _("Paid to date")),
    ("returned", _("Returned")),
    ("outstanding", _("Outstanding")),
]


def short_date(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return date_format(value, "j M Y")


class AwardsTable(Table):
    """Wagtail's table with a footer row of totals over every award the
    filters match (on every page, not only this one). The totals are
    queried only if the table is rendered, never for a download."""

    template_name = "fund/admin/awards/awards_table.html"

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
            count=Count("pk"), **{f"total_{name}": Sum(name) for name, _label in MONEY_COLUMNS}
        )
        names = list(self.columns)
        first, last = names.index(MONEY_COLUMNS[0][0]), names.index(MONEY_COLUMNS[-1][0])
        count = totals["count"]
        heading = ngettext("Total of %(count)s award", "Total of %(count)s awards", count) % {
            "count": count
        }
        if count > self.row_count:
            heading = _("%(total)s, on every page") % {"total": heading}
        cells = [{"header": True, "colspan": first, "text": heading}]
        cells += [
            {
                "colspan": 1,
                "text": pounds(totals[f"total_{name}"] or Decimal("0.00")),
                "classname": MONEY_CLASSES,
            }
            for name, _label in MONEY_COLUMNS
        ]
        if len(names) - 1 > last:
            cells.append({"colspan": len(names) - 1 - last, "text": ""})
        return cells


class AwardTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The reference, a link to the award's page, with the row's menu of
    actions (Wagtail adds the menu only to a title column it makes itself)."""

    def __init__(self, *args, view, **kwargs):
        super().__init__(*args, **kwargs)
        self.view = view

    def get_buttons(self, instance, parent_context):
        return self.view.get_list_buttons(instance)


class AwardIndexView(FormulaSafeExportMixin, IndexView):
    table_class = AwardsTable
    default_ordering = "-decided_at"
    paginate_by = 50
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
        **IndexView.custom_value_preprocess,
        Decimal: {
            IndexView.FORMAT_CSV: lambda value: value.quantize(PENNY),
            IndexView.FORMAT_XLSX: lambda value: value.quantize(PENNY),
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
    def columns(self):
        return [
            AwardTitleColumn(
                "reference",
                label=_("Reference"),
                accessor="application.reference",
                url_name="awards:inspect",
                sort_key="application__reference",
                view=self,
            ),
            Column(
                "organisation",
                label=_("Organisation"),
                accessor="application.organisation_name",
                sort_key="application__organisation_name",
            ),
            Column("call", label=_("Call"), accessor="application.page.title"),
            Column("fund", label=_("Fund"), accessor="fund.title"),
            *(money_column(name, label) for name, label in MONEY_COLUMNS),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
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
        return {
            **super().get_table_kwargs(),
            "caption": _("Awards, with what has been paid, returned and is still to pay"),
            "totals_of": self.object_list,
        }

    def get_list_more_buttons(self, instance):
        # "Record payment" in the row's menu only when one can be recorded,
        # judged from the figures the listing's query already holds (and,
        # as in To pay, only to approved bank details).
        buttons = super().get_list_more_buttons(instance)
        figures = AwardFigures(
            amount=instance.amount,
            paid=instance.paid,
            returned=instance.returned,
            live=instance.status in LIVE_AWARD_STATUSES,
        )
        if instance.bank_approved and actions.PaymentView.shown_for(
            self.request.user, instance, figures
        ):
            buttons.append(
                MenuItem(
                    _("Record payment"),
                    url=reverse("awards:payment", args=[instance.pk]),
                    icon_name="decimal",
                    priority=30,
                )
            )
        return buttons

    @cached_property
    def filtered_call(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("call")
        return None

    @cached_property
    def header_buttons(self):
        # Filtered to one call, the listing offers that call's current
        # letters in one download (re-rendered as the filters change).
        call = self.filtered_call
        if call is None or not self.request.user.has_perm(LETTERS):
            return []
        return [
            HeaderButton(
                _("Download the current letters of %(call)s (ZIP)") % {"call": call.title},
                url=reverse("awards:call_letters", args=[call.pk]),
                icon_name="download",
            )
        ]
