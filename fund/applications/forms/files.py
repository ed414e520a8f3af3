"""File inputs of the application form: the supporting documents (several
files in one input) and a call question answered with a file."""

from django import forms
from django.core.exceptions import ValidationError

from fund.applications import uploads


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input."""

    widget = MultipleFileInput

    def __init__(self, *args, max_files, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = (
            [f for f in (data or []) if f]
            if isinstance(data, list | tuple)
            else ([data] if data else [])
        )
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        # Each file is checked by the form (ApplicationForm.clean_documents),
        # so the good ones can be kept when one is refused.
        return files


class SingleFileField(forms.FileField):
    """A call question answered with one file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return uploads.check_file(upload) if upload else None
