"""Public open data: the 360Giving files linked from the grants awarded page,
and fixed addresses of the pages the footer links (views.published_page)."""

from django.urls import path

from fund.opendata import views

urlpatterns = [
    path("360giving.json", views.giving360_json, name="fund_360giving_json"),
    path("360giving.csv", views.giving360_csv, name="fund_360giving_csv"),
    path("360giving.xlsx", views.giving360_xlsx, name="fund_360giving_xlsx"),
    path("pages/<slug:kind>/", views.published_page, name="fund_open_data_page"),
]
