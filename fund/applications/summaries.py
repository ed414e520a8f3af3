"""An application's answers as people read them: the check-your-answers
page, the applicant's copy and the status page."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from fund.applications.models import District, OrganisationType
from fund.templatetags.fund_tags import pounds


@dataclass
class Section:
    key: str
    heading: str
    rows: list = field(default_factory=list)


#: What an answer left empty reads as.
NOT_GIVEN = _("Not given")


def _show(value):
    if value in (None, "", []):
        return NOT_GIVEN
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _date(value):
    """A date as the rest of the site writes it: 1 April 2027."""
    return date_format(value, "j F Y") if value else NOT_GIVEN


def _iso_date(text):
    """The date a call's date question keeps (as 2027-04-01), or None."""
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def answer_sections(application, call) -> list[Section]:
    """Sections of (label, answer) rows, in the order of the form."""
    a = application
    districts = dict(District.choices)
    organisation = Section(
        "organisation",
        _("Your organisation"),
        [
            (_("Organisation name"), _show(a.organisation_name)),
            (
                _("Type of organisation"),
                _show(dict(OrganisationType.choices).get(a.organisation_type)),
            ),
            (_("Registration number"), _show(a.registration_number)),
            (_("Address"), _show(a.address)),
            (_("Postcode"), _show(a.postcode)),
        ],
    )
    contact = Section(
        "contact",
        _("Contact"),
        [
            (_("Contact name"), _show(a.contact_name)),
            (_("Contact e-mail address"), _show(a.contact_email)),
            (_("Contact telephone number"), _show(a.contact_phone)),
        ],
    )
    project = Section(
        "project",
        _("Your project"),
        [
            (_("Project title"), _show(a.project_title)),
            (_("Project summary"), _show(a.project_summary)),
            (_("Amount requested"), pounds(a.amount_requested) or NOT_GIVEN),
            (_("Planned start date"), _date(a.planned_start)),
            (_("Planned end date"), _date(a.planned_end)),
            (_("Districts"), _show([str(districts.get(d, d)) for d in a.districts])),
        ],
    )
    sections = [organisation, contact, project]
    questions = (
        a.answers()
        if a.questions
        else [
            {
                "label": f.label,
                "clean_name": f.clean_name,
                "answer": a.form_data.get(f.clean_name),
                "field_type": f.field_type,
            }
            for f in call.get_form_fields()
        ]
    )
    documents = list(a.documents.all())
    answered_by_file = {d.question: d.original_name for d in documents if d.question}
    if questions:
        rows = []
        for question in questions:
            answer = question["answer"]
            if question.get("field_type") == "file":
                answer = answered_by_file.get(question.get("clean_name"), answer)
            elif question.get("field_type") == "date" and (day := _iso_date(answer)):
                answer = _date(day)
            rows.append((question["label"], _show(answer)))
        sections.append(Section("questions", _("About this call"), rows))
    sections.append(
        Section(
            "documents",
            _("Documents"),
            [
                # Files that answer a question are shown with it, not again here.
                (
                    _("Files"),
                    ", ".join(d.original_name for d in documents if not d.question)
                    or _("No files"),
                ),
            ],
        )
    )
    return sections
