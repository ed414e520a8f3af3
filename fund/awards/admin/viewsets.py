"""Grants > Awards: a read-only listing and inspect view of the awards, for
staff with ``fund.view_award`` (fund managers and finance).

Awards are made, changed and ended only through services, so the viewset
has no add, edit, copy or delete views; the actions on an award are buttons
on its page, shown by permission and status (fund.admin.awards.actions).
"""

from decimal import Decimal

import django_filters
from django.db.models import DecimalField
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.permissions import policy_registry

from fund.awards.admin import actions
from fund.awards.admin.bank import BankDetailsView
from fund.awards.admin.common import AwardFigures, money_column
from fund.awards.admin.letters import MADE, ReissueView
from fund.awards.models.awards import LIVE_AWARD_STATUSES, Award, AwardStatus, LetterStatus
from fund.awards.selectors import awards_with_money
from fund.calls.models import CallPage
from fund.core.permissions import LETTERS, VIEW_APPLICATION, VIEW_BUDGET
from fund.core.widgets import DateInput

MONEY = DecimalField(max_digits=12, decimal_places=2)


class AwardFilterSet(WagtailFilterSet):
    call = django_filters.ModelChoiceFilter(
        label=_("Call"),
        field_name="application__page",
        queryset=CallPage.objects.order_by("-closes_at"),
        empty_label=_("All calls"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AwardStatus.choices, empty_label=_("Any status")
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
        fields = ["call", "status", "acceptance", "paid_from"]

    def filter_acceptance(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(status=AwardStatus.OFFERED, accept_by__lt=timezone.localdate())
        return queryset


class AwardTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The reference, with the row's menu of actions (Wagtail adds the menu
    only to a title column it makes itself)."""

    def __init__(self, *args, view=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.view = view

    def get_buttons(self, instance, parent_context):
        return self.view.get_list_buttons(instance) if self.view else []


def reference_column(view=None):
    return AwardTitleColumn(
        "reference",
        label=_("Reference"),
        accessor="application.reference",
        url_name="awards:inspect",
        sort_key="application__reference",
        view=view,
    )


class AwardIndexView(IndexView):
    def get_base_queryset(self):
        return awards_with_money()

    @cached_property
    def columns(self):
        # The reference column, bound to this view for its row menus.
        return [
            reference_column(view=self) if column.name == "reference" else column
            for column in super().columns
        ]

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
                    url=reverse("fund_award_payment", args=[instance.pk]),
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
                url=reverse("fund_call_letters_zip", args=[call.pk]),
                icon_name="download",
            )
        ]


#: The buttons on an award's page: (label, URL name, view, icon, in the "more" menu).
AWARD_ACTIONS = [
    (_("Record acceptance"), "fund_award_accept", actions.AcceptView, "check", False),
    (_("Record payment"), "fund_award_payment", actions.PaymentView, "decimal", False),
    (_("Bank details"), "fund_award_bank", BankDetailsView, "key", False),
    (_("Record returned money"), "fund_award_return", actions.ReturnView, "rotate", False),
    (_("Add instalment"), "fund_award_instalment", actions.InstalmentView, "calendar", False),
    (_("Mark completed"), "fund_award_complete", actions.CompleteView, "success", False),
    (_("Reissue letter"), "fund_award_letter_reissue", ReissueView, "resubmit", False),
    (_("Withdraw award"), "fund_award_withdraw", actions.WithdrawView, "cross", True),
]


class AwardInspectView(InspectView):
    """An award's figures, conditions and dates, its schedule, payments,
    returned money, ledger entries and letters, with the actions the user
    may take on it now."""

    template_name = "fund/admin/awards/inspect.html"
    page_title = _("Award")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Award.objects.select_related("application__page", "fund", "decided_by"), pk=self.pk
        )

    def get_fields(self):
        return []  # the template lays the award out itself

    def get_page_subtitle(self):
        return self.object.reference

    @cached_property
    def payments(self):
        return list(self.object.payments.select_related("recorded_by"))

    @cached_property
    def returns(self):
        return list(self.object.returns.select_related("recorded_by"))

    @cached_property
    def figures(self):
        return AwardFigures.of(self.object, payments=self.payments, returns=self.returns)

    def action_buttons(self, *, more):
        user, award = self.request.user, self.object
        return [
            (Button if more else HeaderButton)(
                label, url=reverse(url_name, args=[award.pk]), icon_name=icon, priority=priority
            )
            for priority, (label, url_name, view, icon, in_more) in enumerate(AWARD_ACTIONS)
            if in_more == more and view.shown_for(user, award, self.figures)
        ]

    @cached_property
    def header_buttons(self):
        return self.action_buttons(more=False)

    @cached_property
    def header_more_buttons(self):
        return self.action_buttons(more=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award, user = self.object, self.request.user
        instalments = list(award.instalments.all())
        context.update(
            award=award,
            application=award.application,
            call=award.application.page,
            figures=self.figures,
            instalments=instalments,
            scheduled=sum((i.amount for i in instalments), Decimal("0.00")),
            payments=self.payments,
            returns=self.returns,
            letters=self.letters_context(),
            may_manage_letters=user.has_perm(LETTERS),
        )
        if user.has_perm(LETTERS):
            context["zip_url"] = reverse("fund_call_letters_zip", args=[award.application.page_id])
        context["ledger"] = (
            award.ledger_entries.select_related("created_by")
            if user.has_perm(VIEW_BUDGET)
            else None
        )
        if user.has_perm(VIEW_APPLICATION):
            context["application_url"] = reverse(
                "applications:inspect", args=[award.application_id]
            )
            # The audit trail is kept on the application.
            context["history_url"] = reverse("applications:history", args=[award.application_id])
        return context

    def letters_context(self):
        may_manage = self.request.user.has_perm(LETTERS)
        rows = []
        for letter in self.object.letters.select_related("requested_by"):
            made = letter.status in MADE and bool(letter.file)
            rows.append(
                {
                    "letter": letter,
                    "download_url": (
                        reverse("fund_letter_download", args=[letter.pk])
                        if may_manage and made
                        else None
                    ),
                    "retry_url": (
                        reverse("fund_letter_retry", args=[letter.pk])
                        if may_manage and letter.status == LetterStatus.FAILED
                        else None
                    ),
                }
            )
        return rows


class AwardAdminURLFinder(ModelAdminURLFinder):
    """Awards have no edit view: links to an award (in reports and the
    history) go to its inspect view, for those who may see it."""

    def construct_edit_url(self, instance):
        return reverse("awards:inspect", args=[instance.pk])

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and not policy.user_has_permission(self.user, "view"):
            return None
        return self.construct_edit_url(instance)


class AwardViewSet(ModelViewSet):
    model = Award
    name = "awards"
    icon = "tick-inverse"
    menu_label = _("Awards")
    menu_order = 160
    add_to_admin_menu = False  # in the Grants group (fund/wagtail_hooks.py)
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AwardIndexView
    inspect_view_class = AwardInspectView
    filterset_class = AwardFilterSet
    search_fields = ["application__reference", "application__organisation_name"]
    search_backend_name = None
    list_per_page = 50
    url_finder_class = AwardAdminURLFinder
    list_display = [
        reference_column(),
        Column(
            "organisation",
            label=_("Organisation"),
            accessor="application.organisation_name",
            sort_key="application__organisation_name",
        ),
        Column("call", label=_("Call"), accessor="application.page.title"),
        money_column("amount", _("Amount")),
        money_column("paid", _("Paid to date")),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        DateColumn("decided_at", label=_("Decided"), sort_key="decided_at"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        # Read-only: awards change only through the services, by the actions
        # on an award's page.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
