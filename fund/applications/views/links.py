"""The private links in the applicant's e-mails (fund/applications/access.py),
and asking for a fresh one ("Lost your link?")."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fund.applications import access
from fund.applications.applicant_forms import LostLinkForm
from fund.applications.services.links import application_link_resend
from fund.applications.status import ApplicationStatus
from fund.applications.status_pages import no_application
from fund.security.login import client_address


@never_cache
@require_http_methods(["GET", "POST"])
def draft_open(request, token):
    """The link in the "come back to your application" e-mail."""
    application = access.application_for_token(token, access.DRAFT)
    if application is None:
        return no_application(
            request, _("This link does not work. It may have been replaced by a newer one.")
        )
    call = application.page.specific
    if application.status != ApplicationStatus.DRAFT:
        return no_application(
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
        return no_application(
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
