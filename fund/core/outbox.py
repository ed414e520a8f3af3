"""The outbox: every e-mail to an applicant is a row written in the same
transaction as the change it reports, then delivered by a task. A failing
mail server leaves the row unsent, to be retried; nothing is lost."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueuedEmail(models.Model):
    application = models.ForeignKey(
        "fund.Application", on_delete=models.CASCADE, related_name="emails", null=True
    )
    kind = models.CharField(_("kind"), max_length=30)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("e-mail")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} to {self.to}"
