"""The questions an application answers: the core every call asks, declared
once, and a frozen copy of each call's own.

``CORE_QUESTIONS`` is the one list of the core questions, in the form's order
and grouped in ``SECTIONS`` (STYLE.md, "Each thing is defined once"). Each is
the typed column of ``Application`` with the same name. From the list come
the public form's core fields and its sections (fund/applications/forms),
check your answers, the applicant's copy and the staff pages
(fund/applications/summaries.py), the submit service's list of what must be
answered, the CSV and XLSX exports of applications, the subject access
export and what the 360Giving data publishes. Adding a core question is one
entry here and a migration for its column.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from fund.applications.models import District, OrganisationType
from fund.core import validators
from fund.core.typed import LINE_BREAK

# What an answer is, and so how it is asked and shown.
TEXT = "text"  # one line
LINES = "lines"  # several lines
EMAIL = "email"
CHOICE = "choice"  # one of ``choices``
CHOICES = "choices"  # any of ``choices``
AMOUNT = "amount"  # pounds and pence
DATE = "date"

#: The core's sections, in the form's order: (key, heading).
SECTIONS = (
    ("organisation", _("Your organisation")),
    ("contact", _("Contact")),
    ("project", _("Your project")),
)


def single_spaced(value: str) -> str:
    return " ".join(value.split())


@dataclass(frozen=True)
class CoreQuestion:
    """One core question. ``hint`` may name the call's award range,
    %(min)s and %(max)s, and its summary word limit, %(words)s."""

    name: str  # the Application column, and the form field
    label: str  # the question on the form
    section: str  # a key of SECTIONS
    kind: str
    short_label: str = ""  # the answer's label where the question's says more than it needs
    hint: str = ""
    required: bool = True  # to send the application; a draft may leave anything out
    max_length: int | None = None  # the column's
    typed_length: int | None = None  # the longest the form takes, before normalising
    choices: type | None = None  # the TextChoices of a CHOICE or CHOICES answer
    attrs: dict = field(default_factory=dict)  # the input's HTML attributes
    errors: dict = field(default_factory=dict)  # the form's messages, by error code
    normalise: Callable | None = None  # the answer as kept, from the answer as typed
    published: bool = False  # in the 360Giving data (fund/opendata/giving360.py)
    personal: bool = False  # about a person: not shown to the grant panel
    exported: bool = True  # a column of the applications' CSV and XLSX export

    @property
    def title(self):
        """The answer's label, as check your answers and the staff pages show it."""
        return self.short_label or self.label

    @property
    def input_length(self):
        return self.typed_length or self.max_length

    @property
    def empty(self):
        """The column's value for no answer."""
        if self.kind == CHOICES:
            return []
        return None if self.kind in (AMOUNT, DATE) else ""

    def readable(self, value):
        """A choice as its label ("" for none), choices as a list of labels;
        any other answer as it is."""
        if self.kind not in (CHOICE, CHOICES):
            return value
        labels = dict(self.choices.choices)
        if self.kind == CHOICE:
            return str(labels.get(value, ""))
        return [str(labels.get(v, v)) for v in value or []]


CORE_QUESTIONS = (
    # --- Your organisation
    CoreQuestion(
        "organisation_name",
        _("Organisation name"),
        "organisation",
        TEXT,
        max_length=200,
        errors={
            "required": _("Enter the name of your organisation."),
            LINE_BREAK: _("Enter the organisation's name on one line."),
        },
        normalise=single_spaced,
        published=True,
    ),
    CoreQuestion(
        "organisation_type",
        _("Type of organisation"),
        "organisation",
        CHOICE,
        max_length=16,
        choices=OrganisationType,
        errors={"required": _("Select the type of organisation.")},
        published=True,
    ),
    CoreQuestion(
        "registration_number",
        _("Registration number"),
        "organisation",
        TEXT,
        hint=_(
            "Your charity number or company number. Leave this empty if your group is "
            "not registered."
        ),
        required=False,  # checked against the type of organisation by the form
        max_length=12,
        typed_length=20,
        errors={LINE_BREAK: _("Enter the registration number on one line.")},
        published=True,
    ),
    CoreQuestion(
        "address",
        _("Address"),
        "organisation",
        LINES,
        typed_length=500,
        attrs={"rows": 3, "autocomplete": "street-address"},
        errors={"required": _("Enter your organisation's address.")},
        personal=True,
        exported=False,  # the export gives the postcode only, as it always has
    ),
    CoreQuestion(
        "postcode",
        _("Postcode"),
        "organisation",
        TEXT,
        max_length=8,
        typed_length=10,
        attrs={"autocomplete": "postal-code", "class": "input--short"},
        errors={
            "required": _("Enter your organisation's postcode."),
            LINE_BREAK: _("Enter the postcode on one line."),
        },
        normalise=validators.normalise_postcode,
        personal=True,
    ),
    # --- Contact
    CoreQuestion(
        "contact_name",
        _("Contact name"),
        "contact",
        TEXT,
        max_length=200,
        attrs={"autocomplete": "name"},
        errors={
            "required": _("Enter the name of the person we should contact."),
            LINE_BREAK: _("Enter the name on one line."),
        },
        personal=True,
    ),
    CoreQuestion(
        "contact_email",
        _("Contact e-mail address"),
        "contact",
        EMAIL,
        hint=_("We will send the acknowledgement and our decision here."),
        max_length=254,
        attrs={"autocomplete": "email", "spellcheck": "false"},
        errors={
            "required": _("Enter the contact's e-mail address."),
            "invalid": _("Enter an e-mail address in the right format, like name@example.org."),
        },
        personal=True,
    ),
    CoreQuestion(
        "contact_phone",
        _("Contact telephone number"),
        "contact",
        TEXT,
        max_length=20,
        typed_length=30,
        attrs={"autocomplete": "tel", "type": "tel"},
        errors={
            "required": _("Enter the contact's telephone number."),
            LINE_BREAK: _("Enter the telephone number on one line."),
        },
        normalise=validators.normalise_phone,
        personal=True,
    ),
    # --- Your project
    CoreQuestion(
        "project_title",
        _("Project title"),
        "project",
        TEXT,
        max_length=200,
        errors={
            "required": _("Enter a title for your project."),
            LINE_BREAK: _("Enter the project title on one line."),
        },
        published=True,
    ),
    CoreQuestion(
        "project_summary",
        _("Project summary"),
        "project",
        LINES,
        hint=_("What you will do, for whom, and what will change. Up to %(words)s words."),
        typed_length=20_000,
        attrs={"rows": 8},
        errors={"required": _("Enter a summary of your project.")},
        published=True,
    ),
    CoreQuestion(
        "amount_requested",
        _("Amount requested (£)"),
        "project",
        AMOUNT,
        short_label=_("Amount requested"),
        hint=_("Between £%(min)s and £%(max)s."),
        attrs={"inputmode": "decimal", "class": "input--short"},
        errors={
            "required": _("Enter the amount you are asking for."),
            "invalid": _("Enter the amount in pounds, like 2500 or 2500.50."),
            "max_decimal_places": _("Enter the amount in pounds and pence, like 2500.50."),
            "max_digits": _("Enter a smaller amount."),
        },
        published=True,
    ),
    CoreQuestion(
        "planned_start",
        _("Planned start date"),
        "project",
        DATE,
        hint=_("For example, 1/4/2027 or 1 April 2027"),
        attrs={"class": "input--short"},
        errors={
            "required": _("Enter the date your project will start."),
            "invalid": _("Enter the start date as a date, like 1/4/2027 or 1 April 2027."),
        },
    ),
    CoreQuestion(
        "planned_end",
        _("Planned end date"),
        "project",
        DATE,
        hint=_("For example, 31/3/2028 or 31 March 2028"),
        attrs={"class": "input--short"},
        errors={
            "required": _("Enter the date your project will end."),
            "invalid": _("Enter the end date as a date, like 31/3/2028 or 31 March 2028."),
        },
    ),
    CoreQuestion(
        "districts",
        _("Districts your project will serve"),
        "project",
        CHOICES,
        short_label=_("Districts"),
        hint=_("Select all that apply."),
        choices=District,
        errors={"required": _("Select at least one district your project will serve.")},
        published=True,
    ),
)

#: The core questions' names (and columns), in the form's order.
CORE_ANSWER_FIELDS = tuple(question.name for question in CORE_QUESTIONS)
#: The core answers the 360Giving data publishes.
PUBLISHED_ANSWER_FIELDS = tuple(q.name for q in CORE_QUESTIONS if q.published)


def core_sections(*, personal: bool = True):
    """[(key, heading, [CoreQuestion, ...]), ...] in the form's order, without
    the questions about a person unless ``personal``, and without a section
    left empty."""
    sections = [
        (
            key,
            heading,
            [q for q in CORE_QUESTIONS if q.section == key and (personal or not q.personal)],
        )
        for key, heading in SECTIONS
    ]
    return [section for section in sections if section[2]]


# --- the call's own questions ----------------------------------------------------

#: Call questions are named q_<clean name> in the form, so a question can
#: never replace a core field that happens to have the same name.
QUESTION_PREFIX = "q_"


def question_definitions(call, form_fields=None):
    """A frozen copy of the call's questions, kept with each application.
    Pass ``form_fields`` when they are already loaded."""
    return [
        {
            "clean_name": form_field.clean_name,
            "label": form_field.label,
            "field_type": form_field.field_type,
            "help_text": form_field.help_text,
            "required": form_field.required,
            "choices": form_field.choices,
        }
        for form_field in (call.get_form_fields() if form_fields is None else form_fields)
    ]
