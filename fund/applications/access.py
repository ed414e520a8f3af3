"""The applicant's private links: save and return, and see the status
(docs/decisions/0003-private-links.md).

A link carries a signed token holding only the application's random access
key: no personal data, unguessable, and revoked by replacing the key. A
draft's link stops working when its call closes. Opening a link shows a page
with a button; the button's POST binds the application to the browser's
session, so a mail scanner that follows the link uses nothing up.

Only the signed link, or the browser session that made a draft, gives access
to it. The form's hidden ``submission_token`` is never a key: the row's token
is derived from it and a random secret kept in the browser's session, so the
same form posted from several tabs of one browser finds the same row (and a
replayed post is idempotent), while another browser posting the same token
makes a new draft of its own and sees nothing of the first.
"""

import hashlib
import hmac
import secrets
import uuid

from django.core import signing
from django.urls import reverse
from wagtail.models import ModelLogEntry, Site

from fund.applications.models import Application

DRAFT = "fund.draft"
STATUS = "fund.status"
BANK_CONFIRM = "fund.bank.confirm"
SESSION_DRAFT = "fund_draft"
SESSION_STATUS = "fund_status"
#: The browser's own random secret (hex), kept in its session.
SESSION_BROWSER = "fund_browser"


def make_token(application: Application, purpose: str) -> str:
    return signing.dumps(application.access_key.hex, salt=purpose)


def application_for_token(token: str, purpose: str) -> Application | None:
    try:
        key = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None
    return _with_call(Application.objects.filter(access_key=key))


def _absolute(application, path):
    # The site's root URL as page.get_site().root_url gives it, from the
    # site root paths Wagtail keeps in its cache: no read of the site row.
    parts = application.page.get_url_parts()
    if parts is None:  # the page is not routable
        return path
    site_id, root, _page_path = parts
    if root is None:
        root = Site.objects.get(id=site_id).root_url
    return f"{root}{path}"


def draft_url(application: Application) -> str:
    return _absolute(application, reverse("fund_draft_open", args=[make_token(application, DRAFT)]))


#: Where a status link may lead once opened, as ``?then=``: the award
#: letter (the offer e-mail's link). The status page is the default.
THEN_LETTER = "letter"
THEN_VIEWS = {THEN_LETTER: "fund_status_letter"}


def status_url(application: Application, *, then: str | None = None) -> str:
    """The application's private status link (and, with ``then``, where it
    leads once opened: one of THEN_VIEWS)."""
    path = reverse("fund_status_open", args=[make_token(application, STATUS)])
    if then is not None:
        if then not in THEN_VIEWS:
            raise ValueError(f"A status link cannot lead to {then!r}.")
        path += f"?then={then}"
    return _absolute(application, path)


def bank_confirm_url(details) -> str:
    """The link that confirms a change of bank details (fund/awards/services/bank.py):
    a signed token holding only the change's random key."""
    token = signing.dumps(details.confirm_key.hex, salt=BANK_CONFIRM)
    return _absolute(details.award.application, reverse("fund_bank_confirm", args=[token]))


def browser_secret(request) -> bytes:
    """This browser's random secret, made the first time it is needed."""
    secret = request.session.get(SESSION_BROWSER)
    if not isinstance(secret, str) or len(secret) != 64:
        secret = secrets.token_hex(32)
        request.session[SESSION_BROWSER] = secret
    return bytes.fromhex(secret)


def submission_token(*, secret: bytes, call_pk: int, form_token: uuid.UUID) -> uuid.UUID:
    """The row's token for the form ``form_token`` posted to a call from the
    browser holding ``secret``. Nobody without the secret can derive it."""
    message = f"{call_pk}:{form_token.hex}".encode()
    return uuid.UUID(bytes=hmac.new(secret, message, hashlib.sha256).digest()[:16])


def links_revoked(application: Application) -> bool:
    """Whether staff have ever revoked this application's private links."""
    return (
        ModelLogEntry.objects.for_instance(application)
        .filter(action="fund.application.revoke_links")
        .exists()
    )


def _renew_session_key(session) -> None:
    """Give the session a new key (against session fixation), keeping its
    data. Unlike ``cycle_key`` the old key's row is left as it was, without
    what is bound next: another tab of the same browser may be in the middle
    of a request with the old key, and deleting it would lose that request's
    session (a 404 or "session was deleted" in that tab). It expires as any
    session does."""
    session.items()  # read the data now: what is saved under the new key
    # No key until the response saves the session: then it is made, with the
    # data, in one write (create() now and a save later would write twice).
    session._session_key = None
    session.modified = True


def session_bind(request, key, application: Application) -> None:
    """Remember the application in this browser's session (after the POST of
    a private link's button, or after the applicant saves a draft)."""
    _renew_session_key(request.session)
    request.session[key] = {"pk": application.pk, "key": application.access_key.hex}


def session_unbind(request, key) -> None:
    request.session.pop(key, None)


def session_application(request, key, **filters) -> Application | None:
    """The application bound to this session, if its links are not revoked."""
    bound = request.session.get(key)
    if not isinstance(bound, dict):
        return None
    return _with_call(
        Application.objects.filter(pk=bound.get("pk"), access_key=bound.get("key"), **filters)
    )


def _with_call(applications) -> Application | None:
    """The first of ``applications``, read with its call in the same query:
    its ``page`` is then the call itself, so ``.page.specific`` reads nothing."""
    application = applications.select_related("page__callpage").first()
    if application is not None and (call := getattr(application.page, "callpage", None)):
        application.page = call
    return application
