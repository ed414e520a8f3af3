"""The decision on an application: "Award" or "Decline", for fund managers
(``fund.decide_application``) while the application is in review or reviewed.

The views are the fund manager's application actions (fund.reviews.admin.managing),
registered by the Applications viewset (fund/grants/applications.py):
check the permission, call one service, say what happened, go back to the
application, whose page then shows the decision.

A decision is made in two steps. The form shows what the panel said and,
when the decision comes too soon (the call is open or its reviews are not
in), asks why it cannot wait. Sending it shows a preview of what the
applicant will get (the e-mail and, for an award, the letter) with
"Confirm"; only the confirming post, which carries the same fields back,
calls the service. "Change" shows the form again as it was filled in.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fund.applications.status import DECIDABLE
from fund.awards.admin import forms
from fund.awards.models.awards import Award
from fund.awards.services.decisions import (
    ACCEPT_WITHIN,
    application_decline,
    award_check,
    award_make,
    decision_too_soon,
    decline_check,
    declined_email_context,
    offer_email_context,
)
from fund.awards.services.letters import letter_html
from fund.awards.services.plan import measure_rows, proposed_budget
from fund.calls.models import FundPage
from fund.core import errors
from fund.core.mail import email_render
from fund.core.money import pounds
from fund.core.permissions import DECIDE
from fund.core.service_forms import add_service_errors
from fund.reviews.admin.managing import ApplicationActionView
from fund.reviews.selectors import panel_agreed_amount, submitted_reviews

CONFIRM = "confirm"
CHANGE = "change"


class DecisionView(ApplicationActionView):
    permission_required = DECIDE
    header_icon = "tick-inverse"
    preview_template_name = None

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

    @cached_property
    def call(self):
        return self.application.page.specific

    @cached_property
    def reviews(self):
        return list(submitted_reviews(application=self.application))

    @cached_property
    def too_soon(self):
        return decision_too_soon(self.application, self.call)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "too_soon": self.too_soon}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "call": self.call,
            "reviews": self.reviews,
            "too_soon": self.too_soon,
        }

    def form_valid(self, form):
        if CHANGE in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        try:
            checked = self.check(form.cleaned_data)
        except errors.ServiceError as error:
            # Each refusal is by its field, and so in the summary once.
            self.error_message = "" if error.errors else error.message
            add_service_errors(form, error)
            return self.form_invalid(form)
        if CONFIRM in self.request.POST:
            return super().form_valid(form)  # the decision: ``act``
        context = self.get_context_data(form=form)
        context.update(
            self.preview(form.cleaned_data, checked),
            # The fields exactly as posted, to post back with "Confirm" or "Change".
            posted=[(name, self.request.POST.get(name, "")) for name in form.fields],
        )
        return self.response_class(
            request=self.request, template=[self.preview_template_name], context=context
        )

    def check(self, data):
        """Every refusal the decision would meet as things stand, at once
        (a ServiceError); the service checks again as it decides."""
        raise NotImplementedError

    def preview(self, data, checked) -> dict:
        """What the applicant will be sent, for the preview."""
        raise NotImplementedError


class AwardView(DecisionView):
    page_title = _("Award a grant")
    template_name = "fund/admin/awards/award.html"
    preview_template_name = "fund/admin/awards/award_preview.html"
    form_class = forms.AwardForm

    @cached_property
    def fund(self):
        return FundPage.objects.ancestor_of(self.call).get()

    @cached_property
    def agreed_amount(self):
        return panel_agreed_amount(self.reviews, requested=self.application.amount_requested)

    @cached_property
    def plan_rows(self):
        """The call's measures, with the targets the applicant proposed."""
        return measure_rows(application=self.application)

    @cached_property
    def proposed_budget(self):
        return proposed_budget(self.application)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "rows": self.plan_rows,
            "budget": self.proposed_budget,
        }

    def plan_arguments(self, data):
        budget = forms.plan_budget(data)
        if not self.proposed_budget and not any(budget.values()):
            # An application made before budget lines were asked for, and
            # no lines typed: all of the award on "Other" (the service's default).
            budget = None
        return {"targets": forms.plan_targets(self.plan_rows, data), "budget": budget}

    def get_initial(self):
        initial = {"conditions": self.fund.default_conditions}
        if self.agreed_amount is not None:
            initial["amount"] = self.agreed_amount
        return initial

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "fund": self.fund,
            "remaining": self.fund.remaining,
            "agreed_amount": self.agreed_amount,
            "proposed_total": sum(self.proposed_budget.values()) if self.proposed_budget else None,
            # The budget starts as the applicant split the amount requested:
            # an award of another amount needs the lines changed.
            "budget_differs": self.agreed_amount is not None
            and self.agreed_amount != self.application.amount_requested,
        }

    def check(self, data):
        return award_check(
            application=self.application,
            amount=data["amount"],
            early_reason=data.get("early_reason", ""),
            **self.plan_arguments(data),
        )

    def preview(self, data, checked):
        amount, plan = checked
        today = timezone.localdate()
        award = Award(  # never saved: what the offer will say
            application=self.application,
            fund=self.fund,
            amount=amount,
            conditions=data["conditions"],
            public_reason=data.get("public_reason", ""),
            accept_by=today + ACCEPT_WITHIN,
            period_start=self.application.planned_start,
            period_end=self.application.planned_end,
        )
        subject, body = email_render(
            "offer", offer_email_context(self.application, award, self.call, preview=True)
        )
        return {
            "award": award,
            "remaining_after": self.fund.remaining - amount,
            "email_subject": subject,
            "email_body": body,
            "plan": plan,
            "letter_html": letter_html(award, version=1, preview=True, plan=plan),
        }

    def act(self, data):
        award = award_make(
            application=self.application,
            amount=data["amount"],
            conditions=data["conditions"],
            public_reason=data.get("public_reason", ""),
            early_reason=data.get("early_reason", ""),
            **self.plan_arguments(data),
            by=self.request.user,
        )
        return _(
            "%(reference)s is awarded %(amount)s. The applicant will be e-mailed the offer, "
            "and the award letter is being made."
        ) % {"reference": self.application.reference, "amount": pounds(award.amount)}


class DeclineView(DecisionView):
    page_title = _("Decline the application")
    template_name = "fund/admin/awards/decline.html"
    preview_template_name = "fund/admin/awards/decline_preview.html"
    form_class = forms.DeclineForm

    def check(self, data):
        decline_check(
            application=self.application,
            reason=data["reason"],
            feedback=data["feedback"],
            early_reason=data.get("early_reason", ""),
        )

    def preview(self, data, checked):
        application = self.application
        application.decline_reason = data["reason"]
        application.decline_feedback = data["feedback"].strip()
        subject, body = email_render(
            "declined", declined_email_context(application, self.call, preview=True)
        )
        return {"email_subject": subject, "email_body": body}

    def act(self, data):
        application_decline(
            application=self.application,
            reason=data["reason"],
            feedback=data["feedback"],
            early_reason=data.get("early_reason", ""),
            by=self.request.user,
        )
        return _(
            "%(reference)s is declined. The applicant will be e-mailed the reason and "
            "your feedback."
        ) % {"reference": self.application.reference}
