"""The groups made by the data migration, with this stage's permissions."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Grant panel", "Fund managers", "Finance"])
def test_each_role_may_use_the_admin_and_view_applications(name):
    codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_application"} <= codenames
    assert "change_application" not in codenames
    assert "delete_application" not in codenames


def test_only_fund_managers_may_edit_pages():
    managers = Group.objects.get(name="Fund managers")
    page_permissions = set(managers.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= page_permissions
    for name in ("Grant panel", "Finance"):
        assert not Group.objects.get(name=name).page_permissions.exists()
