"""The award's life after the decision: the grantee accepts or declines
the offer, staff withdraw it, and a fully paid award is completed.

Each locks the award (`award_lock`), then the fund where money goes back
(lock order: fund/applications/transitions.py); an award that ends early
releases what has not been paid through the ledger
(fund/awards/services/ledger.py).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.awards.models.awards import Award, AwardStatus, LedgerKind
from fund.awards.monitoring import completion_refusal
from fund.awards.selectors import paid_total
from fund.awards.services.ledger import award_lock, fund_lock, ledger_write, refuse
from fund.core.errors import ServiceError


def award_accept(*, award: Award, name: str, position: str, by=None) -> Award:
    """Record the grantee's acceptance of the offer: online (``by`` None)
    until the accept-by date, or recorded by staff at any time while the
    offer stands (for example after agreeing a later date)."""
    name, position = (name or "").strip(), (position or "").strip()
    if not name:
        refuse("name", _("Enter the name of the person accepting the offer."))
    if not position:
        refuse("position", _("Enter their position in the organisation."))
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
    fund = fund_lock(award.fund_id)
    log(instance=award.application, action=action, user=by, data={"reason": reason})
    if outstanding > 0:
        ledger_write(
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
        refuse("reason", _("Give the reason for withdrawing the award."))
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


def award_complete(*, award: Award, by, note: str = "") -> Award:
    """Close a fully paid award once its monitoring is done: its final
    report accepted and its money reconciled (completion_refusal says what
    is missing). Without that, a fund manager's ``note`` saying why it is
    completed all the same is required, and kept with the award."""
    note = (note or "").strip()
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status != AwardStatus.PAID:
            raise ServiceError(_("Only a fully paid award can be marked completed."))
        refusal = completion_refusal(award)
        if refusal and not note:
            refuse(
                "note",
                _("%(refusal)s To complete it all the same, write in the note why.")
                % {"refusal": refusal},
            )
        award.status = AwardStatus.COMPLETED
        award.completed_at = timezone.now()
        award.completion_note = note
        award.save(update_fields=["status", "completed_at", "completion_note"])
        log(
            instance=award.application,
            action="fund.award.complete",
            user=by,
            data={"note": note, "refusal": refusal or ""},
        )
    return award
