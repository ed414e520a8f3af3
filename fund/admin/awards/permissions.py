"""Who may see awards and act on them (DESIGN.md, "Users and roles").

Fund managers decide; finance records money; both see awards and handle
letters. Panel members hold none of these permissions, so they see no
award, amount, payment or letter anywhere.
"""

from wagtail.permission_policies import ModelPermissionPolicy

VIEW_AWARD = "fund.view_award"
DECIDE = "fund.decide_application"
PAY = "fund.record_payment"
LETTERS = "fund.manage_letters"
VIEW_BUDGET = "fund.view_budgetentry"
VIEW_APPLICATION = "fund.view_application"


def may(user, *permissions) -> bool:
    """True if ``user`` holds any one of ``permissions``."""
    return any(user.has_perm(permission) for permission in permissions)


class AwardPermissionPolicy(ModelPermissionPolicy):
    """Awards are made, changed and ended only through services, so nobody,
    administrators included, adds, edits or deletes one in the admin. Staff
    with ``fund.view_award`` may read them."""

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


award_permission_policy = AwardPermissionPolicy("fund.Award")
