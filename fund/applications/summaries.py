"""An application's answers as people read them: the check-your-answers
page, the applicant's copy and the status page, and the staff pages that
show the bid (inspect, screen, review). The core rows follow CORE_QUESTIONS
(fund/applications/questions.py)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from fund.applications.questions import AMOUNT, DATE, core_sections
from fund.applications.status import ApplicationStatus
from fund.calls.figures import figure
from fund.calls.outcomes import BudgetCategory
from fund.core.money import pounds


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


def _core_answer(question, value):
    if question.kind == AMOUNT:
        return pounds(value) or NOT_GIVEN
    if question.kind == DATE:
        return _date(value)
    return _show(question.readable(value))


def _question_rows(application, call, documents):
    """(label, answer) for each of the call's own questions: those frozen
    with the application, or (for a draft) the call's as they are now."""
    questions = (
        application.answers()
        if application.questions
        else [
            {
                "label": f.label,
                "clean_name": f.clean_name,
                "answer": application.form_data.get(f.clean_name),
                "field_type": f.field_type,
            }
            for f in call.get_form_fields()
        ]
    )
    answered_by_file = {d.question: d.original_name for d in documents if d.question}
    rows = []
    for question in questions:
        answer = question["answer"]
        if question.get("field_type") == "file":
            answer = answered_by_file.get(question.get("clean_name"), answer)
        elif question.get("field_type") == "date" and (day := _iso_date(answer)):
            answer = _date(day)
        rows.append((question["label"], _show(answer)))
    return rows


def answer_sections(application, call, *, personal=True) -> list[Section]:
    """Sections of (label, answer) rows, in the order of the form: the core
    questions (without those about a person unless ``personal``), the call's
    own questions if it has any, then the documents."""
    sections = [
        Section(
            key, heading, [(q.title, _core_answer(q, getattr(application, q.name))) for q in qs]
        )
        for key, heading, qs in core_sections(personal=personal)
    ]
    documents = list(application.documents.all())
    if rows := _question_rows(application, call, documents):
        sections.append(Section("questions", _("About this call"), rows))
    sections.extend(plan_sections(application))
    # Files that answer a question are shown with it, not again here.
    files = ", ".join(d.original_name for d in documents if not d.question)
    sections.append(Section("documents", _("Documents"), [(_("Files"), files or _("No files"))]))
    return sections


PLAN_KEYS = {"targets", "budget"}


def plan_sections(application) -> list[Section]:
    """The targets proposed (if any) and the budget lines with their total
    (a draft's, or a sent application's that has lines). Two queries."""
    sections = []
    targets = list(application.targets.all())
    if targets:
        rows = [(t.name, figure(t.target, t.unit)) for t in targets]
        sections.append(Section("targets", _("What the project will achieve"), rows))
    lines = list(application.budget_lines.all())
    if lines or application.status == ApplicationStatus.DRAFT:
        order = list(BudgetCategory.values)
        lines.sort(key=lambda line: order.index(line.category))
        rows = [(line.get_category_display(), pounds(line.amount)) for line in lines]
        total = sum((line.amount for line in lines), Decimal("0.00"))
        rows.append((_("Total"), pounds(total)))
        sections.append(Section("budget", _("Budget"), rows))
    return sections


def staff_answers(application, *, personal: bool) -> dict:
    """For a staff page (templates/fund/admin/_answers.html): the core
    sections with the targets and budget, the call's own questions in a list
    of one section (or none if the call had none), and the targets and
    budget alone, for a page that shows the core answers its own way."""
    sections = answer_sections(application, application.page.specific, personal=personal)
    return {
        "core_sections": [s for s in sections if s.key not in {"questions", "documents"}],
        "question_sections": [s for s in sections if s.key == "questions"],
        "plan_sections": [s for s in sections if s.key in PLAN_KEYS],
    }
