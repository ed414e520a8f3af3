"""The call's form, check your answers, and the confirmation and copy of
what was sent."""

import logging

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fund.applications import access
from fund.applications.applicant_forms import DeclarationForm
from fund.applications.forms import privacy_notice_url
from fund.applications.services.drafts import CallClosed
from fund.applications.services.links import application_draft_link_send
from fund.applications.services.sending import application_submit
from fund.applications.status import ApplicationStatus
from fund.applications.status_pages import no_application, status_application
from fund.applications.summaries import answer_sections
from fund.core.errors import FAULTS, ServiceError
from fund.core.limits import limits_take, new_draft_limits
from fund.security.login import client_address

logger = logging.getLogger(__name__)


# --- the call page: the form ---------------------------------------------------


@never_cache
def call_page(request, call):
    """GET shows the form (with a draft's answers if one is bound to this
    browser); POST keeps everything as a draft, then either sends the link
    to come back ("save") or moves on to check your answers ("continue").

    Never cached: the page shows the applicant's answers, and its form's
    token is tied to this browser's session (fund/applications/access.py)."""
    context = call.get_context(request)
    if not call.is_open():
        return _call_closed(request, call, context)
    bound = access.session_application(request, access.SESSION_DRAFT, page=call)
    if request.method == "POST" and bound is not None and bound.status != ApplicationStatus.DRAFT:
        # Another tab of this browser has just sent it: show its confirmation.
        return _show_sent(request, bound)
    draft = bound if bound is not None and bound.status == ApplicationStatus.DRAFT else None
    secret = access.browser_secret(request)
    if request.method != "POST":
        form = call.get_form(page=call, draft=draft)
        return _show_form(request, call, context, form, draft=draft)
    form = call.get_form(request.POST, request.FILES, page=call, draft=draft, browser_secret=secret)
    valid = form.is_valid()
    saving = request.POST.get("action") == "save"
    if "submission_token" in form.errors:
        return _show_form(request, call, context, form)
    if saving and "contact_email" not in form.cleaned_data:
        _ask_for_email(form)
    if draft is None and (refusal := _new_draft_refused(request, form)):
        form.add_error(None, refusal)
        return _show_form(request, call, context, form)
    draft, refused = _keep_draft(request, call, context, form, draft)
    if refused is not None:
        return refused
    if draft.status != ApplicationStatus.DRAFT:
        # The same form, already sent from another tab of this browser (the
        # token is this browser's own): show its confirmation.
        return _show_sent(request, draft)
    access.session_bind(request, access.SESSION_DRAFT, draft)
    if saving and "contact_email" in form.cleaned_data:
        return _saved(request, call, context, draft)
    if valid and not saving:
        return redirect("fund_check")
    form.hold_documents(list(draft.documents.all()))
    return _show_form(request, call, context, form, draft=draft)


def _show_form(request, call, context, form, **more):
    """The call's page with ``form`` (and ``more`` context: the draft)."""
    context.update(form=form, **more)
    return TemplateResponse(request, call.get_template(request), context)


def _ask_for_email(form):
    """Saving needs only an address to send the link to: the other errors
    wait for "continue"."""
    form.errors.clear()
    form.add_error(
        "contact_email",
        ValidationError(
            _("Enter a contact e-mail address so we can send you a link back to your application.")
        ),
    )


def _keep_draft(request, call, context, form, draft):
    """Keep the post as a draft: (the draft, None), or (``draft``, the page
    that says why nothing of the post was kept)."""
    try:
        return call.process_form_submission(form), None
    except CallClosed:
        return draft, _call_closed(request, call, context, late=True)
    except ServiceError as refusal:
        # The files break a limit the form could not see (another tab added
        # some): nothing of this post was kept.
        form.add_error("documents", refusal.message)
        return draft, _show_form(request, call, context, form)
    except FAULTS:
        logger.exception("Could not save an application to %s", call.pk)
        form.add_error(
            None,
            _(
                "Sorry, we could not save your application just now because of a problem on our "
                "side. Your answers are still on this page, but any files you chose this time "
                "were not kept. Wait a few minutes, choose those files again and press the "
                "button again."
            ),
        )
        return draft, _show_form(request, call, context, form, draft=draft)


def _saved(request, call, context, draft):
    """The draft is kept: send the link back to it."""
    try:
        application_draft_link_send(application=draft, client=client_address(request))
    except ServiceError as refusal:
        context["link_refused"] = refusal.message
    context.update(draft=draft, call=call)
    return TemplateResponse(request, "fund/apply/saved.html", context)


def _new_draft_refused(request, form):
    """Why this post may not start a draft, or "". Files alone start none
    (nothing of the post is kept), and one client address may start only so
    many drafts a day."""
    if not form.has_answers():
        if form.checked_files():
            return _(
                "We have not kept your files, because none of your answers could be saved with "
                "them. Correct the answers shown below, then choose the files again."
            )
        return _("We have not saved anything yet. Correct the answers shown below.")
    if not limits_take(*new_draft_limits(client=client_address(request))):
        return _(
            "We cannot start another application from your connection today, because a lot "
            "have been started from it already. Nothing from this page was kept. If you "
            "already have an application in progress, use the link in the e-mail we sent you; "
            "otherwise try again tomorrow or contact us."
        )
    return ""


def _show_sent(request, application):
    """The confirmation, for a browser that sent ``application`` from
    another tab. Unless staff have revoked its links since: then only the
    new link they send opens it."""
    if access.links_revoked(application):
        return no_application(
            request,
            _(
                "This application has already been sent. Use the link in your "
                "acknowledgement e-mail to see where it stands."
            ),
        )
    access.session_bind(request, access.SESSION_STATUS, application)
    access.session_unbind(request, access.SESSION_DRAFT)
    return redirect("fund_sent")


def _call_closed(request, call, context, *, late=False):
    late = late or request.method == "POST"
    context["late_submission"] = late
    status = (409 if call.has_closed() else 403) if late else 200
    return TemplateResponse(request, call.get_template(request), context, status=status)


# --- check your answers, send, confirmation ---------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def check_answers(request):
    draft = access.session_application(request, access.SESSION_DRAFT)
    if draft is not None and draft.status != ApplicationStatus.DRAFT:
        # Sent a moment ago from another tab of this browser.
        return _show_sent(request, draft)
    if draft is None and access.session_application(request, access.SESSION_STATUS):
        # A second click on "Accept and send", after the first was sent.
        return redirect("fund_sent")
    if draft is None:
        return no_application(
            request,
            _(
                "We could not find an application in progress. Use the link in the e-mail we sent "
                "you, or start again from the call's page."
            ),
        )
    call = draft.page.specific
    # The privacy notice's link is looked up only when the page is shown,
    # not for the post that sends.
    form = DeclarationForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            application = application_submit(application=draft)
        except CallClosed:
            return _call_closed(request, call, call.get_context(request), late=True)
        except ServiceError as refusal:
            error = refusal.message
        except FAULTS:
            logger.exception("Could not send application %s", draft.pk)
            error = _(
                "Sorry, we could not send your application just now because of a problem on "
                "our side. Nothing is lost: your answers and files are saved. Wait a few "
                "minutes and press “Accept and send” again."
            )
        else:
            access.session_bind(request, access.SESSION_STATUS, application)
            access.session_unbind(request, access.SESSION_DRAFT)
            return redirect("fund_sent")
    form.link_privacy_notice(privacy_notice_url(request))
    return TemplateResponse(
        request,
        "fund/apply/check.html",
        {
            "page": call,
            "call": call,
            "draft": draft,
            "form": form,
            "error": error,
            "sections": answer_sections(draft, call),
        },
    )


@never_cache
def sent(request):
    application = status_application(request)
    if application is None:
        return no_application(request, _("We could not find your application."))
    call = application.page.specific
    return TemplateResponse(
        request,
        call.get_landing_page_template(request),
        {"page": call, "call": call, "form_submission": application},
    )


@never_cache
def application_copy(request):
    """A printable copy of everything sent."""
    application = status_application(request)
    if application is None:
        return no_application(request, _("We could not find your application."))
    call = application.page.specific
    return TemplateResponse(
        request,
        "fund/apply/copy.html",
        {
            "page": call,
            "call": call,
            "application": application,
            "sections": answer_sections(application, call),
        },
    )
