"""The forms of decisions and of the actions on an award.

They check only what a form can (a date is a date, a choice is one of the
choices, an amount is written as money). The rules about amounts, reasons
and names are the services', so the sentences staff read when something is
refused are the services' own.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import DraftailRichTextArea

from fund.applications.status import DeclineReason
from fund.awards.models.awards import ReturnReason
from fund.awards.services.plan import budget_field, target_field
from fund.calls.outcomes import BudgetCategory, MeasureUnit
from fund.core.money_fields import PoundsField
from fund.core.widgets import DateInput

#: What the conditions of a grant may use: they are printed in the letter.
CONDITIONS_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "hr", "link"]


class ConditionsEditor(DraftailRichTextArea):
    """Wagtail's rich text editor. It posts the editor's own JSON; anything
    else (a hand-made POST) counts as empty rather than as an error page."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


class MoneyField(PoundsField):
    """An amount in pounds, read as every money input reads it ("£7,500.50");
    the service says whether the amount is allowed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)  # the service asks for it, in its own words
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "fund-money-input"}
            ),
        )
        super().__init__(**kwargs)


def date_field(label, *, required_message, help_text="", initial=None):
    return forms.DateField(
        label=label,
        initial=initial,
        widget=DateInput,
        help_text=help_text or _("Day/month/year, like 31/3/2027."),
        error_messages={
            "required": required_message,
            "invalid": _("Enter the date as day/month/year, like 31/3/2027."),
        },
    )


#: A reason or note kept with the budget ledger or a letter: as long as an
#: applicant's own reason may be (fund/applications/applicant_forms.py, ReasonForm).
REASON_LIMIT = 2000
TOO_LONG = _(
    "Keep this to %(limit_value)d characters or fewer. It is %(show_value)d characters, "
    "so shorten it."
)


def reason_field(label, help_text, *, required=False):
    return forms.CharField(
        label=label,
        required=required,  # the service asks for a reason, in its own words
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"max_length": TOO_LONG},
    )


# --- decisions ------------------------------------------------------------------


class DecisionForm(forms.Form):
    """An award or a decline. A decision made too soon (before the call has
    closed and its reviews are in: services.decision_too_soon) also asks why
    it cannot wait."""

    def __init__(self, *args, too_soon=(), **kwargs):
        super().__init__(*args, **kwargs)
        if too_soon:
            self.fields["early_reason"] = reason_field(
                _("Why this decision cannot wait"),
                _("Recorded in the application's history with the decision."),
            )


def number_text(value) -> str:
    """80.00 -> "80", 12.50 -> "12.5": a target as a person writes it."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class PlanFieldsMixin:
    """The agreed plan's fields: a target for each numeric measure (``rows``,
    AwardTarget rows, saved or not) and an amount for each budget line.
    What is allowed is the service's to say (fund/awards/services/plan.py)."""

    def add_plan_fields(self, rows, budget: dict):
        self.plan_rows = rows
        for index, row in enumerate(rows):
            if not row.is_number:
                continue
            unit = "" if row.unit == MeasureUnit.POUNDS else f" ({row.get_unit_display()})"
            proposed = (
                _("The applicant proposed %(target)s.") % {"target": number_text(row.proposed)}
                if row.proposed is not None
                else _("The applicant proposed no target.")
            )
            self.fields[target_field(index)] = forms.CharField(
                label=f"{row.name}{unit}",
                required=False,  # the service asks for it, in its own words
                initial=number_text(row.target if row.pk else row.proposed),
                help_text=" ".join(
                    str(part)
                    for part in (
                        proposed,
                        _("Required.") if row.required else _("Optional."),
                        row.definition,
                    )
                    if part
                ),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        for category, label in BudgetCategory.choices:
            self.fields[budget_field(category)] = MoneyField(
                label=_("%(line)s (£)") % {"line": label}, initial=budget.get(category)
            )

    def target_fields(self):
        return [self[name] for name in self.fields if name.startswith("target_")]

    def budget_fields(self):
        return [self[budget_field(category)] for category in BudgetCategory.values]


def plan_targets(rows, data) -> dict:
    """{measure pk, or its name once the call dropped it: the target typed}."""
    return {
        row.measure_id or row.name: data.get(target_field(index))
        for index, row in enumerate(rows)
        if row.is_number
    }


def plan_budget(data) -> dict:
    """{budget category: the amount typed}."""
    return {category: data.get(budget_field(category)) for category in BudgetCategory.values}


class AwardForm(PlanFieldsMixin, DecisionForm):
    amount = MoneyField(
        label=_("Amount to award (£)"),
        help_text=_(
            "In pounds, like 2500 or 2500.50. No more than the amount requested, the "
            "call's maximum or what the fund has left."
        ),
    )
    conditions = forms.CharField(
        label=_("Conditions of the grant"),
        help_text=_(
            "Printed in the award letter. These are the fund's default conditions: "
            "change them for this award if you need to."
        ),
        error_messages={"required": _("Enter the conditions of the grant.")},
    )
    public_reason = forms.CharField(
        label=_("Why this grant reduces crime"),
        help_text=_(
            "Published with the grant on the grants awarded page and in the open data, "
            "as a police and crime commissioner must. Write for the public."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rows=(), budget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_plan_fields(rows, budget or {})
        # Made here, not on the class: the editor reads the rich text
        # features other apps register through hooks.
        editor = ConditionsEditor(features=CONDITIONS_FEATURES)
        # Draftail's editable area is not the <textarea> the <label> points at,
        # so give it its name directly (WCAG 4.1.2; axe "aria-input-field-name").
        editor.options["ariaLabel"] = str(self.fields["conditions"].label)
        self.fields["conditions"].widget = editor


class DeclineForm(DecisionForm):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=DeclineReason.choices,
        required=False,  # the service asks for it, in its own words
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label=_("Feedback for the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("E-mailed to the applicant with the reason. Write it to them."),
    )


# --- the award's life ----------------------------------------------------------


class InstalmentForm(forms.Form):
    due_on = date_field(_("Due"), required_message=_("Enter the date the instalment is due."))
    amount = MoneyField(label=_("Amount (£)"), help_text=_("In pounds, like 2500 or 2500.50."))


class AcceptanceForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the person who accepted the offer"), required=False, max_length=200
    )
    position = forms.CharField(
        label=_("Their position in the organisation"), required=False, max_length=200
    )


class PaymentForm(forms.Form):
    paid_on = date_field(
        _("Paid on"),
        required_message=_("Enter the date the payment was made."),
        initial=timezone.localdate,
    )
    amount = MoneyField(label=_("Amount paid (£)"), help_text=_("In pounds, like 2500 or 2500.50."))
    bacs_reference = forms.CharField(
        label=_("BACS reference"),
        required=False,
        max_length=50,  # the service allows 18 and says so
        help_text=_("Up to 18 letters, numbers, spaces or . - / &."),
    )


class ReturnForm(forms.Form):
    received_on = date_field(
        _("Received on"),
        required_message=_("Enter the date the money was received."),
        initial=timezone.localdate,
    )
    amount = MoneyField(
        label=_("Amount returned (£)"), help_text=_("In pounds, like 250 or 250.50.")
    )
    reason = forms.ChoiceField(
        label=_("Why it was returned"),
        choices=ReturnReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    note = reason_field(_("Note (optional)"), _("Recorded in the budget ledger with the amount."))


class WithdrawForm(forms.Form):
    reason = reason_field(
        _("Reason for withdrawing the award"),
        _("Recorded in the application's history and the budget ledger."),
    )


class PlanForm(PlanFieldsMixin, forms.Form):
    """The agreed targets and budget lines of an award, changed."""

    def __init__(self, *args, rows=(), budget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_plan_fields(rows, budget or {})


class ConfirmForm(forms.Form):
    """No fields: the button is the decision."""


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is completed now (optional)"),
        help_text=_(
            "Needed when the final report is not accepted or the money does not reconcile. "
            "Kept with the award and in its history."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,  # the service says when it is needed, in its own words
    )


class ReissueForm(forms.Form):
    reason = reason_field(
        _("Reason for reissuing the letter"),
        _("Recorded with the new version and in the application's history."),
    )
