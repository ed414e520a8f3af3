"""A panel member's reviews: the dashboard panel, the listing and what they share."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView

from fund.core.permissions import REVIEW
from fund.reviews.selectors import assignments_for_reviewer
from fund.templatetags.fund_tags import pounds, when

CONFLICT_HIDDEN = _("Hidden: conflict declared")

AMOUNT_FORMAT = _("Enter the suggested amount in pounds, for example 1500 or 1500.50.")
NOT_A_REVIEWER = _("Only members of the grant panel can review applications.")
NOT_YOURS = _("This application is not assigned to you, so you cannot see or review it.")


def forbidden(request, message):
    """A 403 page in the admin's furniture. (Wagtail turns a PermissionDenied
    raised in an admin view into a redirect to the dashboard; a crafted
    request to see or score a review must get a plain refusal instead.)"""
    return TemplateResponse(
        request,
        "fund/admin/reviewing/forbidden.html",
        {"page_title": _("You cannot do that"), "header_icon": "warning", "message": message},
        status=403,
    )


def review_url(assignment):
    return reverse("fund_reviews:review", args=[assignment.pk])


def reviewer_name(user):
    return user.get_full_name() or user.get_username()


# --- the rows of "Your reviews", on the dashboard and in the listing ----------


def _unless_conflict(value):
    """A column accessor that shows nothing of the application once the
    reviewer has declared a conflict of interest."""

    def accessor(assignment):
        if assignment.has_conflict:
            return CONFLICT_HIDDEN
        return value(assignment.application)

    return accessor


def _reviews_close(assignment):
    closes = assignment.application.page.callpage.reviews_close_at
    return when(closes) if closes else _("Not set")


def assignment_columns():
    return [
        TitleColumn(
            "reference", label=_("Reference"), accessor="application.reference", get_url=review_url
        ),
        Column(
            "organisation",
            label=_("Organisation"),
            accessor=_unless_conflict(lambda a: a.organisation_name),
        ),
        Column("call", label=_("Call"), accessor="application.page.title"),
        Column(
            "amount_requested",
            label=_("Amount requested"),
            accessor=_unless_conflict(lambda a: pounds(a.amount_requested)),
        ),
        Column("state", label=_("Your review"), accessor="review_state"),
        Column("reviews_close", label=_("Reviews close"), accessor=_reviews_close),
    ]


class ReviewsPanel(Component):
    """The dashboard's "Your reviews" panel for a panel member."""

    name = "your_reviews"
    template_name = "fund/admin/reviewing/home_panel.html"
    order = 90  # above Wagtail's own panels: reviewing is this user's job here

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        assignments = list(assignments_for_reviewer(user=request.user))
        # Done: submitted, or set aside for a declared conflict.
        done = sum(
            1
            for a in assignments
            if a.has_conflict or getattr(getattr(a, "review", None), "status", "") == "submitted"
        )
        now = timezone.now()
        deadlines = sorted(
            {
                a.application.page.callpage.reviews_close_at
                for a in assignments
                if a.application.page.callpage.reviews_close_at
                and a.application.page.callpage.reviews_close_at > now
            }
        )
        return {
            "assignments": assignments,
            "done": done,
            "next_deadline": deadlines[0] if deadlines else None,
            "table": Table(assignment_columns(), assignments, caption=_("Your reviews")),
            "index_url": reverse("fund_reviews:index"),
            "request": request,
        }


class ReviewerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW):
            return forbidden(request, NOT_A_REVIEWER)
        return super().dispatch(request, *args, **kwargs)


class ReviewIndexView(ReviewerRequiredMixin, BaseListingView):
    page_title = _("Your reviews")
    header_icon = "tasks"
    index_url_name = "fund_reviews:index"
    no_results_message = _("No applications have been assigned to you yet.")

    @cached_property
    def columns(self):
        return assignment_columns()

    def get_base_queryset(self):
        return assignments_for_reviewer(user=self.request.user)
