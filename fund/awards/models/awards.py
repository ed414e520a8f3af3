"""Awards, the budget ledger, payments, returns and award letters."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from fund.core.money import MONEY, pounds
from fund.core.storage import private_storage
from fund.core.stored import MadeDocument


class AwardStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    PAID = "paid", _("Paid")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined by applicant")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: An award in one of these still holds money against the budget.
LIVE_AWARD_STATUSES = {AwardStatus.OFFERED, AwardStatus.ACCEPTED, AwardStatus.PAID}


class Award(models.Model):
    """A grant offered to one successful application."""

    application = models.OneToOneField(
        "fund.Application", on_delete=models.PROTECT, related_name="award"
    )
    fund = models.ForeignKey("fund.FundPage", on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(_("amount (£)"), **MONEY)
    conditions = RichTextField(_("conditions"))
    public_reason = models.TextField(
        _("why this grant reduces crime"),
        blank=True,
        help_text=_("Published on the grants awarded page and in the 360Giving data."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AwardStatus.choices,
        default=AwardStatus.OFFERED,
        db_index=True,
    )
    accept_by = models.DateField(_("accept by"))
    period_start = models.DateField(_("funding period starts"))
    period_end = models.DateField(_("funding period ends"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_name = models.CharField(_("accepted by"), max_length=200, blank=True)
    accepted_position = models.CharField(_("position"), max_length=200, blank=True)
    ended_reason = models.TextField(_("why it ended"), blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completion_note = models.TextField(
        _("why it was completed early"),
        blank=True,
        help_text=_(
            "Recorded by a fund manager who completes a grant before its final report is "
            "accepted or its money is reconciled."
        ),
    )

    class Meta:
        verbose_name = _("award")
        ordering = ["-decided_at", "-pk"]
        permissions = [
            ("decide_application", "Can award or decline an application"),
            ("record_payment", "Can record payments and returned money"),
            ("manage_letters", "Can download and reissue award letters"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="award_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="award_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.application.reference}: {pounds(self.amount)}"

    @property
    def acceptance_overdue(self):
        """An offer still open after its accept-by date (London time)."""
        return self.status == AwardStatus.OFFERED and timezone.localdate() > self.accept_by

    @property
    def reference(self):
        return self.application.reference


class Instalment(models.Model):
    """One planned payment of an award (the payment schedule)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("amount (£)"), **MONEY)

    class Meta:
        verbose_name = _("instalment")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="instalment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{pounds(self.amount)} due {date_format(self.due_on, 'j F Y')}"


class Payment(models.Model):
    """Money paid to a grantee."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (£)"), **MONEY)
    bacs_reference = models.CharField(_("BACS reference"), max_length=18)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{pounds(self.amount)} paid {date_format(self.paid_on, 'j F Y')}"


class ReturnReason(models.TextChoices):
    UNDERSPEND = "underspend", _("Underspend")
    CLAWBACK = "clawback", _("Clawback")


class FundReturn(models.Model):
    """Money a grantee paid back (an underspend or a clawback)."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="returns")
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount (£)"), **MONEY)
    reason = models.CharField(_("reason"), max_length=10, choices=ReturnReason.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("returned money")
        verbose_name_plural = _("returned money")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="return_amount_positive"),
        ]

    def __str__(self):
        return f"{pounds(self.amount)} returned {date_format(self.received_on, 'j F Y')}"


class LedgerKind(models.TextChoices):
    COMMIT = "commit", _("Commitment")
    RELEASE = "release", _("Release")
    RETURN = "return", _("Return")


class BudgetEntry(models.Model):
    """The append-only budget ledger: signed amounts per fund. Its sum for a
    fund always equals FundPage.committed (the services write both in one
    transaction, under the fund row's lock)."""

    fund = models.ForeignKey(
        "fund.FundPage", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="ledger_entries", null=True
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LedgerKind.choices)
    amount = models.DecimalField(_("amount (£)"), **MONEY)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Empty when the applicant acted online (declining an offer).",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget ledger entry")
        verbose_name_plural = _("budget ledger")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="commit") & models.Q(amount__gt=0))
                | (models.Q(kind__in=["release", "return"]) & models.Q(amount__lt=0)),
                name="ledger_sign_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {pounds(self.amount)}"

    def save(self, *args, **kwargs):
        # The ledger is append-only: a correction is a new entry.
        if self.pk is not None:
            raise ValueError("Budget ledger entries cannot be changed.")
        super().save(*args, **kwargs)


class LetterStatus(models.TextChoices):
    PENDING = "pending", _("Being made")
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")
    FAILED = "failed", _("Failed")


def letter_upload_to(instance, filename):
    return f"letters/{uuid.uuid4().hex}.pdf"


class AwardLetter(MadeDocument):
    """One version of an award's PDF letter. Once made it never changes: a
    reissue is a new version and the old one is kept as superseded."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="letters")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.PENDING
    )
    reason = models.TextField(_("reason for this version"), blank=True)
    file = models.FileField(
        storage=private_storage, upload_to=letter_upload_to, max_length=200, blank=True
    )
    # The column keeps its first name, so a server still running the release
    # before MadeDocument reads it while the new one starts.
    made_at = models.DateTimeField(_("made"), null=True, blank=True, db_column="rendered_at")

    class Meta:
        verbose_name = _("award letter")
        ordering = ["award", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["award", "version"], name="one_letter_per_version"),
        ]

    def __str__(self):
        return f"Letter {self.award.reference} v{self.version}"

    @property
    def filename(self):
        return f"award-letter-{self.award.reference}-v{self.version}.pdf"


ZERO = Decimal("0.00")
