"""The applicant's pages on the public site: the form, check your answers,
the confirmation and copy, and the status page reached by a private link.
Thin: each parses, calls a service and renders."""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fund.applications import access
from fund.applications.applicant_forms import DeclarationForm, LostLinkForm, ReasonForm
from fund.applications.forms import privacy_notice_url
from fund.applications.services import (
    WITHDRAWABLE,
    CallClosed,
    application_draft_link_send,
    application_link_resend,
    application_submit,
    application_withdraw,
)
from fund.applications.status import ApplicationStatus
from fund.applications.summaries import answer_sections
from fund.awards.forms import AcceptOfferForm
from fund.awards.models.awards import LIVE_AWARD_STATUSES, AwardStatus, LetterStatus
from fund.awards.services import bank, letters
from fund.awards.services.bank import bank_details_current, bank_details_pending
from fund.awards.services.offers import offer_accept, offer_decline
from fund.core.errors import ServiceError
from fund.core.limits import limits_take, new_draft_limits
from fund.security.login import client_address

logger = logging.getLogger(__name__)

#: The stored letter is not the one issued (fund.letters.letter_open_verified).
LETTER_ALTERED = gettext_lazy(
    "Your award letter cannot be downloaded just now because of a problem on our side. We "
    "have been told about it. Contact us and we will send you the letter."
)

#: An ended offer's letter would offer a grant that is no longer there.
LETTER_STATUSES = LIVE_AWARD_STATUSES | {AwardStatus.COMPLETED}

#: A fault of ours (the database, the file store) while saving: the services
#: roll back everything, and the applicant is told so in plain words.
FAULTS = (DatabaseError, OSError)


# --- the call page: the form ---------------------------------------------------


@never_cache
def call_page(request, call):
    """GET shows the form (with a draft's answers if one is bound to this
    browser); POST keeps everything as a draft, then either sends the link
    to come back ("save") or moves on to check your answers ("continue").

    Never cached: the page shows the applicant's answers, and its form's
    token is tied to this browser's session (fund/access.py)."""
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
        context["form"] = call.get_form(page=call, draft=draft)
        context["draft"] = draft
        return TemplateResponse(request, call.get_template(request), context)

    form = call.get_form(request.POST, request.FILES, page=call, draft=draft, browser_secret=secret)
    valid = form.is_valid()
    saving = request.POST.get("action") == "save"
    if "submission_token" in form.errors:
        context["form"] = form
        return TemplateResponse(request, call.get_template(request), context)
    if saving and "contact_email" not in form.cleaned_data:
        form.errors.clear()
        form.add_error(
            "contact_email",
            ValidationError(
                _(
                    "Enter a contact e-mail address so we can send you a link back to "
                    "your application."
                )
            ),
        )
    if draft is None and (refusal := _new_draft_refused(request, form)):
        form.add_error(None, refusal)
        context["form"] = form
        return TemplateResponse(request, call.get_template(request), context)
    try:
        draft = call.process_form_submission(form)
    except CallClosed:
        return _call_closed(request, call, context, late=True)
    except ServiceError as refusal:
        # The files break a limit the form could not see (another tab added
        # some): nothing of this post was kept.
        form.add_error("documents", refusal.message)
        context["form"] = form
        return TemplateResponse(request, call.get_template(request), context)
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
        context.update(form=form, draft=draft)
        return TemplateResponse(request, call.get_template(request), context)
    if draft.status != ApplicationStatus.DRAFT:
        # The same form, already sent from another tab of this browser (the
        # token is this browser's own): show its confirmation.
        return _show_sent(request, draft)
    access.session_bind(request, access.SESSION_DRAFT, draft)
    if saving and "contact_email" in form.cleaned_data:
        try:
            application_draft_link_send(application=draft, client=client_address(request))
        except ServiceError as refusal:
            context["link_refused"] = refusal.message
        context.update(draft=draft, call=call)
        return TemplateResponse(request, "fund/apply/saved.html", context)
    if valid and not saving:
        return redirect("fund_check")
    form.hold_documents(list(draft.documents.all()))
    context.update(form=form, draft=draft)
    return TemplateResponse(request, call.get_template(request), context)


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
        return _no_application(
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


def _no_application(request, message, *, heading=None):
    return TemplateResponse(
        request,
        "fund/apply/not_found.html",
        {"message": message, "heading": heading},
        status=404,
    )


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
        return _no_application(
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
    application = access.session_application(request, access.SESSION_STATUS)
    if application is None or application.status == ApplicationStatus.DRAFT:
        return _no_application(request, _("We could not find your application."))
    call = application.page.specific
    return TemplateResponse(
        request,
        call.get_landing_page_template(request),
        {"page": call, "call": call, "form_submission": application},
    )


@never_cache
def application_copy(request):
    """A printable copy of everything sent."""
    application = access.session_application(request, access.SESSION_STATUS)
    if application is None or application.status == ApplicationStatus.DRAFT:
        return _no_application(request, _("We could not find your application."))
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


# --- private links ---------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def draft_open(request, token):
    """The link in the "come back to your application" e-mail."""
    application = access.application_for_token(token, access.DRAFT)
    if application is None:
        return _no_application(
            request, _("This link does not work. It may have been replaced by a newer one.")
        )
    call = application.page.specific
    if application.status != ApplicationStatus.DRAFT:
        return _no_application(
            request,
            _(
                "This application has already been sent. Use the link in your acknowledgement "
                "e-mail to see where it stands."
            ),
        )
    if call.has_closed():
        return TemplateResponse(
            request,
            "fund/apply/link.html",
            {"page": call, "call": call, "expired": True},
            status=410,
        )
    if request.method == "POST":
        access.session_bind(request, access.SESSION_DRAFT, application)
        return redirect(call.url)
    return TemplateResponse(
        request,
        "fund/apply/link.html",
        {
            "page": call,
            "call": call,
            "heading": _("Continue your application"),
            "button": _("Continue your application"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status_open(request, token):
    """The private status link in the e-mails to the applicant."""
    application = access.application_for_token(token, access.STATUS)
    if application is None or application.status == ApplicationStatus.DRAFT:
        return _no_application(
            request, _("This link does not work. It may have been replaced by a newer one.")
        )
    if request.method == "POST":
        access.session_bind(request, access.SESSION_STATUS, application)
        return redirect(access.THEN_VIEWS.get(request.GET.get("then"), "fund_status"))
    call = application.page.specific
    heading = (
        _("Download your award letter")
        if request.GET.get("then") == access.THEN_LETTER
        else _("See your application")
    )
    return TemplateResponse(
        request,
        "fund/apply/link.html",
        {"page": call, "call": call, "heading": heading, "button": heading},
    )


# --- the status page and what the applicant can do there -------------------------------


def _status_application(request):
    application = access.session_application(request, access.SESSION_STATUS)
    if application is None or application.status == ApplicationStatus.DRAFT:
        return None
    return application


def _status_context(application, **forms):
    call = application.page.specific
    award = getattr(application, "award", None)
    letter = None
    if award is not None and award.status in LETTER_STATUSES:
        letter = award.letters.filter(status=LetterStatus.CURRENT).first()
    context = {
        "page": call,
        "call": call,
        "application": application,
        "award": award,
        "letter": letter,
        "documents": application.documents.all(),
        "can_withdraw": application.status in WITHDRAWABLE,
        "offer_open": award is not None and award.status == AwardStatus.OFFERED,
    }
    if award is not None and award.status in bank.CHANGEABLE:
        context["bank_current"] = bank_details_current(award)
        context["bank_pending"] = bank_details_pending(award)
    if context["offer_open"]:
        context["accept_form"] = forms.get("accept_form") or AcceptOfferForm(
            conditions=award.conditions
        )
        context["decline_form"] = forms.get("decline_form") or ReasonForm(prefix="decline")
    if context["can_withdraw"]:
        context["withdraw_form"] = forms.get("withdraw_form") or ReasonForm(prefix="withdraw")
    context["error_form"] = next((f for f in forms.values() if f and f.errors), None)
    return context


@never_cache
def status(request):
    application = _status_application(request)
    if application is None:
        return _not_bound(request)
    return TemplateResponse(request, "fund/apply/status.html", _status_context(application))


def _not_bound(request):
    """This browser has no application to show: a 404 page in words (a
    response, not Http404, so that it is sent with the view's no-store)."""
    return _no_application(
        request, _("Use the link in your acknowledgement e-mail to see your application.")
    )


def _status_action(request, form, action, form_key, *, done="fund_status"):
    application = _status_application(request)
    if application is None:
        return _not_bound(request)
    if form.is_valid():
        try:
            action(application, form.cleaned_data)
        except ServiceError as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(done)
    context = _status_context(application, **{form_key: form})
    return TemplateResponse(request, "fund/apply/status.html", context, status=200)


@never_cache
@require_POST
def status_withdraw(request):
    return _status_action(
        request,
        ReasonForm(request.POST, prefix="withdraw"),
        lambda application, data: application_withdraw(
            application=application, reason=data["reason"]
        ),
        "withdraw_form",
    )


@never_cache
@require_POST
def status_accept(request):
    application = _status_application(request)
    if application is None or not hasattr(application, "award"):
        return _not_bound(request)
    return _status_action(
        request,
        AcceptOfferForm(request.POST, conditions=application.award.conditions),
        lambda application, data: offer_accept(
            award=application.award,
            name=data["name"],
            position=data["position"],
            account_name=data["account_name"],
            sort_code=data["sort_code"],
            account_number=data["account_number"],
        ),
        "accept_form",
        done="fund_status_accepted",
    )


@never_cache
@require_POST
def status_decline_offer(request):
    application = _status_application(request)
    if application is None or not hasattr(application, "award"):
        return _not_bound(request)
    return _status_action(
        request,
        ReasonForm(request.POST, prefix="decline"),
        lambda application, data: offer_decline(award=application.award, reason=data["reason"]),
        "decline_form",
        done="fund_status_declined",
    )


@never_cache
def status_letter(request):
    """The applicant downloads their current award letter."""
    application = _status_application(request)
    award = getattr(application, "award", None) if application else None
    letter = None
    if award is not None and award.status in LETTER_STATUSES:
        letter = award.letters.filter(status=LetterStatus.CURRENT).first()
    if letter is None:
        if application is None:
            return _not_bound(request)
        return _no_application(
            request,
            _(
                "Your award letter is not ready to download yet. We are still making it: "
                "try again later from your application's page."
            ),
            heading=_("Your award letter is not ready yet"),
        )
    try:
        handle = letters.letter_open_verified(letter)
    except (letters.LetterTampered, FileNotFoundError):
        refused = _no_application(request, LETTER_ALTERED, heading=_("We cannot send your letter"))
        refused.status_code = 409
        return refused
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=letter.filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


# --- "Lost your link?" ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def lost_link(request):
    """Ask for a fresh status link. The answer is the same whether or not the
    address and reference match, and whether or not a limit was reached, so
    nobody can learn from it which applications exist."""
    form = LostLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        application_link_resend(
            email=form.cleaned_data["email"],
            reference=form.cleaned_data["reference"],
            client=client_address(request),
        )
        return TemplateResponse(request, "fund/apply/lost_link_sent.html", {})
    return TemplateResponse(request, "fund/apply/lost_link.html", {"form": form})
