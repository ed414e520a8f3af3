"""manage.py reset_two_factor USERNAME: for a staff member who has lost both
their phone and their backup codes. They set it up again at next sign-in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fund.security import two_factor


class Command(BaseCommand):
    help = "Remove a user's authenticator app and backup codes."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
        two_factor.reset(user, by=None)
        self.stdout.write(
            f"Two-factor authentication removed for {username}: "
            "they will set it up again when they next sign in."
        )
