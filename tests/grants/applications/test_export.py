"""Exporting applications from the listing, and their history."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from fund.applications.models import Application
from tests.factories import ApplicationFactory, UserFactory
from tests.factories.calls import make_call
from tests.grants.applications.helpers import make_draft
from tests.support.applying import apply
from tests.support.pages import page_text, read_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_application(open_call):
    return ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0066",
        organisation_name='=HYPERLINK("http://evil")',
        contact_name="+cmd",
        project_title="-2+3",
        address="@SUM(A1)",
        project_summary="\tinjected",
        amount_requested=Decimal("1234.50"),
    )


def test_csv_export_neutralises_formulas(client, manager, hostile_application):
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"export": "csv"})

    assert response.status_code == 200
    assert "text/csv" in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    assert "applications" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(read_body(response).decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert header[0] == "Reference"
    assert "Status" in header
    assert "Call" in header
    assert "Organisation name" in header
    assert "Contact e-mail" in header
    assert "Amount requested (£)" in header
    assert "Districts served" in header
    assert "Submitted" in header
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Reference"] == "SCF-2026-0066"
    assert row["Organisation name"] == '\'=HYPERLINK("http://evil")'
    assert row["Contact name"] == "'+cmd"
    assert row["Project title"] == "'-2+3"
    assert row["Project summary"] == "'\tinjected"
    assert row["Call"] == "Tackling modern slavery"
    assert row["Amount requested (£)"] == "1234.50"
    for cell in data[0]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_export_neutralises_formulas_and_keeps_amounts_as_numbers(
    client, manager, hostile_application
):
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"export": "xlsx"})

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    workbook = openpyxl.load_workbook(io.BytesIO(read_body(response)))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    assert header[0] == "Reference"
    assert "Amount requested (£)" in header
    assert len(rows) == 2
    cells = dict(zip(header, rows[1], strict=True))
    assert cells["Organisation name"].value == '\'=HYPERLINK("http://evil")'
    assert cells["Contact name"].value == "'+cmd"
    assert cells["Project title"].value == "'-2+3"
    assert cells["Project summary"].value == "'\tinjected"
    for name in ["Organisation name", "Contact name", "Project title", "Project summary"]:
        assert cells[name].data_type == "s", name
    assert cells["Amount requested (£)"].data_type == "n"
    assert cells["Amount requested (£)"].value == pytest.approx(1234.5)
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_export_leaves_out_drafts_and_follows_the_filters(client, manager, fund_page, open_call):
    other_call = make_call(fund_page, slug="youth", title="Youth diversion")
    ApplicationFactory(page=open_call, reference="SCF-2026-0001")
    ApplicationFactory(page=other_call, reference="SCF-2026-0002")
    make_draft(open_call, organisation_name="Half Written Draft Group")
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"export": "csv", "page": open_call.pk})

    assert response.status_code == 200
    body = read_body(response).decode("utf-8-sig")
    assert "SCF-2026-0001" in body
    assert "SCF-2026-0002" not in body
    assert "Half Written Draft Group" not in body


def test_administrator_sees_the_listing_and_an_application(client, open_call):
    application = ApplicationFactory(page=open_call, reference="SCF-2026-0042")
    client.force_login(UserFactory(is_superuser=True))

    listing = client.get(reverse("applications:index"))
    inspect = client.get(reverse("applications:inspect", args=[application.pk]))

    assert listing.status_code == 200
    assert "SCF-2026-0042" in page_text(listing)
    assert "/admin/applications/add/" not in page_text(listing)
    assert inspect.status_code == 200
    assert "/admin/applications/edit/" not in page_text(inspect)


def test_finance_can_export(client, finance, hostile_application):
    client.force_login(finance)

    response = client.get(reverse("applications:index"), {"export": "csv"})

    assert response.status_code == 200
    assert "SCF-2026-0066" in read_body(response).decode("utf-8-sig")


def test_history_shows_the_submission_made_through_the_public_form(
    client, manager, open_call, django_capture_on_commit_callbacks
):
    applicant = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(applicant, open_call).status_code == 200
    application = Application.objects.get()
    client.force_login(manager)

    response = client.get(reverse("applications:history", args=[application.pk]))

    assert response.status_code == 200
    assert "Application submitted" in page_text(response)
