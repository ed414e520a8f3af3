"""The core questions are declared once (fund/applications/questions.py) and
every place that asks, shows, exports or publishes them follows that list:
the form, check your answers, the staff pages, the export of applications,
the submit service, the subject access export and the 360Giving data."""

import csv
import dataclasses
import io
import json
import zipfile
from decimal import Decimal
from html import unescape
from types import SimpleNamespace

import pytest
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst

from fund.applications import questions as core
from fund.applications.forms import build_application_form_class
from fund.applications.forms.core import core_field
from fund.applications.models import Application
from fund.applications.questions import (
    CORE_ANSWER_FIELDS,
    CORE_QUESTIONS,
    PUBLISHED_ANSWER_FIELDS,
    SECTIONS,
    core_sections,
)
from fund.applications.services.sending import REQUIRED_TO_SUBMIT
from fund.applications.summaries import answer_sections, staff_answers
from fund.grants.applications import ApplicationViewSet
from fund.opendata import giving360
from fund.opendata import selectors as opendata
from fund.privacy.subject_access import subject_access_export
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import ApplicationFactory
from tests.support.published import PERSONAL, award_grant

pytestmark = pytest.mark.django_db

COLUMN_TYPES = {
    core.TEXT: models.CharField,
    core.LINES: models.TextField,
    core.EMAIL: models.EmailField,
    core.CHOICE: models.CharField,
    core.CHOICES: models.JSONField,
    core.AMOUNT: models.DecimalField,
    core.DATE: models.DateField,
}


def names(questions):
    return [question.name for question in questions]


def page_text(response):
    return unescape(response.content.decode())


# --- the list itself ---------------------------------------------------------------


def test_every_core_question_is_a_column_of_its_kind_and_length():
    for question in CORE_QUESTIONS:
        column = Application._meta.get_field(question.name)
        assert type(column) is COLUMN_TYPES[question.kind], question.name
        assert column.max_length == question.max_length, question.name
        if question.kind == core.CHOICE:
            assert column.choices == question.choices.choices, question.name
        if question.typed_length and question.max_length:
            # Longer only where the answer is normalised before it is kept.
            assert question.typed_length > question.max_length, question.name
            assert question.normalise or question.name == "registration_number"


def test_the_questions_are_in_their_sections_in_order_and_named_once():
    keys = [key for key, _heading in SECTIONS]
    assert len(set(CORE_ANSWER_FIELDS)) == len(CORE_ANSWER_FIELDS)
    assert [keys.index(q.section) for q in CORE_QUESTIONS] == sorted(
        keys.index(q.section) for q in CORE_QUESTIONS
    )
    assert [n for _key, _heading, qs in core_sections() for n in names(qs)] == list(
        CORE_ANSWER_FIELDS
    )


# --- the form ------------------------------------------------------------------------


def test_the_form_asks_each_core_question_in_order_as_the_list_says(open_call):
    form = build_application_form_class(open_call)(call=open_call)

    asked = [name for name in form.fields if name in CORE_ANSWER_FIELDS]
    assert asked == list(CORE_ANSWER_FIELDS)
    for question in CORE_QUESTIONS:
        field = form.fields[question.name]
        assert field.label == question.label
        assert field.required == question.required
        if question.kind in (core.TEXT, core.LINES, core.EMAIL):
            assert field.max_length == question.input_length
        assert (field.help_text != "") == (question.hint != "")
    sections = [
        (key, [bound.name for bound in fields]) for key, _heading, fields in form.sections()
    ]
    assert sections[:3] == [(key, names(qs)) for key, _heading, qs in core_sections()]


def test_a_question_added_to_the_list_gets_its_field():
    added = dataclasses.replace(
        CORE_QUESTIONS[0], name="trading_name", label="Trading name", required=False
    )

    field = core_field(added)

    assert field.label == "Trading name"
    assert not field.required
    assert field.max_length == added.max_length


# --- what people read ---------------------------------------------------------------


def test_check_your_answers_follows_the_list(open_call):
    application = ApplicationFactory(page=open_call, districts=["leeds", "bradford"])

    sections = answer_sections(application, open_call)

    core_rows = [row for section in sections[:3] for row in section.rows]
    assert [section.key for section in sections[:3]] == [key for key, _heading in SECTIONS]
    assert [str(label) for label, _value in core_rows] == [str(q.title) for q in CORE_QUESTIONS]
    shown = dict((str(label), value) for label, value in core_rows)
    assert shown["Amount requested"] == "£2,500.00"
    assert shown["Districts"] == "Leeds, Bradford"


def test_a_question_added_to_the_list_is_on_check_your_answers(open_call, monkeypatch):
    added = dataclasses.replace(CORE_QUESTIONS[0], name="reference", label="Added question")
    monkeypatch.setattr(core, "CORE_QUESTIONS", (*CORE_QUESTIONS, added))
    application = ApplicationFactory(page=open_call, reference="SCF-2026-0777")

    rows = [row for section in answer_sections(application, open_call) for row in section.rows]

    assert ("Added question", "SCF-2026-0777") in rows


def test_the_panel_sees_every_answer_but_those_about_a_person(
    client, open_call, panel_member, manager
):
    application = ApplicationFactory(page=open_call, status="eligible", **PERSONAL)
    assignment = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)
    client.force_login(panel_member)

    shown = staff_answers(application, personal=False)["core_sections"]
    page = page_text(client.get(reverse("fund_reviews:review", args=[assignment.pk])))

    core = [section for section in shown if section.key not in {"targets", "budget"}]
    rows = [str(label) for section in core for label, _value in section.rows]
    assert rows == [str(q.title) for q in CORE_QUESTIONS if not q.personal]
    for label in rows:
        assert label in page
    for value in PERSONAL.values():
        assert value.splitlines()[0] not in page


def test_the_inspect_page_lists_every_core_answer():
    fields = ApplicationViewSet.inspect_view_fields
    assert [name for name in fields if name in CORE_ANSWER_FIELDS] == list(CORE_ANSWER_FIELDS)


# --- exports and the services ---------------------------------------------------------


def test_the_export_has_a_column_for_each_exported_question_in_order(client, manager, open_call):
    ApplicationFactory(page=open_call)
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"export": "csv"})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(body)))
    exported = [q for q in CORE_QUESTIONS if q.exported]
    assert header == [
        "Reference",
        "Status",
        "Call",
        *(capfirst(Application._meta.get_field(q.name).verbose_name) for q in exported),
        "Submitted",
    ]


def test_the_submit_service_requires_the_required_questions():
    assert REQUIRED_TO_SUBMIT == [q.name for q in CORE_QUESTIONS if q.required]


def test_the_subject_access_export_gives_every_core_answer(open_call, manager):
    application = ApplicationFactory(
        page=open_call, organisation_type="charity_ew", districts=["leeds"]
    )

    export = subject_access_export(email=application.contact_email, by=manager)

    data = json.loads(zipfile.ZipFile(export.file).read("applications.json"))[0]
    for question in CORE_QUESTIONS:
        assert question.name in data, question.name
    assert data["organisation_type"] == "Registered charity (England and Wales)"
    assert data["districts"] == ["Leeds"]
    assert data["postcode"] == application.postcode


# --- the open data ----------------------------------------------------------------------


def test_the_360giving_mapping_covers_the_published_questions_and_no_other():
    published = {q.name for q in CORE_QUESTIONS if q.published}
    assert set(PUBLISHED_ANSWER_FIELDS) == published
    assert set(giving360.PUBLISHED_AS) == published
    read = {field.removeprefix("application__") for field in opendata._PUBLISHED_FIELDS}
    assert read & set(CORE_ANSWER_FIELDS) == published
    assert not published & {q.name for q in CORE_QUESTIONS if q.personal}


def test_a_grant_publishes_the_published_answers_and_nothing_else(open_call, manager):
    award = award_grant(
        open_call,
        manager,
        organisation_type="charity_ew",
        registration_number="1187654",
        project_title="Safe house advice",
        project_summary="Advice at the safe house.",
    )
    funder = SimpleNamespace(
        grant_identifier_prefix="360G-example", organisation_identifier="GB-X", funder_name="F"
    )

    (grant,) = opendata.published_grants()
    record = giving360.grant_record(grant, funder=funder)

    application = award.application
    found = {name: giving360._value(record, path) for name, path in giving360.PUBLISHED_AS.items()}
    assert found["organisation_name"] == application.organisation_name
    assert found["registration_number"] == "GB-CHC-1187654"
    assert found["project_title"] == "Safe house advice"
    assert found["project_summary"].startswith("Advice at the safe house.")
    assert found["amount_requested"] == Decimal("4000.00")
    assert found["districts"][0]["name"] == "Leeds"
    text = json.dumps(record, default=str)
    for question in CORE_QUESTIONS:
        value = getattr(application, question.name)
        if not question.published and isinstance(value, str) and value:
            for line in value.splitlines():
                assert line not in text, question.name
