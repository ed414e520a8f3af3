"""Every private file leaves the site with the same headers
(fund/core/downloads.py): an attachment, never sniffed, sandboxed, and kept
by no cache. The applicant's award letter, a document to staff, a letter to
staff, a call's letters as one ZIP and a subject access export. (The
360Giving files are public and go their own way.)"""

import hashlib
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fund.applications import access
from fund.applications.models import ApplicationDocument
from fund.awards.models.awards import AwardLetter
from fund.awards.services.decisions import award_make
from tests.factories import ApplicationFactory, UserFactory
from tests.support.pages import close_response

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a stand-in\n%%EOF\n"
SANDBOX = "default-src 'none'; sandbox"


def assert_private_file(response, filename):
    """The headers of a private file, whoever downloads it."""
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]
    close_response(response)


@pytest.fixture
def award(open_call, manager):
    """An offered award with a made current letter (a stand-in PDF)."""
    application = ApplicationFactory(
        page=open_call,
        status="reviewed",
        amount_requested=Decimal("5000"),
        reference="SCF-2026-0901",
    )
    award = award_make(
        early_reason="Decided early in a test.",
        application=application,
        amount="4000.00",
        conditions="<p>Report within three months.</p>",
        by=manager,
    )
    AwardLetter.objects.filter(award=award).delete()  # the pending first issue
    letter = AwardLetter(
        award=award, version=1, status="current", reason="Issue", requested_by=manager
    )
    letter.file.save(letter.filename, ContentFile(PDF), save=False)
    letter.size = len(PDF)
    letter.sha256 = hashlib.sha256(PDF).hexdigest()
    letter.made_at = timezone.now()
    letter.save()
    return award


def test_the_applicant_downloads_their_letter_as_a_private_file(award):
    browser = Client()
    token = access.make_token(award.application, access.STATUS)
    browser.post(reverse("fund_status_open", args=[token]))

    response = browser.get(reverse("fund_status_letter"))

    assert_private_file(response, "award-letter-SCF-2026-0901-v1.pdf")


def test_staff_download_a_letter_as_a_private_file(client, finance, award):
    client.force_login(finance)
    letter = award.letters.get()

    response = client.get(reverse("awards:letter_download", args=[letter.pk]))

    assert_private_file(response, "award-letter-SCF-2026-0901-v1.pdf")


def test_a_letter_that_cannot_be_downloaded_is_refused_as_privately(
    client, finance, manager, award
):
    client.force_login(finance)
    letter = AwardLetter.objects.create(
        award=award, version=2, status="pending", reason="Reissue", requested_by=manager
    )

    response = client.get(reverse("awards:letter_download", args=[letter.pk]))

    assert response.status_code == 404
    assert response["Content-Security-Policy"] == SANDBOX
    assert "no-store" in {part.strip() for part in response["Cache-Control"].split(",")}


def test_staff_download_a_calls_letters_as_a_private_file(client, finance, award):
    client.force_login(finance)

    response = client.get(reverse("awards:call_letters", args=[award.application.page_id]))

    assert_private_file(response, "award-letters-call.zip")


def test_staff_download_a_document_as_a_private_file(client, manager, open_call):
    application = ApplicationFactory(page=open_call)
    document = ApplicationDocument(
        application=application,
        original_name="accounts.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    document.file.save("accounts.pdf", ContentFile(PDF), save=False)
    document.save()
    client.force_login(manager)

    response = client.get(reverse("applications:document", args=[document.pk]))

    assert_private_file(response, "accounts.pdf")


def test_a_subject_access_export_is_a_private_file(client, open_call):
    ApplicationFactory(page=open_call, contact_email="sam.example@example.org")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post("/admin/grants/subject-access/", {"email": "sam.example@example.org"})

    assert_private_file(response, f"subject-access-{timezone.localdate().isoformat()}.zip")
