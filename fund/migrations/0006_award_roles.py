"""Permissions for awards, payments and letters.

Fund managers decide (award or decline) and see awards and the budget.
Finance sees awards and the budget, records payments and returned money,
and downloads and reissues letters; it cannot change a decision or a score.
Panel members see none of it.
"""

from django.db import migrations

from fund.migrations._roles import ensure_permissions

GRANTS = {
    "Fund managers": [
        "decide_application",
        "view_award",
        "view_budgetentry",
        "manage_letters",
    ],
    "Finance": [
        "view_award",
        "view_budgetentry",
        "record_payment",
        "manage_letters",
    ],
}


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="fund", codename__in=codenames)
            )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="fund", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("fund", "0005_awards")]

    operations = [migrations.RunPython(forwards, backwards)]
