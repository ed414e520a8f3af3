from django.urls import path

from fund.applications import views
from fund.awards import views as views_offer

urlpatterns = [
    path("check/", views.check_answers, name="fund_check"),
    path("sent/", views.sent, name="fund_sent"),
    path("copy/", views.application_copy, name="fund_copy"),
    path("continue/<str:token>/", views.draft_open, name="fund_draft_open"),
    path("view/<str:token>/", views.status_open, name="fund_status_open"),
    path("status/", views.status, name="fund_status"),
    path("status/withdraw/", views.status_withdraw, name="fund_status_withdraw"),
    path("status/accept/", views.status_accept, name="fund_status_accept"),
    path("status/decline/", views.status_decline_offer, name="fund_status_decline"),
    path("status/accepted/", views_offer.status_accepted, name="fund_status_accepted"),
    path("status/declined/", views_offer.status_declined, name="fund_status_declined"),
    path("status/bank-details/", views_offer.status_bank_details, name="fund_status_bank"),
    path("status/bank-details/sent/", views_offer.status_bank_sent, name="fund_status_bank_sent"),
    path(
        "bank-details/confirm/<str:token>/",
        views_offer.bank_details_confirm,
        name="fund_bank_confirm",
    ),
    path("status/letter/", views.status_letter, name="fund_status_letter"),
    path("lost-link/", views.lost_link, name="fund_lost_link"),
]
