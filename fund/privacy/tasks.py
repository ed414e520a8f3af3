"""The retention rules as a background task (django-tasks).

django-tasks runs tasks but does not schedule them. Either run the command
from cron::

    15 3 * * *  cd /srv/fund && .venv/bin/python manage.py apply_retention

or, with the database backend (production), have the scheduler enqueue the
task and let the worker (``manage.py db_worker``) run it::

    15 3 * * *  cd /srv/fund && .venv/bin/python manage.py shell -c \\
        "from fund.privacy.tasks import apply_retention; apply_retention.enqueue()"

Both do the same; the command prints the counts, the task returns them as its
result (and both log them on the "fund.retention" logger).
"""

from django_tasks import task

from fund.privacy.retention import retention_apply


@task()
def apply_retention(dry_run: bool = False) -> dict:
    """Apply the retention rules now; the counts of what was done."""

    return retention_apply(dry_run=dry_run).as_dict()
