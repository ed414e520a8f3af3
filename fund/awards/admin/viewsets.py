"""Grants > Awards: the listing (fund.awards.admin.listing), an award's page
and the actions on it, for staff with ``fund.view_award`` (fund managers and
finance), all under the viewset's one URL namespace, ``awards:``.

Awards are made, changed and ended only through services, so the viewset
has no add, edit, copy or delete views; the actions on an award are views
of their own, buttons on its page shown by permission and status
(fund.awards.admin.actions, bank, letters), and finance's To pay list.
"""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.permissions import policy_registry

from fund.awards.admin import actions, bank, letters, plan
from fund.awards.admin.common import AwardFigures
from fund.awards.admin.listing import AwardFilterSet, AwardIndexView
from fund.awards.admin.to_pay import ToPayView
from fund.awards.models.awards import Award, LetterStatus
from fund.core.permissions import LETTERS, VIEW_APPLICATION, VIEW_BUDGET
from fund.core.viewsets import ReadOnlyModelViewSet

#: The buttons on an award's page: (label, URL name, view, icon, in the "more" menu).
AWARD_ACTIONS = [
    (_("Record acceptance"), "awards:accept", actions.AcceptView, "check", False),
    (_("Record payment"), "awards:payment", actions.PaymentView, "decimal", False),
    (_("Bank details"), "awards:bank_details", bank.BankDetailsView, "key", False),
    (_("Record returned money"), "awards:return", actions.ReturnView, "rotate", False),
    (_("Add instalment"), "awards:instalment", actions.InstalmentView, "calendar", False),
    (_("Agree targets and budget"), "awards:plan", plan.PlanView, "list-ul", True),
    (_("Mark completed"), "awards:complete", actions.CompleteView, "success", False),
    (_("Reissue letter"), "awards:reissue_letter", letters.ReissueView, "resubmit", False),
    (_("Withdraw award"), "awards:withdraw", actions.WithdrawView, "cross", True),
]


class AwardInspectView(InspectView):
    """An award's figures, conditions and dates, its schedule, payments,
    returned money, ledger entries and letters, with the actions the user
    may take on it now."""

    template_name = "fund/admin/awards/inspect.html"
    page_title = _("Award")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Award.objects.select_related("application__page", "fund", "decided_by"), pk=self.pk
        )

    def get_fields(self):
        return []  # the template lays the award out itself

    def get_page_subtitle(self):
        return self.object.reference

    @cached_property
    def payments(self):
        return list(self.object.payments.select_related("recorded_by"))

    @cached_property
    def returns(self):
        return list(self.object.returns.select_related("recorded_by"))

    @cached_property
    def figures(self):
        return AwardFigures.of(self.object, payments=self.payments, returns=self.returns)

    def action_buttons(self, *, more):
        user, award = self.request.user, self.object
        return [
            (Button if more else HeaderButton)(
                label, url=reverse(url_name, args=[award.pk]), icon_name=icon, priority=priority
            )
            for priority, (label, url_name, view, icon, in_more) in enumerate(AWARD_ACTIONS)
            if in_more == more and view.shown_for(user, award, self.figures)
        ]

    @cached_property
    def header_buttons(self):
        return self.action_buttons(more=False)

    @cached_property
    def header_more_buttons(self):
        return self.action_buttons(more=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        award, user = self.object, self.request.user
        instalments = list(award.instalments.all())
        context.update(
            award=award,
            application=award.application,
            call=award.application.page,
            figures=self.figures,
            instalments=instalments,
            scheduled=sum((i.amount for i in instalments), Decimal("0.00")),
            payments=self.payments,
            returns=self.returns,
            letters=self.letters_context(),
            targets=list(award.targets.all()),
            budget_lines=list(award.budget_lines.all()),
            sections=self.sections(),
            may_manage_letters=user.has_perm(LETTERS),
        )
        if user.has_perm(LETTERS):
            context["zip_url"] = reverse("awards:call_letters", args=[award.application.page_id])
        context["ledger"] = (
            award.ledger_entries.select_related("created_by")
            if user.has_perm(VIEW_BUDGET)
            else None
        )
        if user.has_perm(VIEW_APPLICATION):
            context["application_url"] = reverse(
                "applications:inspect", args=[award.application_id]
            )
            # The audit trail is kept on the application.
            context["history_url"] = reverse("applications:history", args=[award.application_id])
        return context

    def sections(self):
        """Other domains' sections of the page (monitoring's reports), each a
        Component from a ``fund_award_page_sections`` hook, or None."""
        sections = (
            hook(request=self.request, award=self.object)
            for hook in hooks.get_hooks("fund_award_page_sections")
        )
        return [section for section in sections if section is not None]

    def letters_context(self):
        may_manage = self.request.user.has_perm(LETTERS)
        rows = []
        for letter in self.object.letters.select_related("requested_by"):
            made = letter.status in letters.MADE and bool(letter.file)
            rows.append(
                {
                    "letter": letter,
                    "download_url": (
                        reverse("awards:letter_download", args=[letter.pk])
                        if may_manage and made
                        else None
                    ),
                    "retry_url": (
                        reverse("awards:letter_retry", args=[letter.pk])
                        if may_manage and letter.status == LetterStatus.FAILED
                        else None
                    ),
                }
            )
        return rows


class AwardAdminURLFinder(ModelAdminURLFinder):
    """Awards have no edit view: links to an award (in reports and the
    history) go to its inspect view, for those who may see it."""

    def construct_edit_url(self, instance):
        return reverse("awards:inspect", args=[instance.pk])

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and not policy.user_has_permission(self.user, "view"):
            return None
        return self.construct_edit_url(instance)


class AwardViewSet(ReadOnlyModelViewSet):
    model = Award
    name = "awards"
    icon = "tick-inverse"
    menu_label = _("Awards")
    menu_order = 160
    add_to_admin_menu = False  # in the Grants group (fund/wagtail_hooks.py)
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AwardIndexView
    inspect_view_class = AwardInspectView
    filterset_class = AwardFilterSet
    search_fields = ["application__reference", "application__organisation_name"]
    search_backend_name = None
    list_per_page = ModelViewSet.UNDEFINED  # the listing's own paginate_by
    url_finder_class = AwardAdminURLFinder

    def get_urlpatterns(self):
        # Read-only: awards change only through the services, by the actions
        # on an award's page, each a view that checks its own permission.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            *(
                path(f"{slug}/<int:pk>/", view.as_view(), name=name)
                for slug, view, name in [
                    ("instalment", actions.InstalmentView, "instalment"),
                    ("accept", actions.AcceptView, "accept"),
                    ("payment", actions.PaymentView, "payment"),
                    ("return", actions.ReturnView, "return"),
                    ("withdraw", actions.WithdrawView, "withdraw"),
                    ("complete", actions.CompleteView, "complete"),
                    ("plan", plan.PlanView, "plan"),
                    ("reissue-letter", letters.ReissueView, "reissue_letter"),
                    ("bank-details", bank.BankDetailsView, "bank_details"),
                    ("bank-details/enter", bank.BankDetailsEnterView, "bank_details_enter"),
                ]
            ),
            path("letter/<int:pk>/", letters.letter_download, name="letter_download"),
            path("letter/<int:pk>/retry/", letters.RetryLetterView.as_view(), name="letter_retry"),
            path("call/<int:pk>/letters.zip", letters.call_letters_zip, name="call_letters"),
            # Finance's list of what to pay.
            path("to-pay/", ToPayView.as_view(), name="to_pay"),
            path("to-pay/results/", ToPayView.as_view(results_only=True), name="to_pay_results"),
        ]
