"""The published grants as 360Giving data: the JSON package validates against
the standard's own schemas (shared/360giving, offline), and the CSV and XLSX
carry the same grants under the standard's column titles, safe to open in a
spreadsheet."""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from openpyxl import load_workbook
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from fund.awards.models.awards import Award
from fund.awards.services.awards import award_decline_by_applicant, award_withdraw, payment_record
from fund.core.funder import FunderSettings
from fund.opendata import giving360
from fund.opendata.models import GrantsAwardedPage
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call
from tests.support.published import ACCEPTED_BY, PERSONAL, REASON, accept, award_grant

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "360giving"
JSON_URL, CSV_URL, XLSX_URL = (f"/open-data/360giving.{kind}" for kind in ("json", "csv", "xlsx"))
PREFIX = "360G-example-scf"

#: The titles the issue names, each checked against the schema below.
STANDARD_TITLES = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Applied For",
    "Amount Awarded",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Beneficiary Location:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "From An Open Call?",
    "Data Source",
    "Last Modified",
]


# --- validating offline against the standard's schemas ------------------------------

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _is_date_time(value):
    # jsonschema checks "date-time" only with rfc3339-validator installed;
    # without a check a plain date would match both branches of awardDate's
    # oneOf and be reported invalid, so check it properly here.
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


def _is_uri(value):
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def _schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    if not SCHEMAS.is_dir():
        pytest.skip(f"The 360Giving schemas are not at {SCHEMAS} (CI copies shared/ there).")
    grant_schema = _schema("360-giving-schema.json")
    package_schema = _schema("360-giving-package-schema.json")
    # The schemas name their dialect with http://, which referencing does not
    # detect: say it is draft 2020-12.
    grant = Resource(contents=grant_schema, specification=DRAFT202012)
    # The package refers to the grant schema by its (1.4.2) URL; the grant
    # schema's own $id is 1.4.3. Serve both from the local copy.
    registry = Registry().with_resources(
        [
            (package_schema["properties"]["grants"]["items"]["$ref"], grant),
            (grant_schema["$id"], grant),
        ]
    )
    checker = FormatChecker()
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    checker.checks("uri")(_is_uri)
    return Draft202012Validator(package_schema, registry=registry, format_checker=checker)


def assert_valid(validator, data):
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    assert errors == []


def title_path(schema, title):
    """The JSON path a flattened title names, resolved through the schema's own
    field titles (numbered parts are list positions); None if a part is unknown."""
    defs = schema["$defs"]

    def resolve(spec):
        ref = spec.get("$ref")
        return defs[ref.rsplit("/", 1)[-1]] if ref else spec

    properties, path = schema["properties"], []
    for part in title.split(":"):
        if part.isdigit():
            continue
        matches = [
            (key, spec)
            for key, spec in (properties or {}).items()
            if (spec.get("title") or resolve(spec).get("title")) == part
        ]
        if len(matches) != 1:
            return None
        key, spec = matches[0]
        path.append(key)
        properties = resolve(spec.get("items", spec)).get("properties")
    return path


# --- fixtures and helpers -----------------------------------------------------------


@pytest.fixture
def grants_page(home_page):
    return home_page.add_child(
        instance=GrantsAwardedPage(title="Grants awarded", slug="grants-awarded")
    )


@pytest.fixture
def publisher(home_page):
    FunderSettings.objects.filter(site__is_default_site=True).update(
        organisation_identifier="GB-GOR-PC000052",
        grant_identifier_prefix=PREFIX,
        website="https://www.example.org",
    )


def raw_json(client):
    """The package as a JSON parser reads it (numbers as float), to validate."""
    response = client.get(JSON_URL)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def get_json(client):
    response = client.get(JSON_URL)
    assert response.status_code == 200, response.content
    return json.loads(response.content, parse_float=Decimal)


def get_csv(client):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


def get_xlsx(client):
    response = client.get(XLSX_URL)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook["grants"]


def only_grant(client):
    (grant,) = get_json(client)["grants"]
    return grant


@pytest.fixture
def seed_like(open_call, fund_page, manager, finance, publisher):
    """Grants like the demo data's: charities, a CIO, a company, a CIC and an
    unregistered group, over one to three districts, in different states."""
    second = make_call(fund_page, slug="autumn", title="Supporting survivors: autumn round")
    grants = [
        (open_call, "Aire Valley Freedom Project", "charity_ew", "1187654", ["bradford"]),
        (open_call, "Calder Haven Women's Refuge", "cio", "1201234", ["calderdale", "kirklees"]),
        (open_call, "Leeds Lantern Trust", "company", "09876543", ["leeds"]),
        (second, "Wakefield Welcome Network", "unregistered", "", ["wakefield"]),
        (second, "Pennine Pathways CIC", "cic", "11223344", ["calderdale", "kirklees", "leeds"]),
    ]
    awards = [
        award_grant(
            call,
            manager,
            amount="2500.50",
            organisation_name=name,
            organisation_type=kind,
            registration_number=number,
            districts=districts,
        )
        for call, name, kind, number, districts in grants
    ]
    accept(awards[0])
    payment_record(
        award=awards[0],
        paid_on=timezone.localdate(),
        amount=awards[0].amount,
        bacs_reference="SCF0001",
        by=finance,
    )
    accept(awards[1])
    return awards


# --- the JSON package -----------------------------------------------------------------


def test_the_validator_refuses_what_the_standard_refuses(
    client, open_call, manager, publisher, validator
):
    award_grant(open_call, manager)
    data = raw_json(client)
    assert_valid(validator, data)

    def broken(change):
        copy = json.loads(json.dumps(data))
        change(copy["grants"][0])
        return list(validator.iter_errors(copy))

    assert broken(lambda grant: grant.update(amountAwarded="3000"))
    assert broken(lambda grant: grant.update(awardDate="1/7/2026"))
    assert broken(lambda grant: grant.update(dateModified="2026-07-01"))
    assert broken(lambda grant: grant.update(currency="POUNDS"))
    assert broken(lambda grant: grant.update(fromOpenCall="yes"))
    assert broken(lambda grant: grant.pop("recipientOrganization"))
    assert list(validator.iter_errors({**data, "grants": []}))


def test_seed_like_grants_validate_as_a_360giving_package(
    client, grants_page, seed_like, validator
):
    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response
    data = json.loads(response.content)
    assert_valid(validator, data)
    assert len(data["grants"]) == 5
    assert data["license"] == (
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )
    assert data["publisher"] == {
        "name": "Test Commissioner",
        "identifier": "GB-GOR-PC000052",
        "website": "https://www.example.org",
    }
    assert data["accessURL"] == "http://localhost/grants-awarded/"
    assert data["downloadURL"] == "http://localhost/open-data/360giving.json"


def test_the_demo_sites_grants_validate(client, validator):
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)

    data = raw_json(client)

    assert_valid(validator, data)
    assert len(data["grants"]) == Award.objects.count() == 6
    assert {g["id"][: len(PREFIX) + 1] for g in data["grants"]} == {f"{PREFIX}-"}
    assert client.get("/grants-awarded/").status_code == 200


def test_a_grant_has_every_required_and_recommended_field(
    client, grants_page, open_call, manager, publisher
):
    award = award_grant(
        open_call,
        manager,
        amount="2750.50",
        organisation_name="Aire Valley Freedom Project",
        organisation_type="charity_ew",
        registration_number="1187654",
        project_title="Drop-in advice",
        project_summary="Weekly advice sessions.",
        amount_requested=Decimal("3000.00"),
        planned_start=dt.date(2027, 1, 4),
        planned_end=dt.date(2027, 12, 31),
        districts=["leeds", "wakefield"],
    )
    Award.objects.filter(pk=award.pk).update(
        decided_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    )

    grant = only_grant(client)

    assert grant == {
        "id": f"{PREFIX}-{award.application.reference}",
        "title": "Drop-in advice",
        "description": f"Weekly advice sessions.\n\nWhy this grant reduces crime: {REASON}",
        "currency": "GBP",
        "amountAwarded": Decimal("2750.50"),
        "awardDate": "2026-07-01",  # the London date
        "amountAppliedFor": 3000,
        "plannedDates": [{"startDate": "2027-01-04", "endDate": "2027-12-31"}],
        "recipientOrganization": [
            {
                "id": "GB-CHC-1187654",
                "name": "Aire Valley Freedom Project",
                "charityNumber": "1187654",
            }
        ],
        "fundingOrganization": [{"id": "GB-GOR-PC000052", "name": "Test Commissioner"}],
        "grantProgramme": [{"title": "Tackling modern slavery"}],
        "beneficiaryLocation": [
            {"name": "Leeds", "geoCode": "E08000035", "geoCodeType": "MD", "countryCode": "GB"},
            {
                "name": "Wakefield",
                "geoCode": "E08000036",
                "geoCodeType": "MD",
                "countryCode": "GB",
            },
        ],
        "fromOpenCall": "Yes",
        "dataSource": "http://localhost/grants-awarded/",
        "dateModified": "2026-07-01T00:30:00+01:00",
    }


@pytest.mark.parametrize(
    ("kind", "number", "identifier", "charity_number", "company_number"),
    [
        ("charity_ew", "1187654", "GB-CHC-1187654", "1187654", None),
        ("cio", "1201234", "GB-CHC-1201234", "1201234", None),
        ("charity_sc", "SC012345", "GB-SC-SC012345", "SC012345", None),
        ("charity_ni", "NIC100002", "GB-NIC-100002", "NIC100002", None),
        ("company", "09876543", "GB-COH-09876543", None, "09876543"),
        ("company", "SC123456", "GB-COH-SC123456", None, "SC123456"),
        ("cic", "11223344", "GB-COH-11223344", None, "11223344"),
        ("unregistered", "", f"{PREFIX}-ORG-wakefield-welcome-network", None, None),
    ],
)
def test_each_kind_of_recipient_gets_its_org_id_and_validates(
    client,
    grants_page,
    open_call,
    manager,
    publisher,
    validator,
    kind,
    number,
    identifier,
    charity_number,
    company_number,
):
    award_grant(
        open_call,
        manager,
        organisation_name="Wakefield Welcome Network",
        organisation_type=kind,
        registration_number=number,
    )

    data = raw_json(client)

    assert_valid(validator, data)
    (recipient,) = data["grants"][0]["recipientOrganization"]
    assert recipient["id"] == identifier
    assert recipient["name"] == "Wakefield Welcome Network"
    assert recipient.get("charityNumber") == charity_number
    assert recipient.get("companyNumber") == company_number


def test_an_unregistered_groups_grants_share_one_identifier(client, open_call, manager, publisher):
    award_grant(open_call, manager, organisation_name="Shipley Survivors' Forum", amount="500")
    award_grant(open_call, manager, organisation_name="Shipley Survivors' Forum", amount="600")

    ids = {g["recipientOrganization"][0]["id"] for g in get_json(client)["grants"]}

    assert ids == {f"{PREFIX}-ORG-shipley-survivors-forum"}


@pytest.mark.parametrize("prefix", ["360G-example-scf", "example-scf", " 360G-example-scf- "])
def test_the_grant_identifier_starts_360g_once(client, open_call, manager, prefix):
    FunderSettings.objects.update(
        organisation_identifier="GB-GOR-PC000052", grant_identifier_prefix=prefix
    )
    award = award_grant(open_call, manager)

    assert only_grant(client)["id"] == f"360G-example-scf-{award.application.reference}"


def test_amounts_are_exact_json_numbers(client, open_call, manager, publisher):
    award_grant(open_call, manager, amount="1234.56", amount_requested=Decimal("4999.99"))
    award_grant(open_call, manager, amount="0.10", amount_requested=Decimal("0.30"))

    response = client.get(JSON_URL)
    text = response.content.decode()
    grants = json.loads(text, parse_float=Decimal)["grants"]

    assert [(g["amountAwarded"], g["amountAppliedFor"]) for g in grants] == [
        (Decimal("1234.56"), Decimal("4999.99")),
        (Decimal("0.10"), Decimal("0.30")),
    ]
    assert '"amountAwarded": 1234.56' in text  # a number, not a string
    assert '"amountAwarded": 0.1,' in text


def test_every_district_has_its_ons_code_of_a_type_on_the_standards_codelist(
    client, open_call, manager, publisher
):
    if not SCHEMAS.is_dir():
        pytest.skip(f"The 360Giving codelists are not at {SCHEMAS}.")
    award_grant(
        open_call,
        manager,
        districts=["bradford", "calderdale", "kirklees", "leeds", "wakefield"],
    )

    locations = only_grant(client)["beneficiaryLocation"]

    assert [(loc["name"], loc["geoCode"]) for loc in locations] == [
        ("Bradford", "E08000032"),
        ("Calderdale", "E08000033"),
        ("Kirklees", "E08000034"),
        ("Leeds", "E08000035"),
        ("Wakefield", "E08000036"),
    ]
    with (SCHEMAS / "geoCodeType.csv").open(encoding="utf-8") as codelist:
        entities = {
            row["Code"]: row["Documentation (URL)"].rsplit("/", 1)[-1]
            for row in csv.DictReader(codelist)
        }
    # E08 is the ONS entity of metropolitan districts.
    assert {entities[loc["geoCodeType"]] for loc in locations} == {"E08"}


def test_only_published_grants_are_in_the_data(client, open_call, manager, publisher):
    kept = award_grant(open_call, manager, organisation_name="Kept Org")
    gone = award_grant(open_call, manager, organisation_name="Withdrawn Org")
    award_withdraw(award=gone, reason="Cannot start.", by=manager)
    declined = award_grant(open_call, manager, organisation_name="Declined Org")
    award_decline_by_applicant(award=declined, reason="Other funding.", by=None)
    ApplicationFactory(page=open_call, status="declined", organisation_name="Unsuccessful Org")
    ApplicationFactory(page=open_call, status="withdrawn", organisation_name="Withdrawn Bid Org")

    grants = get_json(client)["grants"]

    assert [g["id"] for g in grants] == [f"{PREFIX}-{kept.application.reference}"]
    for body in (client.get(CSV_URL).content, client.get(XLSX_URL).content):
        assert b"Withdrawn Org" not in body
        assert b"Declined Org" not in body


def test_no_personal_data_in_any_file(client, open_call, manager, publisher):
    accept(award_grant(open_call, manager))

    files = [get_json(client), get_csv(client), list(get_xlsx(client).values)]

    for value in [*PERSONAL.values(), "Halifax", ACCEPTED_BY, manager.username, manager.email]:
        for content in files:
            assert value not in json.dumps(content, default=str)


def test_without_the_funders_identifiers_or_any_grant_there_are_no_files(
    client, open_call, manager
):
    for url in (JSON_URL, CSV_URL, XLSX_URL):
        assert client.get(url).status_code == 404  # no identifiers, no grants
    FunderSettings.objects.update(
        organisation_identifier="GB-GOR-PC000052", grant_identifier_prefix=PREFIX
    )
    for url in (JSON_URL, CSV_URL, XLSX_URL):
        assert client.get(url).status_code == 404  # a 360Giving package needs a grant
    award_grant(open_call, manager)
    for url in (JSON_URL, CSV_URL, XLSX_URL):
        assert client.get(url).status_code == 200
    FunderSettings.objects.update(grant_identifier_prefix="")
    for url in (JSON_URL, CSV_URL, XLSX_URL):
        assert client.get(url).status_code == 404


def test_the_files_are_read_only(client, open_call, manager, publisher):
    award_grant(open_call, manager)
    assert client.post(JSON_URL).status_code == 405
    assert client.head(CSV_URL).status_code == 200


# --- CSV and XLSX ---------------------------------------------------------------------


def test_every_column_title_is_the_standards_own(validator):
    grant_schema = _schema("360-giving-schema.json")
    records = [{"beneficiaryLocation": [{}, {}]}]  # two districts: one numbered set too

    titles = [title for title, _ in giving360.columns_for(records)]

    for title, path in giving360.columns_for(records):
        assert title_path(grant_schema, title) == [p for p in path if not isinstance(p, int)], title
    assert [t for t in titles if ":1:" not in t] == STANDARD_TITLES


def test_the_csv_has_the_standards_columns_and_one_row_a_grant(
    client, open_call, manager, publisher
):
    award = award_grant(
        open_call,
        manager,
        amount="2750.50",
        organisation_name="Leeds Lantern Trust",
        organisation_type="company",
        registration_number="09876543",
        districts=["leeds"],
    )

    response = client.get(CSV_URL)
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="grants-awarded-360giving.csv"'
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    assert table[0] == STANDARD_TITLES
    row = dict(zip(table[0], table[1], strict=True))
    assert len(table) == 2
    assert row["Identifier"] == f"{PREFIX}-{award.application.reference}"
    assert row["Amount Awarded"] == "2750.50"
    assert row["Currency"] == "GBP"
    assert row["Recipient Org:Identifier"] == "GB-COH-09876543"
    assert row["Recipient Org:Company Number"] == "09876543"
    assert row["Recipient Org:Charity Number"] == ""
    assert row["Beneficiary Location:Geographic Code"] == "E08000035"
    assert row["From An Open Call?"] == "Yes"


def test_further_districts_get_numbered_location_columns(client, open_call, manager, publisher):
    award_grant(open_call, manager, districts=["bradford", "leeds"])

    header, row = get_csv(client)
    row = dict(zip(header, row, strict=True))

    assert (row["Beneficiary Location:Name"], row["Beneficiary Location:1:Name"]) == (
        "Bradford",
        "Leeds",
    )
    assert row["Beneficiary Location:1:Geographic Code"] == "E08000035"


def test_the_xlsx_opens_with_the_same_columns_and_numbers_as_numbers(
    client, open_call, manager, publisher
):
    award_grant(open_call, manager, amount="2750.50")
    response = client.get(XLSX_URL)

    assert response["Content-Disposition"] == (
        'attachment; filename="grants-awarded-360giving.xlsx"'
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content))["grants"]
    header, row = list(sheet.values)
    assert list(header) == STANDARD_TITLES
    row = dict(zip(header, row, strict=True))
    assert row["Amount Awarded"] == 2750.5
    assert row["Amount Applied For"] == 4000
    assert row["Award Date"] == only_grant(client)["awardDate"]


def test_text_that_a_spreadsheet_would_run_is_neutralised(client, open_call, manager, publisher):
    award_grant(
        open_call,
        manager,
        organisation_name='=HYPERLINK("http://evil.example","Click")',
        project_title="+SUM(1,2)",
        project_summary="@cmd|' /C calc'!A0",
    )

    row = dict(zip(*get_csv(client), strict=True))
    assert row["Recipient Org:Name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["Title"] == "'+SUM(1,2)"
    assert row["Description"].startswith("'@cmd")

    sheet = get_xlsx(client)
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert cells["Recipient Org:Name"].value == '\'=HYPERLINK("http://evil.example","Click")'
    assert cells["Recipient Org:Name"].data_type == "s"
    assert cells["Title"].value == "'+SUM(1,2)"
    assert not any(
        isinstance(cell.value, str) and cell.value.startswith("=") for cell in cells.values()
    )

    # JSON is not a spreadsheet: it carries the name exactly as given.
    name = only_grant(client)["recipientOrganization"][0]["name"]
    assert name == '=HYPERLINK("http://evil.example","Click")'


def test_control_characters_do_not_break_the_xlsx(client, open_call, manager, publisher):
    award_grant(open_call, manager, project_summary="Pasted\x0bfrom a word processor.")
    sheet = get_xlsx(client)
    assert any(str(c.value).startswith("Pastedfrom a word processor.") for c in sheet[2])


# --- cost ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL, XLSX_URL])
def test_each_file_costs_the_same_queries_however_many_grants(
    client, fund_page, open_call, manager, publisher, django_assert_max_num_queries, url
):
    award_grant(open_call, manager)
    client.get(url)  # warm Wagtail's site-root cache
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200

    second = make_call(fund_page, slug="second", title="Supporting survivors")
    for number in range(4):
        award_grant(open_call, manager, amount="1000", organisation_name=f"Org {number}")
        award_grant(second, manager, amount="1000", organisation_name=f"Other {number}")

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(get_json(client)["grants"]) == 9
