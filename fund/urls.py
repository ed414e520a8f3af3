from django.urls import path

from fund import views

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
    path("status/letter/", views.status_letter, name="fund_status_letter"),
    path("lost-link/", views.lost_link, name="fund_lost_link"),
]
