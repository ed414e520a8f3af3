from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """The workflow of DESIGN.md. Labels are the staff's words."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    IN_REVIEW = "in_review", _("In review")
    REVIEWED = "reviewed", _("Reviewed")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: What an applicant is told: they never see the panel's internal stages.
APPLICANT_LABELS = {
    ApplicationStatus.DRAFT: _("Not sent yet"),
    ApplicationStatus.SUBMITTED: _("Received"),
    ApplicationStatus.ELIGIBLE: _("Being assessed"),
    ApplicationStatus.INELIGIBLE: _("Not eligible"),
    ApplicationStatus.IN_REVIEW: _("Being assessed"),
    ApplicationStatus.REVIEWED: _("Being assessed"),
    ApplicationStatus.AWARDED: _("Successful"),
    ApplicationStatus.DECLINED: _("Unsuccessful"),
    ApplicationStatus.WITHDRAWN: _("Withdrawn"),
}
