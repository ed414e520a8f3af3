"""The grantee's bank details: where an award's money is paid (by BACS).

Each set of details is one row, never changed once given except for its
status and who checked it: a change makes a new row and the old one is kept,
so the history of where money was to go stays readable. The account name,
sort code and account number are encrypted in the database
(django-fernet-encrypted-fields; the key is set in config/settings/base.py
from the environment).

A set is ``pending`` until it is checked, then ``approved`` (the one
payments go to) until a later set is approved and this one becomes
``superseded``; a pending set replaced by a newer request before it was
approved is ``cancelled``. The rule for checking is in
fund/awards/services/bank.py.
"""

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

ACCOUNT_NAME_MAX = 70
_SORT_CODE = re.compile(r"^\d{2}([- ]?)\d{2}\1\d{2}$")
_ACCOUNT_NUMBER = re.compile(r"^\d{8}$")


def sort_code_normalise(value: str) -> str | None:
    """Six digits from "12-34-56", "12 34 56" or "123456", or None."""
    value = (value or "").strip()
    if not _SORT_CODE.match(value):
        return None
    return re.sub(r"\D", "", value)


def account_number_normalise(value: str) -> str | None:
    """Eight digits, spaces allowed between them ("1234 5678"), or None."""
    digits = re.sub(r" +", "", (value or "").strip())
    return digits if _ACCOUNT_NUMBER.match(digits) else None


def sort_code_display(sort_code: str) -> str:
    return f"{sort_code[0:2]}-{sort_code[2:4]}-{sort_code[4:6]}"


class BankDetailsStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for checks")
    APPROVED = "approved", _("Approved: payments go here")
    SUPERSEDED = "superseded", _("Replaced by later details")
    CANCELLED = "cancelled", _("Cancelled before approval")


class BankDetailsSource(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Given with the online acceptance")
    APPLICANT = "applicant", _("Change asked for through the private link")
    STAFF = "staff", _("Entered by staff")


class BankDetailsQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=BankDetailsStatus.APPROVED)

    def pending(self):
        return self.filter(status=BankDetailsStatus.PENDING)


class BankDetails(models.Model):
    """One version of the bank account an award is paid into."""

    award = models.ForeignKey("fund.Award", on_delete=models.PROTECT, related_name="bank_details")
    version = models.PositiveIntegerField(_("version"))
    account_name = EncryptedCharField(_("account name"), max_length=ACCOUNT_NAME_MAX)
    sort_code = EncryptedCharField(_("sort code"), max_length=6)
    account_number = EncryptedCharField(_("account number"), max_length=8)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BankDetailsStatus.choices,
        default=BankDetailsStatus.PENDING,
    )
    source = models.CharField(_("given"), max_length=10, choices=BankDetailsSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The member of staff who entered them; empty if the grantee did."),
    )
    entered_at = models.DateTimeField(_("given"), auto_now_add=True)
    needs_confirmation = models.BooleanField(_("contact must confirm"), default=True)
    #: The random part of the contact's confirmation link (fund.awards.services.bank).
    confirm_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    confirmed_at = models.DateTimeField(_("confirmed by the contact"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = BankDetailsQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank details")
        verbose_name_plural = _("bank details")
        ordering = ["award", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["award", "version"], name="bank_details_version"),
            # At most one approved set (the payee) and one pending set an award.
            models.UniqueConstraint(
                fields=["award"],
                condition=models.Q(status="approved"),
                name="bank_details_one_approved",
            ),
            models.UniqueConstraint(
                fields=["award"],
                condition=models.Q(status="pending"),
                name="bank_details_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.masked_account_number} {self.masked_sort_code}"

    @property
    def readable(self) -> bool:
        """False if the stored values could not be decrypted (the key in the
        environment is not the one they were written with): the field then
        hands back the encrypted text rather than raising."""
        return bool(_SORT_CODE.match(self.sort_code or "")) and bool(
            _ACCOUNT_NUMBER.match(self.account_number or "")
        )

    @property
    def masked_sort_code(self) -> str:
        return f"••-••-{self.sort_code[-2:]}" if self.readable else "••-••-••"

    @property
    def masked_account_number(self) -> str:
        return f"••••{self.account_number[-4:]}" if self.readable else "••••••••"

    @property
    def sort_code_display(self) -> str:
        return sort_code_display(self.sort_code) if self.readable else "—"

    @property
    def confirmed(self) -> bool:
        return not self.needs_confirmation or self.confirmed_at is not None

    @property
    def approved(self) -> bool:
        return self.approved_at is not None
