"""Award letters in the Wagtail admin: download, reissue, retry and the call's
zip."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from fund.applications.models import Application
from fund.awards.models.awards import AwardLetter
from fund.awards.services.decisions import award_make
from tests.awards.admin.awards.helpers import (
    CONDITIONS,
    action_url,
    application_url,
    inspect_url,
    make_letter,
)
from tests.factories import UserFactory
from tests.factories.calls import make_call
from tests.support.pages import page_text, read_body

pytestmark = pytest.mark.django_db


def cache_directives(response):
    """Wagtail's admin adds its own never-cache directives to ours."""
    return [part.strip() for part in response["Cache-Control"].split(",")]


def download(client, letter):
    return client.get(reverse("awards:letter_download", args=[letter.pk]))


def test_a_letter_downloads_as_a_private_pdf_attachment(
    client, finance, reviewed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = award_make(
            early_reason="Decided early in a test.",
            application=reviewed,
            amount="4750",
            conditions=CONDITIONS,
            by=manager,
        )
    letter = AwardLetter.objects.get(award=award)
    client.force_login(finance)

    response = download(client, letter)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="award-letter-SCF-2026-0501-v1.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in cache_directives(response)
    body = read_body(response)
    assert body.startswith(b"%PDF")
    assert len(body) == letter.size


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("pending", "Version 2 of this letter is still being made."),
        ("failed", "Version 2 of this letter could not be made"),
    ],
)
def test_a_letter_not_made_is_not_found_with_a_plain_message(
    client, finance, award, status, message
):
    letter = make_letter(award, status=status)
    client.force_login(finance)

    response = download(client, letter)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()


def test_reissuing_keeps_both_versions_and_both_download(
    client, finance, reviewed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = award_make(
            early_reason="Decided early in a test.",
            application=reviewed,
            amount="4750",
            conditions=CONDITIONS,
            by=manager,
        )
    client.force_login(finance)
    url = action_url("awards:reissue_letter", award)

    response = client.post(url, {"reason": " "})
    assert response.context["form"].errors["reason"] == [
        "Give the reason for reissuing the letter."
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The organisation's address changed."})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(award)
    first, second = AwardLetter.objects.filter(award=award).order_by("version")
    assert (first.status, second.status) == ("superseded", "current")
    assert (second.reason, second.requested_by) == ("The organisation's address changed.", finance)
    assert first.sha256 != "" and second.sha256 != ""
    for letter in (first, second):
        response = download(client, letter)
        assert response.status_code == 200
        assert read_body(response).startswith(b"%PDF")
        assert response["Content-Disposition"].endswith(f'-v{letter.version}.pdf"')
    page = page_text(client.get(inspect_url(award)))
    assert "Version 2 of the letter is being made." in page
    assert "Superseded" in page and "Current" in page


def test_a_failed_letter_can_be_tried_again(client, finance, award):
    AwardLetter.objects.filter(award=award).delete()  # the pending first issue
    failed = make_letter(award, version=1, status="failed")
    client.force_login(finance)

    page = page_text(client.get(inspect_url(award)))
    assert reverse("awards:letter_retry", args=[failed.pk]) in page
    assert "OSError: fonts missing" in page

    response = client.post(reverse("awards:letter_retry", args=[failed.pk]))

    assert response.status_code == 302
    assert response["Location"] == inspect_url(award)
    failed.refresh_from_db()
    retry = AwardLetter.objects.get(award=award, version=2)
    assert failed.status == "failed"
    assert retry.status == "pending"  # made by the task once the request commits
    assert retry.reason == "Trying again: version 1 could not be made"


def test_only_a_failed_letter_is_tried_again(client, finance, award):
    current = make_letter(award, status="current")
    client.force_login(finance)

    response = client.post(reverse("awards:letter_retry", args=[current.pk]))

    assert response.status_code == 200
    assert "did not fail, so there is nothing to try again" in page_text(response)
    assert AwardLetter.objects.filter(award=award).count() == 2


def test_the_zip_holds_the_current_letter_of_each_award_in_the_call(
    client, finance, fund_page, make_award
):
    first = make_award("1000", reference="SCF-2026-0801")
    second = make_award("2000", reference="SCF-2026-0802")
    other_call = make_call(fund_page, slug="youth", title="Youth diversion")
    elsewhere = make_award("3000", page=other_call, reference="SCF-2026-0803")
    AwardLetter.objects.all().delete()  # the pending first issues
    make_letter(first, version=1, status="superseded", content=b"%PDF old")
    make_letter(first, version=2, status="current", content=b"%PDF first v2")
    make_letter(second, version=1, status="current", content=b"%PDF second v1")
    make_letter(elsewhere, version=1, status="current", content=b"%PDF elsewhere")
    client.force_login(finance)

    response = client.get(reverse("awards:call_letters", args=[first.application.page_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="award-letters-call.zip"'
    assert "no-store" in cache_directives(response)
    archive = zipfile.ZipFile(io.BytesIO(read_body(response)))
    assert sorted(archive.namelist()) == [
        "award-letter-SCF-2026-0801-v2.pdf",
        "award-letter-SCF-2026-0802-v1.pdf",
    ]
    assert archive.read("award-letter-SCF-2026-0801-v2.pdf") == b"%PDF first v2"


def test_a_call_without_letters_sends_you_back_to_the_listing(client, finance, award):
    AwardLetter.objects.all().delete()
    call = award.application.page
    client.force_login(finance)

    response = client.get(reverse("awards:call_letters", args=[call.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('awards:index')}?call={call.pk}"
    page = page_text(client.get(response["Location"]))
    assert "No award letters have been made for “Tackling modern slavery” yet." in page


def test_the_application_shows_the_award_to_finance_with_a_link(client, finance, award):
    client.force_login(finance)

    page = page_text(client.get(application_url(award.application)))

    assert "Awarded" in page
    assert "£4,000.00" in page
    assert inspect_url(award) in page


def test_an_application_without_the_view_award_permission_shows_no_amount(client, award):

    reader = UserFactory()
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_application"),
    )
    client.force_login(reader)

    response = client.get(application_url(award.application))

    assert response.status_code == 200
    page = page_text(response)
    assert "Awarded" in page
    assert "£4,000.00" not in page
    assert inspect_url(award) not in page
    assert Application.objects.get(pk=award.application_id).status == "awarded"
