from django.contrib.auth import get_user_model
from django.db.models import (
    Q,
)


def users_with_permission(*, codename: str):
    """Active users holding the fund permission ``codename``, through a group
    (a role) or given directly."""
    permission = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label="fund",
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label="fund",
    )
    return (
        get_user_model()
        .objects.filter(permission, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def panel_members():
    """Active users who may review applications (the "Grant panel" group, or
    the permission given directly), the people a fund manager can assign."""
    return users_with_permission(codename="review_application")


def staff_to_email(*codenames: str) -> list:
    """The active users holding any of the fund permissions ``codenames``
    who have an e-mail address, each once (by address), for the e-mails
    that tell staff something waits for them."""
    recipients = {}
    for codename in codenames:
        for user in users_with_permission(codename=codename):
            if user.email:
                recipients.setdefault(user.email.lower(), user)
    return list(recipients.values())
