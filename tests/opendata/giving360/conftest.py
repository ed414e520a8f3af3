"""The fixtures of tests/opendata/giving360.

The published grants as 360Giving data: the JSON package validates against
the standard's own schemas (shared/360giving, offline), and the CSV and XLSX
carry the same grants under the standard's column titles, safe to open in a
spreadsheet.
"""

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from fund.core.funder import FunderSettings
from tests.opendata.giving360.helpers import PREFIX, SCHEMAS, _is_date_time, _is_uri, _schema


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


@pytest.fixture
def publisher(home_page):
    FunderSettings.objects.filter(site__is_default_site=True).update(
        organisation_identifier="GB-GOR-PC000052",
        grant_identifier_prefix=PREFIX,
        website="https://www.example.org",
    )
