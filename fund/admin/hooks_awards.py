"""Admin hooks for decisions, awards, payments and letters (registered by import from fund.wagtail_hooks)."""  # noqa: E501

from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from fund.admin.awards import actions, bank, decisions, letters
from fund.admin.awards.permissions import award_permission_policy
from fund.models import Award

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
