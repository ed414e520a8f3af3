"""The grantee's bank details: given, changed, confirmed, approved, seen.

The rule (README, "Bank details"):

- Every set of details needs **approval by a finance user** (holder of
  ``fund.record_payment``) **other than the member of staff who entered
  it**. Details the grantee typed in themselves may be approved by any
  finance user.
- Details that **replace earlier ones** (a change), and details **entered by
  staff** (for example read out on the telephone), must also be
  **confirmed by the contact**, through a link e-mailed to the
  application's contact address. Only the first details the grantee gives
  through the private link (with the online acceptance, or afterwards when
  staff recorded the acceptance) need no e-mailed confirmation: nothing is
  being redirected.
- Confirmation and approval may come in either order; when both are done
  the new details become the approved ones and the earlier approved set is
  kept, marked superseded. Until then payments go to the approved set, and
  with none, no payment can be recorded (fund.awards.services.payments.payment_record).
- A newer request replaces a pending one, which is kept, marked cancelled.

Every change, approval and confirmation, and every showing of the full
details to staff, is written to the application's History.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.applications.access import BANK_CONFIRM, bank_confirm_url
from fund.applications.services.links import contact_email
from fund.awards.models.awards import Award, AwardStatus
from fund.awards.models.bank import (
    ACCOUNT_NAME_MAX,
    BankDetails,
    BankDetailsSource,
    BankDetailsStatus,
    account_number_normalise,
    sort_code_normalise,
)
from fund.awards.services.ledger import award_lock
from fund.core.errors import ServiceError
from fund.core.limits import DAY, Limit, limits_take
from fund.core.permissions import PAY
from fund.core.text import has_line_break

#: How long the contact's confirmation link works.
CONFIRM_WITHIN_SECONDS = 14 * DAY
#: An award whose payee can still change.
CHANGEABLE = frozenset({AwardStatus.ACCEPTED, AwardStatus.PAID})


def bank_details_clean(*, account_name: str, sort_code: str, account_number: str):
    """The three details in their stored form, or a ServiceError naming each
    field that is wrong, in plain words."""
    errors = {}
    name = " ".join((account_name or "").split())
    if has_line_break(account_name or ""):
        errors["account_name"] = _("Enter the name on the account on one line.")
    elif not name:
        errors["account_name"] = _("Enter the name on the account, as the bank shows it.")
    elif len(name) > ACCOUNT_NAME_MAX:
        errors["account_name"] = _(
            "Enter a name on the account of %(limit)d characters or fewer."
        ) % {"limit": ACCOUNT_NAME_MAX}
    sort = sort_code_normalise(sort_code)
    if not (sort_code or "").strip():
        errors["sort_code"] = _("Enter the sort code.")
    elif sort is None:
        errors["sort_code"] = _("Enter the sort code as 6 digits, like 12-34-56.")
    number = account_number_normalise(account_number)
    if not (account_number or "").strip():
        errors["account_number"] = _("Enter the account number.")
    elif number is None:
        errors["account_number"] = _("Enter the account number as 8 digits, like 12345678.")
    if errors:
        raise ServiceError(next(iter(errors.values())), errors)
    return name, sort, number


def bank_details_current(award: Award) -> BankDetails | None:
    """The approved details: where payments go now."""
    return award.bank_details.approved().first()


def bank_details_pending(award: Award) -> BankDetails | None:
    return award.bank_details.pending().first()


def _add(award, *, account_name, sort_code, account_number, source, by):
    """A new pending version; the caller holds the award's lock and has
    cleaned the details."""
    earlier = award.bank_details.all()
    for pending in earlier.filter(status=BankDetailsStatus.PENDING):
        pending.status = BankDetailsStatus.CANCELLED
        pending.ended_at = timezone.now()
        pending.save(update_fields=["status", "ended_at"])
    version = (earlier.aggregate(last=Max("version"))["last"] or 0) + 1
    is_change = version > 1
    details = BankDetails.objects.create(
        award=award,
        version=version,
        account_name=account_name,
        sort_code=sort_code,
        account_number=account_number,
        source=source,
        entered_by=by,
        needs_confirmation=is_change or by is not None,
    )
    log(
        instance=award.application,
        action="fund.bank.change",
        user=by,
        data={
            "version": version,
            "account": details.masked_account_number,
            "sort_code": details.masked_sort_code,
            "source": details.get_source_display(),
        },
    )
    if details.needs_confirmation:
        _email_confirmation_link(details)
    return details


def bank_details_give_with_acceptance(
    *, award: Award, account_name: str, sort_code: str, account_number: str
) -> BankDetails:
    """The first details, typed in with the online acceptance (the caller,
    fund.awards.services.offers, holds the award's lock in the same transaction)."""
    name, sort, number = bank_details_clean(
        account_name=account_name, sort_code=sort_code, account_number=account_number
    )
    return _add(
        award,
        account_name=name,
        sort_code=sort,
        account_number=number,
        source=BankDetailsSource.ACCEPTANCE,
        by=None,
    )


def bank_change_limits(*, award: Award) -> list[Limit]:
    return [
        Limit(
            "bank-change",
            str(award.pk),
            settings.FUND_BANK_CHANGES_PER_APPLICATION_PER_DAY,
            DAY,
        )
    ]


def bank_details_change(
    *, award: Award, account_name: str, sort_code: str, account_number: str, by=None
) -> BankDetails:
    """New details for an accepted award: asked for by the grantee through
    the private link (``by`` None, a few a day) or entered by finance. They
    wait for the contact's confirmation and a finance user's approval."""
    name, sort, number = bank_details_clean(
        account_name=account_name, sort_code=sort_code, account_number=account_number
    )
    if by is not None and not by.has_perm(PAY):
        raise ServiceError(_("Only finance staff can enter bank details."))
    if by is None and not limits_take(*bank_change_limits(award=award)):
        raise ServiceError(
            _(
                "You have asked to change your bank details several times today, so we cannot "
                "take another change until tomorrow. If it is urgent, contact us."
            )
        )
    with transaction.atomic():
        award = award_lock(award_id=award.pk)
        if award.status not in CHANGEABLE:
            raise ServiceError(
                _(
                    "Bank details can be given only for an accepted award still being paid. "
                    "This one is %(status)s."
                )
                % {"status": award.get_status_display().lower()}
            )
        return _add(
            award,
            account_name=name,
            sort_code=sort,
            account_number=number,
            source=BankDetailsSource.STAFF if by else BankDetailsSource.APPLICANT,
            by=by,
        )


def _make_current_if_ready(details, *, by):
    """Once a pending set is both confirmed and approved it becomes the one
    payments go to; the set it replaces is kept, superseded."""
    if not (details.confirmed and details.approved):
        return details
    now = timezone.now()
    for old in details.award.bank_details.approved():
        old.status = BankDetailsStatus.SUPERSEDED
        old.ended_at = now
        old.save(update_fields=["status", "ended_at"])
    details.status = BankDetailsStatus.APPROVED
    details.save(update_fields=["status"])
    log(
        instance=details.award.application,
        action="fund.bank.current",
        user=by,
        data={"version": details.version, "account": details.masked_account_number},
    )
    return details


def _locked_pending(details):
    """The award, then the details, both locked (the lock order of every
    change to an award)."""
    award = award_lock(award_id=details.award_id)
    details = BankDetails.objects.select_for_update().get(pk=details.pk)
    details.award = award
    if award.status not in CHANGEABLE:
        raise ServiceError(
            _("This award is %(status)s, so no bank details can be checked for it now.")
            % {"status": award.get_status_display().lower()}
        )
    if details.status != BankDetailsStatus.PENDING:
        raise ServiceError(
            _("These bank details are no longer waiting for checks: they are %(status)s.")
            % {"status": details.get_status_display().lower()}
        )
    return details


def bank_details_approve(*, details: BankDetails, by) -> BankDetails:
    """A finance user, not the one who entered them, approves pending details."""
    if not by.has_perm(PAY):
        raise ServiceError(_("Only finance staff can approve bank details."))
    with transaction.atomic():
        details = _locked_pending(details)
        if details.entered_by_id == by.pk:
            raise ServiceError(
                _(
                    "You entered these bank details, so another member of the finance team "
                    "must approve them."
                )
            )
        details.approved_by, details.approved_at = by, timezone.now()
        details.save(update_fields=["approved_by", "approved_at"])
        log(
            instance=details.award.application,
            action="fund.bank.approve",
            user=by,
            data={"version": details.version, "account": details.masked_account_number},
        )
        return _make_current_if_ready(details, by=by)


# --- the contact's confirmation ----------------------------------------------------


def details_for_confirm_token(token: str) -> BankDetails | None:
    """The details a confirmation link names, if it is genuine and recent."""
    try:
        key = signing.loads(token, salt=BANK_CONFIRM, max_age=CONFIRM_WITHIN_SECONDS)
    except signing.BadSignature:  # expired links too (SignatureExpired)
        return None
    return (
        BankDetails.objects.select_related("award__application__page")
        .filter(confirm_key=key)
        .first()
    )


def _email_confirmation_link(details):
    """To the application's contact address: the reference, the call's title
    and the link; nothing typed in (fund/core/mail.py)."""
    contact_email(
        details.award.application,
        kind="bank_confirm",
        status_link=False,
        confirm_url=bank_confirm_url(details),
        days=CONFIRM_WITHIN_SECONDS // DAY,
    )


def bank_details_confirm(*, details: BankDetails) -> BankDetails:
    """The contact confirms a change through the e-mailed link."""
    with transaction.atomic():
        details = _locked_pending(details)
        if details.confirmed_at is None:
            details.confirmed_at = timezone.now()
            details.save(update_fields=["confirmed_at"])
            log(
                instance=details.award.application,
                action="fund.bank.confirm",
                user=None,
                data={"version": details.version},
            )
        return _make_current_if_ready(details, by=None)


# --- showing them ------------------------------------------------------------------


def bank_details_reveal(
    *,
    award: Award,
    by,
    why: str,
    statuses=(BankDetailsStatus.APPROVED, BankDetailsStatus.PENDING),
) -> list[BankDetails]:
    """The award's details in ``statuses`` (approved and pending unless
    told), in full, for a finance user; each showing is written to the
    application's History, naming the versions shown."""
    if not by.has_perm(PAY):
        raise ServiceError(_("Only finance staff can see bank details in full."))
    shown = list(award.bank_details.filter(status__in=statuses).order_by("-version"))
    if shown:
        log(
            instance=award.application,
            action="fund.bank.view",
            user=by,
            data={"versions": [d.version for d in shown], "why": why},
        )
    return shown
