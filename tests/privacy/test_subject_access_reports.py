"""A grantee's subject access export holds the reports they wrote: the
figures, the spend, their own words and the evidence files."""

import json

import pytest

from tests.factories import UserFactory
from tests.privacy.test_subject_access import URL, unzip
from tests.support.reports import evidence, planned_award, report_of, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_the_export_holds_the_grants_reports_and_their_evidence(client, administrator, open_call):
    award = planned_award(open_call, application__contact_email="grantee@example.org")
    report = sent(report_of(award), story="A woman we supported now lives safely.")
    evidence(report, "register.pdf", b"%PDF-1.4 attendance")
    client.force_login(administrator)

    files = unzip(client.post(URL, {"email": "Grantee@Example.org"}))

    reference = award.application.reference
    assert files[f"reports/{reference}/{report.pk}/register.pdf"] == b"%PDF-1.4 attendance"
    [application] = json.loads(files["applications.json"])
    [progress, final] = application["award"]["reports"]
    assert (progress["report"], progress["status"]) == ("Progress report", "Waiting for review")
    assert progress["what_changed"] == "More survivors reached safe housing."
    assert {f["measure"]: f["achieved"] or f["text"] for f in progress["figures"]} == {
        "Victims and survivors supported": "30.00",
        "Professionals trained": "12.00",
        "Case study": "A woman we supported now lives safely.",
    }
    assert progress["spend"] == {"staff": "2500.00", "venue": "900.00"}
    assert progress["evidence"][0]["in_this_export"].endswith("register.pdf")
    assert (final["report"], final["status"], final["figures"]) == (
        "Final report",
        "Not started",
        [],
    )
