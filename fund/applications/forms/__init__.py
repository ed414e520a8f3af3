"""The public application form (application.py): the core questions made
from their one list (core.py), the call's own questions (builder.py) and the
file inputs (files.py)."""

from fund.applications.forms.application import (
    ApplicationForm,
    build_application_form_class,
    privacy_notice_url,
)

__all__ = ["ApplicationForm", "build_application_form_class", "privacy_notice_url"]
