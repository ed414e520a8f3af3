"""Signing in the way a person does: the password form, then the code step."""

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
LOGIN_URL = reverse("wagtailadmin_login")
VERIFY_URL = reverse("fund_two_factor_verify")
SETUP_URL = reverse("fund_two_factor_setup")


def sign_in_with_password(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": user.username, "password": password}, **extra)


def app_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device, offset_steps=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"
