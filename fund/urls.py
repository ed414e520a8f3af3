from django.urls import include, path

from fund.applications.views import apply, links
from fund.awards.views import offer, status

urlpatterns = [
    path("check/", apply.check_answers, name="fund_check"),
    path("sent/", apply.sent, name="fund_sent"),
    path("copy/", apply.application_copy, name="fund_copy"),
    path("continue/<str:token>/", links.draft_open, name="fund_draft_open"),
    path("view/<str:token>/", links.status_open, name="fund_status_open"),
    path("status/", status.status, name="fund_status"),
    path("status/withdraw/", status.status_withdraw, name="fund_status_withdraw"),
    path("status/accept/", status.status_accept, name="fund_status_accept"),
    path("status/decline/", status.status_decline_offer, name="fund_status_decline"),
    path("status/accepted/", offer.status_accepted, name="fund_status_accepted"),
    path("status/declined/", offer.status_declined, name="fund_status_declined"),
    path("status/bank-details/", offer.status_bank_details, name="fund_status_bank"),
    path("status/bank-details/sent/", offer.status_bank_sent, name="fund_status_bank_sent"),
    path(
        "bank-details/confirm/<str:token>/",
        offer.bank_details_confirm,
        name="fund_bank_confirm",
    ),
    path("status/letter/", status.status_letter, name="fund_status_letter"),
    path("status/reports/", include("fund.monitoring.urls")),
    path("lost-link/", links.lost_link, name="fund_lost_link"),
]
