"""Award letters in the admin, for staff with ``fund.manage_letters``
(finance and fund managers): download a made version, download every
current letter of a call as one ZIP, reissue a letter, try a failed one again.

A letter is only ever an attachment, never shown by the browser, never cached.
"""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fund.awards.admin import forms
from fund.awards.admin.common import AwardActionView
from fund.awards.models.awards import AwardLetter, AwardStatus, LetterStatus
from fund.awards.services import letters
from fund.calls.models import CallPage
from fund.core.downloads import private_file_response
from fund.core.downloads import private_headers as private_download
from fund.core.errors import ServiceError
from fund.core.permissions import LETTERS

#: Versions that were made and can be downloaded.
MADE = {LetterStatus.CURRENT, LetterStatus.SUPERSEDED}


def not_found(message):
    return private_download(HttpResponseNotFound(message, content_type="text/plain; charset=utf-8"))


def altered(letter):
    """The answer when a stored letter no longer matches its SHA-256."""
    return private_download(
        HttpResponse(
            _(
                "Version %(version)s of the letter for %(reference)s has been altered in "
                "storage since it was issued, so it cannot be downloaded. This has been "
                "logged. Reissue the letter from the award's page and tell your system "
                "administrator."
            )
            % {"version": letter.version, "reference": letter.award.reference},
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    )


def letter_download(request, pk):
    """One made version of an award letter, as a PDF attachment."""
    if not request.user.has_perm(LETTERS):
        raise PermissionDenied
    letter = get_object_or_404(AwardLetter.objects.select_related("award__application"), pk=pk)
    if letter.status == LetterStatus.PENDING:
        return not_found(
            _("Version %(version)s of this letter is still being made. Try again in a minute.")
            % {"version": letter.version}
        )
    if letter.status not in MADE or not letter.file:
        return not_found(
            _(
                "Version %(version)s of this letter could not be made, so there is nothing to "
                "download. Use “Try again” on the award's page."
            )
            % {"version": letter.version}
        )
    try:
        handle = letters.letter_open_verified(letter)
    except FileNotFoundError:
        return not_found(
            _("This letter is missing from storage. Reissue it from the award's page.")
        )
    except letters.LetterTampered:
        return altered(letter)
    return private_file_response(handle, filename=letter.filename, content_type="application/pdf")


def call_letters_zip(request, pk):
    """The current letter of every award in a call, as one ZIP attachment."""
    if not request.user.has_perm(LETTERS):
        raise PermissionDenied
    call = get_object_or_404(CallPage, pk=pk)
    if not letters.current_letters(call=call).exists():
        messages.warning(
            request,
            _("No award letters have been made for “%(call)s” yet.") % {"call": call.title},
        )
        return redirect(f"{reverse('awards:index')}?{urlencode({'call': call.pk})}")
    try:
        archive = letters.letters_zip(call=call)
    except letters.LetterTampered as tampered:
        return private_download(
            HttpResponse(
                _(
                    "The letter %(file)s has been altered in storage since it was issued, so "
                    "the letters cannot be downloaded together. This has been logged. Reissue "
                    "that letter from its award's page and tell your system administrator."
                )
                % {"file": tampered},
                status=409,
                content_type="text/plain; charset=utf-8",
            )
        )
    except FileNotFoundError:
        return not_found(
            _(
                "A letter of this call is missing from storage. Download the letters one by "
                "one from the awards' pages to find it, and reissue it."
            )
        )
    filename = f"award-letters-{call.slug}.zip"
    return private_file_response(
        io.BytesIO(archive), filename=filename, content_type="application/zip"
    )


class ReissueView(AwardActionView):
    permissions = (LETTERS,)
    # Not for an award that has ended: its letter would offer a grant that
    # is no longer there.
    statuses = frozenset(
        {AwardStatus.OFFERED, AwardStatus.ACCEPTED, AwardStatus.PAID, AwardStatus.COMPLETED}
    )
    page_title = gettext_lazy("Reissue the letter")
    header_icon = "resubmit"
    form_class = forms.ReissueForm
    submit_label = gettext_lazy("Reissue the letter")
    intro = gettext_lazy(
        "A new version is made from the award as it is now. The current version is kept, "
        "marked as superseded, and can still be downloaded."
    )

    def act(self, data):
        letter = letters.letter_request(
            award=self.award, reason=data["reason"], by=self.request.user
        )
        return _(
            "Version %(version)s of the letter is being made. It is listed on this page; "
            "download it once it is current."
        ) % {"version": letter.version}


class RetryLetterView(AwardActionView):
    """A failed version is kept, with its error; trying again asks for the
    next version."""

    permissions = (LETTERS,)
    page_title = gettext_lazy("Try making the letter again")
    header_icon = "resubmit"
    template_name = "fund/admin/awards/retry_letter.html"
    form_class = forms.ConfirmForm
    submit_label = gettext_lazy("Try again")

    @cached_property
    def letter(self):
        return get_object_or_404(
            AwardLetter.objects.select_related("award__application__page", "award__fund"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def award(self):
        return self.letter.award

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "letter": self.letter}

    def act(self, data):
        if self.letter.status != LetterStatus.FAILED:
            raise ServiceError(
                _(
                    "Version %(version)s of the letter did not fail, so there is nothing to try "
                    "again. To make a new version, reissue the letter."
                )
                % {"version": self.letter.version}
            )
        letter = letters.letter_request(
            award=self.award,
            reason=_("Trying again: version %(version)s could not be made")
            % {"version": self.letter.version},
            by=self.request.user,
        )
        return _("Version %(version)s of the letter is being made.") % {"version": letter.version}
