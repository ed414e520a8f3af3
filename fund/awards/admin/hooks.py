"""Admin hooks for decisions, awards, payments and letters (registered by import from fund.wagtail_hooks)."""  # noqa: E501

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from fund.awards.admin import actions, bank, decisions, letters
from fund.awards.admin.to_pay import ToPayView
from fund.awards.models.awards import Award
from fund.core.permissions import PAY, award_permission_policy

# Before the viewset registers, so it finds this policy rather than making
# Wagtail's default one (which would offer add, edit and delete).
register_permission_policy(Award, award_permission_policy)


@hooks.register("register_admin_urls")
def register_award_urls():
    return [
        # decisions on an application
        path(
            "grants/applications/<int:pk>/award/",
            decisions.AwardView.as_view(),
            name="fund_application_award",
        ),
        path(
            "grants/applications/<int:pk>/decline/",
            decisions.DeclineView.as_view(),
            name="fund_application_decline",
        ),
        # the actions on an award
        *(
            path(f"grants/awards/<int:pk>/{slug}/", view.as_view(), name=name)
            for slug, view, name in [
                ("instalment", actions.InstalmentView, "fund_award_instalment"),
                ("accept", actions.AcceptView, "fund_award_accept"),
                ("payment", actions.PaymentView, "fund_award_payment"),
                ("return", actions.ReturnView, "fund_award_return"),
                ("withdraw", actions.WithdrawView, "fund_award_withdraw"),
                ("complete", actions.CompleteView, "fund_award_complete"),
                ("reissue-letter", letters.ReissueView, "fund_award_letter_reissue"),
                ("bank-details", bank.BankDetailsView, "fund_award_bank"),
                ("bank-details/enter", bank.BankDetailsEnterView, "fund_award_bank_enter"),
            ]
        ),
        # finance's list of what to pay
        path("grants/to-pay/", ToPayView.as_view(), name="fund_to_pay"),
        path(
            "grants/to-pay/results/",
            ToPayView.as_view(results_only=True),
            name="fund_to_pay_results",
        ),
        # letters
        path(
            "grants/letters/<int:pk>/download/",
            letters.letter_download,
            name="fund_letter_download",
        ),
        path(
            "grants/letters/<int:pk>/retry/",
            letters.RetryLetterView.as_view(),
            name="fund_letter_retry",
        ),
        path(
            "grants/calls/<int:pk>/letters.zip",
            letters.call_letters_zip,
            name="fund_call_letters_zip",
        ),
    ]


class ToPayMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PAY)


@hooks.register("register_admin_menu_item")
def register_to_pay_menu_item():
    return ToPayMenuItem(
        _("To pay"), reverse("fund_to_pay"), name="fund-to-pay", icon_name="decimal", order=140
    )
