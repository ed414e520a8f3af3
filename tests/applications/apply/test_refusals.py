"""What the application form refuses, and says why: wrong answers, files not
allowed, and calls that are not open."""

import datetime as dt

import pytest
from django.utils import timezone

from fund.applications.forms import ApplicationForm
from fund.applications.models import Application, ApplicationDocument
from fund.calls.models import CallPage
from tests.factories.calls import make_call
from tests.support.applying import apply, executable, pdf, png, sent_applications

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organisation_name": ""}, "Enter the name of your organisation."),
        (
            {"registration_number": "12345"},
            "Enter a charity number for England and Wales, which is 6 or 7 digits",
        ),
        (
            {"organisation_type": "charity_sc", "registration_number": "1187654"},
            "Enter a Scottish charity number, which is SC and 6 digits",
        ),
        (
            {"organisation_type": "company", "registration_number": "ABC"},
            "Enter a company number, which is 8 characters",
        ),
        (
            {"organisation_type": "unregistered", "registration_number": "1187654"},
            "Leave the registration number empty for a group that is not registered.",
        ),
        ({"postcode": "LS99"}, "Enter a real postcode, like LS1 2AB."),
        ({"contact_email": "sam-at-example"}, "Enter an e-mail address in the right format"),
        ({"contact_phone": "12345"}, "Enter a UK telephone number"),
        ({"amount_requested": "499.99"}, "Enter an amount between £500.00 and £5,000.00."),
        ({"amount_requested": "5000.01"}, "Enter an amount between £500.00 and £5,000.00."),
        ({"amount_requested": "lots"}, "Enter the amount in pounds, like 2500 or 2500.50."),
        ({"amount_requested": "600.505"}, "Enter the amount in pounds and pence"),
        ({"project_summary": "word " * 51}, "must be 50 words or fewer. It is 51 words."),
        ({"planned_start": "31/02/2027"}, "Enter the start date as a date"),
        ({"districts": None}, "Select at least one district your project will serve."),
        ({"declare_true": None}, "Confirm that the information you have given is true."),
        ({"declare_privacy": None}, "Confirm that you have read the privacy notice."),
        ({"submission_token": None}, "This form is out of date."),
    ],
)
def test_each_invalid_answer_gets_its_own_message_and_nothing_is_sent(
    client, open_call, overrides, message
):
    response = apply(client, open_call, **overrides)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error: " in page
    assert not sent_applications().exists()


def test_end_date_before_start_date_is_refused(client, open_call):
    start = timezone.localdate() + dt.timedelta(days=30)
    response = apply(
        client,
        open_call,
        planned_start=start.strftime("%d/%m/%Y"),
        planned_end=(start - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
    )
    assert "The planned end date must be after the start date." in response.content.decode()
    assert not sent_applications().exists()


def test_error_summary_links_to_each_field_with_an_error(client, open_call):
    response = apply(client, open_call, organisation_name="", organisation_type=None)

    page = response.content.decode()
    assert 'href="#id_organisation_name"' in page
    assert 'href="#id_organisation_type_0"' in page  # the first radio button
    assert 'aria-describedby="id_organisation_name-error"' in page


def test_a_refused_file_keeps_every_other_answer_and_the_good_files(client, open_call):
    response = apply(
        client, open_call, files={"documents": [executable("accounts.pdf"), png("photo.png")]}
    )

    page = response.content.decode()
    assert "The file accounts.pdf is not a real PDF file." in page
    assert 'value="Aire Valley Freedom Project"' in page
    assert 'value="1187654"' in page
    assert "Survivors sit on our steering group." in page
    assert 'value="leeds" id="id_districts_3" checked' in page
    assert "Files we accepted are kept with your application." in page
    assert "photo.png" in page  # offered among the files already added
    assert not sent_applications().exists()
    assert list(ApplicationDocument.objects.values_list("original_name", flat=True)) == [
        "photo.png"
    ]


def test_a_file_of_a_type_not_allowed_is_refused(client, open_call):
    response = apply(
        client,
        open_call,
        files={"documents": [pdf("notes.txt", b"just text")]},
    )
    assert "The file notes.txt must be a PDF, DOCX, XLSX, ODT, ODS, JPEG or PNG file." in (
        response.content.decode()
    )
    assert not sent_applications().exists()


def test_an_oversized_file_is_refused(client, open_call, settings):
    settings.FUND_UPLOAD_MAX_FILE_BYTES = 1024
    big = pdf("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)

    response = apply(client, open_call, files={"documents": [big]})

    assert "The file big.pdf is 2.0\xa0KB. Each file must be 1.0\xa0KB or smaller." in (
        response.content.decode()
    )
    assert not sent_applications().exists()


def test_files_over_the_total_limit_are_refused(client, open_call, settings):
    settings.FUND_UPLOAD_MAX_TOTAL_BYTES = 100
    response = apply(client, open_call, files={"documents": [pdf("a.pdf"), pdf("b.pdf")]})

    assert "All files together must be 100\xa0bytes or smaller." in response.content.decode()
    assert not sent_applications().exists()


def test_too_many_files_are_refused(client, open_call, settings):
    settings.FUND_UPLOAD_MAX_FILES = 2
    # The form field reads its limit when the class is made; rebuild it.

    ApplicationForm.base_fields["documents"].max_files = 2
    try:
        response = apply(
            client, open_call, files={"documents": [pdf(f"{n}.pdf") for n in range(3)]}
        )
    finally:
        ApplicationForm.base_fields["documents"].max_files = 10

    assert "You can send up to 2 files in all." in response.content.decode()
    assert not sent_applications().exists()


def test_stored_documents_are_private_with_random_names(client, open_call, private_storage):
    apply(client, open_call, files={"documents": [pdf("Our accounts 2026.pdf")]})

    document = ApplicationDocument.objects.get()
    assert document.original_name == "Our accounts 2026.pdf"
    assert "accounts" not in document.file.name
    assert (private_storage / document.file.name).exists()
    with pytest.raises(ValueError):
        _ = document.file.url  # private storage has no URL at all


def test_a_call_that_has_closed_shows_its_dates_and_no_form(client, fund_page):
    now = timezone.now()
    call = make_call(
        fund_page, opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(hours=1)
    )

    page = client.get(call.url).content.decode()

    assert "no longer taking applications" in page
    assert "<form" not in page


def test_a_call_not_yet_open_says_when_it_opens(client, fund_page):
    now = timezone.now()
    call = make_call(
        fund_page, opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30)
    )

    page = client.get(call.url).content.decode()

    assert "This call is not open yet. You can apply from" in page
    assert "<form" not in page


def test_a_submission_arriving_after_the_closing_time_is_refused_with_the_time(client, fund_page):
    now = timezone.now()
    closes_at = timezone.make_aware(dt.datetime(2026, 11, 27, 17, 0))
    call = make_call(fund_page, opens_at=now - dt.timedelta(days=30), closes_at=closes_at)

    response = apply(client, call)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Your application was not sent" in page
    assert "This call closed at 5pm on 27 November 2026." in page
    assert not Application.objects.exists()


def test_a_call_closing_while_the_form_is_being_checked_refuses_it(client, open_call, monkeypatch):
    """The closing time is checked again inside the submit transaction."""

    real_is_open = CallPage.is_open
    calls = []

    def closes_after_first_check(self, *, at=None):
        calls.append(at)
        return len(calls) == 1 and real_is_open(self, at=at)

    monkeypatch.setattr(CallPage, "is_open", closes_after_first_check)
    monkeypatch.setattr(CallPage, "has_closed", lambda self, at=None: len(calls) > 1)

    response = apply(client, open_call)

    assert response.status_code == 409
    assert "Your application was not sent" in response.content.decode()
    assert not Application.objects.exists()
    assert not ApplicationDocument.objects.exists()
