"""The applicant's status page, and what they can do there: withdraw the
application, accept or decline an offer, download the award letter."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fund.applications.applicant_forms import ReasonForm
from fund.applications.services.withdrawal import WITHDRAWABLE, application_withdraw
from fund.applications.status_pages import no_application, not_bound, status_application
from fund.awards.forms import AcceptOfferForm
from fund.awards.models.awards import LIVE_AWARD_STATUSES, AwardStatus, LetterStatus
from fund.awards.services import bank, letters
from fund.awards.services.bank import bank_details_current, bank_details_pending
from fund.awards.services.offers import offer_accept, offer_decline
from fund.awards.views import bound_award
from fund.core.downloads import private_file_response
from fund.core.errors import ServiceError

#: The stored letter is not the one issued (letters.letter_open_verified).
LETTER_ALTERED = gettext_lazy(
    "Your award letter cannot be downloaded just now because of a problem on our side. We "
    "have been told about it. Contact us and we will send you the letter."
)

#: An ended offer's letter would offer a grant that is no longer there.
LETTER_STATUSES = LIVE_AWARD_STATUSES | {AwardStatus.COMPLETED}


def current_letter(award):
    """The award's letter the applicant may download, or None."""
    if award is None or award.status not in LETTER_STATUSES:
        return None
    return award.letters.filter(status=LetterStatus.CURRENT).first()


def _status_context(application, **forms):
    call = application.page.specific
    award = getattr(application, "award", None)
    context = {
        "page": call,
        "call": call,
        "application": application,
        "award": award,
        "letter": current_letter(award),
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
    application = status_application(request)
    if application is None:
        return not_bound(request)
    return TemplateResponse(request, "fund/apply/status.html", _status_context(application))


def _status_action(request, form, action, form_key, *, done="fund_status"):
    application = status_application(request)
    if application is None:
        return not_bound(request)
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
    _application, award = bound_award(request)
    if award is None:
        return not_bound(request)
    return _status_action(
        request,
        AcceptOfferForm(request.POST, conditions=award.conditions),
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
    _application, award = bound_award(request)
    if award is None:
        return not_bound(request)
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
    application, award = bound_award(request)
    letter = current_letter(award)
    if letter is None:
        if application is None:
            return not_bound(request)
        return no_application(
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
        refused = no_application(request, LETTER_ALTERED, heading=_("We cannot send your letter"))
        refused.status_code = 409
        return refused
    return private_file_response(handle, filename=letter.filename, content_type="application/pdf")
