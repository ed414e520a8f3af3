from django import forms
from django.utils.translation import gettext_lazy as _

from fund.awards.models.bank import ACCOUNT_NAME_MAX, account_number_normalise, sort_code_normalise
from fund.awards.selectors import condition_items
from fund.core.error_summary import ErrorSummaryMixin
from fund.core.typed import LINE_BREAK, TypedTextMixin


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
    detail; fund.awards.services.bank.bank_details_clean has the last word. There is
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
