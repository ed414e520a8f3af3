"""Tasks queued before the code moved into domain packages name their
functions by the old paths, which the worker can no longer import: point
them at where the functions are now (docs/architecture.md). Nothing in the
schema changes."""

from django.db import migrations

MOVED = {
    "fund.tasks.deliver_email": "fund.core.mail.deliver_email",
    "fund.tasks.render_award_letter": "fund.awards.services.letters.render_award_letter",
    "fund.tasks_retention.apply_retention": "fund.privacy.tasks.apply_retention",
}


def _rename(apps, paths):
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in paths.items():
        task_result.objects.filter(task_path=old).update(task_path=new)


def move_task_paths(apps, schema_editor):
    _rename(apps, MOVED)


def restore_task_paths(apps, schema_editor):
    _rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0017_call_minimum_reviews"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(move_task_paths, restore_task_paths)]
