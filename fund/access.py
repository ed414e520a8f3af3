"""The applicant's private links (DESIGN.md: "save and return through an
emailed private link; see status").

A link carries a signed token holding only the application's random access
key: no personal data, unguessable, and revoked by replacing the key. A
draft's link stops working when its call closes. Opening a link shows a page
with a button; the button's POST binds the application to the browser's
session, so a mail scanner that follows the link uses nothing up.
"""

from django.core import signing
from django.urls import reverse

from fund.models import Application

DRAFT = "fund.draft"
STATUS = "fund.status"
SESSION_DRAFT = "fund_draft"
SESSION_STATUS = "fund_status"


def make_token(application: Application, purpose: str) -> str:
    return signing.dumps(application.access_key.hex, salt=purpose)


def application_for_token(token: str, purpose: str) -> Application | None:
    try:
        key = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None
    return Application.objects.select_related("page").filter(access_key=key).first()


def _absolute(application, path):
    site = application.page.get_site()
    root = site.root_url if site else ""
    return f"{root}{path}"


def draft_url(application: Application) -> str:
    return _absolute(application, reverse("fund_draft_open", args=[make_token(application, DRAFT)]))


def status_url(application: Application) -> str:
    return _absolute(
        application, reverse("fund_status_open", args=[make_token(application, STATUS)])
    )


def session_bind(request, key, application: Application) -> None:
    """Remember the application in this browser's session (after the POST of
    a private link's button, or after the applicant saves a draft)."""
    request.session.cycle_key()
    request.session[key] = {"pk": application.pk, "key": application.access_key.hex}


def session_application(request, key, **filters) -> Application | None:
    """The application bound to this session, if its links are not revoked."""
    bound = request.session.get(key)
    if not isinstance(bound, dict):
        return None
    return (
        Application.objects.select_related("page")
        .filter(pk=bound.get("pk"), access_key=bound.get("key"), **filters)
        .first()
    )
