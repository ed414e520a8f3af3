"""The decision on an application: "Award" or "Decline", for fund managers
(``fund.decide_application``) while the application is in review or reviewed.

The views are the fund manager's application actions (fund.admin.managing):
check the permission, call one service, say what happened, go back to the
application, whose page then shows the decision.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fund import services
from fund.admin.managing import ApplicationActionView
from fund.models import FundPage
from fund.services.awards import DECIDABLE, pounds

from . import forms
from .permissions import DECIDE


class DecisionView(ApplicationActionView):
    permission_required = DECIDE
    header_icon = "tick-inverse"

    def get(self, request, *args, **kwargs):
        # The service refuses a decision on anything else; say so before the
        # fund manager fills in a form for nothing.
        if self.application.status not in DECIDABLE:
            messages.error(
                request,
                _("%(reference)s is %(status)s, so no decision can be made on it now.")
                % {
                    "reference": self.application.reference,
                    "status": self.application.get_status_display().lower(),
                },
            )
            return redirect(self.inspect_url)
        return super().get(request, *args, **kwargs)


class AwardView(DecisionView):
    page_title = _("Award a grant")
    template_name = "fund/admin/awards/award.html"
    form_class = forms.AwardForm

    @cached_property
    def call(self):
        return self.application.page.specific

    @cached_property
    def fund(self):
        return FundPage.objects.ancestor_of(self.call).get()

    def get_initial(self):
        return {
            "amount": self.application.amount_requested,
            "conditions": self.fund.default_conditions,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            call=self.call,
            fund=self.fund,
            remaining=self.fund.remaining,
        )
        return context

    def act(self, data):
        award = services.award_make(
            application=self.application,
            amount=data["amount"],
            conditions=data["conditions"],
            public_reason=data.get("public_reason", ""),
            by=self.request.user,
        )
        return _(
            "%(reference)s is awarded %(amount)s. The applicant will be e-mailed the offer, "
            "and the award letter is being made."
        ) % {"reference": self.application.reference, "amount": pounds(award.amount)}


class DeclineView(DecisionView):
    page_title = _("Decline the application")
    template_name = "fund/admin/awards/decline.html"
    form_class = forms.DeclineForm

    def act(self, data):
        services.application_decline(
            application=self.application,
            reason=data["reason"],
            feedback=data["feedback"],
            by=self.request.user,
        )
        return _(
            "%(reference)s is declined. The applicant will be e-mailed the reason and "
            "your feedback."
        ) % {"reference": self.application.reference}
