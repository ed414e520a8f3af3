"""Subject access: an administrator downloads everything held about an
e-mail address, as a ZIP of JSON and the documents themselves."""

import datetime as dt
import io
import json
import logging
import zipfile
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.services.links import application_links_revoke
from fund.awards.models.awards import Award, Payment
from fund.core.outbox import QueuedEmail
from tests.factories import ApplicationFactory, UserFactory, make_document

pytestmark = pytest.mark.django_db

URL = "/admin/grants/subject-access/"


@pytest.fixture
def administrator(db):
    return UserFactory(is_superuser=True, is_staff=True, first_name="Ada", last_name="Admin")


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def unzip(response):
    archive = zipfile.ZipFile(io.BytesIO(body_of(response)))
    return {name: archive.read(name) for name in archive.namelist()}


def paid_in_full(application, fund, manager):
    """An award of £2,500 on ``application``, paid in full (made directly)."""
    award = Award.objects.create(
        application=application,
        fund=fund,
        amount=Decimal("2500.00"),
        conditions="<p>Report quarterly.</p>",
        status="paid",
        accept_by=timezone.localdate(),
        period_start=timezone.localdate(),
        period_end=timezone.localdate() + dt.timedelta(days=365),
        decided_by=manager,
        decided_at=timezone.now(),
    )
    Payment.objects.create(
        award=award,
        paid_on=dt.date(2026, 6, 1),
        amount=Decimal("2500.00"),
        bacs_reference="SCF20260001",
        recorded_by=manager,
    )


def alexs_application(call):
    """Alex's application, with a document and an e-mail of its own."""
    other = ApplicationFactory(
        page=call,
        reference="SCF-2026-0002",
        organisation_name="Calder Refuge",
        contact_email="alex@example.net",
    )
    make_document(other, "alex-accounts.pdf", b"%PDF-1.4 Alex's accounts")
    QueuedEmail.objects.create(
        application=other,
        kind="acknowledgement",
        to="alex@example.net",
        subject="We have received your application",
        body="Dear Alex, thank you.",
    )
    return other


@pytest.fixture
def two_applicants(open_call, fund_page, manager):
    """Sam (two applications, one a draft, one awarded and paid) and Alex."""
    sent = ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0001",
        organisation_name="Aire Valley Freedom Project",
        contact_email="Sam.Example@Example.org",
        status="awarded",
        form_data={"how_will_survivors_shape_the_project": "A lived experience panel."},
        questions=[
            {
                "clean_name": "how_will_survivors_shape_the_project",
                "label": "How will survivors shape the project?",
                "field_type": "multiline",
            }
        ],
    )
    make_document(sent, "accounts.pdf", b"%PDF-1.4 Sam's accounts")
    paid_in_full(sent, fund_page, manager)
    application_links_revoke(application=sent, by=manager)
    QueuedEmail.objects.create(
        application=sent,
        kind="acknowledgement",
        to="sam.example@example.org",
        subject="We have received your application",
        body="Dear Sam, thank you.",
    )
    draft = ApplicationFactory(
        page=open_call,
        status="draft",
        reference=None,
        submitted_at=None,
        organisation_name="Aire Valley Freedom Project",
        contact_email="sam.example@example.org",
        form_data={"how_will_survivors_shape_the_project": "Still thinking."},
        draft_data={"organisation_name": "Aire Valley Freedom Project"},
    )
    make_document(draft, "plan.pdf", b"%PDF-1.4 Sam's draft plan")

    other = alexs_application(open_call)
    return sent, draft, other


def assert_sams_applications(applications, two_applicants):
    """applications.json holds Sam's sent application, with its answers,
    documents, award, payments and history, and Sam's draft."""
    _sent, draft, _other = two_applicants
    assert [a["reference"] for a in applications] == ["SCF-2026-0001", None]
    first, second = applications
    assert first["organisation_name"] == "Aire Valley Freedom Project"
    assert first["status"] == "awarded"
    assert first["amount_requested"] == "2500.00"
    assert first["districts"] == ["Leeds"]
    assert first["answers"] == [
        {
            "question": "How will survivors shape the project?",
            "answer": "A lived experience panel.",
        }
    ]
    assert first["documents"][0]["file_name"] == "accounts.pdf"
    assert first["documents"][0]["in_this_export"] == "documents/SCF-2026-0001/accounts.pdf"
    assert first["award"]["amount"] == "2500.00"
    assert first["award"]["payments"] == [
        {"paid_on": "2026-06-01", "amount": "2500.00", "bacs_reference": "SCF20260001"}
    ]
    assert [(h["action"], h["description"]) for h in first["history"]] == [
        ("fund.application.revoke_links", "Private links revoked")
    ]
    assert first["history"][0]["user"] == sent_by_name(two_applicants)
    assert second["draft"] == f"draft-{draft.pk}"
    assert second["status"] == "draft"
    assert second["answers"] == [
        {"question": "How will survivors shape the project?", "answer": "Still thinking."}
    ]


def test_export_holds_that_persons_applications_and_documents_and_nobody_elses(
    client, administrator, two_applicants
):
    sent, draft, _other = two_applicants
    client.force_login(administrator)

    response = client.post(URL, {"email": "sam.example@example.org"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="subject-access-{timezone.localdate().isoformat()}.zip"'
    )
    assert "no-store" in response["Cache-Control"].split(", ")
    files = unzip(response)
    assert files[f"documents/{sent.reference}/accounts.pdf"] == b"%PDF-1.4 Sam's accounts"
    assert files[f"documents/draft-{draft.pk}/plan.pdf"] == b"%PDF-1.4 Sam's draft plan"
    assert set(files) == {
        "README.txt",
        "applications.json",
        "emails.json",
        f"documents/{sent.reference}/accounts.pdf",
        f"documents/draft-{draft.pk}/plan.pdf",
    }
    everything = b"".join(files.values()).decode()
    assert "Calder Refuge" not in everything
    assert "alex" not in everything.lower()
    assert "SCF-2026-0002" not in everything

    assert_sams_applications(json.loads(files["applications.json"]), two_applicants)

    emails = json.loads(files["emails.json"])
    assert [(e["subject"], e["body"], e["sent_at"]) for e in emails] == [
        ("We have received your application", "Dear Sam, thank you.", None)
    ]


def sent_by_name(two_applicants):
    entry = ModelLogEntry.objects.get(action="fund.application.revoke_links")
    return entry.user.get_full_name() or entry.user.get_username()


def test_the_address_is_matched_in_any_case(client, administrator, two_applicants):
    client.force_login(administrator)

    response = client.post(URL, {"email": "  SAM.example@EXAMPLE.ORG "})

    applications = json.loads(unzip(response)["applications.json"])
    assert len(applications) == 2


def test_the_export_is_recorded_without_the_address(client, administrator, two_applicants, caplog):
    client.force_login(administrator)

    with caplog.at_level(logging.INFO, logger="fund.privacy.subject_access"):
        client.post(URL, {"email": "sam.example@example.org"})

    entry = ModelLogEntry.objects.get(action="fund.privacy.subject_access.export")
    assert entry.user == administrator
    assert entry.data["applications"] == 2
    assert entry.data["documents"] == 2
    assert "sam" not in json.dumps(entry.data).lower()
    messages = [r.getMessage() for r in caplog.records if r.name == "fund.privacy.subject_access"]
    assert len(messages) == 1
    assert "2 applications" in messages[0]
    assert "sam" not in messages[0].lower()


def test_when_nothing_is_held_the_administrator_is_told_so(client, administrator, open_call):
    client.force_login(administrator)

    response = client.post(URL, {"email": "nobody@example.org"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "We hold no applications and no e-mails for nobody@example.org." in unescape(
        response.content.decode()
    )


def test_an_invalid_address_is_explained(client, administrator):
    client.force_login(administrator)

    response = client.post(URL, {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter an e-mail address in the correct format, like name@example.org." in unescape(
        response.content.decode()
    )


def test_the_settings_menu_offers_subject_access_to_administrators(client, administrator):
    client.force_login(administrator)

    assert "Subject access" in client.get("/admin/").content.decode()
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", ["manager", "finance", "panel_member"])
def test_staff_who_are_not_administrators_are_refused(client, request, role, two_applicants):
    client.force_login(request.getfixturevalue(role))

    assert "Subject access" not in client.get("/admin/").content.decode()
    for response in (client.get(URL), client.post(URL, {"email": "sam.example@example.org"})):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert not ModelLogEntry.objects.filter(action="fund.privacy.subject_access.export").exists()
