"""The grantee's pages after the offer, reached through the private link:
what happens next once they accept or decline, asking to change the bank
details, and the link that confirms such a change (fund/awards/services/bank.py
says the rule)."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fund.applications.status_pages import no_application, not_bound
from fund.awards.forms import BankDetailsForm
from fund.awards.models.awards import AwardStatus
from fund.awards.services import bank, offers
from fund.awards.services.bank import (
    bank_details_change,
    bank_details_current,
    bank_details_pending,
)
from fund.awards.views import bound_award
from fund.core.errors import ServiceError
from fund.core.service_forms import add_service_errors


def _award_page(request, template, *, statuses, context=None):
    """A page about the bound application's award, if it is in ``statuses``."""
    application, award = bound_award(request)
    if award is None or award.status not in statuses:
        return not_bound(request)
    call = application.page.specific
    return TemplateResponse(
        request,
        template,
        {
            "page": call,
            "call": call,
            "application": application,
            "award": award,
            **(context or {}),
        },
    )


@never_cache
def status_accepted(request):
    """What happens next, once the offer is accepted."""
    _application, award = bound_award(request)
    return _award_page(
        request,
        "fund/apply/accepted.html",
        statuses=bank.CHANGEABLE,
        context={"first_instalment": award and offers.first_instalment(award)},
    )


@never_cache
def status_declined(request):
    return _award_page(request, "fund/apply/declined.html", statuses={AwardStatus.DECLINED})


@never_cache
@require_http_methods(["GET", "POST"])
def status_bank_details(request):
    """The grantee asks to change the account their grant is paid into."""
    _application, award = bound_award(request)
    if award is None or award.status not in bank.CHANGEABLE:
        return not_bound(request)
    form = BankDetailsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            bank_details_change(award=award, **form.cleaned_data)
        except ServiceError as refusal:
            add_service_errors(form, refusal, whole_form_message=True)
        else:
            return redirect("fund_status_bank_sent")
    return _award_page(
        request,
        "fund/apply/bank_details.html",
        statuses=bank.CHANGEABLE,
        context={"form": form, "current": bank_details_current(award)},
    )


@never_cache
def status_bank_sent(request):
    _application, award = bound_award(request)
    return _award_page(
        request,
        "fund/apply/bank_details_sent.html",
        statuses=bank.CHANGEABLE,
        context={"pending": award and bank_details_pending(award)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def bank_details_confirm(request, token):
    """The link in the "confirm the new bank details" e-mail: a page with a
    button, so that a mail scanner following the link confirms nothing."""
    details = bank.details_for_confirm_token(token)
    if details is None:
        return no_application(
            request,
            _(
                "This link does not work: it may be more than 14 days old. If you still want "
                "to change your bank details, ask again through your application's page."
            ),
        )
    application = details.award.application
    call = application.page.specific
    context = {"page": call, "call": call, "application": application, "details": details}
    if request.method == "POST":
        try:
            details = bank.bank_details_confirm(details=details)
        except ServiceError as refusal:
            context["refusal"] = refusal.message
        else:
            context.update(details=details, confirmed=True)
    return TemplateResponse(request, "fund/apply/bank_confirm.html", context)
