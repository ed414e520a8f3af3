"""Screening, the grant panel's assignments, conflicts of interest and reviews."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fund.core.money import MONEY


class Conflict(models.TextChoices):
    UNDECLARED = "undeclared", _("Not yet declared")
    NONE = "none", _("No conflict")
    DECLARED = "declared", _("Conflict declared")


class Recommendation(models.TextChoices):
    FUND_FULL = "fund_full", _("Fund in full")
    FUND_PART = "fund_part", _("Fund in part")
    DECLINE = "decline", _("Decline")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ReviewAssignment(models.Model):
    """A panel member asked to review one application, and their declaration
    of any conflict of interest (made before they see its content)."""

    application = models.ForeignKey(
        "fund.Application", on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    conflict = models.CharField(
        _("conflict of interest"),
        max_length=10,
        choices=Conflict.choices,
        default=Conflict.UNDECLARED,
    )
    conflict_description = models.TextField(_("conflict described"), blank=True)
    conflict_declared_at = models.DateTimeField(_("declared"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        ordering = ["assigned_at", "pk"]
        # On this model rather than Application: a permission on a model lets
        # Wagtail's site history show that model's log entries, and the
        # panel must not see the applications' audit trail.
        permissions = [("review_application", "Can review applications assigned to them")]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"

    @property
    def has_conflict(self):
        return self.conflict == Conflict.DECLARED

    @property
    def review_state(self):
        """What the reviewer's listing shows: not started, draft, submitted or conflict."""
        if self.has_conflict:
            return _("Conflict declared")
        review = getattr(self, "review", None)
        if review is None:
            return _("Not started")
        return review.get_status_display()


class Review(models.Model):
    """One panel member's scores, comments and recommendation for one application."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    comment = models.TextField(_("overall comment"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    suggested_amount = models.DecimalField(
        _("suggested amount (£)"), null=True, blank=True, **MONEY
    )
    score = models.DecimalField(
        _("weighted score (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Set when the review is submitted; N/A criteria are left out.",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(submitted_at__isnull=False) & ~models.Q(recommendation="")),
                name="submitted_review_is_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(suggested_amount__isnull=True)
                | models.Q(suggested_amount__gt=0),
                name="suggested_amount_positive",
            ),
        ]

    def __str__(self):
        return f"Review of {self.assignment.application} by {self.assignment.reviewer}"

    @property
    def is_submitted(self):
        return self.status == ReviewStatus.SUBMITTED


class CriterionScore(models.Model):
    """A score against one criterion, or N/A. The criterion's name, weight and
    maximum are copied in, so a review reads the same after the call changes."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "fund.ScoringCriterion", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1)])
    maximum_score = models.PositiveSmallIntegerField(
        _("maximum score"), validators=[MinValueValidator(1)]
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(score__lte=models.F("maximum_score")),
                name="score_within_maximum",
            ),
            models.CheckConstraint(
                condition=~(models.Q(not_applicable=True) & models.Q(score__isnull=False)),
                name="not_applicable_has_no_score",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {'N/A' if self.not_applicable else self.score}"

    @classmethod
    def for_criterion(cls, criterion, **fields):
        """A score against ``criterion``, with its name, weight and maximum
        copied in."""
        return cls(
            criterion=criterion,
            name=criterion.name,
            weight=criterion.weight,
            maximum_score=criterion.maximum_score,
            **fields,
        )
