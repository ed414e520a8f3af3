import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from bs4 import BeautifulSoup
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from fund.applications.models import Application
from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import (
    LIVE_AWARD_STATUSES,
    Award,
    AwardStatus,
    FundReturn,
    Instalment,
    Payment,
)
from fund.awards.models.bank import BankDetails, BankDetailsStatus
from fund.calls.models import CallPage, FundPage


def condition_items(conditions_html):
    """The separate conditions of an award (its paragraphs and list items),
    as plain text, for the applicant to tick one by one."""
    soup = BeautifulSoup(conditions_html or "", "html.parser")
    items = [li.get_text(" ", strip=True) for li in soup.find_all("li")]
    if not items:
        items = [p.get_text(" ", strip=True) for p in soup.find_all(["p", "h2", "h3", "h4"])]
    return [item for item in items if item] or [soup.get_text(" ", strip=True)]


@dataclass
class FundBudget:
    fund: FundPage
    total: Decimal
    committed: Decimal
    paid: Decimal
    returned: Decimal
    status_counts: dict[str, int]

    @property
    def remaining(self) -> Decimal:
        return self.total - self.committed

    @property
    def committed_unpaid(self) -> Decimal:
        """Committed to awards but not yet paid out (net of money returned)."""
        return self.committed - (self.paid - self.returned)


def fund_budgets() -> list[FundBudget]:
    """Every fund's total, committed, paid, returned and remaining, and how
    many of its applications are in each status. Three queries in all."""
    paid = (
        Payment.objects.filter(award__fund=OuterRef("pk"))
        .values("award__fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    returned = (
        FundReturn.objects.filter(award__fund=OuterRef("pk"))
        .values("award__fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))
    funds = list(
        FundPage.objects.annotate(
            paid=Coalesce(Subquery(paid), zero), returned=Coalesce(Subquery(returned), zero)
        ).order_by("path")
    )
    fund_of_call = {
        call_id: fund.pk
        for call_id, path in CallPage.objects.values_list("pk", "path")
        for fund in funds
        if path.startswith(fund.path)
    }
    counts: dict[int, dict[str, int]] = {fund.pk: {} for fund in funds}
    for page_id, status, number in (
        Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .values_list("page_id", "status")
        .annotate(number=Count("pk"))
        .order_by()
    ):
        if page_id in fund_of_call:
            bucket = counts[fund_of_call[page_id]]
            bucket[status] = bucket.get(status, 0) + number
    return [
        FundBudget(
            fund=fund,
            total=fund.total_budget,
            committed=fund.committed,
            paid=fund.paid,
            returned=fund.returned,
            status_counts=counts[fund.pk],
        )
        for fund in funds
    ]


def paid_total(award) -> Decimal:
    """What has been paid on one award."""
    return award.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def returned_total(award) -> Decimal:
    """What the grantee has paid back on one award."""
    return award.returns.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def awards_with_money() -> QuerySet[Award]:
    """Every award with its application, call and fund, what has been paid
    and returned, what is still to pay on a live award, and whether it has
    approved bank details to pay into (``bank_approved``): one query for any
    number of awards (the Awards listing, To pay and the awards report)."""
    money = DecimalField(max_digits=12, decimal_places=2)
    zero = Value(Decimal("0.00"), output_field=money)
    paid = (
        Payment.objects.filter(award=OuterRef("pk"))
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    returned = (
        FundReturn.objects.filter(award=OuterRef("pk"))
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Award.objects.select_related("application__page", "fund")
        .annotate(
            paid=Coalesce(Subquery(paid, output_field=money), zero),
            returned=Coalesce(Subquery(returned, output_field=money), zero),
            bank_approved=Exists(
                BankDetails.objects.filter(award=OuterRef("pk"), status=BankDetailsStatus.APPROVED)
            ),
        )
        .annotate(
            outstanding=Case(
                When(
                    status__in=LIVE_AWARD_STATUSES,
                    then=ExpressionWrapper(F("amount") - F("paid"), output_field=money),
                ),
                default=zero,
                output_field=money,
            ),
            decided_on=TruncDate("decided_at"),
        )
    )


def awards_to_pay(*, today) -> QuerySet[Award]:
    """Accepted awards with money still to pay, with what their schedule
    says is due by ``today`` and their instalments: two queries however
    many awards there are.

    ``due_now`` is the money an award's instalments due on or before
    ``today`` add up to, less everything paid on it so far: an award has an
    instalment due when that is above nothing. ``bank_pending`` says
    whether new details wait for their checks, and ``bank_to_approve``
    whether they wait for finance's approval (fund/awards/services/bank.py)."""
    money = DecimalField(max_digits=12, decimal_places=2)
    zero = Value(Decimal("0.00"), output_field=money)
    scheduled = (
        Instalment.objects.filter(award=OuterRef("pk"), due_on__lte=today)
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        awards_with_money()
        .filter(status=AwardStatus.ACCEPTED, outstanding__gt=0)
        .annotate(scheduled_by_today=Coalesce(Subquery(scheduled, output_field=money), zero))
        .annotate(
            due_now=ExpressionWrapper(F("scheduled_by_today") - F("paid"), output_field=money),
            bank_pending=Exists(
                BankDetails.objects.filter(award=OuterRef("pk"), status=BankDetailsStatus.PENDING)
            ),
            bank_to_approve=Exists(
                BankDetails.objects.filter(
                    award=OuterRef("pk"),
                    status=BankDetailsStatus.PENDING,
                    approved_at__isnull=True,
                )
            ),
        )
        .prefetch_related("instalments")
    )


@dataclass(frozen=True)
class NextInstalment:
    due_on: dt.date
    amount: Decimal  # what is left to pay of it


def next_instalment(award) -> NextInstalment | None:
    """The first instalment of ``award`` that its payments do not yet cover
    (payments cover the schedule in date order), from the instalments
    already fetched by awards_to_pay."""
    covered = award.paid
    for instalment in award.instalments.all():
        if covered >= instalment.amount:
            covered -= instalment.amount
            continue
        return NextInstalment(due_on=instalment.due_on, amount=instalment.amount - covered)
    return None
