"""Admin hooks for the grant panel's side (registered by import from fund.wagtail_hooks)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fund.core.permissions import REVIEW
from fund.reviews.admin import ReviewIndexView, ReviewsPanel, ReviewView


class ReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW)


@hooks.register("register_admin_urls")
def register_review_urls():
    urls = [
        path("", ReviewIndexView.as_view(), name="index"),
        path("<int:pk>/", ReviewView.as_view(), name="review"),
    ]
    return [path("reviews/", include((urls, "fund_reviews"), namespace="fund_reviews"))]


@hooks.register("register_admin_menu_item")
def register_reviews_menu_item():
    return ReviewsMenuItem(
        _("Your reviews"),
        reverse_lazy("fund_reviews:index"),
        name="your-reviews",
        icon_name="tasks",
        order=160,
    )


@hooks.register("construct_homepage_panels")
def add_reviews_panel(request, panels):
    if request.user.has_perm(REVIEW):
        panels.append(ReviewsPanel())
