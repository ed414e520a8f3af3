import uuid

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.applications.access import draft_url, status_url
from fund.applications.models import Application
from fund.applications.status import ApplicationStatus
from fund.calls.models import CallPage
from fund.core.errors import ServiceError
from fund.core.limits import (
    draft_link_limits,
    limits_take,
    lost_link_limits,
)
from fund.core.mail import email_queue


def contact_email(
    application: Application,
    *,
    kind: str,
    call: CallPage | None = None,
    status_link: bool = True,
    **context,
):
    """Queue the e-mail ``kind`` (its templates are named after it) to the
    application's contact, in the current transaction: the one way every
    domain writes to an applicant. Its context holds the application, its
    call (pass ``call`` when the caller has it, to save reading it again),
    the private status link unless ``status_link`` is False, and
    ``context``. Like every e-mail to an applicant it prints nothing they
    typed (fund/core/mail.py)."""
    context = {"application": application, "call": call or application.page.specific, **context}
    if status_link:
        context["status_url"] = status_url(application)
    return email_queue(
        kind=kind,
        to=application.contact_email,
        template=kind,
        context=context,
        application=application,
    )


def application_draft_link_send(*, application: Application, client: str | None = None):
    """E-mail the applicant a private link back to their draft.

    Nobody has confirmed the address, so the e-mail holds nothing typed into
    the form, and the number sent to one address, and for one client address
    (``client``), is limited (fund/core/limits.py)."""
    if not limits_take(*draft_link_limits(to=application.contact_email, client=client)):
        raise ServiceError(
            _(
                "Your application is saved in this browser, but we have already sent as many "
                "links as we can for now, so we have not sent another. Use the link in an "
                "e-mail we sent you earlier, or save again in an hour."
            )
        )
    return contact_email(
        application, kind="draft_link", status_link=False, draft_url=draft_url(application)
    )


def application_links_revoke(*, application: Application, by) -> Application:
    """Make every private link sent for this application stop working."""
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(access_key=uuid.uuid4())
        log(instance=application, action="fund.application.revoke_links", user=by)
    application.refresh_from_db()
    return application


def application_link_resend(*, email: str, reference: str, client: str | None) -> bool:
    """For "Lost your link?": e-mail a fresh status link to a sent application's
    contact address, if ``email`` and ``reference`` both match it.

    The caller tells the person the same whatever this returns, so nobody
    can learn which addresses or references exist. Each request counts
    against the typed address and the client address (``client``) before
    anything is looked up, and over either limit nothing is sent. The
    e-mail holds only the reference, the call's title and the link.

    An application whose links staff revoked gets a fresh link too: it goes
    only to the contact address on file, which is where staff would send
    one, and the leaked links stay dead."""
    if not limits_take(*lost_link_limits(to=email, client=client)):
        return False
    with transaction.atomic():
        application = (
            Application.objects.select_related("page")
            .exclude(status=ApplicationStatus.DRAFT)
            .filter(reference__iexact=reference.strip(), contact_email__iexact=email.strip())
            .first()
        )
        if application is None:
            return False
        contact_email(application, kind="link_resent")
        log(instance=application, action="fund.application.link_resent")
    return True
