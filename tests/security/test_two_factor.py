"""Two-factor authentication for staff, through the sign-in pages."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tests.security.signing_in import (
    SETUP_URL,
    VERIFY_URL,
    app_device,
    current_code,
    sign_in_with_password,
)
from tests.support.pages import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]

HOME = reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", ["manager", "finance", "administrator"])
def test_roles_that_need_it_must_set_it_up_before_any_admin_page(client, request, role):
    user = request.getfixturevalue(role)
    sign_in_with_password(client, user)

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(SETUP_URL)
    assert client.get("/admin/grants/applications/").url.startswith(SETUP_URL)


def test_the_panel_may_sign_in_with_a_password_alone(client, panel_member):
    sign_in_with_password(client, panel_member)

    assert client.get(HOME).status_code == 200


def test_setting_up_an_authenticator_app(client, manager):
    sign_in_with_password(client, manager)
    page = client.get(SETUP_URL + "?next=/admin/grants/applications/")
    assert page.status_code == 200
    assert "<svg" in page_text(page)
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    key = re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', page_text(page)).group(1)
    assert len(key.replace(" ", "")) == 32

    wrong = client.post(SETUP_URL, {"code": "000000", "next": "/admin/grants/applications/"})
    assert wrong.status_code == 200
    assert "That code did not work" in page_text(wrong)
    assert not TOTPDevice.objects.filter(user=manager, confirmed=True).exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post(
        SETUP_URL, {"code": current_code(device), "next": "/admin/grants/applications/"}
    )
    assert right.status_code == 302
    codes_page = client.get(right.url)
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page_text(codes_page))
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)
    )
    assert 'href="/admin/grants/applications/"' in page_text(codes_page)
    # Shown once only.
    assert client.get(reverse("fund_two_factor_backup_codes")).status_code == 302
    assert client.get(HOME).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert ModelLogEntry.objects.filter(action="fund.two_factor.set_up", user=manager).exists()


def test_signing_in_asks_for_the_code_and_goes_where_it_was_going(client, manager):
    device = app_device(manager)
    sign_in_with_password(client, manager)

    response = client.get("/admin/grants/applications/")
    assert response.status_code == 302
    assert response.url == VERIFY_URL + "?next=%2Fadmin%2Fgrants%2Fapplications%2F"

    wrong = client.post(VERIFY_URL, {"code": "12345", "next": "/admin/grants/applications/"})
    assert wrong.status_code == 200
    assert "That code did not work" in page_text(wrong)
    assert client.get(HOME).status_code == 302

    # The wrong code paused the device for a second; a person takes longer.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post(
        VERIFY_URL, {"code": current_code(device), "next": "/admin/grants/applications/"}
    )
    assert right.status_code == 302
    assert right.url == "/admin/grants/applications/"
    assert client.get(HOME).status_code == 200


def test_a_backup_code_works_once(client, manager):
    app_device(manager)
    backup = StaticDevice.objects.create(user=manager, name="Backup codes")
    backup.token_set.create(token="abcd2345")

    sign_in_with_password(client, manager)
    assert client.post(VERIFY_URL, {"code": "ABCD 2345"}).status_code == 302
    assert client.get(HOME).status_code == 200

    client.logout()
    sign_in_with_password(client, manager)
    again = client.post(VERIFY_URL, {"code": "abcd2345"})
    assert again.status_code == 200
    assert "That code did not work" in page_text(again)


def test_guessing_codes_is_slowed_down(client, manager):
    device = app_device(manager)
    sign_in_with_password(client, manager)
    client.post(VERIFY_URL, {"code": "000000"})
    client.post(VERIFY_URL, {"code": "000001"})

    # Even the right code is refused while the pause lasts, and the page says so.
    response = client.post(VERIFY_URL, {"code": current_code(device)})

    assert response.status_code == 200
    assert "Too many wrong codes. Wait until" in page_text(response)
    assert client.get(HOME).status_code == 302


def test_a_password_alone_cannot_swap_in_a_new_app(client, manager):
    app_device(manager)
    sign_in_with_password(client, manager)

    assert client.get(SETUP_URL).url == VERIFY_URL
    response = client.post(SETUP_URL, {"code": "123456"})

    assert response.url == VERIFY_URL
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_the_next_address_must_be_our_own(client, manager):
    device = app_device(manager)
    sign_in_with_password(client, manager)

    response = client.post(
        VERIFY_URL, {"code": current_code(device), "next": "https://evil.example/admin/"}
    )

    assert response.url == HOME


def test_a_next_address_that_is_only_a_word_is_followed_as_a_path(client, manager):
    # redirect() would take "listing" for the name of a URL and fail with a 500.
    device = app_device(manager)
    sign_in_with_password(client, manager)

    response = client.post(VERIFY_URL, {"code": current_code(device), "next": "listing"})

    assert response.status_code == 302
    assert response.url == "listing"


def test_the_sign_in_page_sends_someone_signed_in_on_to_a_relative_next(client, manager):
    # Wagtail's own page used redirect(), which took "listing" for a URL name (a 500).
    device = app_device(manager)
    sign_in_with_password(client, manager)
    client.post(VERIFY_URL, {"code": current_code(device)})

    response = client.get(reverse("wagtailadmin_login") + "?next=listing")

    assert response.status_code == 302
    assert response.url == "listing"


def test_someone_who_must_have_it_cannot_turn_it_off(client, manager):
    device = app_device(manager)
    sign_in_with_password(client, manager)
    client.post(VERIFY_URL, {"code": current_code(device)})

    response = client.post(reverse("fund_two_factor_turn_off"), follow=True)

    assert "cannot be turned off" in page_text(response)
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_the_panel_may_turn_it_on_and_off_from_their_account(client, panel_member):
    sign_in_with_password(client, panel_member)
    account = client.get(reverse("wagtailadmin_account"))
    assert reverse("fund_two_factor_settings") in page_text(account)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=panel_member)
    client.post(SETUP_URL, {"code": current_code(device)})
    assert "is <strong>on</strong>" in page_text(client.get(reverse("fund_two_factor_settings")))

    client.post(reverse("fund_two_factor_turn_off"))

    assert not TOTPDevice.objects.filter(user=panel_member).exists()
    assert not StaticDevice.objects.filter(user=panel_member).exists()


def test_new_backup_codes_replace_the_old(client, manager):
    device = app_device(manager)
    old = StaticDevice.objects.create(user=manager, name="Backup codes")
    old.token_set.create(token="oldcode1")
    sign_in_with_password(client, manager)
    client.post(VERIFY_URL, {"code": current_code(device)})

    response = client.post(reverse("fund_two_factor_make_backup_codes"), follow=True)

    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page_text(response))
    assert len(codes) == 10
    assert not StaticToken.objects.filter(token="oldcode1").exists()


def test_an_administrator_can_reset_a_lost_phone(client, manager):
    app_device(manager)

    call_command("reset_two_factor", manager.username)

    assert not TOTPDevice.objects.filter(user=manager).exists()
    sign_in_with_password(client, manager)
    assert client.get(HOME).url.startswith(SETUP_URL)


def test_a_group_that_needs_it_is_named_in_settings(settings, client, panel_member):
    settings.FUND_TWO_FACTOR_REQUIRED_GROUPS = [Group.objects.get(name="Grant panel").name]
    sign_in_with_password(client, panel_member)

    assert client.get(HOME).url.startswith(SETUP_URL)


def test_an_administrator_can_reset_someone_from_the_users_list(client, administrator, manager):
    app_device(manager)
    own = app_device(administrator)
    sign_in_with_password(client, administrator)
    client.post(VERIFY_URL, {"code": current_code(own)})
    reset_url = reverse("fund_two_factor_reset", args=[manager.pk])

    listing = client.get(reverse("wagtailusers_users:index"))
    assert reset_url in page_text(listing)
    assert "This removes the authenticator app" in page_text(client.get(reset_url))
    response = client.post(reset_url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager).exists()
    entry = ModelLogEntry.objects.get(action="fund.two_factor.reset")
    assert entry.user == administrator
    assert entry.object_id == str(manager.pk)


def test_nobody_else_can_reset_anyone(client, manager, finance):
    app_device(finance)
    device = app_device(manager)
    sign_in_with_password(client, manager)
    client.post(VERIFY_URL, {"code": current_code(device)})

    response = client.post(reverse("fund_two_factor_reset", args=[finance.pk]))

    assert response.status_code in {302, 403}
    assert TOTPDevice.objects.filter(user=finance).exists()
    listing = client.get(reverse("wagtailusers_users:index"))
    assert reverse("fund_two_factor_reset", args=[finance.pk]) not in page_text(listing)


def test_a_script_prefix_does_not_skip_the_second_step(client, manager):
    """Under a sub-path (SCRIPT_NAME, which some proxies and gunicorn's
    forwarder headers set) the admin is still the admin."""
    app_device(manager)
    prefix = {"SCRIPT_NAME": "/grants"}
    sign_in_with_password(client, manager, **prefix)

    response = client.get(HOME, **prefix)

    assert response.status_code == 302
    assert VERIFY_URL in response.url
    assert "'unsafe-inline'" in response["Content-Security-Policy"]  # the admin's policy


def test_setting_up_keeps_a_next_address_with_several_parameters(client, panel_member):
    going_to = "/admin/pages/search/?q=aire&p=2"
    sign_in_with_password(client, panel_member)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=panel_member, confirmed=False)

    response = client.post(SETUP_URL, {"code": current_code(device), "next": going_to})

    codes_page = client.get(response.url)
    assert f'href="{going_to.replace("&", "&amp;")}"' in codes_page.content.decode()


def test_the_second_step_gives_the_session_a_new_key(client, manager):
    device = app_device(manager)
    sign_in_with_password(client, manager)
    before = client.session.session_key

    client.post(VERIFY_URL, {"code": current_code(device)})

    assert client.session.session_key != before
    assert client.get(HOME).status_code == 200
