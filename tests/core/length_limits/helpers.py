"""What the tests of tests/core/length_limits share.

The same limits everywhere (issue 11, item 5).
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from fund.applications import access
from tests.factories import ApplicationFactory, AwardFactory

TODAY = timezone.localdate


class World:
    """What the posting functions need, made when first asked for."""

    def __init__(self, client, call, manager, finance, panel_member):
        self.client, self.call = client, call
        self.manager, self.finance, self.panel_member = manager, finance, panel_member

    def application(self, **fields):
        fields.setdefault("status", "reviewed")
        fields.setdefault("amount_requested", Decimal("5000"))
        return ApplicationFactory(page=self.call, **fields)

    def award(self, *, accepted=False, paid=False):
        return AwardFactory(
            application=self.application(),
            by=self.manager,
            conditions="<p>Report on the project.</p>",
            accepted=accepted,
            paid=paid,
            paid_amount="1000",
            paid_on=TODAY(),
            bacs_reference="PAID1",
            finance=self.finance,
        )

    def applicant(self, application):
        """A browser that has opened the applicant's status link."""
        browser = type(self.client)()
        token = access.make_token(application, access.STATUS)
        browser.post(reverse("fund_status_open", args=[token]))
        return browser

    def staff(self, user):
        self.client.force_login(user)
        return self.client
