"""The call's own questions as form fields: Wagtail's form builder plus a
file-upload question type."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from fund.applications.forms.files import SingleFileField

#: What a date may be typed as: 1/4/2027, 01/04/27, 1-4-2027, 1 April 2027,
#: 1 Apr 2027 or 2027-04-01.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"]


class ApplicationFormBuilder(FormBuilder):
    """Wagtail's form builder plus a file-upload question type; every error
    names its question, and dates are read as people write them."""

    def get_field_options(self, field):
        options = super().get_field_options(field)
        label = field.label
        options["error_messages"] = {
            "required": (
                _("Choose a file for “%(label)s”.")
                if field.field_type == "file"
                else _("Answer “%(label)s”.")
            )
            % {"label": label},
            "invalid": _("Check your answer to “%(label)s”.") % {"label": label},
            "invalid_choice": _("Choose one of the answers given for “%(label)s”.")
            % {"label": label},
        }
        return options

    def create_number_field(self, field, options):
        options["error_messages"]["invalid"] = _("Enter a number for “%(label)s”.") % {
            "label": field.label
        }
        return super().create_number_field(field, options)

    def create_email_field(self, field, options):
        options["error_messages"]["invalid"] = _(
            "Enter an e-mail address for “%(label)s”, like name@example.org."
        ) % {"label": field.label}
        return super().create_email_field(field, options)

    def create_date_field(self, field, options):
        options["error_messages"]["invalid"] = _(
            "Enter “%(label)s” as a date, like 1/4/2027 or 1 April 2027."
        ) % {"label": field.label}
        return forms.DateField(input_formats=DATE_INPUT_FORMATS, **options)

    def create_file_field(self, field, options):
        options.pop("initial", None)
        return SingleFileField(**options)

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        options["max_length"] = 10_000
        return forms.CharField(**options)
