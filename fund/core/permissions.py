"""Who may do what with the fund's records (docs/architecture.md, "Roles and
permissions")."""

from wagtail.permission_policies import ModelPermissionPolicy


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
