"""The award's "Agree targets and budget" action: a fund manager changes
the targets and budget lines agreed at award, while the award is offered
or accepted (fund/awards/services/plan.py plan_change)."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fund.awards.admin import forms
from fund.awards.admin.common import AwardActionView
from fund.awards.models.awards import AwardStatus
from fund.awards.services.plan import PLAN_STATUSES, plan_change, plan_of
from fund.core.money import pounds
from fund.core.permissions import DECIDE


class PlanView(AwardActionView):
    permissions = (DECIDE,)
    statuses = PLAN_STATUSES
    page_title = _("Agree targets and budget")
    header_icon = "list-ul"
    template_name = "fund/admin/awards/plan.html"
    form_class = forms.PlanForm
    submit_label = _("Save the targets and budget")

    @cached_property
    def plan(self):
        return plan_of(self.award)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "rows": self.plan.targets,
            "budget": {line.category: line.amount for line in self.plan.lines},
        }

    def get_context_data(self, **kwargs):
        offered = self.award.status == AwardStatus.OFFERED
        return {
            **super().get_context_data(**kwargs),
            "intro": _(
                "The change is recorded in the application's history. The offer is still open, "
                "so a new award letter stating the targets and budget is made."
            )
            if offered
            else _(
                "The change is recorded in the application's history. The grantee has accepted "
                "the offer: tell them of the change yourself."
            ),
            "targets_hint": _(
                "Each starts at the target agreed. The grantee reports against these."
            ),
            "budget_hint": _("The lines must add up to the %(amount)s awarded.")
            % {"amount": pounds(self.award.amount)},
        }

    def act(self, data):
        plan_change(
            award=self.award,
            targets=forms.plan_targets(self.plan.targets, data),
            budget=forms.plan_budget(data),
            by=self.request.user,
        )
        if self.award.status == AwardStatus.OFFERED:
            return _(
                "The targets and budget of %(reference)s are changed. A new award letter is "
                "being made."
            ) % {"reference": self.award.reference}
        return _("The targets and budget of %(reference)s are changed.") % {
            "reference": self.award.reference
        }
