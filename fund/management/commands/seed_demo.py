"""Demo data for development: `manage.py seed_demo`. Safe to run again.

What it makes is in fund/management/demo/; this command loads it and tells
you how to sign in.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from fund.management.demo.decisions import decisions
from fund.management.demo.panel import panel_work
from fund.management.demo.people import users_make
from fund.management.demo.site import site_build


class Command(BaseCommand):
    help = "Load the demo fund, calls, applications and one user per role (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            closed = site_build()
        password = getattr(settings, "DEMO_PASSWORD", None)
        if not password:
            self.stdout.write("DEMO_PASSWORD is not set: no demo users were made.")
            return
        users, lines = users_make(password=password)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/admin/ with the password "
            f"'{password}' as the users below; those with codes then need one of\n"
            "them (each works once) as their second step:\n" + "\n".join(lines)
        )
        # Demo e-mails (ineligible notices) are not for anyone's inbox.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            panel_work(closed, users)
            decisions(closed, users)
