"""Money out and back: the payment schedule, payments to the grantee and
money the grantee returns, which goes back to the fund's budget through the
ledger (fund/awards/services/ledger.py).

Each locks the award (`award_lock`), then the fund where money moves (lock
order: fund/applications/transitions.py).
"""

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.awards.models.awards import (
    Award,
    AwardStatus,
    FundReturn,
    Instalment,
    LedgerKind,
    Payment,
    ReturnReason,
)
from fund.awards.monitoring import payment_hold
from fund.awards.selectors import paid_total, returned_total
from fund.awards.services.ledger import award_lock, fund_lock, ledger_write, parse_money, refuse
from fund.core.errors import ServiceError
from fund.core.money import pounds

_BACS_REFERENCE = re.compile(r"^[A-Za-z0-9 .&/-]{1,18}$")


def instalment_add(*, award: Award, due_on: dt.date, amount, by) -> Instalment:
    """Add a planned payment to the award's schedule."""
    amount = parse_money(amount)
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status not in {AwardStatus.OFFERED, AwardStatus.ACCEPTED}:
            raise ServiceError(
                _("The schedule of a %(status)s award cannot change.")
                % {"status": award.get_status_display().lower()}
            )
        scheduled = award.instalments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if scheduled + amount > award.amount:
            refuse(
                "amount",
                _("The schedule would add up to %(total)s, more than the %(award)s awarded.")
                % {"total": pounds(scheduled + amount), "award": pounds(award.amount)},
            )
        instalment = Instalment.objects.create(award=award, due_on=due_on, amount=amount)
        log(
            instance=award.application,
            action="fund.award.schedule",
            user=by,
            data={"due_on": due_on.isoformat(), "amount": str(amount)},
        )
    return instalment


def payment_record(*, award: Award, paid_on: dt.date, amount, bacs_reference: str, by) -> Payment:
    """Record money paid to the grantee; never more in all than the award."""
    amount = parse_money(amount)
    bacs_reference = (bacs_reference or "").strip()
    if not _BACS_REFERENCE.match(bacs_reference):
        refuse(
            "bacs_reference",
            _("Enter the BACS reference: up to 18 letters, numbers, spaces or . - / &."),
        )
    if paid_on > timezone.localdate():
        refuse("paid_on", _("The payment date cannot be in the future."))
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status != AwardStatus.ACCEPTED:
            raise ServiceError(
                _("Payments can be recorded only on an accepted award. This one is %(status)s.")
                % {"status": award.get_status_display().lower()}
            )
        if not award.bank_details.approved().exists():
            raise ServiceError(
                _(
                    "No payment can be recorded for %(reference)s yet: it has no approved bank "
                    "details. Approve the details waiting on its Bank details page, or enter "
                    "the grantee's details and have another member of finance approve them."
                )
                % {"reference": award.reference}
            )
        paid = paid_total(award)
        if paid + amount > award.amount:
            refuse(
                "amount",
                _(
                    "This payment would take the total paid to %(total)s, more than the "
                    "%(award)s awarded. At most %(left)s is left to pay."
                )
                % {
                    "total": pounds(paid + amount),
                    "award": pounds(award.amount),
                    "left": pounds(award.amount - paid),
                },
            )
        _refuse_held_money(award, paid=paid, amount=amount)
        payment = Payment.objects.create(
            award=award,
            paid_on=paid_on,
            amount=amount,
            bacs_reference=bacs_reference,
            recorded_by=by,
        )
        log(
            instance=award.application,
            action="fund.payment.record",
            user=by,
            data={"amount": str(amount), "paid_on": paid_on.isoformat(), "bacs": bacs_reference},
        )
        if paid + amount == award.amount:
            award.status = AwardStatus.PAID
            award.save(update_fields=["status"])
    return payment


def _refuse_held_money(award, *, paid, amount):
    """Money tied to a report not yet accepted waits for it (the hold's
    reason names each report and its due date)."""
    hold = payment_hold(award)
    if hold is None or paid + amount <= award.amount - hold.amount:
        return
    payable = max(award.amount - hold.amount - paid, Decimal("0.00"))
    refuse(
        "amount",
        hold.reason
        + " "
        + (
            _("At most %(payable)s can be paid until then.") % {"payable": pounds(payable)}
            if payable
            else _("Nothing more can be paid until then.")
        ),
    )


def return_record(
    *, award: Award, received_on: dt.date, amount, reason: str, note: str = "", by
) -> FundReturn:
    """Record money the grantee paid back; it goes back to the fund's budget."""
    amount = parse_money(amount)
    if reason not in ReturnReason.values:
        refuse("reason", _("Choose whether this is an underspend or a clawback."))
    if received_on > timezone.localdate():
        refuse("received_on", _("The date received cannot be in the future."))
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        refundable = paid_total(award) - returned_total(award)
        if amount > refundable:
            refuse(
                "amount",
                _("Only %(refundable)s has been paid and not yet returned on this award.")
                % {"refundable": pounds(refundable)},
            )
        fund = fund_lock(award.fund_id)
        fund_return = FundReturn.objects.create(
            award=award,
            received_on=received_on,
            amount=amount,
            reason=reason,
            note=(note or "").strip(),
            recorded_by=by,
        )
        ledger_write(
            fund=fund,
            award=award,
            kind=LedgerKind.RETURN,
            amount=-amount,
            reason=f"{fund_return.get_reason_display()}: {fund_return.note}".rstrip(": "),
            by=by,
        )
    return fund_return
