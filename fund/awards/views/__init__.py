"""The applicant's pages that show an award, reached through the private
status link: the status page and what can be done there (``status``), and
the pages after the offer (``offer``).

The status page shows the application and, once there is one, its award;
awards come after applications in the domain order, so the page is this
domain's. What every private-link page shares is the applications domain's
(fund/applications/status_pages.py). Thin: each view parses, calls a
service and renders."""

from fund.applications.status_pages import status_application


def bound_award(request):
    """(the application bound to this browser, its award): either may be None."""
    application = status_application(request)
    award = getattr(application, "award", None) if application else None
    return application, award
