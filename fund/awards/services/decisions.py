"""Decisions on applications: an award, committed against the fund's
budget, or a decline, each with its preview's checks and its e-mail.

A decision locks the application first, then (for an award) the fund, as
every service does (lock order: fund/applications/transitions.py); the
award's commitment goes through the ledger (fund/awards/services/ledger.py).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fund.applications import access
from fund.applications.models import Application
from fund.applications.status import DECIDABLE, ApplicationStatus, DeclineReason
from fund.applications.transitions import application_lock, application_transition
from fund.awards import monitoring
from fund.awards.models.awards import Award, LedgerKind
from fund.awards.services.ledger import fund_lock, ledger_write, parse_money, refuse
from fund.awards.services.letters import letter_request
from fund.awards.services.plan import Plan, plan_for_award, plan_save
from fund.calls.models import FundPage
from fund.core.errors import ServiceError
from fund.core.mail import email_queue
from fund.core.money import pounds
from fund.reviews.selectors import submitted_reviews

ACCEPT_WITHIN = dt.timedelta(days=28)


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
    """The application, locked first (lock order: fund/applications/transitions.py),
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
        refuse("amount", refusal)
    return amount


def _plan_check(application, amount, targets, budget) -> Plan:
    """The plan, checked against the amount if the amount reads as one."""
    try:
        parsed = parse_money(amount)
    except ServiceError:
        parsed = None
    return plan_for_award(application=application, amount=parsed, targets=targets, budget=budget)


def award_check(
    *, application: Application, amount, early_reason: str = "", targets=None, budget=None
) -> tuple[Decimal, Plan]:
    """The amount, parsed, and the plan (targets and budget lines) agreed,
    if they could be awarded to the application as things stand, for the
    preview before the decision: the same refusals as `award_make` (which
    checks again under the locks), all of them at once."""
    _timing, parsed, plan = _all_at_once(
        lambda: decision_check(application=application, early_reason=early_reason),
        lambda: _amount_check(application, amount),
        lambda: _plan_check(application, amount, targets, budget),
    )
    return parsed, plan


def _award_create(application, fund, amount, *, conditions, public_reason, by) -> Award:
    now = timezone.now()
    return Award.objects.create(
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


def award_make(
    *,
    application: Application,
    amount,
    conditions: str,
    public_reason: str = "",
    early_reason: str = "",
    targets: dict | None = None,
    budget: dict | None = None,
    by,
) -> Award:
    """Award a grant: commit it against the fund's budget, tell the applicant
    and make the award letter, both once the decision is committed. A
    decision before the call has closed and its reviews are in needs
    ``early_reason``.

    ``targets`` ({measure pk or name: Decimal}) and ``budget`` ({category:
    Decimal}, adding up to the amount) are what the fund manager agrees
    (fund/awards/services/plan.py); either left out is as the applicant
    proposed it, the budget scaled to the amount."""
    amount = parse_money(amount)
    with transaction.atomic():
        application, history = _decidable(application, early_reason=early_reason)
        call = application.page.specific
        fund = fund_lock(FundPage.objects.ancestor_of(call).get().pk)
        if refusal := _award_refusal(application, call=call, fund=fund, amount=amount):
            refuse("amount", refusal)
        plan = plan_for_award(
            application=application, amount=amount, targets=targets, budget=budget
        )
        application = application_transition(
            application=application,
            to=ApplicationStatus.AWARDED,
            action="fund.award.make",
            user=by,
            data={"amount": str(amount), "fund": fund.title, **plan.audit(), **history},
        )
        award = _award_create(
            application, fund, amount, conditions=conditions, public_reason=public_reason, by=by
        )
        plan_save(award, plan)
        ledger_write(
            fund=fund,
            award=award,
            kind=LedgerKind.COMMIT,
            amount=amount,
            reason=_("Award to %(reference)s") % {"reference": application.reference},
            by=by,
        )
        monitoring.award_made(award)
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
