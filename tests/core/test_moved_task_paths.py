"""A task queued before the move into domain packages still runs after it:
migration 0018 points its row at the function's new path."""

import importlib

import pytest
from django.apps import apps
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

moved = importlib.import_module("fund.migrations.0018_moved_task_paths")


def queued(task_path):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default",
        backend_name="default",
    )


@pytest.mark.parametrize(("old", "new"), list(moved.MOVED.items()))
def test_a_task_queued_under_its_old_path_is_moved_to_a_path_that_imports(old, new):
    task = queued(old)
    untouched = queued("django_tasks.some_other_task")

    moved.move_task_paths(apps, None)

    task.refresh_from_db()
    untouched.refresh_from_db()
    assert task.task_path == new
    assert import_string(task.task_path).func.__name__ == new.rsplit(".", 1)[1]
    assert untouched.task_path == "django_tasks.some_other_task"


def test_the_move_can_be_undone():
    task = queued("fund.tasks.deliver_email")
    moved.move_task_paths(apps, None)
    moved.restore_task_paths(apps, None)
    task.refresh_from_db()
    assert task.task_path == "fund.tasks.deliver_email"
