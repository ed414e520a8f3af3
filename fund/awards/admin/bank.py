"""An award's bank details in the admin (fund/awards/services/bank.py has the rule).

Fund managers and finance (``fund.view_award``) see every version masked.
Finance (``fund.record_payment``) may press "Show bank details" to see the
approved and pending details in full, a POST written to the application's
History each time; approve pending details they did not enter; and enter
new details a grantee gives on the telephone.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.awards.admin.common import AwardActionView, AwardFigures, award_url, awards_index_url
from fund.awards.forms import BankDetailsForm
from fund.awards.models.awards import Award, AwardStatus
from fund.awards.models.bank import BankDetails, BankDetailsStatus
from fund.awards.services.bank import (
    CHANGEABLE,
    bank_details_approve,
    bank_details_change,
    bank_details_reveal,
)
from fund.core.errors import ServiceError
from fund.core.permissions import PAY, VIEW_AWARD, may

#: An award in these statuses has no bank details to show.
NO_DETAILS = frozenset({AwardStatus.OFFERED, AwardStatus.DECLINED})


def bank_url(award):
    return reverse("awards:bank_details", args=[award.pk])


class BankDetailsView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the versions, masked. POST ``show``: the full details (finance,
    logged). POST ``approve``: approve the pending details (finance)."""

    template_name = "fund/admin/awards/bank_details.html"
    page_title = gettext_lazy("Bank details")
    header_icon = "key"
    revealed = None

    @classmethod
    def shown_for(cls, user, award, figures: AwardFigures) -> bool:
        """Once the offer is accepted (an open or declined offer has none)."""
        return may(user, VIEW_AWARD) and award.status not in NO_DETAILS

    def dispatch(self, request, *args, **kwargs):
        if not may(request.user, VIEW_AWARD):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def award(self):
        return get_object_or_404(
            Award.objects.select_related("application__page", "fund"), pk=self.kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.award.reference

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": awards_index_url(), "label": _("Awards")},
            {"url": award_url(self.award), "label": self.award.reference},
            {"url": "", "label": _("Bank details")},
        ]

    def get_context_data(self, **kwargs):
        award, user = self.award, self.request.user
        versions = list(award.bank_details.select_related("entered_by", "approved_by"))
        pending = next((v for v in versions if v.status == BankDetailsStatus.PENDING), None)
        return {
            **super().get_context_data(**kwargs),
            "award": award,
            "application": award.application,
            "figures": AwardFigures.of(award),
            "inspect_url": award_url(award),
            "versions": versions,
            "current": next((v for v in versions if v.status == BankDetailsStatus.APPROVED), None),
            "pending": pending,
            "revealed": self.revealed,
            "is_finance": may(user, PAY),
            "may_approve": pending is not None
            and may(user, PAY)
            and pending.entered_by_id != user.pk,
            "may_enter": may(user, PAY) and award.status in CHANGEABLE,
            "enter_url": reverse("awards:bank_details_enter", args=[award.pk]),
        }

    def post(self, request, *args, **kwargs):
        if not may(request.user, PAY):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "show":
                self.revealed = bank_details_reveal(
                    award=self.award, by=request.user, why=_("Shown on the Bank details page")
                )
                return self.render_to_response(self.get_context_data())
            if action == "approve":
                details = get_object_or_404(
                    BankDetails, pk=request.POST.get("details"), award=self.award
                )
                details = bank_details_approve(details=details, by=request.user)
        except ServiceError as refusal:
            messages.error(request, refusal.message)
            return redirect(bank_url(self.award))
        if action != "approve":
            return redirect(bank_url(self.award))
        if details.status == BankDetailsStatus.APPROVED:
            messages.success(
                request,
                _("The bank details %(account)s are approved: payments now go to them.")
                % {"account": details.masked_account_number},
            )
        else:
            messages.success(
                request,
                _(
                    "Your approval is recorded. The details %(account)s are used once the "
                    "grantee's contact confirms them through the link we e-mailed."
                )
                % {"account": details.masked_account_number},
            )
        return redirect(bank_url(self.award))


class BankDetailsEnterView(AwardActionView):
    """Finance enters details a grantee gives (on the telephone, by letter)."""

    permissions = (PAY,)
    statuses = CHANGEABLE
    page_title = gettext_lazy("Enter new bank details")
    header_icon = "key"
    form_class = BankDetailsForm
    submit_label = gettext_lazy("Save the new bank details")
    intro = gettext_lazy(
        "We e-mail the application's contact address a link to confirm them, and another "
        "member of finance must approve them. Until both are done, payments go to the "
        "approved details."
    )

    @property
    def inspect_url(self):
        return bank_url(self.award)

    def act(self, data):
        details = bank_details_change(award=self.award, by=self.request.user, **data)
        return _(
            "The new details %(account)s are saved and wait for the contact's confirmation and "
            "another finance user's approval."
        ) % {"account": details.masked_account_number}
