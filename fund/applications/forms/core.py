"""The core questions as form fields, made from the one list of them
(fund/applications/questions.py): ``CoreQuestionsForm`` holds a field for
each, in order, and keeps each answer as its question normalises it."""

from django import forms

from fund.applications.forms.builder import DATE_INPUT_FORMATS
from fund.applications.questions import (
    AMOUNT,
    CHOICE,
    CHOICES,
    CORE_QUESTIONS,
    DATE,
    EMAIL,
    LINES,
    TEXT,
)
from fund.core.money import MONEY
from fund.core.money_fields import PoundsField


def _text(question, options):
    return forms.CharField(
        max_length=question.input_length, widget=forms.TextInput(question.attrs), **options
    )


def _lines(question, options):
    return forms.CharField(
        max_length=question.input_length, widget=forms.Textarea(question.attrs), **options
    )


def _email(question, options):
    # The column's length: the form's default (320) is longer.
    return forms.EmailField(
        max_length=question.max_length, widget=forms.EmailInput(question.attrs), **options
    )


def _choice(question, options):
    return forms.ChoiceField(choices=question.choices.choices, widget=forms.RadioSelect, **options)


def _choices(question, options):
    return forms.MultipleChoiceField(
        choices=question.choices.choices, widget=forms.CheckboxSelectMultiple, **options
    )


def _amount(question, options):
    if question.attrs:
        options["widget"] = forms.TextInput(question.attrs)
    return PoundsField(**MONEY, **options)


def _date(question, options):
    return forms.DateField(
        input_formats=DATE_INPUT_FORMATS, widget=forms.DateInput(question.attrs), **options
    )


_FIELDS = {
    TEXT: _text,
    LINES: _lines,
    EMAIL: _email,
    CHOICE: _choice,
    CHOICES: _choices,
    AMOUNT: _amount,
    DATE: _date,
}


def core_field(question) -> forms.Field:
    """The form field that asks ``question``. A hint naming the call's
    figures is filled in by the form (ApplicationForm.__init__)."""
    options = {
        "label": question.label,
        "required": question.required,
        "help_text": question.hint,
        "error_messages": dict(question.errors),
    }
    return _FIELDS[question.kind](question, options)


def _normaliser(question):
    def clean(form):
        return question.normalise(form.cleaned_data[question.name])

    clean.__name__ = f"clean_{question.name}"
    return clean


#: A form of the core questions alone, for ApplicationForm to build on.
CoreQuestionsForm = type(
    "CoreQuestionsForm",
    (forms.Form,),
    {
        **{question.name: core_field(question) for question in CORE_QUESTIONS},
        **{
            f"clean_{question.name}": _normaliser(question)
            for question in CORE_QUESTIONS
            if question.normalise
        },
        "__module__": __name__,
        "__doc__": "A field for each core question, in the form's order.",
    },
)
