"""One demo user for each role, with the lines that tell a newcomer how to
sign in."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from fund.management.demo.data import DEMO_USERS
from fund.security import two_factor


def users_make(*, password: str) -> tuple[dict, list[str]]:
    """The demo users, by username, all with ``password``; and a line for
    each saying who they are and, where they need a second step, a few
    single-use backup codes."""
    User = get_user_model()
    lines, users = [], {}
    for username, first, last, group_name in DEMO_USERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
            },
        )
        user.set_password(password)
        user.is_staff = group_name is None
        user.is_superuser = group_name is None
        user.save()
        if group_name:
            user.groups.set([Group.objects.get(name=group_name)])
        line = f"  {username:<8} {group_name or 'Administrator':<14}"
        if two_factor.is_required_for(user) and not TOTPDevice.objects.filter(user=user).exists():
            # The demo's second step: a few single-use backup codes, new
            # on every run (a real user sets up an authenticator app).
            line += "  codes: " + " ".join(two_factor.new_backup_codes(user)[:4])
        lines.append(line)
        users[username] = user
    return users, lines
