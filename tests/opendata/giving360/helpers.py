"""What the tests of tests/opendata/giving360 share.

The published grants as 360Giving data: the JSON package validates against
the standard's own schemas (shared/360giving, offline), and the CSV and XLSX
carry the same grants under the standard's column titles, safe to open in a
spreadsheet.
"""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from openpyxl import load_workbook

#: The project's folder (the one with manage.py), however deep this module is.
PROJECT = next(p for p in Path(__file__).resolve().parents if (p / "manage.py").exists())
#: The standard's schemas and codelists, beside the project (/work/shared for /work/main).
SCHEMAS = PROJECT.parent / "shared" / "360giving"


JSON_URL, CSV_URL, XLSX_URL = (f"/open-data/360giving.{kind}" for kind in ("json", "csv", "xlsx"))


PREFIX = "360G-example-scf"


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
