"""The applicant proposes a target for each of the call's numeric measures and
splits the amount requested into budget lines; the submit service checks
both and freezes the targets; staff see them with the bid."""

import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fund.applications.models import Application, ApplicationBudgetLine, ApplicationTarget
from fund.applications.services.sending import application_submit
from fund.calls.outcomes import OutcomeMeasure
from fund.core.errors import ServiceError
from tests.factories import UserFactory
from tests.factories.applications import ApplicationFactory
from tests.factories.calls import MEASURES, make_call
from tests.support.applying import apply, form_without_declarations, sent_applications
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(fund_page):
    return make_call(fund_page, slug="measured", measures=MEASURES)


def measure(call, name):
    return call.outcome_measures.get(name=name)


def fields(call, **answers):
    """The form's target fields by measure name: {"Victims...": "1,200"}."""
    return {f"target_{measure(call, name).pk}": value for name, value in answers.items()}


def test_the_form_asks_for_a_target_per_numeric_measure_and_the_budget_lines(client, call):
    call.outcome_measures.filter(name="Victims and survivors supported").update(
        definition="Adults given one-to-one support for at least four weeks."
    )

    page = page_text(client.get(call.url))

    assert "What the project will achieve" in page
    assert "Target: Victims and survivors supported</label>" in page
    assert "Target: Professionals and volunteers trained (optional)" in page
    assert "Number of people. Adults given one-to-one support for at least four weeks." in page
    assert "Target: Case study" not in page  # a text measure is reported, not targeted
    for line in ("Staff", "Venue", "Volunteer expenses", "Equipment", "Other"):
        assert f"{line} (£) (optional)" in page


def test_targets_and_lines_are_kept_with_the_application_as_sent(client, call):
    response = apply(
        client,
        call,
        amount_requested="2,500",
        budget_staff="1,800.50",
        budget_venue="699.50",
        budget_other="0",
        **fields(
            call,
            **{
                "Victims and survivors supported": "1,200",
                "Professionals and volunteers trained": "",
            },
        ),
    )

    assert response.status_code == 200, page_text(response)[:3000]
    application = sent_applications().get()
    [target] = application.targets.all()
    assert (target.name, target.unit, target.target) == (
        "Victims and survivors supported",
        "people",
        Decimal("1200"),
    )
    assert target.measure == measure(call, "Victims and survivors supported")
    lines = dict(application.budget_lines.values_list("category", "amount"))
    assert lines == {"staff": Decimal("1800.50"), "venue": Decimal("699.50")}  # no zero line
    copy = page_text(client.get("/apply/copy/"))
    assert "1,200 people" in copy
    assert "£1,800.50" in copy and "£699.50" in copy and "£2,500.00" in copy


def test_lines_that_do_not_add_up_are_refused_naming_both_sums(client, call):
    response = apply(client, call, amount_requested="2500", budget_staff="2000", budget_venue="")

    text = page_text(response)
    assert response.status_code == 200
    message = (
        "Your budget lines add up to £2,000.00 but the amount requested is £2,500.00. "
        "Change the lines or the amount so that they match."
    )
    assert text.count(message) == 2  # in the summary and by the field
    assert 'href="#id_budget_staff"' in text
    assert not sent_applications().exists()
    # The lines that were valid are kept with the draft all the same.
    assert ApplicationBudgetLine.objects.get().amount == Decimal("2000.00")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter your target for “Victims and survivors supported”."),
        ("lots", "Enter your target for “Victims and survivors supported” as a number"),
        ("-5", "Enter a target of 0 or more for “Victims and survivors supported”."),
        ("1.255", "with no more than 2 decimal places."),
    ],
)
def test_a_required_target_must_be_a_number_of_zero_or_more(client, call, typed, error):
    response = apply(client, call, **fields(call, **{"Victims and survivors supported": typed}))

    assert error in page_text(response)
    assert not sent_applications().exists()


def test_a_saved_draft_keeps_the_targets_and_lines_as_typed(client, call):
    data = form_without_declarations(
        call,
        action="save",
        budget_staff="1,000",
        budget_equipment="1500",
        **fields(call, **{"Victims and survivors supported": "1,200"}),
    )
    client.post(call.url, data)

    page = page_text(client.get(call.url))

    assert re.search(r'name="target_\d+" value="1,200"', page)
    assert 'name="budget_staff" value="1,000"' in page
    assert 'name="budget_equipment" value="1500"' in page
    check = page_text(client.get("/apply/check/"))
    assert "1,200 people" in check and "£1,500.00" in check
    assert 'href="/measured/#section-budget"' in check or "#section-budget" in check


def draft_for(call, **fields):
    return ApplicationFactory(
        page=call, status="draft", reference=None, submitted_at=None, **fields
    )


def test_the_submit_service_refuses_lines_that_do_not_add_up(call):
    draft = draft_for(call)
    ApplicationBudgetLine.objects.filter(application=draft).update(amount=Decimal("100.00"))

    with pytest.raises(ServiceError) as refusal:
        application_submit(application=draft)

    assert str(refusal.value.message) == (
        "Your budget lines add up to £100.00 but the amount requested is £2,500.00. "
        "Go back to the form and change the lines or the amount so that they match."
    )
    assert Application.objects.get().status == "draft"


def test_the_submit_service_refuses_a_missing_required_target(call):
    draft = draft_for(call)
    draft.targets.filter(name="Victims and survivors supported").delete()

    with pytest.raises(ServiceError) as refusal:
        application_submit(application=draft)

    assert "Propose a target for: Victims and survivors supported." in str(refusal.value.message)


def test_sending_freezes_the_targets_as_the_call_words_them_then(call):
    draft = draft_for(call)
    OutcomeMeasure.objects.filter(name="Professionals and volunteers trained").delete()
    renamed = measure(call, "Victims and survivors supported")
    renamed.name = "Survivors supported"
    renamed.save()

    application_submit(application=draft)

    assert list(ApplicationTarget.objects.values_list("name", "unit", "target")) == [
        ("Survivors supported", "people", Decimal("10.00"))
    ]
    renamed.name = "Renamed again"
    renamed.save()
    assert ApplicationTarget.objects.get().name == "Survivors supported"


def test_staff_see_the_targets_and_the_budget_table(client, call, manager):
    application = ApplicationFactory(page=call, amount_requested=Decimal("2500.00"))
    client.force_login(manager)

    page = page_text(client.get(reverse("applications:inspect", args=[application.pk])))

    assert "What the project will achieve" in page
    assert "10 people" in page
    assert '<th scope="row">Staff</th>' in page
    assert "£2,500.00" in page


def queries_to_send(fund_page, count):
    measures = [{"name": f"Measure {n}", "unit": "people"} for n in range(count)]
    draft = draft_for(make_call(fund_page, slug=f"call-{count}", measures=measures))
    draft.page = draft.page.specific  # as the public views read it, with the application
    with CaptureQueriesContext(connection) as queries:
        application_submit(application=draft)
    assert draft.targets.count() == count
    return len(queries)


def test_sending_costs_the_same_queries_however_many_measures(fund_page):
    queries_to_send(fund_page, 2)  # the first sending reads what a running site has already
    assert queries_to_send(fund_page, 1) == queries_to_send(fund_page, 6)


def test_the_subject_access_export_holds_the_targets_and_budget_proposed(client, call):
    ApplicationFactory(page=call, contact_email="sam@example.org")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post("/admin/grants/subject-access/", {"email": "sam@example.org"})

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    [application] = json.loads(archive.read("applications.json"))
    assert application["budget_proposed"] == [{"line": "Staff", "amount": "2500.00"}]
    assert {"measure": "Victims and survivors supported", "unit": "people", "target": "10.00"} in (
        application["targets_proposed"]
    )
