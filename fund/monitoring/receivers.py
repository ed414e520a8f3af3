"""What follows a deletion that Django makes on its own. A fund page deleted
with no grants takes its impact reports with it (``ImpactReport.fund`` is
CASCADE: a report is only drawn from the fund's figures); their PDFs are
deleted from the private storage once that deletion commits, so no file is
left that no row names."""

from django.db import transaction
from django.db.models.signals import post_delete

from fund.core.stored import discard
from fund.monitoring.models import ImpactReport


def impact_report_file_delete(sender, instance, **kwargs):
    if instance.file:
        field_file, name = instance.file, instance.file.name
        transaction.on_commit(lambda: discard(field_file, name))


def connect():
    post_delete.connect(
        impact_report_file_delete, sender=ImpactReport, dispatch_uid="impact_report_file_delete"
    )
