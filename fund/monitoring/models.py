"""A grant's reports: when each is due, what the grantee reported against
the agreed targets and budget lines, the evidence, and the staff review;
the reminders sent, each once; and the Commissioner's impact reports made."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from fund.calls.outcomes import ReportKind
from fund.core.money import MONEY
from fund.core.storage import private_storage
from fund.core.stored import MadeDocument, RandomName


class ReportStatus(models.TextChoices):
    DUE = "due", _("Not started")
    DRAFT = "draft", _("Being written")
    SUBMITTED = "submitted", _("Waiting for review")
    CHANGES = "changes", _("Changes asked for")
    ACCEPTED = "accepted", _("Accepted")


#: The grantee may write (or correct) the report in these.
OPEN_FOR_GRANTEE = {ReportStatus.DUE, ReportStatus.DRAFT, ReportStatus.CHANGES}


class GrantReport(models.Model):
    """One report in a grant's schedule, from due to accepted."""

    award = models.ForeignKey("fund.Award", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("report"), max_length=8, choices=ReportKind.choices)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DUE,
        db_index=True,
    )
    instalment = models.OneToOneField(
        "fund.Instalment",
        verbose_name=_("releases the instalment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="release_report",
        help_text=_("This instalment is not paid until the report is accepted."),
    )
    what_changed = models.TextField(_("what changed because of the grant"), blank=True)
    not_to_plan = models.TextField(_("what did not go to plan"), blank=True)
    draft_data = models.JSONField(
        default=dict, blank=True, help_text="The grantee's answers as typed, between visits."
    )
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    changes_requested = models.TextField(
        _("changes asked for"), blank=True, help_text=_("Shown to the grantee.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("grant report")
        ordering = ["award", "due_on", "pk"]
        permissions = [("review_report", "Can review grant reports and change their dates")]
        constraints = [
            models.UniqueConstraint(
                fields=["award"],
                condition=models.Q(kind="final"),
                name="one_final_report_per_award",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(accepted_at__isnull=False),
                name="accepted_report_has_date",
            ),
        ]
        indexes = [
            # The late reports, longest overdue first (Reports > Outcomes
            # lists the first 50): read in order, never sorted.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(status__in=["due", "draft", "changes"]),
                name="report_late_by_due",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.award.reference}"

    @property
    def is_final(self):
        return self.kind == ReportKind.FINAL


class ReportFigure(models.Model):
    """What a report says for one agreed target: the figure achieved so far
    (a number measure) or the text (a case study, which the grantee may
    consent to publish)."""

    report = models.ForeignKey(GrantReport, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey("fund.AwardTarget", on_delete=models.CASCADE, related_name="figures")
    achieved = models.DecimalField(
        _("achieved"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("answer"), blank=True)
    publish_consent = models.BooleanField(_("may be published"), default=False)

    class Meta:
        verbose_name = _("reported figure")
        ordering = ["report", "target__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="one_figure_per_target"),
            models.CheckConstraint(
                condition=models.Q(achieved__isnull=True) | models.Q(achieved__gte=0),
                name="figure_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.target.name}: {self.achieved if self.achieved is not None else self.text}"


class ReportSpend(models.Model):
    """What a report says was spent so far on one budget line."""

    report = models.ForeignKey(GrantReport, on_delete=models.CASCADE, related_name="spends")
    budget_line = models.ForeignKey(
        "fund.AwardBudgetLine", on_delete=models.CASCADE, related_name="spends"
    )
    spent = models.DecimalField(_("spent (£)"), **MONEY)

    class Meta:
        verbose_name = _("reported spend")
        ordering = ["report", "budget_line__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="one_spend_per_line"),
            models.CheckConstraint(condition=models.Q(spent__gte=0), name="spend_not_negative"),
        ]

    def __str__(self):
        return f"{self.budget_line}: {self.spent}"


def evidence_upload_to(instance, filename):
    return f"reports/{uuid.uuid4().hex}"


class ReportEvidence(models.Model):
    """A file the grantee sent with a report, held in private storage and
    checked as an application's documents are."""

    report = models.ForeignKey(GrantReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class ReminderKind(models.TextChoices):
    REPORT_DUE_SOON = "report_soon", _("Report due soon")
    REPORT_OVERDUE = "report_late", _("Report overdue")
    OFFER_WAITING = "offer", _("Offer waiting for acceptance")
    REVIEW_DUE = "review", _("Review due")
    INSTALMENT_DUE = "instalment", _("Instalment due")


class Reminder(models.Model):
    """A reminder that has been sent. The unique key (the kind and what it is
    about, such as one report's due date) is what makes each reminder go
    once, however often and however many workers run the schedule."""

    kind = models.CharField(_("reminder"), max_length=12, choices=ReminderKind.choices)
    key = models.CharField(
        max_length=100, help_text="What it is about, e.g. report:12:2027-06-30; unique per kind."
    )
    award = models.ForeignKey(
        "fund.Award", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "fund.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recipients = models.TextField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="each_reminder_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key})"


class ImpactReportStatus(models.TextChoices):
    PENDING = "pending", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


class ImpactReport(MadeDocument):
    """One Commissioner's impact report asked for on Reports > Outcomes: a
    fund's grants decided in one financial year (or every year), made as a
    PDF by the task worker and kept in private storage with its SHA-256.
    Once made it never changes; a newer one is asked for instead.

    It is made from the records and holds nothing they do not, so it goes
    with its fund (CASCADE): a fund with grants cannot be deleted anyway
    (fund/calls/guards.py)."""

    fund = models.ForeignKey(
        "fund.FundPage", on_delete=models.CASCADE, related_name="impact_reports"
    )
    year = models.CharField(
        _("financial year"),
        max_length=7,
        blank=True,
        help_text="Such as 2026-27; empty for every year.",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImpactReportStatus.choices,
        default=ImpactReportStatus.PENDING,
    )
    file = models.FileField(
        storage=private_storage,
        upload_to=RandomName("impact-reports", ".pdf"),
        max_length=200,
        blank=True,
    )

    class Meta:
        verbose_name = _("impact report")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["fund", "-requested_at"], name="impact_report_newest")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ready")
                | (~models.Q(file="") & ~models.Q(sha256="") & models.Q(made_at__isnull=False)),
                name="ready_impact_report_is_stored",
            ),
        ]

    def __str__(self):
        return f"Impact report {self.year or 'every year'} ({self.get_status_display()})"

    @property
    def filename(self):
        return f"impact-report-{slugify(self.fund.title)}-{self.year or 'all-years'}.pdf"
