"""The published grants as a 360Giving JSON package that validates against the
standard's schemas, offline."""

import csv
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from fund.awards.models.awards import Award
from fund.awards.services.lifecycle import award_decline_by_applicant, award_withdraw
from fund.awards.services.payments import payment_record
from fund.core.funder import FunderSettings
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call
from tests.opendata.giving360.helpers import (
    CSV_URL,
    JSON_URL,
    PREFIX,
    SCHEMAS,
    XLSX_URL,
    get_csv,
    get_json,
    get_xlsx,
    only_grant,
)
from tests.support.published import ACCEPTED_BY, PERSONAL, REASON, accept, award_grant

pytestmark = pytest.mark.django_db


def assert_valid(validator, data):
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    assert errors == []


def raw_json(client):
    """The package as a JSON parser reads it (numbers as float), to validate."""
    response = client.get(JSON_URL)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


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
