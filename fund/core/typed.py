"""Text as applicants type it, cleaned the same way in every public form.

- Bidirectional controls and zero-width characters are removed from
  everything posted, before any field sees it (fund/core/text.py says why), so
  neither the answers nor the draft's copy of what was typed keep them.
- A single-line answer (any text field without a Textarea: names,
  organisation, title, position, postcode, telephone, a call's one-line
  question) may hold no line break: a name with a line break in it is how a
  message is smuggled into an e-mail or a letter.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fund.core.text import has_line_break, strip_invisible

LINE_BREAK = "line_break"


def without_invisible(data):
    """A copy of posted ``data`` (a QueryDict or a dict) without bidi
    controls or zero-width characters in any value."""
    if data is None:
        return None
    if hasattr(data, "setlist"):
        cleaned = data.copy()
        for key in cleaned:
            cleaned.setlist(key, [_strip(value) for value in data.getlist(key)])
        return cleaned
    return {
        key: [_strip(v) for v in value] if isinstance(value, list | tuple) else _strip(value)
        for key, value in data.items()
    }


def _strip(value):
    return strip_invisible(value) if isinstance(value, str) else value


def is_single_line(field) -> bool:
    """A text field without a Textarea. An e-mail address or a URL is left
    to its own validator, which refuses any white space."""
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, forms.EmailField | forms.URLField | forms.UUIDField)
        and not isinstance(field.widget, forms.Textarea)
    )


class OneLineValidator:
    """Refuses a line break, in the field's own words."""

    def __init__(self, message):
        self.message = message

    def __call__(self, value):
        if isinstance(value, str) and has_line_break(value):
            raise ValidationError(self.message, code=LINE_BREAK)


class TypedTextMixin:
    """For a public form: see the module's docstring. A single-line field's
    message for a line break is its ``error_messages["line_break"]``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = without_invisible(self.data)
        for field in self.fields.values():
            if is_single_line(field):
                message = field.error_messages.get(LINE_BREAK) or _(
                    "Enter your answer to “%(label)s” on one line."
                ) % {"label": field.label or ""}
                field.validators.append(OneLineValidator(message))
