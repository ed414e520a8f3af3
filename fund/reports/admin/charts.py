"""Reports > Call statistics: a call's applications by status and by
district, the spread of their scores, and what they asked for against what
has been awarded, as pictures with their figures beside them.

The charts are SVG drawn here and in the templates, on the server: no
JavaScript and nothing from elsewhere. Each picture is hidden from
assistive technology because the table next to it holds the same figures;
every bar carries its label and number as text, and bars that are compared
in one chart differ by pattern too, so nothing depends on colour.

For fund managers (and administrators): the score distribution is the
panel's scoring, which only fund.view_all_reviews may see. The page costs
the same few queries however many applications the call has.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.calls.models import CallPage
from fund.core.permissions import VIEW_ALL_REVIEWS
from fund.reports import statistics
from fund.templatetags.fund_tags import pounds

# --- drawing ----------------------------------------------------------------------
# Coordinates are in the SVG's own units (its viewBox); the picture scales to
# the width of the page with its proportions, text and patterns kept.

CHART_WIDTH = 600

#: A horizontal bar chart: each row is its label and number on one line, the bar below.
ROW_HEIGHT = 48
LABEL_BASELINE = 16
BAR_TOP = 22
BAR_HEIGHT = 18

#: A column chart (the histogram): numbers above the columns, bands below.
PLOT_TOP = 24
PLOT_HEIGHT = 160
AXIS_LABELS = 20
COLUMN_GAP = 8

#: A bar for a figure above nothing is drawn at least this wide or tall, so
#: that it can be told apart from nothing at all.
SMALLEST = 2


def scaled(value, largest, length) -> int:
    if not value or not largest:
        return 0
    return max(SMALLEST, round(value / largest * length))


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the figure as people read it
    y: int  # top of the row
    width: int
    pattern: str = "solid"  # "solid" or "stripes"

    @property
    def label_y(self):
        return self.y + LABEL_BASELINE

    @property
    def bar_y(self):
        return self.y + BAR_TOP


@dataclass(frozen=True)
class BarChart:
    key: str  # unique on the page: names the chart's patterns
    bars: list[Bar]

    width = CHART_WIDTH
    bar_height = BAR_HEIGHT

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT

    @property
    def uses_stripes(self):
        return any(bar.pattern == "stripes" for bar in self.bars)


def bar_chart(key, rows) -> BarChart:
    """rows: (label, value, shown, pattern), drawn top to bottom on one scale
    whose full width is the largest value."""
    largest = max((value for _label, value, _shown, _pattern in rows), default=0)
    return BarChart(
        key=key,
        bars=[
            Bar(
                label=label,
                shown=shown,
                y=index * ROW_HEIGHT,
                width=scaled(value, largest, CHART_WIDTH),
                pattern=pattern,
            )
            for index, (label, value, shown, pattern) in enumerate(rows)
        ],
    )


@dataclass(frozen=True)
class Column:
    label: str
    shown: str
    x: int
    width: int
    height: int

    @property
    def y(self):
        return PLOT_TOP + PLOT_HEIGHT - self.height

    @property
    def middle(self):
        return self.x + self.width // 2

    @property
    def number_y(self):
        return self.y - 6


@dataclass(frozen=True)
class ColumnChart:
    key: str
    columns: list[Column]
    axis_title: str

    width = CHART_WIDTH
    baseline = PLOT_TOP + PLOT_HEIGHT
    label_y = PLOT_TOP + PLOT_HEIGHT + 16
    axis_title_y = PLOT_TOP + PLOT_HEIGHT + AXIS_LABELS + 16
    height = PLOT_TOP + PLOT_HEIGHT + AXIS_LABELS + 24


def column_chart(key, rows, *, axis_title) -> ColumnChart:
    """rows: (label, count), drawn left to right in equal columns."""
    largest = max((count for _label, count in rows), default=0)
    pitch = CHART_WIDTH // max(len(rows), 1)
    return ColumnChart(
        key=key,
        axis_title=axis_title,
        columns=[
            Column(
                label=label,
                shown=str(count),
                x=index * pitch + COLUMN_GAP // 2,
                width=pitch - COLUMN_GAP,
                height=scaled(count, largest, PLOT_HEIGHT),
            )
            for index, (label, count) in enumerate(rows)
        ],
    )


# --- the four charts ------------------------------------------------------------


def status_chart(figures: list[statistics.StatusFigures]) -> BarChart:
    return bar_chart("status", [(row.label, row.count, str(row.count), "solid") for row in figures])


def district_chart(figures: statistics.DistrictFigures) -> BarChart:
    return bar_chart(
        "district",
        [(row.label, row.count, str(row.count), "solid") for row in figures.districts],
    )


def band_label(band: statistics.ScoreBand) -> str:
    """The band as the table gives it: the upper bound is left out of every
    band but the last, which holds the perfect scores."""
    if band.is_last:
        return _("%(lower)s%% to %(upper)s%%") % {"lower": band.lower, "upper": band.upper}
    return _("%(lower)s%% to under %(upper)s%%") % {"lower": band.lower, "upper": band.upper}


def score_chart(figures: statistics.ScoreFigures) -> ColumnChart:
    return column_chart(
        "scores",
        [(f"{band.lower}–{band.upper}", band.count) for band in figures.bands],
        axis_title=_("Mean score (%)"),
    )


@dataclass(frozen=True)
class MoneyRow:
    label: str
    applications: int
    amount: Decimal
    pattern: str


def money_rows(figures: statistics.MoneyFigures) -> list[MoneyRow]:
    """From what was asked for to what was given, each on the same scale."""
    return [
        MoneyRow(
            _("Requested by every application sent"),
            figures.applications,
            figures.requested,
            "solid",
        ),
        MoneyRow(
            _("Requested by the applications screened eligible"),
            figures.eligible,
            figures.requested_eligible,
            "solid",
        ),
        MoneyRow(
            _("Requested by the applications awarded"),
            figures.awards,
            figures.requested_awarded,
            "solid",
        ),
        MoneyRow(_("Awarded"), figures.awards, figures.awarded, "stripes"),
    ]


def money_chart(rows: list[MoneyRow]) -> BarChart:
    return bar_chart(
        "money", [(row.label, row.amount, pounds(row.amount), row.pattern) for row in rows]
    )


# --- choosing the call ---------------------------------------------------------------


def call_label(call: CallPage) -> str:
    """For a call annotated by statistics.calls_with_application_counts()."""
    return _("%(title)s (opened %(opened)s, closes %(closes)s; %(applications)s)") % {
        "title": call.title,
        "opened": date_format(timezone.localtime(call.opens_at), "j M Y"),
        "closes": date_format(timezone.localtime(call.closes_at), "j M Y"),
        "applications": ngettext("%(count)s application", "%(count)s applications", call.sent)
        % {"count": call.sent},
    }


def most_recent(calls: list[CallPage]) -> CallPage | None:
    """The call opened most recently that has applications; if none has any,
    the call opened most recently; if none has opened, the next to open.
    ``calls`` are annotated with ``sent`` and the newest first.

    (A call that opened this morning has nothing to chart yet: the one
    before it is the one a fund manager is working on.)"""
    now = timezone.now()
    opened = [call for call in calls if call.opens_at <= now]
    with_applications = [call for call in opened if call.sent]
    if with_applications:
        return with_applications[0]
    if opened:
        return opened[0]
    return calls[-1] if calls else None


class CallStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Call statistics")
    header_icon = "fund-chart"
    template_name = "fund/admin/charts/statistics.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_ALL_REVIEWS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def calls(self) -> list[CallPage]:
        return list(statistics.calls_with_application_counts())

    @cached_property
    def asked_for(self) -> str:
        return self.request.GET.get("call", "").strip()

    @cached_property
    def call(self) -> CallPage | None:
        """The call chosen, from the one query for the chooser's list."""
        for call in self.calls:
            if str(call.pk) == self.asked_for:
                return call
        return most_recent(self.calls)

    def get_page_subtitle(self):
        return self.call.title if self.call else ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_header_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            call=self.call,
            call_choices=[(call.pk, call_label(call)) for call in self.calls],
            # A call asked for by a link that no longer works: say so, never guess silently.
            call_not_found=bool(self.asked_for)
            and (self.call is None or str(self.call.pk) != self.asked_for),
        )
        if self.call is None:
            return context

        by_status = statistics.applications_by_status(call=self.call)
        by_district = statistics.applications_by_district(call=self.call)
        scores = statistics.score_distribution(call=self.call)
        money = statistics.requested_and_awarded(call=self.call)
        rows = money_rows(money)
        context.update(
            applications=money.applications,
            by_status=by_status,
            status_chart=status_chart(by_status),
            by_district=by_district,
            district_chart=district_chart(by_district),
            scores=scores,
            score_rows=[(band_label(band), band) for band in scores.bands],
            score_chart=score_chart(scores),
            money=money,
            money_rows=rows,
            money_chart=money_chart(rows),
        )
        return context
