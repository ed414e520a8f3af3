"""What the tests of tests/grants/applications share.

Staff read applications in the Wagtail admin (issue 3: the Applications listing).
"""

from tests.factories import ApplicationFactory

#: The roles with fund.view_application. Grant panel members have only
#: fund.review_application: they see the applications assigned to them on
#: their own pages, never this listing.
STAFF_ROLES = ["manager", "finance"]


LOGIN_URL = "/admin/login/"


def make_draft(call, **fields):
    return ApplicationFactory(
        page=call, status="draft", reference=None, submitted_at=None, **fields
    )
