"""The reminders as a background task (django-tasks).

django-tasks runs tasks but does not schedule them. Either run the command
from cron::

    0 7 * * *  cd /srv/fund && .venv/bin/python manage.py send_reminders

or, with the database backend (production), have the scheduler enqueue the
task and let the worker (``manage.py db_worker``) run it::

    0 7 * * *  cd /srv/fund && .venv/bin/python manage.py shell -c \\
        "from fund.monitoring.tasks import send_reminders; send_reminders.enqueue()"

Both do the same, and each reminder goes once however often either runs
(fund/monitoring/services/reminders.py); the command prints the counts, the
task returns them as its result.

``make_impact_report`` makes one Commissioner's impact report. It is
enqueued by ``impact_report_request()`` and lives beside it, as the award
letter's task does, so that the service need not import this module; it is
named here too, to be found with the domain's other tasks.
"""

from django_tasks import task

from fund.monitoring.services.impact_reports import make_impact_report
from fund.monitoring.services.reminders import send_reminders as reminders_send

__all__ = ["make_impact_report", "send_reminders"]


@task()
def send_reminders() -> dict:
    """Send the reminders due today; how many of each kind were sent."""

    return reminders_send()
