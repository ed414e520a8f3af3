"""Background work, run by django-tasks (immediately in development and
tests, by the django-tasks-db worker in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task


@task()
def send_application_acknowledgement(application_id: int) -> None:
    """E-mail the applicant their reference and what happens next."""
    from fund.models import Application
    from fund.models.funder import funder_settings

    application = Application.objects.select_related("page").get(pk=application_id)
    call = application.call
    funder = funder_settings()
    context = {"application": application, "call": call, "funder": funder}
    subject = render_to_string("fund/emails/acknowledgement_subject.txt", context).strip()
    body = render_to_string("fund/emails/acknowledgement.txt", context)
    send_mail(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [application.contact_email],
        fail_silently=False,
    )
    Application.objects.filter(pk=application_id).update(acknowledged_at=timezone.now())


@task()
def send_ineligible_notice(application_id: int) -> None:
    """Tell an applicant their application is not eligible, and why."""
    from fund.models import Application
    from fund.models.funder import funder_settings

    application = Application.objects.select_related("page").get(pk=application_id)
    context = {"application": application, "call": application.call, "funder": funder_settings()}
    subject = render_to_string("fund/emails/ineligible_subject.txt", context).strip()
    body = render_to_string("fund/emails/ineligible.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.contact_email])
