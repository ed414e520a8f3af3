"""The money side of the admin home (docs/architecture.md, "Money"): "Budget
at a glance".

The panel shows each fund's total, committed, paid and remaining budget as
figures and as a bar drawn on the server (no JavaScript); the bar is hidden
from assistive technology because the figures next to it say the same, and
its parts differ by pattern and legend text as well as by colour.

It costs the same few queries however many funds, applications and awards
there are. The awards and the money against them are listed in Grants >
Awards (fund.awards.admin.listing).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from fund.applications.status import ApplicationStatus
from fund.awards.selectors import FundBudget, fund_budgets
from fund.core.permissions import VIEW_AWARD

#: The bar's parts are worked out in thousandths of its width.
BAR_WIDTH = 1000


@dataclass
class BarSegment:
    key: str  # "paid", "committed", "remaining": the CSS class and pattern
    label: str
    amount: Decimal
    x: int
    width: int

    # As percentages of the bar, so the SVG scales without stretching its patterns.
    @property
    def x_percent(self):
        return f"{self.x / (BAR_WIDTH / 100):.1f}%"

    @property
    def width_percent(self):
        return f"{self.width / (BAR_WIDTH / 100):.1f}%"


def bar_segments(budget: FundBudget) -> list[BarSegment]:
    """The bar's three parts, left to right, in thousandths. Each part ends
    where the running total so far ends, rounded, so the parts always fill
    the bar exactly with no gap or overlap."""
    parts = [
        ("paid", _("Paid, net of money returned"), budget.paid - budget.returned),
        ("committed", _("Committed, not yet paid"), budget.committed_unpaid),
        ("remaining", _("Remaining"), budget.remaining),
    ]
    segments, start, running = [], 0, Decimal("0")
    for key, label, amount in parts:
        running += amount
        if budget.total > 0:
            end = int((running / budget.total * BAR_WIDTH).to_integral_value())
            end = max(start, min(end, BAR_WIDTH))
        else:
            end = BAR_WIDTH  # an empty fund: nothing paid or committed
        if key == "remaining":
            end = BAR_WIDTH
        segments.append(BarSegment(key, label, amount, start, end - start))
        start = end
    return segments


@dataclass
class FundSummary:
    budget: FundBudget
    segments: list[BarSegment]
    status_counts: list[tuple[str, int]]  # (staff label, number) in workflow order
    applications: int

    @property
    def fund(self):
        return self.budget.fund


#: Drafts are the applicant's business until they submit, so they are not counted.
COUNTED_STATUSES = [status for status in ApplicationStatus if status != ApplicationStatus.DRAFT]


def fund_summary(budget: FundBudget) -> FundSummary:
    counts = [(status.label, budget.status_counts.get(status, 0)) for status in COUNTED_STATUSES]
    return FundSummary(
        budget=budget,
        segments=bar_segments(budget),
        status_counts=counts,
        applications=sum(number for _label, number in counts),
    )


class BudgetPanel(Component):
    """The dashboard's "Budget at a glance", for fund managers and finance."""

    name = "budget_at_a_glance"
    template_name = "fund/admin/budget/home_panel.html"
    order = 100  # before Wagtail's own panels: the budget is these users' job

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "funds": [fund_summary(budget) for budget in fund_budgets()],
            "awards_url": (reverse("awards:index") if request.user.has_perm(VIEW_AWARD) else None),
            "request": request,
        }
