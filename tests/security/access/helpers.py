"""What the tests of tests/security/access share.

Nobody reaches what is not theirs by guessing or crafting a request.
"""

import hashlib

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.awards.models.awards import (
    Award,
    AwardLetter,
    BudgetEntry,
    FundReturn,
    Instalment,
    Payment,
)
from fund.calls.models import FundPage
from fund.core.outbox import QueuedEmail
from fund.reviews.models import Review, ReviewAssignment
from tests.factories import ApplicationFactory
from tests.support.applying import PDF_BYTES

LOGIN_URL = "/admin/login/"


#: What each application is called, so a test can look for it in a refusal.
SECRETS = {
    "assigned": ("SCF-2026-0101", "Aire Valley Freedom Project", "Sam Assigned"),
    "unassigned": ("SCF-2026-0102", "Calder Refuge Trust", "Una Unassigned"),
    "conflicted": ("SCF-2026-0103", "Kirklees Conflict Group", "Cora Conflicted"),
    "awarded": ("SCF-2026-0104", "Wakefield Women's Aid", "Wendy Awarded"),
    "accepted": ("SCF-2026-0105", "Leeds Lantern Project", "Lee Accepted"),
}


OTHER_REVIEW_COMMENT = "Second reviewer: strong partnership, weak budget."


def application(call, key, **fields):
    reference, organisation, contact = SECRETS[key]
    return ApplicationFactory(
        page=call,
        reference=reference,
        organisation_name=organisation,
        contact_name=contact,
        contact_email=f"{key}@example.net",
        **fields,
    )


def letter_for(award):
    """A made letter (a stand-in PDF: the letters' own tests render them)."""
    letter = award.letters.get()
    letter.file.save(letter.filename, ContentFile(PDF_BYTES), save=False)
    letter.status = "current"
    letter.size, letter.sha256 = len(PDF_BYTES), hashlib.sha256(PDF_BYTES).hexdigest()
    letter.made_at = timezone.now()
    letter.save()
    return letter


def snapshot():
    """Everything a refused request must leave as it was."""
    return {
        "audit entries": ModelLogEntry.objects.count(),
        "applications": sorted(Application.objects.values_list("pk", "status", "screened_at")),
        "assignments": sorted(
            ReviewAssignment.objects.values_list("pk", "reviewer", "conflict", "application")
        ),
        "reviews": sorted(Review.objects.values_list("pk", "status", "comment", "submitted_at")),
        "awards": sorted(Award.objects.values_list("pk", "status", "amount", "accepted_name")),
        "payments": Payment.objects.count(),
        "returns": FundReturn.objects.count(),
        "instalments": Instalment.objects.count(),
        "ledger": BudgetEntry.objects.count(),
        "committed": list(FundPage.objects.values_list("committed", flat=True)),
        "letters": sorted(AwardLetter.objects.values_list("pk", "status")),
        "e-mails": QueuedEmail.objects.count(),
        "documents": ApplicationDocument.objects.count(),
    }


def page_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def assert_names_nothing(response, *keys):
    page = page_of(response)
    for key in keys or SECRETS:
        for secret in SECRETS[key]:
            assert secret not in page, secret
    assert PDF_BYTES.decode() not in page


def assert_refused(response, *, anonymous=False):
    """A plain refusal: a 403 or 404, or (Wagtail's answer to a
    PermissionDenied in its admin) a redirect to the dashboard or the log-in."""
    if response.status_code == 302:
        location = response["Location"]
        if anonymous:
            assert location.startswith(LOGIN_URL), location
        else:
            assert location == reverse("wagtailadmin_home") or location.startswith(LOGIN_URL), (
                location
            )
    else:
        assert response.status_code in {403, 404}, response.status_code
        assert response.status_code != 200


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client
