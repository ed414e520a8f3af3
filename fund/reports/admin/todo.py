"""The admin home's "Today's work": what is waiting for this person, each
count a link to the list it counts: a Component added in the
construct_homepage_panels hook, as Wagtail's LockedPagesPanel is
(docs/architecture.md, "Plugging into Wagtail")."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import AwardStatus
from fund.core.permissions import PAY, SCREEN
from fund.monitoring.models import ReportStatus
from fund.reports.selectors import todo_counts, week_start


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str


def _listing(name, **filters):
    return f"{reverse(name)}?{urlencode(filters)}"


def manager_items(counts) -> list[Item]:
    return [
        Item(
            _("Applications to screen"),
            counts["to_screen"],
            _listing("applications:index", status=ApplicationStatus.SUBMITTED),
        ),
        Item(
            _("Eligible applications to assign to the panel"),
            counts["to_assign"],
            _listing("applications:index", status=ApplicationStatus.ELIGIBLE),
        ),
        Item(
            _("Applications with reviews overdue (not submitted after reviews closed)"),
            counts["reviews_overdue"],
            _listing("applications:index", reviews="overdue"),
        ),
        Item(
            _("Applications ready for a decision (call closed, reviews in)"),
            counts["to_decide"],
            _listing("applications:index", reviews="ready"),
        ),
        Item(
            _("Offers awaiting the applicant's acceptance"),
            counts["awaiting_acceptance"],
            _listing("awards:index", status=AwardStatus.OFFERED),
        ),
        Item(
            _("Offers past their accept-by date"),
            counts["offers_overdue"],
            _listing("awards:index", acceptance="overdue"),
        ),
        Item(
            _("Reports overdue (past their due date and not sent)"),
            counts["reports_overdue"],
            _listing("grant_reports:index", overdue="yes"),
        ),
        Item(
            _("Reports waiting for review"),
            counts["reports_to_review"],
            _listing("grant_reports:index", status=ReportStatus.SUBMITTED),
        ),
    ]


def finance_items(counts, *, today) -> list[Item]:
    return [
        Item(
            _("Accepted awards not yet fully paid"),
            counts["to_pay"],
            reverse("awards:to_pay"),
        ),
        Item(
            _("Awards with an instalment due (due by today and not yet paid)"),
            counts["instalments_due"],
            _listing("awards:to_pay", due="now"),
        ),
        Item(
            _("Awards whose bank details wait for approval"),
            counts["bank_details_to_approve"],
            _listing("awards:to_pay", bank="pending"),
        ),
        Item(
            _("Awards paid this week"),
            counts["paid_this_week"],
            _listing("awards:index", paid_from=week_start(today).strftime("%d/%m/%Y")),
        ),
    ]


class ToDoPanel(Component):
    """Counts of the work waiting for a fund manager or a finance officer."""

    name = "todo"
    template_name = "fund/admin/todo_panel.html"
    order = 50  # first: this is what the person came for

    @staticmethod
    def shown_to(user) -> bool:
        return user.has_perm(SCREEN) or user.has_perm(PAY)

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        now = timezone.now()
        counts = todo_counts(now=now)
        items = []
        if user.has_perm(SCREEN):
            items += manager_items(counts)
        if user.has_perm(PAY):
            items += finance_items(counts, today=timezone.localdate(now))
        return {"items": items}
