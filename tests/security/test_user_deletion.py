"""A staff account the fund's records name is never deleted: the admin says
so in words (no server error) and suggests making it inactive."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory
from tests.support import states

pytestmark = pytest.mark.django_db

User = get_user_model()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_deleting_a_panel_member_who_has_reviewed_is_refused_in_words(
    client, administrator, open_call, manager, panel_member
):
    states.reviewed(open_call, manager, panel_member)
    client.force_login(administrator)

    response = client.post(
        reverse("wagtailusers_users:delete", args=(panel_member.pk,)), follow=True
    )

    assert response.status_code == 200
    assert User.objects.filter(pk=panel_member.pk).exists()
    [message] = [m for m in messages_of(response) if "cannot be deleted" in m]
    assert "Make the account inactive instead" in message


def test_bulk_deleting_users_the_records_name_deletes_none_of_them(
    client, administrator, open_call, manager, panel_member
):
    states.reviewed(open_call, manager, panel_member)
    newcomer = UserFactory()
    client.force_login(administrator)
    url = reverse("wagtail_bulk_action", args=("auth", "user", "delete"))

    response = client.post(
        f"{url}?id={panel_member.pk}&id={newcomer.pk}&next=listing", follow=False
    )

    assert response.status_code == 302
    assert User.objects.filter(pk__in=[panel_member.pk, newcomer.pk]).count() == 2


def test_an_account_nothing_names_can_still_be_deleted(client, administrator):
    newcomer = UserFactory()
    client.force_login(administrator)

    response = client.post(reverse("wagtailusers_users:delete", args=(newcomer.pk,)))

    assert response.status_code == 302
    assert not User.objects.filter(pk=newcomer.pk).exists()
