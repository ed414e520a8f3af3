"""Permissions for screening and review.

Panel members stop seeing every application: they see only the ones assigned
to them (review_application). Fund managers screen, assign, see every review
and the ranking, and may reopen a review.
"""

from django.db import migrations

from fund.migrations._roles import ensure_permissions

PANEL = {"add": ["review_application"], "remove": ["view_application"]}
MANAGERS = {
    "add": ["screen_application", "assign_reviewers", "view_all_reviews", "reopen_review"],
    "remove": [],
}


def _apply(apps, changes, reverse=False):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, change in changes.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        add, remove = change["add"], change["remove"]
        if reverse:
            add, remove = remove, add
        perms = Permission.objects.filter(content_type__app_label="fund")
        group.permissions.add(*perms.filter(codename__in=add))
        group.permissions.remove(*perms.filter(codename__in=remove))


def forwards(apps, schema_editor):
    _apply(apps, {"Grant panel": PANEL, "Fund managers": MANAGERS})


def backwards(apps, schema_editor):
    _apply(apps, {"Grant panel": PANEL, "Fund managers": MANAGERS}, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("fund", "0003_reviews")]

    operations = [migrations.RunPython(forwards, backwards)]
