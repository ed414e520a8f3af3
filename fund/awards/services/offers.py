"""The grantee's answer to an offer, given online through the private link.

Accepting records the acceptance and the first bank details together, then
sends the grantee a confirmation (with their private status link) and tells
the fund managers and finance; declining gives the money back to the fund
(fund.awards.services.lifecycle), confirms it to the grantee and tells the fund
managers. All the e-mails are queued in the same transaction, so they go
only if the answer is kept.
"""

from django.db import transaction

from fund.applications.services.links import contact_email
from fund.awards.models.awards import Award
from fund.awards.services.bank import bank_details_clean, bank_details_give_with_acceptance
from fund.awards.services.lifecycle import award_accept, award_decline_by_applicant
from fund.core.mail import absolute_admin_url, email_queue
from fund.core.people import staff_to_email
from fund.core.permissions import VIEW_APPLICATION

MANAGERS = "decide_application"
FINANCE = "record_payment"


def offer_accept(
    *,
    award: Award,
    name: str,
    position: str,
    account_name: str,
    sort_code: str,
    account_number: str,
) -> Award:
    """The grantee accepts online, giving the account to pay the grant into."""
    # Refuse wrong details before anything is written.
    bank_details_clean(
        account_name=account_name, sort_code=sort_code, account_number=account_number
    )
    with transaction.atomic():
        award = award_accept(award=award, name=name, position=position, by=None)
        bank_details_give_with_acceptance(
            award=award,
            account_name=account_name,
            sort_code=sort_code,
            account_number=account_number,
        )
        _email_grantee(award, kind="offer_accepted")
        _email_staff(award, kind="offer_accepted_staff", codenames=(MANAGERS, FINANCE))
    return award


def offer_decline(*, award: Award, reason: str) -> Award:
    """The grantee declines online."""
    with transaction.atomic():
        award = award_decline_by_applicant(award=award, reason=reason, by=None)
        _email_grantee(award, kind="offer_declined")
        _email_staff(award, kind="offer_declined_staff", codenames=(MANAGERS,))
    return award


def first_instalment(award: Award):
    return award.instalments.order_by("due_on", "pk").first()


def _email_grantee(award, *, kind):
    contact_email(
        award.application, kind=kind, award=award, first_instalment=first_instalment(award)
    )


def _email_staff(award, *, kind, codenames):
    """One e-mail to each active fund manager (and finance user, for an
    acceptance) with an address; like every staff e-mail it names the
    reference and call, not the applicant's words."""
    application = award.application
    for user in staff_to_email(*codenames):
        email_queue(
            kind=kind,
            to=user.email,
            template=kind,
            context={
                "user": user,
                "application": application,
                "call": application.page.specific,
                "award": award,
                "award_url": absolute_admin_url("awards:inspect", award.pk),
                "application_url": (
                    absolute_admin_url("applications:inspect", application.pk)
                    if user.has_perm(VIEW_APPLICATION)
                    else ""
                ),
            },
            application=application,
        )
