"""The questions particular to one call, which fund managers write in the
call's page editor (Wagtail's form builder, with a file upload added)."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField


class CallFormField(AbstractFormField):
    """A question particular to one call, edited in the page editor."""

    FIELD_TYPE_CHOICES = FORM_FIELD_CHOICES + (("file", _("File upload")),)

    page = ParentalKey("fund.CallPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=FIELD_TYPE_CHOICES
    )

    def get_field_clean_name(self):
        # Wagtail spells out each non-Latin letter ("u0627"), so a question
        # in Urdu or Arabic of about 50 letters makes a name longer than its
        # column: keep it within the column, and unique by a hash of it all.
        name = super().get_field_clean_name()
        limit = self._meta.get_field("clean_name").max_length
        if len(name) <= limit:
            return name
        return f"{name[: limit - 13]}_{hashlib.sha256(name.encode()).hexdigest()[:12]}"
