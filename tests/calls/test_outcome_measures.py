"""A fund manager names a call's outcome measures and reporting schedule in
the page editor; the demo's calls carry measures for the fund's field."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Sum

from fund.applications.models import Application
from fund.calls.models import CallPage
from fund.calls.outcomes import MeasureKind
from tests.support.editing import call_editor_data
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db

VICTIMS = {
    "name": "Victims and survivors supported",
    "kind": "number",
    "unit": "people",
    "required": "on",
    "definition": "Adults given one-to-one support for at least four weeks.",
}
CASE_STUDY = {
    "name": "Case study",
    "kind": "text",
    "unit": "",
    "required": "",
    "definition": "No names or details that could identify a victim.",
}


def edit(client, call, **inlines):
    return client.post(f"/admin/pages/{call.pk}/edit/", call_editor_data(call, **inlines))


def test_a_fund_manager_names_the_measures_and_schedule_in_the_call_editor(
    client, manager, open_call
):
    client.force_login(manager)

    response = edit(
        client,
        open_call,
        measures=[VICTIMS, CASE_STUDY],
        schedule=[
            {"kind": "progress", "anchor": "middle", "months_after": "0"},
            {"kind": "final", "anchor": "end", "months_after": "3"},
        ],
    )

    assert response.status_code == 302, page_text(response)[:3000]
    call = CallPage.objects.get(pk=open_call.pk)
    assert list(call.outcome_measures.values_list("name", "kind", "unit", "required")) == [
        ("Victims and survivors supported", "number", "people", True),
        ("Case study", "text", "", False),
    ]
    assert [str(due) for due in call.report_schedule.all()] == [
        "Progress report: halfway through the project",
        "Final report: 3 months after the end of the project",
    ]
    form = page_text(client.get(call.url))
    assert "Target: Victims and survivors supported" in form
    assert "Adults given one-to-one support for at least four weeks." in form


@pytest.mark.parametrize(
    ("measure", "error"),
    [
        ({**VICTIMS, "unit": ""}, "Choose the unit the figure counts in."),
        ({**CASE_STUDY, "unit": "people"}, "A text measure has no unit: leave it empty."),
    ],
)
def test_a_measure_that_does_not_make_sense_is_refused_by_its_unit(
    client, manager, open_call, measure, error
):
    client.force_login(manager)

    response = edit(client, open_call, measures=[measure])

    assert response.status_code == 200
    # Shown in the measure's unit field's own error box.
    errors = re.search(
        r'id="[\w-]*outcome_measures-0-child-panel-child-unit-errors">(.*?)</div>',
        page_text(response),
        re.S,
    )
    assert errors and error in errors.group(1)
    assert not CallPage.objects.get(pk=open_call.pk).outcome_measures.exists()


def test_the_demo_calls_carry_measures_a_schedule_and_bids_with_plans():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)

    for call in CallPage.objects.all():
        measures = {m.name: m for m in call.outcome_measures.all()}
        assert list(measures) == [
            "Victims and survivors supported",
            "Referrals into the National Referral Mechanism",
            "Professionals and volunteers trained",
            "Awareness sessions delivered",
            "Case study",
        ]
        assert measures["Case study"].kind == MeasureKind.TEXT
        assert "could identify a victim" in measures["Case study"].definition
        assert [str(due) for due in call.report_schedule.all()] == [
            "Progress report: halfway through the project",
            "Final report: 3 months after the end of the project",
        ]
    sent = Application.objects.exclude(status="draft")
    assert sent.exists()
    for application in sent:
        lines = application.budget_lines.aggregate(total=Sum("amount"))["total"]
        assert lines == application.amount_requested
        assert application.targets.count() == 4
