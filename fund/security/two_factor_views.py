"""The admin pages of two-factor authentication: the code step after the
password, setting up an authenticator app, backup codes, and the user's own
settings page. The rules live in fund/security/two_factor.py."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.utils import get_valid_next_url_from_request

from fund.security import two_factor

PENDING_DEVICE = "fund_two_factor_pending_device"
NEW_BACKUP_CODES = "fund_two_factor_new_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text=(
            "The six-digit code your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # People copy codes with spaces ("123 456") or dashes; neither matters.
        return "".join(ch for ch in self.cleaned_data["code"] if ch.isalnum()).lower()


def _next_url(request):
    """Where to go after this step: a ``next`` address on this site (checked
    as Wagtail's own sign-in checks it), or the dashboard. Follow it with
    HttpResponseRedirect, never redirect(), which would take a relative
    address such as "listing" for the name of a URL."""
    return get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")


WRONG_CODE = (
    "That code did not work. Type the newest code from your authenticator app "
    "(check that your phone's clock is right), or use one of your backup codes."
)


def _devices_for_code(user, code):
    """Six digits are an app's code, anything else a backup code: trying a
    backup code on the app would count against the app as a wrong guess."""
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    return [d for d in devices_for_user(user, confirmed=True) if isinstance(d, kind)]


def _paused_message(devices):
    """Each wrong code pauses the device for longer (django-otp doubles it):
    while paused, even a right code is refused, so say so and until when."""
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            until = date_format(localtime(data["locked_until"]), "H:i:s")
            return f"Too many wrong codes. Wait until {until} and try again."
    return None


@never_cache
@login_required(login_url="wagtailadmin_login")
def verify(request):
    """The second step of signing in."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not two_factor.has_second_factor(user):
        return redirect("fund_two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        devices = _devices_for_code(user, code)
        paused = _paused_message(devices)
        device = None if paused else next((d for d in devices if d.verify_token(code)), None)
        if device is not None:
            two_factor.second_step_done(request, device)
            left = two_factor.backup_codes_left(user)
            if left <= 2:
                messages.warning(
                    request,
                    f"You have {left} backup codes left. "
                    "Make new ones under Account > Two-factor authentication.",
                )
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", paused or WRONG_CODE)
    return TemplateResponse(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
def setup(request):
    """Set up (or replace) the authenticator app. Someone who already has a
    second factor must give it first: a stolen password alone must never be
    enough to swap in a new app."""
    user = request.user
    if two_factor.has_second_factor(user) and not user.is_verified():
        return redirect("fund_two_factor_verify")
    device = two_factor.pending_app_device(user, request.session.get(PENDING_DEVICE))
    request.session[PENDING_DEVICE] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        paused = _paused_message([device])
        if not paused and device.verify_token(form.cleaned_data["code"]):
            codes = two_factor.confirm_app_device(request, device)
            del request.session[PENDING_DEVICE]
            request.session[NEW_BACKUP_CODES] = codes
            messages.success(request, "Two-factor authentication is on.")
            codes_page = reverse("fund_two_factor_backup_codes")
            return redirect(f"{codes_page}?{urlencode({'next': _next_url(request)})}")
        form.add_error(
            "code",
            paused
            or "That code did not work. Check that you scanned the code above (or typed "
            "the key), that your phone's clock is right, and type the newest six digits.",
        )
    key = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return TemplateResponse(
        request,
        "security/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "required": two_factor.is_required_for(user),
            "replacing": two_factor.has_second_factor(user),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
            # segno writes plain SVG paths from the URI's bits: no user text.
            "qr_svg": mark_safe(  # noqa: S308
                qr.svg_inline(scale=5, title="QR code for your authenticator app")
            ),
        },
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
def backup_codes(request):
    """Shows newly made backup codes, once."""
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    if not codes:
        return redirect("fund_two_factor_settings")
    return TemplateResponse(
        request,
        "security/two_factor_backup_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
def settings_page(request):
    """Account > Two-factor authentication."""
    user = request.user
    return TemplateResponse(
        request,
        "security/two_factor_settings.html",
        {
            "has_app": two_factor.has_second_factor(user),
            "required": two_factor.is_required_for(user),
            "backup_codes_left": two_factor.backup_codes_left(user),
        },
    )


@require_POST
@login_required(login_url="wagtailadmin_login")
def make_backup_codes(request):
    user = request.user
    if not two_factor.has_second_factor(user):
        messages.error(request, "Set up an authenticator app first.")
        return redirect("fund_two_factor_settings")
    request.session[NEW_BACKUP_CODES] = two_factor.new_backup_codes(user)
    return redirect("fund_two_factor_backup_codes")


@require_POST
@login_required(login_url="wagtailadmin_login")
def turn_off(request):
    user = request.user
    if two_factor.is_required_for(user):
        messages.error(
            request, "Your role needs two-factor authentication, so it cannot be turned off."
        )
    else:
        two_factor.reset(user, by=user)
        messages.success(request, "Two-factor authentication is off.")
    return redirect("fund_two_factor_settings")


@never_cache
@login_required(login_url="wagtailadmin_login")
def reset_for_user(request, user_id):
    """An administrator removes someone's second factor (Settings > Users >
    More > Reset two-factor authentication), e.g. after a lost phone."""
    if not request.user.is_superuser:
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        two_factor.reset(person, by=request.user)
        messages.success(
            request,
            f"Two-factor authentication removed for {person.get_username()}: they set it up "
            "again when they next sign in.",
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "security/two_factor_reset.html",
        {"person": person, "has_app": two_factor.has_second_factor(person)},
    )
