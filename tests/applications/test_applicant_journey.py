"""The applicant's side: save and return, check your answers, the
confirmation and copy, and the status page reached by a private link."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.applications.selectors import applications_for_staff
from fund.applications.services.links import application_links_revoke
from fund.awards.models.awards import Award
from fund.awards.selectors import fund_budgets
from fund.awards.services.decisions import award_make
from fund.awards.services.lifecycle import award_accept, award_withdraw
from fund.calls.models import CallPage, FundPage
from tests.support.applying import apply, form_data, pdf
from tests.support.banking import BANK_DETAILS
from tests.support.links import link_in, open_status

pytestmark = pytest.mark.django_db


def save_draft(client, call, django_capture_on_commit_callbacks, **overrides):
    data = form_data(call, action="save", **overrides)
    data.pop("declare_true"), data.pop("declare_privacy")
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(call.url, {**data, "documents": [pdf("budget.pdf")]})


# --- save and return -------------------------------------------------------------


def test_saving_a_draft_emails_a_private_link_and_sends_nothing(
    client, open_call, django_capture_on_commit_callbacks
):
    response = save_draft(
        client, open_call, django_capture_on_commit_callbacks, amount_requested="lots"
    )

    page = response.content.decode()
    assert "Your application has been saved" in page
    assert "sam@example.org" in page
    draft = Application.objects.get()
    assert draft.status == "draft"
    assert draft.reference is None
    assert draft.draft_data["amount_requested"] == "lots"  # kept exactly as typed
    assert draft.documents.get().original_name == "budget.pdf"
    [message] = mail.outbox
    assert "Continue your application" in message.subject
    path = link_in(message, "continue")
    token = path.rstrip("/").rsplit("/", 1)[-1]
    # The token holds only the random access key: no name, no e-mail.
    assert signing.loads(token, salt="fund.draft") == draft.access_key.hex
    assert "sam" not in token.lower()


def test_the_link_opens_a_page_whose_button_brings_the_draft_back(
    client, open_call, django_capture_on_commit_callbacks
):
    save_draft(client, open_call, django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0], "continue")
    browser = client.__class__()  # another day, another browser

    opened = browser.get(path)
    assert "Continue your application" in opened.content.decode()
    # Following the link (as a mail scanner does) binds nothing.
    assert "Aire Valley Freedom Project" not in browser.get(open_call.url).content.decode()

    response = browser.post(path, follow=True)

    page = response.content.decode()
    assert 'value="Aire Valley Freedom Project"' in page
    assert "You are continuing the application you saved" in page
    assert "budget.pdf" in page  # the file is still with it


def test_saving_needs_an_email_address_to_send_the_link_to(
    client, open_call, django_capture_on_commit_callbacks
):
    response = save_draft(client, open_call, django_capture_on_commit_callbacks, contact_email="")

    page = response.content.decode()
    assert "Enter a contact e-mail address so we can send you a link back" in page
    assert mail.outbox == []
    assert Application.objects.get().status == "draft"  # nothing lost


def test_a_draft_link_expires_when_the_call_closes(
    client, open_call, django_capture_on_commit_callbacks
):
    save_draft(client, open_call, django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0], "continue")
    CallPage.objects.filter(pk=open_call.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )

    response = client.get(path)

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_revoked_links_stop_working(client, open_call, manager, django_capture_on_commit_callbacks):
    save_draft(client, open_call, django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0], "continue")
    application_links_revoke(application=Application.objects.get(), by=manager)

    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    # and the browser that had it open loses it too
    assert "Aire Valley Freedom Project" not in client.get(open_call.url).content.decode()


def test_a_forged_token_finds_nothing(client):
    response = client.get("/apply/continue/not-a-real-token/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_drafts_count_nowhere(client, open_call, manager, django_capture_on_commit_callbacks):

    save_draft(client, open_call, django_capture_on_commit_callbacks)

    assert not applications_for_staff().exists()
    assert fund_budgets()[0].status_counts == {}
    client.force_login(manager)
    listing = client.get("/admin/applications/").content.decode()
    assert "Aire Valley Freedom Project" not in listing


# --- check your answers ------------------------------------------------------------


def test_continue_leads_to_check_your_answers_with_change_links(client, open_call):
    response = client.post(open_call.url, form_data(open_call), follow=True)

    page = response.content.decode()
    assert "Check your answers before sending your application" in page
    assert "Aire Valley Freedom Project" in page
    assert "£2,500.00" in page
    assert f'href="{open_call.url}#section-organisation"' in page
    assert f'href="{open_call.url}#section-project"' in page
    assert "Accept and send" in page
    assert not Application.objects.exclude(status="draft").exists()


def test_changing_an_answer_returns_to_the_summary(client, open_call):
    client.post(open_call.url, form_data(open_call))
    change = client.get(open_call.url).content.decode()
    assert 'value="Aire Valley Freedom Project"' in change

    response = client.post(
        open_call.url, form_data(open_call, organisation_name="Aire Valley Trust"), follow=True
    )

    assert response.redirect_chain[-1][0] == "/apply/check/"
    assert "Aire Valley Trust" in response.content.decode()
    assert Application.objects.count() == 1


def test_sending_needs_both_declarations(client, open_call):
    client.post(open_call.url, form_data(open_call))
    response = client.post("/apply/check/", {"declare_true": "on"})

    page = response.content.decode()
    assert "Confirm that you have read the privacy notice." in page
    assert 'href="#id_declare_privacy"' in page
    assert not Application.objects.exclude(status="draft").exists()


def test_confirmation_has_the_reference_next_steps_and_a_printable_copy(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, open_call)

    application = Application.objects.get()
    page = response.content.decode()
    assert "Application sent" in page
    assert application.reference in page
    assert "What happens next" in page
    copy = client.get("/apply/copy/").content.decode()
    assert application.reference in copy
    assert "Drop-in advice for survivors" in copy
    assert "Print or save as PDF" in copy


# --- the status page ------------------------------------------------------------------


@pytest.fixture
def sent(client, open_call, django_capture_on_commit_callbacks):
    """An application sent through the site, and its status link."""
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_call)
    application = Application.objects.get()
    [acknowledgement] = [m for m in mail.outbox if application.reference in m.subject]
    return application, link_in(acknowledgement, "view")


def test_the_status_link_shows_the_status_in_the_applicants_words(sent):
    application, path = sent
    browser = open_status(path)

    page = browser.get("/apply/status/").content.decode()

    assert application.reference in page
    assert "Received" in page
    assert "Withdraw this application" in page


def test_the_applicant_withdraws_with_a_reason(sent):
    application, path = sent
    browser = open_status(path)

    refused = browser.post("/apply/status/withdraw/", {"withdraw-reason": ""})
    assert "Tell us why, so that we can learn from it." in refused.content.decode()

    browser.post("/apply/status/withdraw/", {"withdraw-reason": "We found other funding."})

    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.withdrawn_reason == "We found other funding."
    assert ModelLogEntry.objects.filter(action="fund.application.withdraw").exists()
    assert "You withdrew this application" in browser.get("/apply/status/").content.decode()


@pytest.fixture
def offered(sent, manager, django_capture_on_commit_callbacks):
    application, path = sent
    Application.objects.filter(pk=application.pk).update(status="reviewed")
    with django_capture_on_commit_callbacks(execute=True):
        award = award_make(
            early_reason="Decided early in a test.",
            application=application,
            amount=Decimal("2000.00"),
            conditions="<ul><li>Spend it on the project.</li><li>Report in a year.</li></ul>",
            by=manager,
        )
    return award, path


def test_the_applicant_downloads_the_letter_and_accepts_each_condition(offered):
    award, path = offered
    browser = open_status(path)

    page = browser.get("/apply/status/").content.decode()
    assert "Our decision: a grant of £2,000.00" in page
    assert "Spend it on the project." in page
    letter = browser.get("/apply/status/letter/")
    assert letter.status_code == 200
    assert b"".join(letter.streaming_content).startswith(b"%PDF")

    refused = browser.post(
        "/apply/status/accept/",
        {"name": "Sam Example", "position": "Chair", "condition_1": "on"},
    )
    assert "Tick condition 2 to show you accept it." in refused.content.decode()
    award.refresh_from_db()
    assert award.status == "offered"

    browser.post(
        "/apply/status/accept/",
        {
            "name": "Sam Example",
            "position": "Chair",
            "condition_1": "on",
            "condition_2": "on",
            **BANK_DETAILS,
        },
    )

    award.refresh_from_db()
    assert award.status == "accepted"
    assert (award.accepted_name, award.accepted_position) == ("Sam Example", "Chair")
    assert award.accepted_at is not None
    assert ModelLogEntry.objects.filter(action="fund.award.accept").exists()


def test_after_the_accept_by_date_the_offer_is_accepted_by_asking_us(offered, manager):

    award, path = offered
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Award.objects.filter(pk=award.pk).update(accept_by=yesterday)
    browser = open_status(path)

    page = browser.get("/apply/status/").content.decode()
    assert "The date to accept this offer online" in page
    assert 'action="/apply/status/accept/"' not in page
    refused = browser.post(
        "/apply/status/accept/",
        {
            "name": "Sam Example",
            "position": "Chair",
            "condition_1": "on",
            "condition_2": "on",
            **BANK_DETAILS,
        },
    )
    assert "has passed. Contact us" in refused.content.decode()
    award.refresh_from_db()
    assert award.status == "offered"

    # Staff may still record it, for example after agreeing a later date.
    award_accept(award=award, name="Sam Example", position="Chair", by=manager)
    award.refresh_from_db()
    assert award.status == "accepted"


def test_the_applicant_declines_the_offer_and_the_money_goes_back(offered):

    award, path = offered
    browser = open_status(path)

    browser.post("/apply/status/decline/", {"decline-reason": "The project is cancelled."})

    award.refresh_from_db()
    assert award.status == "declined"
    assert FundPage.objects.get(pk=award.fund_id).committed == Decimal("0.00")


def test_the_status_page_needs_the_link(client):
    assert client.get("/apply/status/").status_code == 404
    assert client.post("/apply/status/withdraw/", {"withdraw-reason": "x"}).status_code == 404


def test_the_form_sent_again_from_another_tab_shows_the_first_confirmation(client, open_call):

    data = form_data(open_call)
    other_tab = Client()
    other_tab.cookies = client.cookies  # one browser: its tabs share its cookies
    apply(client, open_call, submission_token=data["submission_token"])

    response = other_tab.post(open_call.url, data, follow=True)

    application = Application.objects.get()
    assert application.status == "submitted"
    assert "Application sent" in response.content.decode()
    assert application.reference in response.content.decode()


def test_a_withdrawn_offer_shows_no_letter_and_no_staff_reason(offered, manager):
    award, path = offered
    award_withdraw(award=award, reason="Suspected duplicate funding.", by=manager)
    browser = open_status(path)

    page = browser.get("/apply/status/").content.decode()

    assert "This offer has been withdrawn." in page
    assert "Suspected duplicate funding." not in page
    assert "Download your award letter" not in page
    assert browser.get("/apply/status/letter/").status_code == 404
