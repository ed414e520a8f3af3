"""Screening: a submitted application found eligible for the grant panel,
or not (and its applicant told why)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.applications.models import Application
from fund.applications.services.links import contact_email
from fund.applications.status import (
    UNDER_REVIEW,
    ApplicationStatus,
    IneligibleReason,
    statuses_moving_to,
)
from fund.applications.transitions import (
    application_lock,
    application_transition,
    transition_refusal,
)
from fund.reviews.services.progress import ReviewError

#: Derived from the one table of moves (fund/applications/status.py).
SCREENABLE = statuses_moving_to(ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE)


def application_screen(
    *, application: Application, eligible: bool, reason: str = "", note: str = "", by
) -> Application:
    """Mark a submitted application eligible or ineligible. An applicant found
    ineligible is told why by e-mail, sent once the decision is committed."""
    note = (note or "").strip()
    with transaction.atomic():
        application = application_lock(application_id=application.pk)
        if application.status in UNDER_REVIEW - SCREENABLE:
            raise ReviewError(
                _(
                    "This application is already with the grant panel, so its eligibility "
                    "can no longer be changed."
                )
            )
        to = ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE
        if application.status not in SCREENABLE:
            raise ReviewError(transition_refusal(application=application, to=to))
        if not eligible:
            if reason not in IneligibleReason.values:
                raise ReviewError(
                    _("Choose the reason the application is not eligible."),
                    {"reason": _("Choose the reason the application is not eligible.")},
                )
            if reason == IneligibleReason.OTHER and not note:
                message = _("Explain why the application is not eligible.")
                raise ReviewError(message, {"note": message})
        was_ineligible = application.status == ApplicationStatus.INELIGIBLE
        application.screening_reason = "" if eligible else reason
        application.screening_note = note
        application.screened_by = by
        application.screened_at = timezone.now()
        application = application_transition(
            application=application,
            to=to,
            action="fund.application.screen",
            user=by,
            data={"eligible": eligible, "reason": application.get_screening_reason_display()},
            fields=("screening_reason", "screening_note", "screened_by", "screened_at"),
        )
        if not eligible and not was_ineligible:
            contact_email(application, kind="ineligible")
    return application
