"""The public application form: a fixed core, the call's own questions and
documents (DESIGN.md). The declarations come on the check-your-answers page."""

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
from wagtail.contrib.forms.forms import FormBuilder

from fund.applications import access, uploads
from fund.applications.models import District, OrganisationType
from fund.applications.questions import QUESTION_PREFIX
from fund.applications.validators import normalise_registration_number
from fund.core import validators
from fund.core.error_summary import ErrorSummaryMixin
from fund.core.funder import funder_settings
from fund.core.money_fields import PoundsField
from fund.core.typed import LINE_BREAK, TypedTextMixin


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


class ApplicationForm(TypedTextMixin, ErrorSummaryMixin, forms.Form):
    """The core section every call asks. Call questions are added per call
    by `build_application_form_class`."""

    submission_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form is out of date. Reload the page and fill it in again."),
            "invalid": _("This form is out of date. Reload the page and fill it in again."),
        },
    )

    organisation_name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        error_messages={
            "required": _("Enter the name of your organisation."),
            LINE_BREAK: _("Enter the organisation's name on one line."),
        },
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the type of organisation.")},
    )
    registration_number = forms.CharField(
        label=_("Registration number"),
        required=False,
        max_length=20,
        error_messages={LINE_BREAK: _("Enter the registration number on one line.")},
        help_text=_(
            "Your charity number or company number. Leave this empty if your group is "
            "not registered."
        ),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"required": _("Enter your organisation's address.")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "input--short"}),
        error_messages={
            "required": _("Enter your organisation's postcode."),
            LINE_BREAK: _("Enter the postcode on one line."),
        },
    )
    contact_name = forms.CharField(
        label=_("Contact name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Enter the name of the person we should contact."),
            LINE_BREAK: _("Enter the name on one line."),
        },
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail address"),
        max_length=254,  # the column's length: the form's default (320) is longer
        help_text=_("We will send the acknowledgement and our decision here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the contact's e-mail address."),
            "invalid": _("Enter an e-mail address in the right format, like name@example.org."),
        },
    )
    contact_phone = forms.CharField(
        label=_("Contact telephone number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={
            "required": _("Enter the contact's telephone number."),
            LINE_BREAK: _("Enter the telephone number on one line."),
        },
    )
    project_title = forms.CharField(
        label=_("Project title"),
        max_length=200,
        error_messages={
            "required": _("Enter a title for your project."),
            LINE_BREAK: _("Enter the project title on one line."),
        },
    )
    project_summary = forms.CharField(
        label=_("Project summary"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter a summary of your project.")},
    )
    amount_requested = PoundsField(
        label=_("Amount requested (£)"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        error_messages={
            "required": _("Enter the amount you are asking for."),
            "invalid": _("Enter the amount in pounds, like 2500 or 2500.50."),
            "max_decimal_places": _("Enter the amount in pounds and pence, like 2500.50."),
            "max_digits": _("Enter a smaller amount."),
        },
    )
    planned_start = forms.DateField(
        label=_("Planned start date"),
        help_text=_("For example, 1/4/2027 or 1 April 2027"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"class": "input--short"}),
        error_messages={
            "required": _("Enter the date your project will start."),
            "invalid": _("Enter the start date as a date, like 1/4/2027 or 1 April 2027."),
        },
    )
    planned_end = forms.DateField(
        label=_("Planned end date"),
        help_text=_("For example, 31/3/2028 or 31 March 2028"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"class": "input--short"}),
        error_messages={
            "required": _("Enter the date your project will end."),
            "invalid": _("Enter the end date as a date, like 31/3/2028 or 31 March 2028."),
        },
    )
    districts = forms.MultipleChoiceField(
        label=_("Districts your project will serve"),
        help_text=_("Select all that apply."),
        choices=District.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one district your project will serve.")},
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

    CORE_FIELDS = (
        (
            "organisation",
            _("Your organisation"),
            (
                "organisation_name",
                "organisation_type",
                "registration_number",
                "address",
                "postcode",
            ),
        ),
        ("contact", _("Contact"), ("contact_name", "contact_email", "contact_phone")),
        (
            "project",
            _("Your project"),
            (
                "project_title",
                "project_summary",
                "amount_requested",
                "planned_start",
                "planned_end",
                "districts",
            ),
        ),
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
        minimum, maximum = call.minimum_award, call.maximum_award
        self.fields["amount_requested"].help_text = _("Between £%(min)s and £%(max)s.") % {
            "min": number_format(minimum, 2, force_grouping=True),
            "max": number_format(maximum, 2, force_grouping=True),
        }
        self.fields["project_summary"].help_text = _(
            "What you will do, for whom, and what will change. Up to %(limit)s words."
        ) % {"limit": call.summary_word_limit}
        plain_words_errors(self)

    # --- sections, for the template ------------------------------------

    @property
    def question_names(self):
        return [name for name in self.fields if name.startswith(QUESTION_PREFIX)]

    def sections(self):
        sections = [
            (key, heading, [self[n] for n in names]) for key, heading, names in self.CORE_FIELDS
        ]
        if self.question_names:
            sections.append(
                ("questions", _("About this call"), [self[n] for n in self.question_names])
            )
        documents = [self["documents"]]
        if self.held_documents:
            documents.insert(0, self["remove_documents"])
        sections.append(("documents", _("Documents"), documents))
        return sections

    # --- validation ------------------------------------------------------

    def clean_submission_token(self):
        """The row's token, derived from the form's and this browser's secret
        (fund/access.py): the form's token alone opens nothing."""
        token = self.cleaned_data["submission_token"]
        if self.browser_secret is None:
            raise ValidationError(
                self.fields["submission_token"].error_messages["invalid"], code="invalid"
            )
        return access.submission_token(
            secret=self.browser_secret, call_pk=self.call.pk, form_token=token
        )

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data["organisation_name"].split())

    def clean_postcode(self):
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def clean_contact_phone(self):
        return validators.normalise_phone(self.cleaned_data["contact_phone"])

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
        names = [n for _key, _heading, names in self.CORE_FIELDS for n in names]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

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


def privacy_notice_url():
    """The live privacy notice page named in the funder settings, if any."""

    page = funder_settings().privacy_notice
    return page.url if page and page.live else None


def build_application_form_class(call):
    """One form class: the core, the call's questions, then documents."""
    question_fields = {
        f"{QUESTION_PREFIX}{name}": field
        for name, field in ApplicationFormBuilder(call.get_form_fields()).formfields.items()
    }
    form_class = type("CallApplicationForm", (ApplicationForm,), dict(question_fields))
    form_class.field_order = (
        ["submission_token"]
        + [name for _key, _heading, names in ApplicationForm.CORE_FIELDS for name in names]
        + list(question_fields)
        + list(ApplicationForm.DOCUMENT_FIELDS)
    )
    return form_class
