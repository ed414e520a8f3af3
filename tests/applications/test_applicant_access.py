"""Who may open an application on the public site: only the signed link, or
the browser session that made the draft. The form's hidden token only stops
a double submission (fund/access.py)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from fund.applications.models import Application
from fund.applications.services.drafts import application_draft_save
from fund.applications.services.links import application_links_revoke
from fund.applications.services.sending import application_submit
from fund.awards.services.decisions import award_make
from tests.support.applying import apply, form_data, form_without_declarations, pdf
from tests.support.banking import BANK_DETAILS
from tests.support.links import link_in, open_status

pytestmark = pytest.mark.django_db

DECLARATIONS = {"declare_true": "on", "declare_privacy": "on"}


@pytest.fixture
def sent(client, open_call, django_capture_on_commit_callbacks):
    """An application sent from ``client``, the form it posted, and its status link."""
    data = form_data(open_call)
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_call, submission_token=data["submission_token"])
    application = Application.objects.get()
    [acknowledgement] = [m for m in mail.outbox if application.reference in m.subject]
    return (
        application,
        form_without_declarations(open_call, submission_token=data["submission_token"]),
        link_in(acknowledgement, "view"),
    )


# --- the token is not a key ----------------------------------------------------------


def test_another_browser_posting_someones_token_gets_a_new_draft_and_sees_nothing_of_theirs(
    client, open_call
):
    """Reproduction 3 (a draft): the stranger's post neither sees the held
    file nor replaces the contact e-mail."""
    data = form_without_declarations(open_call, action="save")
    client.post(open_call.url, {**data, "documents": [pdf("safeguarding-policy.pdf")]})
    owners = Application.objects.get()

    stranger = Client()
    response = stranger.post(
        open_call.url, {**data, "contact_email": "stranger@example.net", "action": "continue"}
    )

    owners.refresh_from_db()
    assert owners.contact_email == "sam@example.org"
    assert owners.documents.get().original_name == "safeguarding-policy.pdf"
    strangers = Application.objects.exclude(pk=owners.pk).get()
    assert strangers.contact_email == "stranger@example.net"
    assert strangers.submission_token != owners.submission_token
    assert not strangers.documents.exists()
    check = stranger.get(response.url).content.decode()
    assert "safeguarding-policy.pdf" not in check
    assert "safeguarding-policy.pdf" not in stranger.get(open_call.url).content.decode()


def test_another_browser_posting_a_sent_applications_token_cannot_reach_or_withdraw_it(
    sent, open_call, manager
):
    """Reproduction 3 (a sent application), after staff revoked its links."""
    application, data, _path = sent
    application_links_revoke(application=application, by=manager)
    stranger = Client()

    response = stranger.post(open_call.url, data)

    assert response.status_code == 302
    assert response.url == "/apply/check/"  # a new draft of the stranger's own
    assert stranger.get("/apply/sent/").status_code == 404
    assert stranger.get("/apply/status/").status_code == 404
    withdraw = stranger.post("/apply/status/withdraw/", {"withdraw-reason": "Not ours."})
    assert withdraw.status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"
    assert Application.objects.filter(status="draft").count() == 1


def test_the_same_browser_posting_the_form_again_sees_its_confirmation(client, sent, open_call):
    application, data, _path = sent

    response = client.post(open_call.url, data, follow=True)

    assert "Application sent" in response.content.decode()
    assert application.reference in response.content.decode()
    assert Application.objects.count() == 1


def test_after_staff_revoke_the_links_posting_the_form_again_opens_nothing(
    client, sent, open_call, manager
):
    application, data, _path = sent
    application_links_revoke(application=application, by=manager)
    assert client.get("/apply/status/").status_code == 404

    response = client.post(open_call.url, data)

    assert response.status_code == 404
    assert "already been sent" in response.content.decode()
    assert client.get("/apply/status/").status_code == 404
    assert client.get("/apply/sent/").status_code == 404


def test_binding_an_application_gives_the_session_a_new_key_and_the_old_key_holds_nothing(
    client, open_call
):
    """A session key planted in a browser beforehand (session fixation)
    does not open what that browser then saves."""
    client.get(open_call.url)
    planted = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(open_call.url, form_without_declarations(open_call))
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted
    assert client.get("/apply/check/").status_code == 200

    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted

    assert attacker.get("/apply/check/").status_code == 404
    assert "Aire Valley" not in attacker.get(open_call.url).content.decode()


def test_a_save_that_read_the_draft_before_it_was_sent_leaves_it_sent(client, open_call):
    """The cause of the 404 at /apply/sent/ (reproduction 11): a tab saving
    the form wrote its stale copy of the draft over the application another
    tab had just sent, winding it back to a draft without its reference."""
    client.post(open_call.url, form_without_declarations(open_call))
    stale = Application.objects.get()
    sent = application_submit(application=Application.objects.get())

    saved = application_draft_save(
        call=open_call,
        draft=stale,
        token=stale.submission_token,
        raw={},
        core={"project_title": "Changed in another tab"},
        answers={},
        files=[],
    )

    assert saved.status == "submitted"
    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.reference == sent.reference
    assert application.project_title == "Drop-in advice for survivors"


# --- invisible characters --------------------------------------------------------------


def test_bidi_controls_and_zero_width_characters_are_removed_when_answers_are_saved(
    client, open_call
):
    response = client.post(
        open_call.url,
        form_without_declarations(
            open_call,
            contact_name="Sam \u202eelpmaxE",
            organisation_name="Aire\u200b Valley Freedom Project",
            project_summary="We will run\u2066 a weekly drop-in\u2069.",
            q_how_will_survivors_shape_the_project="Survivors\u200d sit on our group.",
        ),
    )

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.contact_name == "Sam elpmaxE"
    assert application.organisation_name == "Aire Valley Freedom Project"
    assert application.project_summary == "We will run a weekly drop-in."
    assert application.form_data["how_will_survivors_shape_the_project"] == (
        "Survivors sit on our group."
    )
    assert "\u202e" not in str(application.draft_data)


def test_the_name_accepting_an_offer_and_a_reason_are_saved_without_invisible_characters(
    sent, manager, django_capture_on_commit_callbacks
):

    application, _data, path = sent
    Application.objects.filter(pk=application.pk).update(status="reviewed")
    with django_capture_on_commit_callbacks(execute=True):
        award = award_make(
            early_reason="Decided early in a test.",
            application=application,
            amount=Decimal("2000.00"),
            conditions="<p>Spend it on the project.</p>",
            by=manager,
        )
    browser = open_status(path)

    refused = browser.post(
        "/apply/status/accept/",
        {"name": "Sam\nExample", "position": "Chair", "condition_1": "on"},
    )
    assert "Enter the name on one line." in refused.content.decode()
    browser.post(
        "/apply/status/accept/",
        {
            "name": "Sam \u202eelpmaxE",
            "position": "Chair\u200b",
            "condition_1": "on",
            **BANK_DETAILS,
        },
    )

    award.refresh_from_db()
    assert award.status == "accepted"
    assert (award.accepted_name, award.accepted_position) == ("Sam elpmaxE", "Chair")
