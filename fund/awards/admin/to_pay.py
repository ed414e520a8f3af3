"""To pay: finance's one list of what to pay, in the admin menu for staff
who record payments (``fund.record_payment``).

Every accepted award with money left to pay, with what has been paid, what
is left, the next instalment the payments do not yet cover and how much of
it is left, a link to the award's page and "Record payment". Filtered with
``?due=now`` to the awards with an instalment due: those whose instalments
due on or before today add up to more than has been paid on them
(awards_to_pay). Money an instalment tied to a report holds back is shown
with the report it waits for (awards.monitoring.payment_holds), so finance
know before they try to pay it. Three queries however many awards are listed.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button

from fund.awards.admin.common import MONEY_CLASSES, money_column
from fund.awards.models.awards import Award
from fund.awards.monitoring import payment_holds
from fund.awards.selectors import awards_to_pay, next_instalment
from fund.core.money import pounds
from fund.core.permissions import PAY


class ToPayFilterSet(WagtailFilterSet):
    due = django_filters.ChoiceFilter(
        label=_("Instalments"),
        choices=[("now", _("Only awards with an instalment due by today"))],
        empty_label=_("All awards with money left to pay"),
        method="filter_due",
    )
    bank = django_filters.ChoiceFilter(
        label=_("Bank details"),
        choices=[
            ("pending", _("Waiting for approval")),
            ("none", _("No approved bank details")),
        ],
        empty_label=_("Any"),
        method="filter_bank",
    )

    class Meta:
        model = Award
        fields = ["due", "bank"]

    def filter_due(self, queryset, name, value):
        return queryset.filter(due_now__gt=0) if value == "now" else queryset

    def filter_bank(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(bank_to_approve=True)
        if value == "none":
            return queryset.filter(bank_approved=False)
        return queryset


class ReferenceColumn(ButtonsColumnMixin, TitleColumn):
    """The reference, a link to the award's page, with "Record payment"
    beside it once the award has approved bank details to pay into."""

    def get_buttons(self, instance, parent_context):
        if not instance.bank_approved:
            return []
        return [
            Button(
                _("Record payment"),
                url=reverse("awards:payment", args=[instance.pk]),
                classname="button button-small button-secondary",
                attrs={
                    "aria-label": _("Record a payment to %(reference)s")
                    % {"reference": instance.reference}
                },
            )
        ]


def bank_state(award):
    if award.bank_to_approve:
        return _("Waiting for approval")
    if award.bank_pending:
        return _("Approved; waiting for the contact to confirm")
    if award.bank_approved:
        return _("Approved")
    return _("Not given")


def next_due(award):
    instalment = next_instalment(award)
    return date_format(instalment.due_on, "j M Y") if instalment else _("None scheduled")


def next_amount(award):
    instalment = next_instalment(award)
    return pounds(instalment.amount) if instalment else ""


def held(award):
    hold = getattr(award, "hold", None)
    return hold.reason if hold else _("Nothing")


class ToPayView(ReportView):
    page_title = _("To pay")
    header_icon = "decimal"
    index_url_name = "awards:to_pay"
    index_results_url_name = "awards:to_pay_results"
    filterset_class = ToPayFilterSet
    model = Award
    verbose_name = _("award to pay")
    verbose_name_plural = _("awards to pay")
    default_ordering = "application__reference"
    is_searchable = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PAY):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return awards_to_pay(today=timezone.localdate())

    @cached_property
    def columns(self):
        return [
            ReferenceColumn(
                "reference",
                label=_("Reference"),
                accessor="application.reference",
                url_name="awards:inspect",
                sort_key="application__reference",
            ),
            Column(
                "organisation",
                label=_("Organisation"),
                accessor="application.organisation_name",
                sort_key="application__organisation_name",
            ),
            money_column("amount", _("Award")),
            money_column("paid", _("Paid so far")),
            money_column("outstanding", _("Left to pay")),
            Column("bank", label=_("Bank details"), accessor=bank_state),
            Column("next_due", label=_("Next instalment due"), accessor=next_due),
            Column(
                "next_amount",
                label=_("Next instalment, still to pay"),
                accessor=next_amount,
                classname=MONEY_CLASSES,
            ),
            Column("held", label=_("Waiting for a report"), accessor=held),
        ]

    def get_table(self, object_list):
        # The money waiting for reports, for the awards on this page: one query.
        awards = list(object_list)
        holds = payment_holds([award.pk for award in awards])
        for award in awards:
            award.hold = holds.get(award.pk)
        return super().get_table(awards)

    def get_table_kwargs(self):
        return {
            **super().get_table_kwargs(),
            "caption": _("Accepted awards with money left to pay"),
        }
