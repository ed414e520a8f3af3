"""The grantee's report pages, under the status pages (/apply/status/reports/),
reached through the private status link."""

from django.urls import path

from fund.monitoring.views import report

urlpatterns = [
    path("<int:pk>/", report.report_form, name="fund_report"),
    path("<int:pk>/check/", report.report_check, name="fund_report_check"),
    path("<int:pk>/saved/", report.report_saved, name="fund_report_saved"),
    path("<int:pk>/sent/", report.report_sent, name="fund_report_sent"),
]
