"""The groups made by the data migration, with this stage's permissions."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


@pytest.mark.parametrize("name", ["Fund managers", "Finance"])
def test_managers_and_finance_may_view_every_application(name):
    assert {"access_admin", "view_application"} <= codenames(name)
    assert "change_application" not in codenames(name)
    assert "delete_application" not in codenames(name)


def test_the_panel_reviews_only_what_is_assigned_and_holds_no_application_permission():
    """No permission on Application at all, so Wagtail's site history does not
    show them the applications' audit trail."""
    panel = Group.objects.get(name="Grant panel")
    assert codenames("Grant panel") == {"access_admin", "review_application"}
    assert not panel.permissions.filter(content_type__model="application").exists()


def test_only_managers_screen_assign_and_decide_and_only_finance_records_payments():
    managers, finance = codenames("Fund managers"), codenames("Finance")
    for codename in ["screen_application", "assign_reviewers", "decide_application"]:
        assert codename in managers
        assert codename not in finance
    assert "record_payment" in finance
    assert "record_payment" not in managers
    assert "view_all_reviews" not in finance


def test_only_fund_managers_may_edit_pages():
    managers = Group.objects.get(name="Fund managers")
    page_permissions = set(managers.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= page_permissions
    for name in ("Grant panel", "Finance"):
        assert not Group.objects.get(name=name).page_permissions.exists()
