"""Permissions for grant reports.

Fund managers review reports (accept them or ask for changes), change a
grant's reporting dates and see the outcomes dashboard. Finance sees the
reports, since an instalment can wait on one, but does not review them.
"""

from django.db import migrations

from fund.migrations._roles import ensure_permissions

GRANTS = {
    "Fund managers": ["review_report", "view_grantreport"],
    "Finance": ["view_grantreport"],
}


def _groups_and_permissions(apps):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            yield (
                group,
                Permission.objects.filter(content_type__app_label="fund", codename__in=codenames),
            )


def forwards(apps, schema_editor):
    for group, permissions in _groups_and_permissions(apps):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    for group, permissions in _groups_and_permissions(apps):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("fund", "0019_monitoring")]

    operations = [migrations.RunPython(forwards, backwards)]
