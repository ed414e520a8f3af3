"""Who may see awards and act on them (docs/architecture.md, "Roles and permissions").

Fund managers decide; finance records money; both see awards and handle
letters. Panel members hold none of these permissions, so they see no
award, amount, payment or letter anywhere.
"""

from fund.core import permissions as permission_policies

VIEW_AWARD = "fund.view_award"
DECIDE = "fund.decide_application"
PAY = "fund.record_payment"
LETTERS = "fund.manage_letters"
VIEW_BUDGET = "fund.view_budgetentry"
VIEW_APPLICATION = "fund.view_application"


def may(user, *permissions) -> bool:
    """True if ``user`` holds any one of ``permissions``."""
    return any(user.has_perm(permission) for permission in permissions)


# Awards are read-only in the admin, like applications.
award_permission_policy = permission_policies.award_permission_policy
