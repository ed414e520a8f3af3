"""The outcomes dashboard's pictures: horizontal bars drawn as SVG on the
server by templates/fund/admin/charts/_bar_chart.html, as Reports > Call
statistics draws its own (fund/reports/admin/charts.py, which sits above
monitoring and so cannot be imported here). Each picture is hidden from
assistive technology: the table beside it holds the same figures, and bars
compared in one chart differ by pattern as well as colour."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fund.core.money import pounds
from fund.monitoring.selectors.outcomes import BudgetTotal, MeasureTotal

CHART_WIDTH = 600
ROW_HEIGHT = 48
LABEL_BASELINE = 16
BAR_TOP = 22
BAR_HEIGHT = 18
SMALLEST = 2  # a bar for more than nothing is never drawn as nothing


def scaled(value, largest, length) -> int:
    if not value or not largest:
        return 0
    return max(SMALLEST, round(min(value, largest) / largest * length))


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    y: int
    width: int
    pattern: str = "solid"

    @property
    def label_y(self):
        return self.y + LABEL_BASELINE

    @property
    def bar_y(self):
        return self.y + BAR_TOP


@dataclass(frozen=True)
class BarChart:
    key: str
    bars: list[Bar]

    width = CHART_WIDTH
    bar_height = BAR_HEIGHT

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT

    @property
    def uses_stripes(self):
        return any(bar.pattern == "stripes" for bar in self.bars)


def bar_chart(key, rows, *, largest=None) -> BarChart:
    """rows: (label, value, shown, pattern), top to bottom on one scale."""
    if largest is None:
        largest = max((value for _label, value, _shown, _pattern in rows), default=0)
    return BarChart(
        key=key,
        bars=[
            Bar(label, shown, index * ROW_HEIGHT, scaled(value, largest, CHART_WIDTH), pattern)
            for index, (label, value, shown, pattern) in enumerate(rows)
        ],
    )


def measure_shown(total: MeasureTotal) -> str:
    shown = _("%(achieved)s of %(target)s %(unit)s") % {
        "achieved": total.achieved_shown,
        "target": total.target_shown,
        "unit": total.unit_label,
    }
    if total.share is not None:
        shown += f" ({total.share}%)"
    return shown


def measures_chart(totals: list[MeasureTotal]) -> BarChart:
    """Each measure's achieved as a share of its target: the full width is the
    target met (or the largest share, if a measure went beyond it)."""
    largest = max([100, *(total.share or 0 for total in totals)])
    return bar_chart(
        "measures",
        [(total.name, total.share or 0, measure_shown(total), "stripes") for total in totals],
        largest=largest,
    )


def budget_chart(totals: list[BudgetTotal]) -> BarChart:
    """Each budget line's plan (solid) and spend so far (striped), on one scale of pounds."""
    rows = []
    for line in totals:
        rows.append(
            (
                _("%(line)s, planned") % {"line": line.label},
                line.planned,
                pounds(line.planned),
                "solid",
            )
        )
        rows.append(
            (_("%(line)s, spent") % {"line": line.label}, line.spent, pounds(line.spent), "stripes")
        )
    return bar_chart("budget", rows)
