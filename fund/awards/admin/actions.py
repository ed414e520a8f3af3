"""The actions on one award, each a form that calls one service.

| action                   | who                               | when           |
|--------------------------|-----------------------------------|----------------|
| add an instalment        | finance or fund managers          | offered, accepted |
| record the acceptance    | fund managers                     | offered        |
| record a payment         | finance                           | accepted, money left |
| record returned money    | finance                           | something paid and not returned |
| withdraw the award       | fund managers                     | offered, accepted |
| mark it completed        | fund managers                     | paid; a note if not reconciled |
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fund.awards.admin import forms
from fund.awards.admin.common import AwardActionView
from fund.awards.models.awards import AwardStatus
from fund.awards.models.bank import BankDetailsStatus
from fund.awards.monitoring import completion_refusal
from fund.awards.services.bank import bank_details_pending, bank_details_reveal
from fund.awards.services.lifecycle import award_accept, award_complete, award_withdraw
from fund.awards.services.payments import instalment_add, payment_record, return_record
from fund.core.money import pounds
from fund.core.permissions import DECIDE, PAY


class InstalmentView(AwardActionView):
    permissions = (PAY, DECIDE)
    statuses = frozenset({AwardStatus.OFFERED, AwardStatus.ACCEPTED})
    page_title = _("Add an instalment")
    header_icon = "calendar"
    form_class = forms.InstalmentForm
    submit_label = _("Add to the schedule")
    intro = _("The payment schedule is printed in letters made from now on.")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "instalments": self.award.instalments.all()}

    def act(self, data):
        instalment = instalment_add(
            award=self.award, due_on=data["due_on"], amount=data["amount"], by=self.request.user
        )
        return _("%(amount)s due on %(date)s is added to the schedule.") % {
            "amount": pounds(instalment.amount),
            "date": date_format(instalment.due_on, "j F Y"),
        }


class AcceptView(AwardActionView):
    permissions = (DECIDE,)
    statuses = frozenset({AwardStatus.OFFERED})
    page_title = _("Record the acceptance")
    header_icon = "check"
    form_class = forms.AcceptanceForm
    submit_label = _("Record the acceptance")
    intro = _(
        "Use this when the grantee accepted the offer by post or e-mail. Keep their signed "
        "acceptance with the grant's papers."
    )

    def act(self, data):
        award_accept(
            award=self.award, name=data["name"], position=data["position"], by=self.request.user
        )
        return _("The acceptance of %(reference)s is recorded. Payments can now be made.") % {
            "reference": self.award.reference
        }


class PaymentView(AwardActionView):
    permissions = (PAY,)
    statuses = frozenset({AwardStatus.ACCEPTED})
    page_title = _("Record a payment")
    header_icon = "decimal"
    template_name = "fund/admin/awards/payment.html"
    form_class = forms.PaymentForm
    submit_label = _("Record the payment")

    @classmethod
    def shown_for(cls, user, award, figures):
        # Only while there is money left to pay on an accepted award.
        return super().shown_for(user, award, figures) and figures.outstanding > 0

    def refusal(self):
        words = {"reference": self.award.reference, "amount": pounds(self.award.amount)}
        if self.award.status == AwardStatus.OFFERED:
            return (
                _(
                    "No payment can be recorded for %(reference)s yet: the offer has not been "
                    "accepted."
                )
                % words
            )
        if self.award.status == AwardStatus.ACCEPTED:
            return (
                _(
                    "No payment can be recorded for %(reference)s: all of its %(amount)s has been "
                    "paid."
                )
                % words
            )
        if self.award.status in (AwardStatus.PAID, AwardStatus.COMPLETED):
            return _("No payment can be recorded for %(reference)s: it is fully paid.") % words
        return _(
            "No payment can be recorded for %(reference)s: the award is %(status)s, so nothing "
            "more will be paid."
        ) % {**words, "status": self.award.get_status_display().lower()}

    def get_context_data(self, **kwargs):
        # The payee in full, for the person paying: each showing is logged.
        # Details still waiting for their checks are named only masked.
        shown = bank_details_reveal(
            award=self.award,
            by=self.request.user,
            why=gettext("Shown on the payment form"),
            statuses=[BankDetailsStatus.APPROVED],
        )
        return {
            **super().get_context_data(**kwargs),
            "payee": next(iter(shown), None),
            "pending": bank_details_pending(self.award),
            "bank_url": reverse("awards:bank_details", args=[self.award.pk]),
        }

    def act(self, data):
        payment = payment_record(
            award=self.award,
            paid_on=data["paid_on"],
            amount=data["amount"],
            bacs_reference=data["bacs_reference"],
            by=self.request.user,
        )
        return _("A payment of %(amount)s to %(reference)s is recorded.") % {
            "amount": pounds(payment.amount),
            "reference": self.award.reference,
        }


class ReturnView(AwardActionView):
    permissions = (PAY,)
    page_title = _("Record returned money")
    header_icon = "rotate"
    form_class = forms.ReturnForm
    submit_label = _("Record the returned money")
    intro = _("Money returned goes back into the fund's budget.")

    @classmethod
    def shown_for(cls, user, award, figures):
        return super().shown_for(user, award, figures) and figures.refundable > 0

    def act(self, data):
        fund_return = return_record(
            award=self.award,
            received_on=data["received_on"],
            amount=data["amount"],
            reason=data["reason"],
            note=data["note"],
            by=self.request.user,
        )
        return _("%(amount)s returned by %(reference)s is recorded and back in the budget.") % {
            "amount": pounds(fund_return.amount),
            "reference": self.award.reference,
        }


class WithdrawView(AwardActionView):
    permissions = (DECIDE,)
    statuses = frozenset({AwardStatus.OFFERED, AwardStatus.ACCEPTED})
    page_title = _("Withdraw the award")
    header_icon = "cross"
    form_class = forms.WithdrawForm
    submit_label = _("Withdraw the award")
    intro = _(
        "What has not been paid goes back into the fund's budget. This cannot be undone. "
        "The grantee is not e-mailed: write to them yourself."
    )

    def act(self, data):
        award_withdraw(award=self.award, reason=data["reason"], by=self.request.user)
        return _("%(reference)s is withdrawn. What had not been paid is back in the budget.") % {
            "reference": self.award.reference
        }


class CompleteView(AwardActionView):
    """Complete a paid award. If its final report is not accepted or its
    money does not reconcile, the page says so and the manager may still
    complete it with a note saying why (awards.monitoring.completion_refusal)."""

    permissions = (DECIDE,)
    statuses = frozenset({AwardStatus.PAID})
    page_title = _("Mark the award completed")
    header_icon = "success"
    form_class = forms.CompleteForm
    submit_label = _("Mark completed")

    @cached_property
    def completion_refusal(self):
        return completion_refusal(self.award) if self.award.status == AwardStatus.PAID else None

    @property
    def intro(self):
        if self.completion_refusal:
            return _("%(refusal)s You may still complete it: write in the note why.") % {
                "refusal": self.completion_refusal
            }
        return _("Its final report is accepted and its money reconciles.")

    def act(self, data):
        award_complete(award=self.award, note=data["note"], by=self.request.user)
        return _("%(reference)s is completed.") % {"reference": self.award.reference}
