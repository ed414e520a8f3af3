import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from fund.applications.models import Application
from fund.applications.status import ApplicationStatus
from fund.calls.models import CallPage
from fund.reviews.selectors import (
    overdue_review_assignments,
    ready_to_decide,
)

#: What the applications listing searches, and "select all" with it.
APPLICATION_SEARCH_FIELDS = ["reference", "organisation_name", "contact_email"]


class ApplicationFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Call"), queryset=CallPage.objects.all().order_by("-closes_at")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices, empty_label=_("Any status")
    )
    reviews = django_filters.ChoiceFilter(
        label=_("Reviews"),
        choices=[
            ("overdue", _("Overdue: not submitted after reviews closed")),
            ("ready", _("Ready to decide: the call has closed and its reviews are in")),
        ],
        empty_label=_("Any"),
        method="filter_reviews",
    )

    class Meta:
        model = Application
        fields = ["page", "status", "reviews"]

    def filter_reviews(self, queryset, name, value):
        if value == "overdue":
            overdue = overdue_review_assignments(now=timezone.now())
            return queryset.filter(pk__in=overdue.values("application"))
        if value == "ready":
            return queryset.filter(pk__in=ready_to_decide(now=timezone.now()).values("pk"))
        return queryset
