import re

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fund.core.error_summary import ErrorSummaryMixin
from fund.core.typed import LINE_BREAK, TypedTextMixin

#: An application's reference, like SCF-2026-0042
#: (fund.applications.services.sending.reference_allocate).
REFERENCE = re.compile(r"\S+-\d{4}-\d{4,}")


class DeclarationForm(ErrorSummaryMixin, forms.Form):
    declare_true = forms.BooleanField(
        label=_(
            "The information in this application is true and complete to the best of my knowledge."
        ),
        error_messages={"required": _("Confirm that the information you have given is true.")},
    )
    declare_privacy = forms.BooleanField(
        label=_(
            "I have read the privacy notice and have the agreement of the people named "
            "in this application to share their details."
        ),
        error_messages={"required": _("Confirm that you have read the privacy notice.")},
    )

    def __init__(self, *args, privacy_url=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.link_privacy_notice(privacy_url)

    def link_privacy_notice(self, privacy_url):
        """Link the privacy notice (if there is one) beside its declaration."""
        if privacy_url:
            self.fields["declare_privacy"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                privacy_url,
                _("Read the privacy notice (opens in a new tab)"),
            )


class ReasonForm(TypedTextMixin, ErrorSummaryMixin, forms.Form):
    """Declining an offer or withdrawing an application: a reason."""

    reason = forms.CharField(
        label=_("Tell us why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Tell us why, so that we can learn from it."),
            "null_characters_not_allowed": _(
                "Your reason contains a hidden character that we cannot accept, perhaps copied "
                "from another document. Type it in again."
            ),
            "max_length": _(
                "Your reason must be %(limit_value)d characters or fewer. It is "
                "%(show_value)d characters, so shorten it."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LostLinkForm(TypedTextMixin, ErrorSummaryMixin, forms.Form):
    """The "Lost your link?" form: the contact e-mail address and the reference."""

    email = forms.EmailField(
        label=_("Contact e-mail address"),
        help_text=_("The address you gave as the contact in your application."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the contact e-mail address you gave in your application."),
            "invalid": _("Enter the e-mail address in the right form, like name@example.org."),
            "max_length": _("Enter an e-mail address of 254 characters or fewer."),
        },
    )
    reference = forms.CharField(
        label=_("Application reference"),
        help_text=_("For example, SCF-2026-0042. It is in your acknowledgement e-mail."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the reference of your application, like SCF-2026-0042."),
            "max_length": _("Enter the reference as it is in your e-mail, like SCF-2026-0042."),
            LINE_BREAK: _("Enter the reference on one line."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        if not REFERENCE.fullmatch(reference):
            raise forms.ValidationError(
                _("Enter the reference as it is in your e-mail, like SCF-2026-0042."),
                code="invalid",
            )
        return reference
