"""Decisions and money: awards and declines, the budget ledger, the payment
schedule, payments and returned money (docs/architecture.md, "Money";
docs/decisions/0002-budget-ledger.md).

Every change to a fund's commitment locks the fund's row, writes a ledger
entry and moves FundPage.committed by the same amount in one transaction;
the CHECK constraint (0 <= committed <= total) turns any slip into an error
rather than an over-commitment.
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from fund.applications import access
from fund.applications.models import Application
from fund.applications.status import DECIDABLE, ApplicationStatus, DeclineReason
from fund.applications.transitions import application_lock, application_transition, award_lock
from fund.awards.models.awards import (
    Award,
    AwardStatus,
    BudgetEntry,
    FundReturn,
    Instalment,
    LedgerKind,
    Payment,
    ReturnReason,
)
from fund.awards.services.letters import letter_request
from fund.calls.models import FundPage
from fund.core.errors import ServiceError
from fund.core.mail import email_queue
from fund.core.money import pounds
from fund.core.validators import read_pounds
from fund.reviews.selectors import submitted_reviews

ACCEPT_WITHIN = dt.timedelta(days=28)
_BACS_REFERENCE = re.compile(r"^[A-Za-z0-9 .&/-]{1,18}$")


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


def _refuse(field, message):
    raise ServiceError(message, {field: message})


def _ledger(*, fund, award, kind, amount, reason, by):
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


def _lock_fund(fund_id):
    return FundPage.objects.select_for_update().get(pk=fund_id)


def paid_total(award) -> Decimal:
    return award.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def returned_total(award) -> Decimal:
    return award.returns.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


# --- decisions ---------------------------------------------------------------


def decision_too_soon(application: Application, call) -> list[str]:
    """Why a decision on ``application`` now would come too soon, in plain
    words: its call is still open, or fewer of its reviews are in than the
    call needs (CallPage.minimum_reviews). Empty when it is time to decide."""
    reasons = []
    if not call.has_closed():
        reasons.append(
            _("The call is still open: it closes at %(when)s.")
            % {"when": date_format(timezone.localtime(call.closes_at), "j F Y, H:i")}
        )
    submitted = submitted_reviews(application=application).count()
    if submitted < call.minimum_reviews:
        reasons.append(
            ngettext(
                "%(submitted)d of the %(minimum)d review this call needs has been submitted.",
                "%(submitted)d of the %(minimum)d reviews this call needs have been submitted.",
                call.minimum_reviews,
            )
            % {"submitted": submitted, "minimum": call.minimum_reviews}
        )
    return reasons


def _decision_history(application, *, early_reason) -> dict:
    """What the decision's history entry records about its timing, if a
    decision can be made on the application now; a ServiceError if not. One
    made too soon needs the fund manager's reason."""
    if application.status not in DECIDABLE:
        raise ServiceError(
            _("%(reference)s is %(status)s, so no decision can be made on it now.")
            % {
                "reference": application.reference,
                "status": application.get_status_display().lower(),
            }
        )
    too_soon = decision_too_soon(application, application.page.specific)
    early_reason = (early_reason or "").strip()
    if too_soon and not early_reason:
        message = " ".join(
            [*too_soon, _("Wait until it is time, or record why the decision cannot wait.")]
        )
        raise ServiceError(message, {"early_reason": message})
    return {"too_soon": " ".join(too_soon), "why_now": early_reason} if too_soon else {}


def _decidable(application, *, early_reason):
    """The application, locked first (lock order: fund/services/transitions.py),
    and what its decision's history entry records (`_decision_history`)."""
    application = application_lock(application_id=application.pk)
    return application, _decision_history(application, early_reason=early_reason)


def decision_check(*, application: Application, early_reason: str = "") -> None:
    """Raise the ServiceError a decision on the application would meet as
    things stand, for the preview before it (the decision checks again
    under the locks)."""
    _decision_history(application, early_reason=early_reason)


def _award_refusal(application, *, call, fund, amount):
    """Why ``amount`` cannot be awarded to the application, or None."""
    if amount > application.amount_requested:
        return _("The award cannot be more than the %(requested)s requested.") % {
            "requested": pounds(application.amount_requested)
        }
    if amount > call.maximum_award:
        return _("The award cannot be more than this call's maximum of %(maximum)s.") % {
            "maximum": pounds(call.maximum_award)
        }
    if amount > fund.remaining:
        return _(
            "The fund has only %(remaining)s left, so it cannot award %(amount)s. "
            "Award less, or release money from another award first."
        ) % {"remaining": pounds(fund.remaining), "amount": pounds(amount)}
    return None


def _all_at_once(*checks) -> list:
    """Run each check (a callable that may raise ServiceError) and raise one
    ServiceError with every refusal, so a form shows them all together; or,
    when none refuses, return what each check returned."""
    errors, messages, results = {}, [], []
    for check in checks:
        try:
            results.append(check())
        except ServiceError as error:
            errors.update(error.errors)
            messages.append(str(error.message))
    if messages:
        raise ServiceError(" ".join(messages), errors)
    return results


def _amount_check(application, amount) -> Decimal:
    """The amount, parsed, if it could be awarded to the application as
    things stand."""
    amount = parse_money(amount)
    call = application.page.specific
    fund = FundPage.objects.ancestor_of(call).get()
    if refusal := _award_refusal(application, call=call, fund=fund, amount=amount):
        _refuse("amount", refusal)
    return amount


def award_check(*, application: Application, amount, early_reason: str = "") -> Decimal:
    """The amount, parsed, if it could be awarded to the application as
    things stand, for the preview before the decision: the same refusals as
    `award_make` (which checks again under the locks), all of them at once."""
    _timing, parsed = _all_at_once(
        lambda: decision_check(application=application, early_reason=early_reason),
        lambda: _amount_check(application, amount),
    )
    return parsed


def award_make(
    *,
    application: Application,
    amount,
    conditions: str,
    public_reason: str = "",
    early_reason: str = "",
    by,
) -> Award:
    """Award a grant: commit it against the fund's budget, tell the applicant
    and make the award letter, both once the decision is committed. A
    decision before the call has closed and its reviews are in needs
    ``early_reason``."""
    amount = parse_money(amount)
    with transaction.atomic():
        application, history = _decidable(application, early_reason=early_reason)
        call = application.page.specific
        fund = _lock_fund(FundPage.objects.ancestor_of(call).get().pk)
        if refusal := _award_refusal(application, call=call, fund=fund, amount=amount):
            _refuse("amount", refusal)
        application = application_transition(
            application=application,
            to=ApplicationStatus.AWARDED,
            action="fund.award.make",
            user=by,
            data={"amount": str(amount), "fund": fund.title, **history},
        )
        now = timezone.now()
        award = Award.objects.create(
            application=application,
            fund=fund,
            amount=amount,
            conditions=conditions or fund.default_conditions,
            public_reason=(public_reason or "").strip(),
            accept_by=timezone.localdate(now) + ACCEPT_WITHIN,
            period_start=application.planned_start,
            period_end=application.planned_end,
            decided_by=by,
            decided_at=now,
        )
        _ledger(
            fund=fund,
            award=award,
            kind=LedgerKind.COMMIT,
            amount=amount,
            reason=_("Award to %(reference)s") % {"reference": application.reference},
            by=by,
        )
        email_queue(
            kind="offer",
            to=application.contact_email,
            template="offer",
            context=offer_email_context(application, award, call),
            application=application,
        )

        letter_request(award=award, reason=_("First issue"), by=by)
    return award


#: What an e-mail's preview shows in place of the applicant's private link,
#: which staff never see.
PRIVATE_LINK_SHOWN = "[the applicant's private link]"


def offer_email_context(application, award, call, *, preview=False):
    """What the offer e-mail says: the e-mail, and its preview for the fund
    manager before the decision."""
    return {
        "application": application,
        "award": award,
        "call": call,
        "status_url": PRIVATE_LINK_SHOWN if preview else access.status_url(application),
        "letter_url": (
            PRIVATE_LINK_SHOWN
            if preview
            else access.status_url(application, then=access.THEN_LETTER)
        ),
    }


def declined_email_context(application, call, *, preview=False):
    """What the e-mail declining an application says (and its preview)."""
    return {
        "application": application,
        "call": call,
        "status_url": PRIVATE_LINK_SHOWN if preview else access.status_url(application),
    }


def _decline_fields_check(reason, feedback):
    errors = {}
    if reason not in DeclineReason.values:
        errors["reason"] = _("Choose the reason the application is declined.")
    if not (feedback or "").strip():
        errors["feedback"] = _("Write some feedback for the applicant.")
    if errors:
        raise ServiceError(" ".join(errors.values()), errors)


def decline_check(*, application: Application, reason, feedback, early_reason: str = "") -> None:
    """Raise every refusal a decline would meet as things stand, at once,
    for the preview before the decision (`application_decline` checks again
    under the locks)."""
    _all_at_once(
        lambda: _decline_fields_check(reason, feedback),
        lambda: decision_check(application=application, early_reason=early_reason),
    )


def application_decline(
    *, application: Application, reason: str, feedback: str, early_reason: str = "", by
) -> Application:
    """Decline an application, with the reason and feedback the applicant is
    sent. Like an award, a decision too soon needs ``early_reason``."""
    feedback = (feedback or "").strip()
    _decline_fields_check(reason, feedback)
    with transaction.atomic():
        application, history = _decidable(application, early_reason=early_reason)
        application.decline_reason = reason
        application.decline_feedback = feedback
        application.declined_by = by
        application.declined_at = timezone.now()
        application = application_transition(
            application=application,
            to=ApplicationStatus.DECLINED,
            action="fund.application.decline",
            user=by,
            data={"reason": application.get_decline_reason_display(), **history},
            fields=("decline_reason", "decline_feedback", "declined_by", "declined_at"),
        )
        email_queue(
            kind="declined",
            to=application.contact_email,
            template="declined",
            context=declined_email_context(application, application.page.specific),
            application=application,
        )
    return application


# --- the award's life ----------------------------------------------------------


def award_accept(*, award: Award, name: str, position: str, by=None) -> Award:
    """Record the grantee's acceptance of the offer: online (``by`` None)
    until the accept-by date, or recorded by staff at any time while the
    offer stands (for example after agreeing a later date)."""
    name, position = (name or "").strip(), (position or "").strip()
    if not name:
        _refuse("name", _("Enter the name of the person accepting the offer."))
    if not position:
        _refuse("position", _("Enter their position in the organisation."))
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status != AwardStatus.OFFERED:
            raise ServiceError(_("This offer is no longer open, so it cannot be accepted."))
        if by is None and award.acceptance_overdue:
            raise ServiceError(
                _(
                    "The date to accept this offer online (%(date)s) has passed. Contact us: "
                    "we can still record your acceptance if the offer stands."
                )
                % {"date": date_format(award.accept_by, "j F Y")}
            )
        award.status = AwardStatus.ACCEPTED
        award.accepted_at = timezone.now()
        award.accepted_name, award.accepted_position = name, position
        award.save(update_fields=["status", "accepted_at", "accepted_name", "accepted_position"])
        log(
            instance=award.application,
            action="fund.award.accept",
            user=by,
            data={"name": name, "position": position},
        )
    return award


def _end(award, *, status, reason, action, by):
    award.status = status
    award.ended_reason = reason
    award.ended_at = timezone.now()
    award.save(update_fields=["status", "ended_reason", "ended_at"])
    outstanding = award.amount - paid_total(award)
    fund = _lock_fund(award.fund_id)
    log(instance=award.application, action=action, user=by, data={"reason": reason})
    if outstanding > 0:
        _ledger(
            fund=fund,
            award=award,
            kind=LedgerKind.RELEASE,
            amount=-outstanding,
            reason=reason,
            by=by,
        )
    return award


def award_decline_by_applicant(*, award: Award, reason: str, by) -> Award:
    """The applicant turns the offer down: its commitment goes back to the fund."""
    reason = (reason or "").strip() or _("Declined by the applicant")
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status != AwardStatus.OFFERED:
            raise ServiceError(_("Only an offer not yet accepted can be declined."))
        return _end(
            award,
            status=AwardStatus.DECLINED,
            reason=reason,
            action="fund.award.decline",
            by=by,
        )


def award_withdraw(*, award: Award, reason: str, by) -> Award:
    """Withdraw an award: what has not been paid goes back to the fund."""
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", _("Give the reason for withdrawing the award."))
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status not in {AwardStatus.OFFERED, AwardStatus.ACCEPTED}:
            raise ServiceError(
                _("A %(status)s award cannot be withdrawn.")
                % {"status": award.get_status_display().lower()}
            )
        return _end(
            award,
            status=AwardStatus.WITHDRAWN,
            reason=reason,
            action="fund.award.withdraw",
            by=by,
        )


def award_complete(*, award: Award, by) -> Award:
    """Close a fully paid award once its monitoring is done."""
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status != AwardStatus.PAID:
            raise ServiceError(_("Only a fully paid award can be marked completed."))
        award.status = AwardStatus.COMPLETED
        award.save(update_fields=["status"])
        log(instance=award.application, action="fund.award.complete", user=by)
    return award


# --- money out and back ------------------------------------------------------


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
            _refuse(
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
        _refuse(
            "bacs_reference",
            _("Enter the BACS reference: up to 18 letters, numbers, spaces or . - / &."),
        )
    if paid_on > timezone.localdate():
        _refuse("paid_on", _("The payment date cannot be in the future."))
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
            _refuse(
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


def return_record(
    *, award: Award, received_on: dt.date, amount, reason: str, note: str = "", by
) -> FundReturn:
    """Record money the grantee paid back; it goes back to the fund's budget."""
    amount = parse_money(amount)
    if reason not in ReturnReason.values:
        _refuse("reason", _("Choose whether this is an underspend or a clawback."))
    if received_on > timezone.localdate():
        _refuse("received_on", _("The date received cannot be in the future."))
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        refundable = paid_total(award) - returned_total(award)
        if amount > refundable:
            _refuse(
                "amount",
                _("Only %(refundable)s has been paid and not yet returned on this award.")
                % {"refundable": pounds(refundable)},
            )
        fund = _lock_fund(award.fund_id)
        fund_return = FundReturn.objects.create(
            award=award,
            received_on=received_on,
            amount=amount,
            reason=reason,
            note=(note or "").strip(),
            recorded_by=by,
        )
        _ledger(
            fund=fund,
            award=award,
            kind=LedgerKind.RETURN,
            amount=-amount,
            reason=f"{fund_return.get_reason_display()}: {fund_return.note}".rstrip(": "),
            by=by,
        )
    return fund_return
