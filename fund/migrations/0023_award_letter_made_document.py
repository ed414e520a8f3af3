"""Award letters share the columns of every document the worker makes
(fund/core/stored.py MadeDocument): ``rendered_at`` is now ``made_at``, as
on impact reports (on the same column), and two labels read the same. No
data or column changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0022_impact_report"),
    ]

    operations = [
        # The field's new name, on its old column: nothing changes in the
        # database, so the release before this one runs on beside it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField(
                    model_name="awardletter", old_name="rendered_at", new_name="made_at"
                ),
                migrations.AlterField(
                    model_name="awardletter",
                    name="made_at",
                    field=models.DateTimeField(
                        blank=True, db_column="rendered_at", null=True, verbose_name="made"
                    ),
                ),
            ]
        ),
        migrations.AlterField(
            model_name="awardletter",
            name="error",
            field=models.TextField(blank=True, verbose_name="why it could not be made"),
        ),
        migrations.AlterField(
            model_name="impactreport",
            name="error",
            field=models.TextField(blank=True, verbose_name="why it could not be made"),
        ),
        migrations.AlterField(
            model_name="awardletter",
            name="requested_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="asked for"),
        ),
    ]
