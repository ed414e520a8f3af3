from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """The workflow (docs/architecture.md, "The workflow"). Labels are the staff's words."""

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


_S = ApplicationStatus

#: Every move an application's status may make, from -> {to}: the one table
#: `fund.applications.transitions.application_transition` checks against the
#: row's current status. Re-screening keeps or flips the screening decision
#: (eligible -> eligible, ineligible -> eligible); assigning the panel moves
#: an eligible bid into review; the panel's reviews move it between in review
#: and reviewed; a decision (awarded, declined) and the applicant's withdrawal
#: are final. What becomes of an award afterwards (accepted, declined by the
#: applicant, withdrawn, completed) is the award's own status: the
#: application stays awarded.
APPLICATION_TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    _S.DRAFT: frozenset({_S.SUBMITTED}),
    _S.SUBMITTED: frozenset({_S.ELIGIBLE, _S.INELIGIBLE, _S.WITHDRAWN}),
    _S.ELIGIBLE: frozenset({_S.ELIGIBLE, _S.INELIGIBLE, _S.IN_REVIEW, _S.WITHDRAWN}),
    _S.INELIGIBLE: frozenset({_S.ELIGIBLE, _S.INELIGIBLE}),
    _S.IN_REVIEW: frozenset({_S.REVIEWED, _S.AWARDED, _S.DECLINED, _S.WITHDRAWN}),
    _S.REVIEWED: frozenset({_S.IN_REVIEW, _S.AWARDED, _S.DECLINED, _S.WITHDRAWN}),
    _S.AWARDED: frozenset(),
    _S.DECLINED: frozenset(),
    _S.WITHDRAWN: frozenset(),
}


def statuses_moving_to(*targets: ApplicationStatus) -> frozenset[ApplicationStatus]:
    """The statuses from which the table allows a move to any of ``targets``:
    where a service's button is offered and its action accepted."""
    return frozenset(
        status
        for status, allowed in APPLICATION_TRANSITIONS.items()
        if allowed.intersection(targets)
    )


#: An application is with the grant panel while it may still move to in
#: review or reviewed: reviews may be saved, and reviewers are waited for.
UNDER_REVIEW = statuses_moving_to(ApplicationStatus.IN_REVIEW, ApplicationStatus.REVIEWED)

#: An application a fund manager may award or decline.
DECIDABLE = statuses_moving_to(ApplicationStatus.AWARDED, ApplicationStatus.DECLINED)


class DeclineReason(models.TextChoices):
    SCORE = "score", _("Scored below the funding line")
    BUDGET = "budget", _("Not enough budget left in this round")
    OVERLAP = "overlap", _("Duplicates existing provision")
    RISK = "risk", _("Delivery or safeguarding risks")
    OTHER = "other", _("Other")


class IneligibleReason(models.TextChoices):
    OUTSIDE_AREA = "outside_area", _("Does not work in West Yorkshire")
    ORGANISATION = "organisation", _("Type of organisation not eligible")
    OUT_OF_SCOPE = "out_of_scope", _("Project outside the aims of the call")
    AMOUNT = "amount", _("Amount or costs not eligible")
    INCOMPLETE = "incomplete", _("Application incomplete or documents missing")
    DUE_DILIGENCE = "due_diligence", _("Failed due diligence checks")
    OTHER = "other", _("Other")
