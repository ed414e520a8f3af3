"""The public application form: the core questions (fund/applications/questions.py),
the call's own questions and documents (docs/decisions/0001-wagtail-form-builder.md).
The declarations come on the check-your-answers page."""

import datetime
import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from fund.applications import access, uploads
from fund.applications.forms.builder import ApplicationFormBuilder
from fund.applications.forms.core import CoreQuestionsForm
from fund.applications.forms.files import MultipleFileField, SingleFileField
from fund.applications.forms.outcomes import TargetsAndBudgetMixin, budget_fields, target_fields
from fund.applications.questions import CORE_ANSWER_FIELDS, QUESTION_PREFIX, core_sections
from fund.applications.validators import normalise_registration_number
from fund.core import validators
from fund.core.error_summary import ErrorSummaryMixin
from fund.core.funder import funder_settings
from fund.core.typed import TypedTextMixin


class ApplicationForm(TargetsAndBudgetMixin, TypedTextMixin, ErrorSummaryMixin, CoreQuestionsForm):
    """The core questions every call asks (CoreQuestionsForm), then the
    documents. Call questions and targets are added per call by
    `build_application_form_class`, with the budget lines."""

    submission_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form is out of date. Reload the page and fill it in again."),
            "invalid": _("This form is out of date. Reload the page and fill it in again."),
        },
    )

    documents = MultipleFileField(
        label=_("Supporting documents"),
        required=False,
        max_files=settings.FUND_UPLOAD_MAX_FILES,
        help_text=_(
            "For example your latest accounts and safeguarding policy. PDF, DOCX, XLSX, ODT, "
            "ODS, JPEG or PNG; up to 10 MB each and 25 MB in all."
        ),
    )
    remove_documents = forms.MultipleChoiceField(
        label=_("Files you have already added"),
        help_text=_("Tick any file you want to remove."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    DOCUMENT_FIELDS = ("remove_documents", "documents")

    def __init__(self, *args, call, draft=None, browser_secret=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.pop("page", None)
        self.browser_secret = browser_secret
        if draft is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", draft.draft_data)
        super().__init__(*args, **kwargs)
        self.call = call
        self.draft = draft
        self.accepted_files = []
        self.over_limit = False  # set by clean(): keep none of the new files
        self.hold_documents(list(draft.documents.all()) if draft else [])
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.fill_in_hints()
        plain_words_errors(self)

    def fill_in_hints(self):
        """The call's figures in the core questions' hints (CoreQuestion)."""
        figures = {
            "min": number_format(self.call.minimum_award, 2, force_grouping=True),
            "max": number_format(self.call.maximum_award, 2, force_grouping=True),
            "words": self.call.summary_word_limit,
        }
        for name in CORE_ANSWER_FIELDS:
            field = self.fields[name]
            if field.help_text:
                field.help_text = field.help_text % figures

    # --- sections, for the template ------------------------------------

    @property
    def question_names(self):
        return [name for name in self.fields if name.startswith(QUESTION_PREFIX)]

    def sections(self):
        sections = [
            (key, heading, [self[question.name] for question in questions])
            for key, heading, questions in core_sections()
        ]
        if self.question_names:
            sections.append(
                ("questions", _("About this call"), [self[n] for n in self.question_names])
            )
        sections.extend(self.outcome_sections())
        documents = [self["documents"]]
        if self.held_documents:
            documents.insert(0, self["remove_documents"])
        sections.append(("documents", _("Documents"), documents))
        return sections

    # --- validation ------------------------------------------------------

    def clean_submission_token(self):
        """The row's token, derived from the form's and this browser's secret
        (fund/applications/access.py): the form's token alone opens nothing."""
        token = self.cleaned_data["submission_token"]
        if self.browser_secret is None:
            raise ValidationError(
                self.fields["submission_token"].error_messages["invalid"], code="invalid"
            )
        return access.submission_token(
            secret=self.browser_secret, call_pk=self.call.pk, form_token=token
        )

    def clean_project_summary(self):
        summary = self.cleaned_data["project_summary"].strip()
        words = validators.count_words(summary)
        limit = self.call.summary_word_limit
        if words > limit:
            raise ValidationError(
                _("The project summary must be %(limit)s words or fewer. It is %(words)s words."),
                params={"limit": limit, "words": words},
            )
        return summary

    def clean_amount_requested(self):
        amount = self.cleaned_data["amount_requested"]
        minimum, maximum = self.call.minimum_award, self.call.maximum_award
        if not (minimum <= amount <= maximum):
            raise ValidationError(
                _("Enter an amount between £%(min)s and £%(max)s."),
                params={
                    "min": number_format(minimum, 2, force_grouping=True),
                    "max": number_format(maximum, 2, force_grouping=True),
                },
            )
        return amount.quantize(Decimal("0.01"))

    def clean_planned_start(self):
        start = self.cleaned_data["planned_start"]
        if start < timezone.localdate():
            raise ValidationError(_("The planned start date must be today or in the future."))
        return start

    def clean_documents(self):
        """Check each new file; keep the good ones even when one is refused."""
        errors = []
        for upload in self.cleaned_data.get("documents") or []:
            try:
                self.accepted_files.append(("", uploads.check_file(upload)))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return [checked for _question, checked in self.accepted_files]

    def hold_documents(self, documents):
        """The files already kept with the draft, offered for removal."""
        self.held_documents = documents
        self.fields["remove_documents"].choices = [
            (str(d.pk), f"{d.original_name} ({filesizeformat(d.size)})") for d in documents
        ]

    def kept_documents(self):
        """The files already held with a draft that the applicant keeps."""
        removed = set(self.cleaned_data.get("remove_documents") or [])
        return [d for d in self.held_documents if str(d.pk) not in removed]

    def clean(self):
        cleaned = super().clean()
        organisation_type = cleaned.get("organisation_type")
        if organisation_type and "registration_number" in cleaned:
            try:
                cleaned["registration_number"] = normalise_registration_number(
                    organisation_type, cleaned["registration_number"]
                )
            except ValidationError as error:
                self.add_error("registration_number", error)
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end date must be after the start date."))
        files = [checked for _question, checked in self.checked_files()] + self.kept_documents()
        self.over_limit = len(files) > settings.FUND_UPLOAD_MAX_FILES
        if self.over_limit:
            self.add_error(
                "documents",
                _("You can send up to %(max)s files in all.")
                % {"max": settings.FUND_UPLOAD_MAX_FILES},
            )
        try:
            uploads.check_total_size(files)
        except ValidationError as error:
            self.over_limit = True
            self.add_error("documents", error)
        self._check_required_file_questions(cleaned)
        self.check_budget(cleaned)
        return cleaned

    def _check_required_file_questions(self, cleaned):
        """A required file question already answered by a file held with the
        draft needs no new file."""
        held = {d.question for d in self.kept_documents() if d.question}
        for name in self.question_names:
            question = name.removeprefix(QUESTION_PREFIX)
            if name in self.errors and question in held:
                field = self.fields[name]
                if (
                    isinstance(field, SingleFileField)
                    and self.errors[name].as_data()[0].code == "required"
                ):
                    del self.errors[name]

    def checked_files(self):
        """Every accepted file, as (question clean name or "", CheckedFile)."""
        files = list(self.accepted_files)
        for name in self.question_names:
            value = self.cleaned_data.get(name)
            if isinstance(value, uploads.CheckedFile):
                files.append((name.removeprefix(QUESTION_PREFIX), value))
        return files

    def question_answers(self):
        """The call questions' valid answers, JSON-ready (files by name)."""
        answers = {}
        for name in self.question_names:
            if name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if isinstance(value, uploads.CheckedFile):
                value = value.original_name
            elif isinstance(value, Decimal | datetime.date):
                value = str(value)
            answers[name.removeprefix(QUESTION_PREFIX)] = value
        return answers

    def has_answers(self):
        """Whether any answer other than a file passed validation. Files
        alone never start a draft: a post of nothing but files keeps none."""
        answers = list(self.core_answers().values()) + [
            self.cleaned_data.get(name)
            for name in self.question_names
            if not isinstance(self.fields[name], forms.FileField)
        ]
        return any(value is not False and value not in (None, "", []) for value in answers)

    def core_answers(self):
        """The core fields that passed validation, ready for typed columns."""
        return {
            name: self.cleaned_data[name]
            for name in CORE_ANSWER_FIELDS
            if name in self.cleaned_data
        }

    def raw_answers(self):
        """Everything typed, exactly as typed, to keep with a draft (files aside)."""
        raw = {}
        for name, field in self.fields.items():
            if name == "submission_token" or isinstance(field, forms.FileField):
                continue
            if name == "remove_documents":
                continue
            if isinstance(field, forms.MultipleChoiceField):
                raw[name] = [without_nul(value) for value in self.data.getlist(name)]
            else:
                raw[name] = without_nul(self.data.get(name, ""))
        return raw


def without_nul(value):
    """PostgreSQL stores no NUL character in text or JSON; one pasted into an
    answer is refused by the field, and left out of the draft."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def plain_words_errors(form):
    """Whole sentences naming the question, where Django's own words would
    leave the applicant guessing: a NUL character (invisible, and usually
    pasted), an answer that is too long, a choice that is not on the list."""
    for name, field in form.fields.items():
        if name == "remove_documents" or isinstance(field, forms.FileField):
            continue
        label = str(field.label or "")
        if name.startswith(QUESTION_PREFIX):
            label = _("Your answer to “%(label)s”") % {"label": label}
        # Django formats these again with the validator's values.
        escaped = label.replace("%", "%%")
        field.error_messages.update(
            null_characters_not_allowed=_(
                "%(label)s contains a hidden character that we cannot accept, perhaps "
                "copied from another document. Type the answer in again."
            )
            % {"label": escaped},
            max_length=_(
                "%(label)s must be %%(limit_value)d characters or fewer. It is "
                "%%(show_value)d characters, so shorten it."
            )
            % {"label": escaped},
            invalid_choice=_("Choose from the options given for “%(label)s”.")
            % {"label": str(field.label or "").replace("%", "%%")},
        )


def privacy_notice_url(request=None):
    """The live privacy notice page named in the funder settings, if any
    (those read for ``request`` already, when given: see funder_settings)."""

    page = funder_settings(request).privacy_notice
    return page.url if page and page.live else None


def build_application_form_class(call):
    """One form class: the core, the call's questions, the targets for its
    numeric measures and the budget, then documents."""
    question_fields = {
        f"{QUESTION_PREFIX}{name}": field
        for name, field in ApplicationFormBuilder(call.get_form_fields()).formfields.items()
    }
    measures = [measure for measure in call.outcome_measures.all() if measure.is_number]
    targets, budget = target_fields(measures), budget_fields()
    form_class = type(
        "CallApplicationForm",
        (ApplicationForm,),
        {**question_fields, **targets, **budget, "measures": measures},
    )
    form_class.field_order = (
        ["submission_token"]
        + list(CORE_ANSWER_FIELDS)
        + list(question_fields)
        + list(targets)
        + list(budget)
        + list(ApplicationForm.DOCUMENT_FIELDS)
    )
    return form_class
