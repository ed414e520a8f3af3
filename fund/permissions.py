"""Who may do what with the fund's records (DESIGN.md, "Users and roles")."""

from wagtail.permission_policies import ModelPermissionPolicy


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications arrive through the public form and change only through
    services, so nobody, administrators included, adds, edits or deletes one
    in the admin. Staff with ``fund.view_application`` may read them."""

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


application_permission_policy = ApplicationPermissionPolicy("fund.Application")
