"""The budget ledger, and the checks every money service shares
(docs/architecture.md, "Money"; docs/decisions/0002-budget-ledger.md).

Every change to a fund's commitment locks the fund's row, writes a ledger
entry and moves FundPage.committed by the same amount in one transaction;
the CHECK constraint (0 <= committed <= total) turns any slip into an error
rather than an over-commitment. The fund's row is the last lock a service
takes (lock order: fund/applications/transitions.py), so it is held for the
shortest time.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.awards.models.awards import Award, BudgetEntry
from fund.calls.models import FundPage
from fund.core.errors import ServiceError
from fund.core.validators import read_pounds


def parse_money(value, *, field="amount") -> Decimal:
    """A positive amount in pounds and pence, read as every form reads it
    (validators.read_pounds), or a ServiceError in plain words."""
    try:
        amount = read_pounds(value)
    except ValidationError as error:
        raise ServiceError(error.message, {field: error.message}) from None
    if amount <= 0:
        message = _("Enter an amount of more than £0.")
        raise ServiceError(message, {field: message})
    return amount


def refuse(field, message):
    """Refuse with ``message``, shown by the form's ``field``."""
    raise ServiceError(message, {field: message})


def ledger_write(*, fund, award, kind, amount, reason, by):
    """One ledger entry and the same change to the fund's committed total.
    The caller holds the fund row's lock."""
    entry = BudgetEntry.objects.create(
        fund=fund, award=award, kind=kind, amount=amount, reason=reason, created_by=by
    )
    FundPage.objects.filter(pk=fund.pk).update(committed=F("committed") + amount)
    log(
        instance=award.application,
        action=f"fund.budget.{kind}",
        user=by,
        data={"fund": fund.title, "amount": str(amount), "reason": reason},
    )
    return entry


def fund_lock(fund_id):
    """The fund's row, locked: the last lock a money service takes."""
    return FundPage.objects.select_for_update().get(pk=fund_id)


def award_lock(*, award_id: int) -> Award:
    """The award's row, read afresh and locked until the transaction ends
    (only its own row), with its application, page and fund."""
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("application__page", "fund")
        .get(pk=award_id)
    )
