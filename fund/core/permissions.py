"""Who may do what with the fund's records (docs/architecture.md, "Roles and
permissions").

Every permission the code asks about is named here, once; the groups that
hold them are made by a data migration. Panel members review; fund managers
screen, assign, see every review and decide; finance records money; fund
managers and finance both see awards and handle letters.
"""

from wagtail.permission_policies import ModelPermissionPolicy

VIEW_APPLICATION = "fund.view_application"
SCREEN = "fund.screen_application"
ASSIGN = "fund.assign_reviewers"
REVIEW = "fund.review_application"
VIEW_ALL_REVIEWS = "fund.view_all_reviews"
REOPEN_REVIEW = "fund.reopen_review"
DECIDE = "fund.decide_application"
VIEW_AWARD = "fund.view_award"
PAY = "fund.record_payment"
LETTERS = "fund.manage_letters"
VIEW_BUDGET = "fund.view_budgetentry"
REVIEW_REPORT = "fund.review_report"
VIEW_REPORT = "fund.view_grantreport"


def may(user, *permissions) -> bool:
    """True if ``user`` holds any one of ``permissions``."""
    return any(user.has_perm(permission) for permission in permissions)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """For records that change only through services (applications arrive
    through the public form; awards are made and ended by decisions):
    nobody, administrators included, adds, edits or deletes one in the
    admin. Staff with the model's view permission may read them."""

    READ_ONLY_ACTIONS = {"view"}

    def user_has_permission(self, user, action):
        if action not in self.READ_ONLY_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if a in self.READ_ONLY_ACTIONS]
        if not actions:
            return super().users_with_any_permission(["view"]).none()
        return super().users_with_any_permission(actions)


application_permission_policy = ReadOnlyPermissionPolicy("fund.Application")
award_permission_policy = ReadOnlyPermissionPolicy("fund.Award")
