"""The published grants in the 360Giving Data Standard (version 1.4): a JSON
package, and the same grants flattened to one row each for CSV and XLSX
under the standard's column titles.

Identifiers:
- a grant is ``<prefix>-<reference>``, the prefix being the funder's
  registered 360Giving prefix (``360G-...``);
- a recipient is its org-id identifier: ``GB-CHC`` (charities in England
  and Wales, CIOs included), ``GB-SC`` (Scotland), ``GB-NIC`` (Northern
  Ireland), ``GB-COH`` (companies and CICs); a group with no registration
  gets one made from the funder's prefix and its name, as 360Giving advises.

Money stays a Decimal in the package and the spreadsheets, and is written to
JSON as a number, never a string, and exactly: amounts have two decimal
places and at most 12 digits, well inside the 15 significant digits a JSON
number (an IEEE double) keeps, and `json_number` checks that.

Nothing personal goes in: no contact, e-mail, telephone or address; the
recipient is an organisation, named and identified.
"""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from fund.applications.models import District, OrganisationType
from fund.core.exports import neutralise_formula

VERSION = "1.4"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE_NAME = "Open Government Licence v3.0"
CURRENCY = "GBP"
PREFIX_START = "360G-"

#: ONS (GSS) codes of the districts an application may serve.
DISTRICT_CODES = {
    District.BRADFORD: "E08000032",
    District.CALDERDALE: "E08000033",
    District.KIRKLEES: "E08000034",
    District.LEEDS: "E08000035",
    District.WAKEFIELD: "E08000036",
}
#: The 360Giving geoCodeType for those codes. The five West Yorkshire
#: districts are metropolitan districts (ONS entity E08), which the
#: standard's geoCodeType codelist names "MD"; "LAD" is not on it.
GEO_CODE_TYPE = "MD"

#: Where each core answer that is published (CoreQuestion.published, in
#: fund/applications/questions.py) goes in a grant object: no other answer is
#: published as given. The type of organisation and its number make the
#: recipient's identifier; the number is its charityNumber or companyNumber as
#: the type says. The grant's plannedDates are the award's period, which
#: award_make copies from the planned start and end dates when the grant is
#: made: the applicant's plan, published as the award's period.
PUBLISHED_AS = {
    "organisation_name": ("recipientOrganization", 0, "name"),
    "organisation_type": ("recipientOrganization", 0, "id"),
    "registration_number": ("recipientOrganization", 0, "id"),
    "project_title": ("title",),
    "project_summary": ("description",),
    "amount_requested": ("amountAppliedFor",),
    "districts": ("beneficiaryLocation",),
}

_CHARITY_REGISTERS = {
    OrganisationType.CHARITY_EW: "GB-CHC",
    OrganisationType.CIO: "GB-CHC",
    OrganisationType.CHARITY_SC: "GB-SC",
    OrganisationType.CHARITY_NI: "GB-NIC",
}
_COMPANY_TYPES = {OrganisationType.COMPANY, OrganisationType.CIC}


class NotPublishable(Exception):
    """The funder has not set what every 360Giving grant needs."""


# --- identifiers ----------------------------------------------------------------


def identifier_prefix(prefix: str) -> str:
    """The funder's 360Giving prefix, starting 360G- once: "wypcc" and
    "360G-wypcc" both give "360G-wypcc"."""
    prefix = (prefix or "").strip().strip("-")
    if not prefix:
        raise NotPublishable("The funder's 360Giving identifier prefix is not set.")
    if prefix.upper().startswith(PREFIX_START.upper()):
        return prefix
    return PREFIX_START + prefix


def grant_identifier(prefix: str, reference: str) -> str:
    return f"{identifier_prefix(prefix)}-{reference}"


def recipient_identifier(grant, prefix: str) -> str:
    """The recipient's org-id identifier, or one of ours for a group with none."""
    number = (grant.registration_number or "").strip().upper()
    kind = grant.organisation_type
    if number and kind in _CHARITY_REGISTERS:
        if kind == OrganisationType.CHARITY_NI:
            number = number.removeprefix("NIC")
        return f"{_CHARITY_REGISTERS[kind]}-{number}"
    if number and kind in _COMPANY_TYPES:
        return f"GB-COH-{number}"
    # Not registered (or the number is missing): the same name gives the same
    # identifier, so a group's grants can be found together.
    local = slugify(grant.recipient_name) or grant.reference
    return f"{identifier_prefix(prefix)}-ORG-{local}"


# --- values ---------------------------------------------------------------------


def json_number(amount):
    """An amount as a JSON number whose text is exactly the amount (the
    `default` of json.dumps, which meets a Decimal only)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"{type(amount).__name__} is not JSON serialisable.")
    if amount == amount.to_integral_value():
        return int(amount)
    number = float(amount)
    if Decimal(repr(number)) != amount:
        raise ValueError(f"{amount} cannot be written exactly as a JSON number.")
    return number


def iso_date(value: dt.date) -> str:
    return value.isoformat()


def iso_datetime(value: dt.datetime) -> str:
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def description(grant) -> str:
    """What the grant is for, and (the 2011 Order's "reasons") why it was made."""
    if grant.reason:
        return f"{grant.summary}\n\nWhy this grant reduces crime: {grant.reason}"
    return grant.summary


# --- the JSON package -----------------------------------------------------------


def _require(funder):
    if not (funder.funder_name or "").strip():
        raise NotPublishable("The funder's name is not set.")
    if not (funder.organisation_identifier or "").strip():
        raise NotPublishable("The funder's organisation identifier is not set.")
    identifier_prefix(funder.grant_identifier_prefix)


def is_publishable(funder) -> bool:
    try:
        _require(funder)
    except NotPublishable:
        return False
    return True


def grant_record(grant, *, funder, data_source: str | None = None) -> dict:
    """One grant as a 360Giving grant object."""
    prefix = funder.grant_identifier_prefix
    recipient = {"id": recipient_identifier(grant, prefix), "name": grant.recipient_name}
    number = (grant.registration_number or "").strip()
    if number and grant.organisation_type in _CHARITY_REGISTERS:
        recipient["charityNumber"] = number
    elif number and grant.organisation_type in _COMPANY_TYPES:
        recipient["companyNumber"] = number
    record = {
        "id": grant_identifier(prefix, grant.reference),
        "title": grant.title,
        "description": description(grant),
        "currency": CURRENCY,
        "amountAwarded": grant.amount,
        "awardDate": iso_date(grant.award_date),
    }
    if grant.amount_applied_for is not None:
        record["amountAppliedFor"] = grant.amount_applied_for
    record["plannedDates"] = [
        {"startDate": iso_date(grant.period_start), "endDate": iso_date(grant.period_end)}
    ]
    record["recipientOrganization"] = [recipient]
    record["fundingOrganization"] = [
        {"id": funder.organisation_identifier.strip(), "name": funder.funder_name.strip()}
    ]
    record["grantProgramme"] = [{"title": grant.call_title}]
    locations = [
        {
            "name": str(District(district).label),
            "geoCode": DISTRICT_CODES[district],
            "geoCodeType": GEO_CODE_TYPE,
            "countryCode": "GB",
        }
        for district in grant.districts
        if district in DISTRICT_CODES
    ]
    if locations:
        record["beneficiaryLocation"] = locations
    record["fromOpenCall"] = "Yes"
    if data_source:
        record["dataSource"] = data_source
    record["dateModified"] = iso_datetime(grant.last_modified)
    return record


def package(grants, *, funder, page_url=None, download_url=None) -> dict:
    """The grants as a 360Giving data package. Raises NotPublishable if the
    funder's identifiers are not set or there is no grant (a package holds
    at least one)."""
    _require(funder)
    if not grants:
        raise NotPublishable("No grant has been published yet.")
    publisher = {
        "name": funder.funder_name.strip(),
        "identifier": funder.organisation_identifier.strip(),
    }
    if funder.website:
        publisher["website"] = funder.website
    data = {
        "version": VERSION,
        "title": f"Grants awarded by {publisher['name']}",
        "description": (
            "Every grant made and not withdrawn: recipient, amount, purpose and why it "
            "reduces crime, published under the Elected Local Policing Bodies "
            "(Specified Information) Order 2011."
        ),
        "modified": iso_datetime(max(grant.last_modified for grant in grants)),
        "license": LICENCE_URL,
        "publisher": publisher,
    }
    if page_url:
        data["accessURL"] = page_url
    if download_url:
        data["downloadURL"] = download_url
    data["grants"] = [grant_record(grant, funder=funder, data_source=page_url) for grant in grants]
    return data


def json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=json_number).encode("utf-8")


# --- one row a grant: CSV and XLSX ----------------------------------------------

#: (column title, path in the grant object). Titles are the standard's
#: flattened titles (the schema's field titles joined with ":").
COLUMNS = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:Charity Number", ("recipientOrganization", 0, "charityNumber")),
    ("Recipient Org:Company Number", ("recipientOrganization", 0, "companyNumber")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Beneficiary Location:Name", ("beneficiaryLocation", 0, "name")),
    ("Beneficiary Location:Geographic Code", ("beneficiaryLocation", 0, "geoCode")),
    ("Beneficiary Location:Geographic Code Type", ("beneficiaryLocation", 0, "geoCodeType")),
    ("From An Open Call?", ("fromOpenCall",)),
    ("Data Source", ("dataSource",)),
    ("Last Modified", ("dateModified",)),
]
_LOCATION_FIELDS = [
    ("Name", "name"),
    ("Geographic Code", "geoCode"),
    ("Geographic Code Type", "geoCodeType"),
]


def columns_for(records) -> list[tuple[str, tuple]]:
    """COLUMNS, plus a numbered set of location columns for each further
    district a grant serves ("Beneficiary Location:1:Name", ...), which the
    standard's spreadsheet tools read as further beneficiary locations."""
    most = max((len(record.get("beneficiaryLocation", [])) for record in records), default=0)
    extra = [
        (f"Beneficiary Location:{index}:{title}", ("beneficiaryLocation", index, key))
        for index in range(1, most)
        for title, key in _LOCATION_FIELDS
    ]
    last = [title for title, _ in COLUMNS].index("Beneficiary Location:Geographic Code Type")
    return COLUMNS[: last + 1] + extra + COLUMNS[last + 1 :]


def _value(record, path):
    value = record
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError):
            return None
    return value


def rows(records):
    """[titles, row, row, ...]: amounts stay Decimals, and every text cell is
    formula-safe."""
    columns = columns_for(records)
    yield [title for title, _ in columns]
    for record in records:
        yield [neutralise_formula(_value(record, path)) for _, path in columns]


def csv_bytes(data: dict) -> bytes:
    """UTF-8 without a byte-order mark: 360Giving's tools read the first title
    literally, and a mark would spoil "Identifier"."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in rows(data["grants"]):
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(data: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "grants"
    for number, row in enumerate(rows(data["grants"]), start=1):
        # Control characters pasted into a summary are not allowed in XLSX.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        if number == 1:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        else:
            for cell in sheet[number]:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, str):
                    # Text is text: never let the spreadsheet read it as a formula.
                    cell.data_type = "s"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
