"""The ranking: a call's reviewed applications in score order against the
fund's remaining budget, with the funding line (docs/architecture.md, "Scoring").

A Wagtail report (Reports > Ranking) for fund managers only, with XLSX and
CSV downloads that a spreadsheet cannot be tricked into running.
"""

from decimal import ROUND_HALF_UP

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from fund.applications.status import ApplicationStatus
from fund.calls.models import CallPage
from fund.core.exports import FormulaSafeExportMixin
from fund.core.money import pounds
from fund.core.permissions import VIEW_ALL_REVIEWS
from fund.reviews import scoring
from fund.reviews import selectors as reviews_selectors
from fund.reviews.admin.scores import as_decimal, spread_shown
from fund.reviews.selectors import (
    RankedApplication,
    decided_applications,
    ranked_applications,
    ranked_row,
)


def latest_call():
    """The most recently closed call; if none has closed, the next to close."""
    now = timezone.now()
    closed = CallPage.objects.filter(closes_at__lte=now).order_by("-closes_at").first()
    return closed or CallPage.objects.filter(closes_at__gt=now).order_by("closes_at").first()


class CallChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s (closes %(date)s)") % {
            "title": obj.title,
            "date": date_format(timezone.localtime(obj.closes_at), "j M Y"),
        }


class CallFilter(django_filters.ModelChoiceFilter):
    field_class = CallChoiceField


class RankingFilterSet(WagtailFilterSet):
    # Chooses which call is ranked; it does not filter the rows.
    call = CallFilter(
        label=_("Call"),
        queryset=CallPage.objects.order_by("-closes_at"),
        empty_label=_("Most recently closed call"),
        method="choose_call",
    )

    class Meta:
        model = CallPage
        fields = ["call"]

    def choose_call(self, queryset, name, value):
        return queryset


GROUP_RANKED = _("Ranked")
GROUP_NOT_RANKED = _("Not ranked yet")
GROUP_DECIDED = _("Decided")


def one_place(value):
    """A number to one decimal place, as the downloads give it."""
    value = as_decimal(value)
    return None if value is None else value.quantize(scoring.SHOWN, rounding=ROUND_HALF_UP)


class Row:
    """What the ranked and the decided rows show alike: the bid, its status
    and its review summary. `application` is annotated by
    `with_review_summary`."""

    rank = None
    cumulative_requested = None
    flagged = False
    funding_line_display = ""
    outcome_display = ""
    cumulative_requested_shown = ""

    @property
    def status_display(self):
        return self.application.get_status_display()

    @property
    def mean_score(self):
        return one_place(self.raw_mean_score)

    @property
    def spread(self):
        return one_place(self.raw_spread)

    @property
    def mean_score_shown(self):
        return scoring.shown(as_decimal(self.raw_mean_score))

    @property
    def spread_shown(self):
        return spread_shown(self.raw_spread)

    @property
    def flag_display(self):
        return _("Needs moderation") if self.flagged else ""

    @property
    def amount_requested_shown(self):
        return pounds(self.application.amount_requested)


class RankingRow(Row):
    """One undecided bid: ranked, or not ranked yet for want of reviews."""

    def __init__(self, ranked: RankedApplication):
        self.ranked = ranked

    rank = property(lambda self: self.ranked.rank)
    application = property(lambda self: self.ranked.application)
    review_count = property(lambda self: self.ranked.review_count)
    flagged = property(lambda self: self.ranked.flagged)
    within_budget = property(lambda self: self.ranked.within_budget)
    cumulative_requested = property(lambda self: self.ranked.cumulative_requested)
    first_below_line = property(lambda self: self.ranked.first_below_line)
    last_within_line = property(lambda self: self.ranked.last_within_line)
    first_not_ranked = property(lambda self: self.ranked.first_not_ranked)
    raw_mean_score = property(lambda self: self.ranked.mean_score)
    raw_spread = property(lambda self: self.ranked.spread)

    @property
    def group_display(self):
        return GROUP_RANKED if self.ranked.ranked else GROUP_NOT_RANKED

    @property
    def funding_line_display(self):
        if not self.ranked.ranked:
            return _("Too few reviews: %(count)s of %(minimum)s") % {
                "count": self.review_count,
                "minimum": self.ranked.minimum_reviews,
            }
        return _("Within the budget") if self.within_budget else _("Below the funding line")

    @property
    def cumulative_requested_shown(self):
        if self.cumulative_requested is None:
            return ""
        return pounds(self.cumulative_requested)


class DecidedRow(Row):
    """An awarded, declined or withdrawn bid, shown apart with its outcome."""

    group_display = GROUP_DECIDED

    def __init__(self, application):
        self.application = application
        self.review_count = application.review_count
        self.raw_mean_score = application.mean_score
        self.raw_spread = application.spread

    @property
    def outcome_display(self):
        if self.application.status == ApplicationStatus.AWARDED:
            return _("Awarded %(amount)s") % {"amount": pounds(self.application.award.amount)}
        if self.application.status == ApplicationStatus.WITHDRAWN:
            return _("Withdrawn by the applicant")
        return _("Declined")


class RankingReportView(FormulaSafeExportMixin, ReportView):
    page_title = _("Ranking")
    header_icon = "list-ol"
    template_name = "fund/admin/ranking.html"
    results_template_name = "fund/admin/ranking_results.html"
    index_url_name = "fund_ranking"
    index_results_url_name = "fund_ranking_results"
    filterset_class = RankingFilterSet
    # The database ranks every row and keeps the running total (see
    # ranked_applications), so a page fetches and draws only its
    # own rows and the funding line falls where it should on any page. The
    # downloads have every row.
    paginate_by = 50
    list_export = [
        "rank",
        "group_display",
        "status_display",
        "application.reference",
        "application.organisation_name",
        "application.project_title",
        "mean_score",
        "review_count",
        "spread",
        "flag_display",
        "application.amount_requested",
        "cumulative_requested",
        "funding_line_display",
        "outcome_display",
    ]
    export_headings = {
        "rank": _("Rank"),
        "group_display": _("Group"),
        "status_display": _("Status"),
        "application.reference": _("Reference"),
        "application.organisation_name": _("Organisation"),
        "application.project_title": _("Project"),
        "mean_score": _("Mean score (%)"),
        "review_count": _("Reviews"),
        "spread": _("Spread (points)"),
        "flag_display": _("Moderation"),
        "application.amount_requested": _("Amount requested (£)"),
        "cumulative_requested": _("Cumulative requested (£)"),
        "funding_line_display": _("Funding line"),
        "outcome_display": _("Outcome"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_ALL_REVIEWS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def call(self):
        if self.filters and self.filters.is_valid():
            if chosen := self.filters.form.cleaned_data.get("call"):
                return chosen
        return latest_call()

    def get_page_subtitle(self):
        return self.call.title if self.call else ""

    def get_queryset(self):
        if self.call is None:
            self.remaining = None
            return []
        applications, self.remaining = ranked_applications(call=self.call)
        # Only the columns the report and its downloads show: the database
        # groups and sorts every bid of the call to rank them, and narrow
        # rows keep that in memory (whole rows, answers and all, spill to disk).
        return applications.select_related(None).only(*self.shown_fields)

    shown_fields = [
        "reference",
        "status",
        "organisation_name",
        "project_title",
        "amount_requested",
    ]

    @cached_property
    def ranked_count(self):
        return reviews_selectors.ranked_count(call=self.call) if self.call else 0

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # Count the call's ranked applications, not the ranking: counting the
        # ranked queryset would aggregate and rank every row a second time.
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page)
        paginator.count = self.ranked_count
        return paginator

    def filter_queryset(self, queryset):
        return queryset  # the filter chooses the call (see `call`)

    def decorate_paginated_queryset(self, object_list):
        rows = [
            RankingRow(
                ranked_row(
                    application,
                    remaining=self.remaining,
                    minimum_reviews=self.call.minimum_reviews,
                )
            )
            for application in object_list
        ]
        if self.is_export:
            rows += self.decided_rows  # the downloads have every row, decided ones last
        return rows

    @cached_property
    def decided_rows(self):
        """The call's decided bids, apart from the ranking: one query."""
        if self.call is None:
            return []
        return [
            DecidedRow(application)
            for application in decided_applications(call=self.call).only(
                *self.shown_fields, "award__amount"
            )
        ]

    def get_filename(self):
        slug = self.call.slug if self.call else "none"
        return f"ranking-{slug}-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["call"] = self.call
        context["remaining"] = self.remaining
        context["remaining_shown"] = pounds(self.remaining) if self.remaining is not None else ""
        # The decided bids follow the ranking, after its last page.
        page = context.get("page_obj")
        last_page = not (page and page.has_next())
        context["decided_rows"] = self.decided_rows if last_page else []
        context["minimum_reviews"] = self.call.minimum_reviews if self.call else None
        context["no_results_message"] = (
            _("No application to this call is waiting for a decision.")
            if self.call
            else _("There are no calls yet.")
        )
        return context
