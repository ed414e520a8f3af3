"""Every public page that shows an applicant's answers, tokens or status
tells browsers and proxies to keep no copy: ``Cache-Control: private,
no-store`` (reproduction 9)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from fund.applications.models import Application
from fund.awards.services.decisions import award_make
from tests.support.applying import apply, form_without_declarations
from tests.support.links import link_in
from tests.support.pages import assert_private_no_store, close_response

pytestmark = pytest.mark.django_db


def test_the_form_and_check_your_answers_are_never_stored(
    client, open_call, django_capture_on_commit_callbacks
):
    responses = {"the blank form": client.get(open_call.url)}
    responses["the form with errors"] = client.post(
        open_call.url, form_without_declarations(open_call, amount_requested="lots")
    )
    responses["the form with a draft"] = client.get(open_call.url)
    with django_capture_on_commit_callbacks(execute=True):
        responses["saved"] = client.post(
            open_call.url, form_without_declarations(open_call, action="save")
        )
    responses["continue"] = client.post(open_call.url, form_without_declarations(open_call))
    responses["check your answers"] = client.get("/apply/check/")
    responses["check your answers with errors"] = client.post("/apply/check/", {})
    [message] = mail.outbox
    link = link_in(message, "continue")
    responses["the draft link"] = Client().get(link)
    responses["the draft link's button"] = Client().post(link)

    for what, response in responses.items():
        assert response.status_code in {200, 302}, what
        assert_private_no_store(response, what)


def test_the_confirmation_copy_status_and_letter_are_never_stored(
    client, open_call, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_call)
    application = Application.objects.get()
    [acknowledgement] = [m for m in mail.outbox if application.reference in m.subject]
    link = link_in(acknowledgement, "view")
    Application.objects.filter(pk=application.pk).update(status="reviewed")
    with django_capture_on_commit_callbacks(execute=True):
        award_make(
            early_reason="Decided early in a test.",
            application=application,
            amount=Decimal("2000.00"),
            conditions="<p>Spend it on the project.</p>",
            by=manager,
        )
    browser = Client()
    responses = {
        "sent": client.get("/apply/sent/"),
        "copy": client.get("/apply/copy/"),
        "the status link": browser.get(link),
        "the status link's button": browser.post(link),
    }
    responses.update(
        {
            "status": browser.get("/apply/status/"),
            "accept with errors": browser.post("/apply/status/accept/", {}),
            "decline with errors": browser.post("/apply/status/decline/", {}),
            "letter": browser.get("/apply/status/letter/"),
            "sent, to a stranger": Client().get("/apply/sent/"),
            "status, to a stranger": Client().get("/apply/status/"),
        }
    )
    responses["decline"] = browser.post(
        "/apply/status/decline/", {"decline-reason": "The project is cancelled."}
    )
    responses["withdraw with errors"] = browser.post("/apply/status/withdraw/", {})

    for what, response in responses.items():
        assert_private_no_store(response, what)
    assert responses["letter"].status_code == 200
    close_response(responses["letter"])


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/apply/status/"),
        ("get", "/apply/status/letter/"),
        ("get", "/apply/sent/"),
        ("get", "/apply/copy/"),
        ("get", "/apply/check/"),
        ("post", "/apply/status/withdraw/"),
        ("post", "/apply/status/accept/"),
        ("post", "/apply/status/decline/"),
        ("get", "/apply/view/not-a-token/"),
        ("get", "/apply/continue/not-a-token/"),
    ],
)
def test_a_browser_with_no_application_gets_a_404_that_is_never_stored(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert_private_no_store(response, url)
