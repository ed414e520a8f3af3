"""The applicant's other forms: declarations, accepting or declining an
offer, withdrawing an application, asking for a lost link."""

import re

from bs4 import BeautifulSoup
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fund.models import account_number_normalise, sort_code_normalise
from fund.models.bank import ACCOUNT_NAME_MAX

from .summary import ErrorSummaryMixin
from .typed import LINE_BREAK, TypedTextMixin

#: An application's reference, like SCF-2026-0042 (fund.services.reference_allocate).
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


def condition_items(conditions_html):
    """The separate conditions of an award (its paragraphs and list items),
    as plain text, for the applicant to tick one by one."""
    soup = BeautifulSoup(conditions_html or "", "html.parser")
    items = [li.get_text(" ", strip=True) for li in soup.find_all("li")]
    if not items:
        items = [p.get_text(" ", strip=True) for p in soup.find_all(["p", "h2", "h3", "h4"])]
    return [item for item in items if item] or [soup.get_text(" ", strip=True)]


class DigitsField(forms.CharField):
    """A sort code or account number as typed, cleaned to its digits by
    ``normalise`` (None when it is not in a form we take)."""

    def __init__(self, *, normalise, required_message, invalid_message, **kwargs):
        self.normalise, self.invalid_message = normalise, invalid_message
        attrs = {"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        super().__init__(
            max_length=20,
            widget=forms.TextInput(attrs=attrs),
            error_messages={
                "required": required_message,
                "max_length": invalid_message,
                LINE_BREAK: invalid_message,
            },
            **kwargs,
        )

    def clean(self, value):
        value = self.normalise(super().clean(value))
        if value is None:
            raise forms.ValidationError(self.invalid_message, code="invalid")
        return value


class BankFieldsMixin(forms.Form):
    """The account a grant is paid into. The form checks the form of each
    detail; fund.services.bank.bank_details_clean has the last word. There is
    no modulus check (README, "Bank details")."""

    account_name = forms.CharField(
        label=_("Name on the account"),
        help_text=_("As the bank shows it: usually your organisation's name."),
        max_length=ACCOUNT_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the name on the account, as the bank shows it."),
            "max_length": _(
                "Enter a name on the account of %(limit_value)d characters or fewer. It is "
                "%(show_value)d characters."
            ),
            LINE_BREAK: _("Enter the name on the account on one line."),
        },
    )
    sort_code = DigitsField(
        label=_("Sort code"),
        help_text=_("6 digits, like 12-34-56."),
        normalise=sort_code_normalise,
        required_message=_("Enter the sort code."),
        invalid_message=_("Enter the sort code as 6 digits, like 12-34-56."),
    )
    account_number = DigitsField(
        label=_("Account number"),
        help_text=_("8 digits, like 12345678."),
        normalise=account_number_normalise,
        required_message=_("Enter the account number."),
        invalid_message=_("Enter the account number as 8 digits, like 12345678."),
    )

    def bank_fields(self):
        return [self["account_name"], self["sort_code"], self["account_number"]]


class BankDetailsForm(TypedTextMixin, ErrorSummaryMixin, BankFieldsMixin):
    """New bank details, asked for through the private link."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AcceptOfferForm(TypedTextMixin, ErrorSummaryMixin, BankFieldsMixin):
    field_order = ["name", "position"]  # then the account, then the conditions

    name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Enter the name of the person accepting the offer."),
            LINE_BREAK: _("Enter the name on one line."),
        },
    )
    position = forms.CharField(
        label=_("Your position in the organisation"),
        help_text=_("For example, Chair of trustees. You must be allowed to accept on its behalf."),
        max_length=200,
        error_messages={
            "required": _("Enter your position in the organisation."),
            LINE_BREAK: _("Enter the position on one line."),
        },
    )

    def __init__(self, *args, conditions, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.conditions = condition_items(conditions)
        for number, text in enumerate(self.conditions, start=1):
            self.fields[f"condition_{number}"] = forms.BooleanField(
                label=text,
                error_messages={
                    "required": _("Tick condition %(number)s to show you accept it.")
                    % {"number": number}
                },
            )

    def condition_fields(self):
        return [self[f"condition_{n}"] for n in range(1, len(self.conditions) + 1)]


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
