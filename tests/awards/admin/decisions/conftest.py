"""The fixtures of tests/awards/admin/decisions.

Deciding on an application as a fund manager meets it: what the panel
said, the guardrails on a decision that comes too soon, the preview of what
the applicant will get, and the confirmation; and the e-mails that follow,
each carrying the applicant's private link.
"""

from decimal import Decimal

import pytest

from fund.reviews.services.screening import application_screen
from tests.awards.admin.decisions.helpers import close, panel_member, review
from tests.support.states import submitted


@pytest.fixture
def screened(open_call, manager):
    """An application asking for £4,000, screened eligible on an open call."""
    return application_screen(application=submitted(open_call), eligible=True, by=manager)


@pytest.fixture
def ready(open_call, manager, screened):
    """Reviewed by two panel members who agree on £1,800, on a closed call."""
    review(
        screened,
        manager,
        panel_member("Priya"),
        recommendation="fund_part",
        amount=Decimal("1800"),
        comment="Strong on survivors' voice; the training budget is high.",
    )
    review(
        screened,
        manager,
        panel_member("Paul"),
        recommendation="fund_part",
        amount=Decimal("1800.00"),
        comment="Fund the casework only.",
    )
    close(open_call)
    screened.refresh_from_db()
    return screened
