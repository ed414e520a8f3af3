"""Two-factor authentication for staff, with django-otp.

After the password, a staff member gives a six-digit code from an
authenticator app (TOTP) or one of their single-use backup codes. Until they
do, every admin page sends them to that step. Administrators, fund managers
and finance must set it up before any admin page opens; the grant panel may
turn it on for themselves.

Why django-otp: it is maintained, small, knows nothing of Wagtail (so Wagtail
upgrades cannot break it), and gives throttled TOTP and static devices. The
pages around it (setting up, the code step, backup codes) are ours, in the
admin's own templates; see fund/security/two_factor_views.py.
"""

from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from fund.security import is_admin_request

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

# Admin pages a signed-in user may open before the second step.
OPEN_BEFORE_SECOND_STEP = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",  # the icons, fetched by every admin page's script
    "fund_two_factor_verify",
    "fund_two_factor_setup",
}


def is_required_for(user):
    if user.is_superuser:
        return True
    required = settings.FUND_TWO_FACTOR_REQUIRED_GROUPS
    return user.groups.filter(name__in=required).exists()


def has_second_factor(user):
    return user_has_device(user, confirmed=True)


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), and then:
    a signed-in user who has not given their second factor goes to the code
    step (or, if they must have one and have none, to setting it up)."""

    def _install_lazy_accessors(self, request):
        super()._install_lazy_accessors(request)
        # django-otp wraps Django's lazy user in a second lazy object, which
        # Wagtail's audit log cannot see through (log() silently records
        # nothing). Wrap the user itself, once.
        request.user = SimpleLazyObject(lambda: self._verify_user_sync(request, get_user(request)))

    def __call__(self, request):
        self._install_lazy_accessors(request)
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and is_admin_request(request)
            and not self.is_open(request.path_info)
        ):
            if has_second_factor(user):
                return self.send_to("fund_two_factor_verify", request)
            if is_required_for(user):
                return self.send_to("fund_two_factor_setup", request)
        return self.get_response(request)

    @staticmethod
    def is_open(path):
        try:
            return resolve(path).url_name in OPEN_BEFORE_SECOND_STEP
        except Resolver404:
            return False

    @staticmethod
    def send_to(url_name, request):
        url = reverse(url_name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


# --- the changes a user can make ----------------------------------------------


def second_step_done(request, device):
    """Mark the session as past the second step, under a new session key:
    a key someone saw before the code was given is worth nothing after."""
    request.session.cycle_key()
    otp_login(request, device)


def pending_app_device(user, device_id=None):
    """The authenticator app being set up: unconfirmed until its first code."""
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device:
            return device
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_app_device(request, device):
    """The app gave a right code: it replaces any earlier app, the user gets
    new backup codes (returned, to be shown once) and is signed in with it."""
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(user)
    second_step_done(request, device)
    log(instance=user, action="fund.two_factor.set_up", user=user)
    return codes


def new_backup_codes(user):
    """Replaces the user's backup codes with fresh ones; returns them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def reset(user, *, by):
    """Removes every second factor of ``user``: at their next sign-in they set
    it up again (or, if not required, sign in with the password alone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log(instance=user, action="fund.two_factor.reset", user=by)
