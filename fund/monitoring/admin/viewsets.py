"""Grants > Reports: every grant report, filtered by status, overdue and
call, each row a link to the report's page; the review and schedule
actions live under the same URL namespace, ``grant_reports:``.

Fund managers (``fund.review_report``) review and reschedule; finance
(``fund.view_grantreport``) may read. Reports change only through
services, so the viewset has no add, edit or delete views. The listing
costs the same few queries however many reports there are.
"""

import django_filters
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from fund.calls.models import CallPage
from fund.core.viewsets import ReadOnlyModelViewSet
from fund.monitoring.admin import review, schedule
from fund.monitoring.models import GrantReport, ReportStatus
from fund.monitoring.selectors.review import overdue_q, reports_for_review


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReportStatus.choices, empty_label=_("Any")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("yes", _("Past its due date and not sent"))],
        empty_label=_("Any"),
        method="filter_overdue",
    )
    call = django_filters.ModelChoiceFilter(
        label=_("Call"),
        field_name="award__application__page",
        queryset=CallPage.objects.order_by("-closes_at"),
        empty_label=_("All calls"),
    )

    class Meta:
        model = GrantReport
        fields = ["status", "overdue", "call"]

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(overdue_q(today=timezone.localdate()))
        return queryset


class ReportIndexView(IndexView):
    default_ordering = "due_on"
    page_title = _("Reports")

    def get_base_queryset(self):
        return reports_for_review()

    @property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Award"),
                accessor="award.application.reference",
                url_name="grant_reports:inspect",
                sort_key="award__application__reference",
            ),
            Column(
                "organisation",
                label=_("Organisation"),
                accessor="award.application.organisation_name",
                sort_key="award__application__organisation_name",
            ),
            Column("call", label=_("Call"), accessor="award.application.page.title"),
            Column("kind", label=_("Report"), accessor="get_kind_display", sort_key="kind"),
            Column(
                "due_on",
                label=_("Due"),
                accessor=lambda report: date_format(report.due_on, "j M Y"),
                classname="w-whitespace-nowrap",
                sort_key="due_on",
            ),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        ]


class GrantReportViewSet(ReadOnlyModelViewSet):
    model = GrantReport
    name = "grant_reports"
    icon = "doc-full"
    menu_label = _("Reports")
    menu_order = 170
    add_to_admin_menu = False  # in the Grants group (fund/wagtail_hooks.py)
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReportIndexView
    inspect_view_class = review.ReportInspectView
    filterset_class = ReportFilterSet
    search_fields = ["award__application__reference", "award__application__organisation_name"]
    search_backend_name = None
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("accept/<int:pk>/", review.AcceptView.as_view(), name="accept"),
            path("changes/<int:pk>/", review.ChangesView.as_view(), name="changes"),
            path("evidence/<int:pk>/", review.evidence_download, name="evidence"),
            path("reschedule/<int:pk>/", schedule.RescheduleView.as_view(), name="reschedule"),
            path("tie/<int:pk>/", schedule.TieView.as_view(), name="tie"),
            path("add/<int:pk>/", schedule.AddReportView.as_view(), name="add"),
        ]
