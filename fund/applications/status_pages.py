"""What every page reached through an applicant's private link shares: the
application bound to this browser, and the page that says there is none.

A "not found" here is a response, not Http404, so that it is sent with the
view's own never-cache headers."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from fund.applications import access
from fund.applications.status import ApplicationStatus


def no_application(request, message, *, heading=None):
    """A 404 page that says, in ``message``, what the applicant can do next."""
    return TemplateResponse(
        request,
        "fund/apply/not_found.html",
        {"message": message, "heading": heading},
        status=404,
    )


def status_application(request):
    """The sent application bound to this browser by its status link, or None."""
    application = access.session_application(request, access.SESSION_STATUS)
    if application is None or application.status == ApplicationStatus.DRAFT:
        return None
    return application


def not_bound(request):
    """This browser has no application to show."""
    return no_application(
        request, _("Use the link in your acknowledgement e-mail to see your application.")
    )
