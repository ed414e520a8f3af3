import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import AbstractFormSubmission

from fund.applications.status import (
    APPLICANT_LABELS,
    ApplicationStatus,
    DeclineReason,
    IneligibleReason,
)
from fund.calls.outcomes import BudgetCategory, MeasureUnit
from fund.core.money import MONEY
from fund.core.storage import private_storage  # noqa: F401 - migration 0001 names it here


def document_upload_to(instance, filename):
    # The original name is kept in a column; on disk the name is random so it
    # can be neither guessed nor used for path tricks.
    return f"applications/{uuid.uuid4().hex}"


class OrganisationType(models.TextChoices):
    CHARITY_EW = "charity_ew", _("Registered charity (England and Wales)")
    CIO = "cio", _("Charitable incorporated organisation (CIO)")
    CHARITY_SC = "charity_sc", _("Scottish charity")
    CHARITY_NI = "charity_ni", _("Northern Ireland charity")
    COMPANY = "company", _("Company limited by guarantee")
    CIC = "cic", _("Community interest company (CIC)")
    UNREGISTERED = "unregistered", _("Community or voluntary group (not registered)")


class District(models.TextChoices):
    BRADFORD = "bradford", _("Bradford")
    CALDERDALE = "calderdale", _("Calderdale")
    KIRKLEES = "kirklees", _("Kirklees")
    LEEDS = "leeds", _("Leeds")
    WAKEFIELD = "wakefield", _("Wakefield")


class ReferenceCounter(models.Model):
    """The last sequence number used for a fund's references in one year.

    One row per fund prefix and year; the submit service reads it locked
    (SELECT ... FOR UPDATE) and increments it, holding the row lock until the
    application is committed.
    """

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


class Application(AbstractFormSubmission):
    """A bid to a call. The submission class of CallPage.

    Everything the system computes or reports on is a typed column; the
    call's own questions are in ``form_data`` and their definitions are frozen
    in ``questions`` so an old bid stays readable after the call changes.
    """

    # Wagtail's form submissions cascade from their page; an application is
    # the fund's record and outlives any edit of the site, so deleting a call
    # that has applications is refused (fund/calls/guards.py explains it to
    # the editor; PROTECT is the database's last word).
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT)
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    submission_token = models.UUIDField(
        unique=True, editable=False, help_text="Makes a replayed form post idempotent."
    )
    access_key = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="The secret behind the applicant's private links; replaced to revoke them.",
    )
    # The core answers (fund/applications/questions.py, CORE_QUESTIONS).
    # Drafts may have any of them still empty; the submit service refuses an
    # application that is not complete.
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=16, choices=OrganisationType.choices, blank=True
    )
    registration_number = models.CharField(_("registration number"), max_length=12, blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), db_index=True, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=20, blank=True)
    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    project_summary = models.TextField(_("project summary"), blank=True)
    amount_requested = models.DecimalField(
        _("amount requested (£)"), null=True, blank=True, **MONEY
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    districts = models.JSONField(_("districts served"), default=list)
    questions = models.JSONField(
        _("question definitions"),
        default=list,
        help_text="The call's questions as they were when this application was sent.",
    )
    draft_data = models.JSONField(
        default=dict,
        blank=True,
        help_text="A draft's answers exactly as typed, so nothing is lost between visits.",
    )
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    withdrawn_reason = models.TextField(_("reason withdrawn"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("anonymised"),
        null=True,
        blank=True,
        help_text="When the retention rules removed its personal data and documents.",
    )
    screening_reason = models.CharField(
        _("reason not eligible"), max_length=20, choices=IneligibleReason.choices, blank=True
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("screened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason declined"), max_length=10, choices=DeclineReason.choices, blank=True
    )
    decline_feedback = models.TextField(_("feedback for the applicant"), blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declined by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledgement sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        permissions = [
            ("screen_application", "Can screen applications for eligibility"),
            ("assign_reviewers", "Can assign panel members to applications"),
            ("view_all_reviews", "Can see every review, the scores and the ranking"),
            ("reopen_review", "Can reopen a submitted review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_requested__isnull=True)
                | models.Q(amount_requested__gt=0),
                name="application_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="application_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(amount_requested__isnull=False)
                    & models.Q(planned_start__isnull=False)
                    & models.Q(planned_end__isnull=False)
                    & ~models.Q(organisation_name="")
                    & ~models.Q(contact_email="")
                ),
                name="application_complete_once_sent",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(reference__isnull=False),
                name="application_reference_once_sent",
            ),
        ]

    def __str__(self):
        return f"{self.reference or _('Draft')}: {self.organisation_name}"

    @property
    def call(self):
        return self.page.specific

    @property
    def applicant_status(self):
        return APPLICANT_LABELS[ApplicationStatus(self.status)]

    @property
    def call_title(self):
        return self.page.title

    def get_districts_display(self):
        labels = dict(District.choices)
        return ", ".join(str(labels.get(d, d)) for d in self.districts)

    def answers(self):
        """The call's own questions with this application's answers, in order."""
        return [
            {**question, "answer": self.form_data.get(question["clean_name"])}
            for question in self.questions
        ]


class ApplicationDocument(models.Model):
    """A file sent with an application, held in private storage."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    question = models.CharField(
        _("question"),
        max_length=255,
        blank=True,
        help_text="The clean name of the call question it answers; blank for supporting documents.",
    )
    file = models.FileField(storage=private_storage, upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class ApplicationTarget(models.Model):
    """The target an applicant proposes for one of the call's numeric
    outcome measures, with the measure as it was when the bid was sent."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="targets")
    measure = models.ForeignKey(
        "fund.OutcomeMeasure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The call's measure; empty once the call drops it.",
    )
    name = models.CharField(_("measure"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, choices=MeasureUnit.choices, blank=True)
    target = models.DecimalField(_("target proposed"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("proposed target")
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__gte=0), name="application_target_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.target}"


class ApplicationBudgetLine(models.Model):
    """Part of the amount requested, in one budget category; an application's
    lines add up to its amount requested (the submit service checks)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField(_("budget line"), max_length=10, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("amount (£)"), **MONEY)

    class Meta:
        verbose_name = _("proposed budget line")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "category"], name="one_application_line_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="application_budget_line_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount}"
