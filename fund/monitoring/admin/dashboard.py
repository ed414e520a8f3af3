"""Reports > Outcomes: what the fund's grants achieved against their
targets and spent against their plans, per fund, call and district, with
the reports that are late; CSV and XLSX of the same figures; and the
Commissioner's impact reports made for the fund, newest first, with the
button that asks for one (fund/monitoring/admin/impact_reports.py).

For fund managers and finance (fund.view_grantreport), not panel members.
The page costs the same queries at 20 grants as at 2,000: every figure is
summed by the database (fund/monitoring/selectors/outcomes.py), the
late reports listed are the longest overdue, with the count of all, and
the impact reports listed are the newest few.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.applications.models import District
from fund.core.permissions import VIEW_REPORT
from fund.monitoring.admin import dashboard_charts as charts
from fund.monitoring.admin import dashboard_export as export
from fund.monitoring.selectors import impact_reports, outcomes
from fund.monitoring.selectors.outcomes import FinancialYear, Scope

#: The late reports listed on the page; the count says how many there are in all.
LATE_LISTED = 50


class OutcomesAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_REPORT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OutcomesDashboardView(OutcomesAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Outcomes")
    header_icon = "fund-chart"
    template_name = "fund/admin/outcomes/dashboard.html"

    @cached_property
    def funds(self):
        return outcomes.funds()

    @cached_property
    def fund(self):
        asked = self.request.GET.get("fund", "")
        chosen = [fund for fund in self.funds if str(fund.pk) == asked]
        return chosen[0] if chosen else (self.funds[0] if self.funds else None)

    @cached_property
    def calls(self):
        return outcomes.calls_of(self.fund) if self.fund else []

    @cached_property
    def call(self):
        asked = self.request.GET.get("call", "")
        return next((call for call in self.calls if str(call.pk) == asked), None)

    @cached_property
    def district(self) -> str:
        asked = self.request.GET.get("district", "")
        return asked if asked in District.values else ""

    @cached_property
    def scope(self) -> Scope:
        return Scope(fund=self.fund, call=self.call, district=self.district)

    def get_page_subtitle(self):
        return self.fund.title if self.fund else ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_header_title()}]

    def get(self, request, *args, **kwargs):
        wanted = request.GET.get("export")
        if self.fund is not None and wanted in {"csv", "xlsx"}:
            return self.export(wanted)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            funds=self.funds,
            fund=self.fund,
            calls=self.calls,
            call=self.call,
            districts=District.choices,
            district=self.district,
            district_label=dict(District.choices).get(self.district, ""),
        )
        if self.fund is None:
            return context
        measures = outcomes.measure_totals(scope=self.scope)
        budget = outcomes.budget_totals(scope=self.scope)
        context.update(
            query=self.request.GET.urlencode(),
            measures=measures,
            measures_chart=charts.measures_chart(measures),
            budget=budget,
            budget_chart=charts.budget_chart(budget),
            late=outcomes.late_reports(
                scope=self.scope, today=timezone.localdate(), limit=LATE_LISTED
            ),
            money=outcomes.money_totals(scope=self.scope),
            year=FinancialYear.parse(self.fund.financial_year),
            impact_years=impact_reports.impact_report_years(fund=self.fund),
            impact_reports=impact_reports.impact_reports_made(fund=self.fund),
            impact_listed=impact_reports.LISTED,
        )
        return context

    def export(self, wanted) -> HttpResponse:
        rows = export.figure_rows(
            measures=outcomes.measure_totals(scope=self.scope),
            budget=outcomes.budget_totals(scope=self.scope),
        )
        name = "-".join(
            part
            for part in (
                "outcomes",
                slugify(self.fund.title),
                self.call and slugify(self.call.title),
                self.district,
            )
            if part
        )
        if wanted == "csv":
            return export.csv_response(rows, filename=f"{name}.csv")
        late = outcomes.late_reports(scope=self.scope, today=timezone.localdate(), limit=None)
        return export.xlsx_response(
            {
                str(_("Outcomes and spend")): rows,
                str(_("Late reports")): export.late_rows(late.first),
            },
            filename=f"{name}.xlsx",
        )
