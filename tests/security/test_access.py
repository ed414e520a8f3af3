"""Nobody reaches what is not theirs by guessing or crafting a request.

- Guessed and tampered URLs for other people's applications, drafts,
  documents and letters get a plain 403 or 404 that names nothing: not the
  reference, not the organisation, not the contact.
- Each role's crafted requests for what it may not do (DESIGN.md, "Users and
  roles"; the groups of fund/migrations/0002, 0004, 0006) are refused, change
  nothing in the database and write no audit entry.
"""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications import access
from fund.applications.models import Application, ApplicationDocument
from fund.applications.services import application_links_revoke
from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from fund.awards.models.awards import (
    Award,
    AwardLetter,
    BudgetEntry,
    FundReturn,
    Instalment,
    Payment,
)
from fund.awards.services.awards import award_accept, award_make, payment_record
from fund.calls.models import CallPage, FundPage
from fund.core.outbox import QueuedEmail
from fund.reviews.models import Review, ReviewAssignment
from fund.reviews.services import ScoreInput, conflict_declare, review_save, reviewer_assign
from tests.factories import ApplicationFactory, UserFactory
from tests.support.applying import PDF_BYTES
from tests.support.banking import bank_details_approved
from tests.support.states import DECIDE_NOW

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
BULK_URL = "/admin/bulk/fund/application/assign_reviewers/"

#: What each application is called, so a test can look for it in a refusal.
SECRETS = {
    "assigned": ("SCF-2026-0101", "Aire Valley Freedom Project", "Sam Assigned"),
    "unassigned": ("SCF-2026-0102", "Calder Refuge Trust", "Una Unassigned"),
    "conflicted": ("SCF-2026-0103", "Kirklees Conflict Group", "Cora Conflicted"),
    "awarded": ("SCF-2026-0104", "Wakefield Women's Aid", "Wendy Awarded"),
    "accepted": ("SCF-2026-0105", "Leeds Lantern Project", "Lee Accepted"),
}
OTHER_REVIEW_COMMENT = "Second reviewer: strong partnership, weak budget."


# --- the world: one call, its applications in each state, the people ---------------


def panel_user(first_name):
    user = UserFactory(first_name=first_name, last_name="Reviewer")
    user.groups.add(Group.objects.get(name="Grant panel"))
    return user


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


def document(app, name="accounts.pdf"):
    doc = ApplicationDocument(
        application=app,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    doc.file.save(name, ContentFile(PDF_BYTES), save=False)
    doc.save()
    return doc


def letter_for(award):
    """A made letter (a stand-in PDF: the letters' own tests render them)."""
    letter = award.letters.get()
    letter.file.save(letter.filename, ContentFile(PDF_BYTES), save=False)
    letter.status = "current"
    letter.size, letter.sha256 = len(PDF_BYTES), hashlib.sha256(PDF_BYTES).hexdigest()
    letter.rendered_at = timezone.now()
    letter.save()
    return letter


@pytest.fixture
def world(open_call, manager, finance, panel_member):
    """
    - assigned: in review; assigned to the panel member (no conflict, their
      review not yet submitted) and to a second reviewer, who has submitted
      a review with a comment;
    - unassigned: submitted, not screened; has a document;
    - conflicted: in review; the panel member declared a conflict on it;
    - awarded: offered an award, its letter made;
    - accepted: offered, accepted and part paid.
    """
    call = open_call
    (criterion,) = call.criteria.all()
    second = panel_user("Second")
    third = panel_user("Third")

    assigned = application(call, "assigned", status="eligible")
    mine = reviewer_assign(application=assigned, reviewer=panel_member, by=manager)
    conflict_declare(assignment=mine, has_conflict=False, by=panel_member)
    theirs = reviewer_assign(application=assigned, reviewer=second, by=manager)
    conflict_declare(assignment=theirs, has_conflict=False, by=second)
    review_save(
        assignment=theirs,
        scores=[ScoreInput(criterion_id=criterion.pk, score=5)],
        comment=OTHER_REVIEW_COMMENT,
        recommendation="fund_full",
        submit=True,
        by=second,
    )

    unassigned = application(call, "unassigned")
    conflicted = application(call, "conflicted", status="eligible")
    mine_conflicted = reviewer_assign(application=conflicted, reviewer=panel_member, by=manager)
    conflict_declare(
        assignment=mine_conflicted,
        has_conflict=True,
        description="My sister runs it.",
        by=panel_member,
    )

    awarded = application(call, "awarded", status="reviewed")
    award = award_make(
        early_reason="Decided early in a test.",
        application=awarded,
        amount=Decimal("2000.00"),
        conditions="<p>Report.</p>",
        by=manager,
    )
    accepted = application(call, "accepted", status="reviewed")
    accepted_award = award_make(
        early_reason="Decided early in a test.",
        application=accepted,
        amount=Decimal("2400.00"),
        conditions="<p>Report.</p>",
        by=manager,
    )
    award_accept(award=accepted_award, name="Lee Accepted", position="Chair", by=manager)
    bank_details_approved(accepted_award)
    payment_record(
        award=accepted_award,
        paid_on=timezone.localdate(),
        amount=Decimal("1000.00"),
        bacs_reference="PAY1",
        by=finance,
    )
    return {
        "call": call,
        "criterion": criterion,
        "second": second,
        "third": third,
        "assigned": assigned,
        "unassigned": unassigned,
        "conflicted": conflicted,
        "awarded": awarded,
        "accepted": accepted,
        "mine": mine,
        "theirs": theirs,
        "mine_conflicted": mine_conflicted,
        "their_review": Review.objects.get(assignment=theirs),
        "award": award,
        "accepted_award": accepted_award,
        "letter": letter_for(award),
        "accepted_letter": letter_for(accepted_award),
        "document": document(unassigned),
        "assigned_document": document(assigned, "assigned-budget.pdf"),
        "conflicted_document": document(conflicted, "conflicted-budget.pdf"),
    }


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


# --- the applicant's private links ------------------------------------------------------


def status_token(app):
    return access.make_token(app, access.STATUS)


def draft_token(app):
    return access.make_token(app, access.DRAFT)


def tampered(token):
    """The same token with one character of its signature changed."""
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


@pytest.fixture
def draft(open_call):
    return ApplicationFactory(
        page=open_call,
        status="draft",
        reference=None,
        submitted_at=None,
        organisation_name="Half Written Draft Group",
        contact_name="Dee Drafter",
        contact_email="dee@example.net",
    )


def assert_link_refused(response, *texts):
    assert response.status_code in {404, 410}
    page = page_of(response)
    for text in texts:
        assert text not in page, text


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "path",
    [
        "/apply/view/{pk}/",
        "/apply/view/1/",
        "/apply/view/{key}/",
        "/apply/continue/{pk}/",
        "/apply/continue/{key}/",
        "/apply/view/{tampered_status}/",
        "/apply/view/{draft_token_of_sent}/",
        "/apply/view/{unsigned}/",
        "/apply/continue/{tampered_draft}/",
        "/apply/continue/{status_token_of_draft}/",
        "/apply/continue/{draft_token_of_sent}/",
        "/apply/view/{status_token_of_draft}/",
    ],
)
def test_guessed_and_tampered_private_links_find_nothing(client, world, draft, path, method):
    sent = world["unassigned"]
    url = path.format(
        pk=sent.pk,
        key=sent.access_key.hex,
        tampered_status=tampered(status_token(sent)),
        draft_token_of_sent=draft_token(sent),
        unsigned=signing.dumps(sent.access_key.hex, salt="another purpose"),
        tampered_draft=tampered(draft_token(draft)),
        status_token_of_draft=status_token(draft),
    )
    before = snapshot()

    response = getattr(client, method)(url)

    assert_link_refused(response, *SECRETS["unassigned"], "Half Written Draft Group", "Dee Drafter")
    assert snapshot() == before
    # Nothing was bound to this browser: the status page still needs a link.
    assert client.get("/apply/status/").status_code == 404


def test_a_revoked_status_link_stops_working_everywhere(world, manager):
    sent = world["unassigned"]
    path = reverse("fund_status_open", args=[status_token(sent)])
    browser = Client()
    browser.post(path)
    assert browser.get("/apply/status/").status_code == 200

    application_links_revoke(application=sent, by=manager)
    before = snapshot()

    for method in ("get", "post"):
        assert_link_refused(getattr(Client(), method)(path), *SECRETS["unassigned"])
    refused = browser.get("/apply/status/")
    assert_link_refused(refused, *SECRETS["unassigned"])
    withdrawn = browser.post("/apply/status/withdraw/", {"withdraw-reason": "Changed our minds."})
    assert withdrawn.status_code == 404
    assert snapshot() == before


def test_an_expired_draft_link_names_nothing(client, draft):
    CallPage.objects.filter(pk=draft.page_id).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    path = reverse("fund_draft_open", args=[draft_token(draft)])

    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code == 410
        assert_link_refused(response, "Half Written Draft Group", "Dee Drafter", "dee@example.net")
    assert client.get(draft.page.url).status_code == 200
    assert "Half Written Draft Group" not in client.get(draft.page.url).content.decode()


def test_one_applicants_link_reaches_only_their_own_application_and_letter(world):
    """The status pages take no ids: a browser bound to one application
    withdraws, accepts and downloads only that one, whatever it posts."""
    mine, theirs = world["unassigned"], world["awarded"]
    browser = Client()
    browser.post(reverse("fund_status_open", args=[status_token(mine)]))
    before = snapshot()

    page = browser.get("/apply/status/", {"pk": theirs.pk, "reference": theirs.reference})
    assert SECRETS["unassigned"][1] in page.content.decode()
    assert_names_nothing(page, "awarded", "accepted", "assigned")
    # Their letter is not mine to download (I have no award).
    assert browser.get("/apply/status/letter/", {"pk": world["letter"].pk}).status_code == 404
    # Accepting or declining an offer that is not mine.
    for url, data in [
        (
            "/apply/status/accept/",
            {"name": "Mallory", "position": "Chair", "condition_1": "on", "pk": theirs.pk},
        ),
        ("/apply/status/decline/", {"decline-reason": "No thanks.", "pk": theirs.pk}),
    ]:
        response = browser.post(url, data)
        assert response.status_code == 404, url
        assert_names_nothing(response, "awarded")
    assert snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/apply/status/",
        "/apply/status/letter/",
        "/apply/copy/",
        "/apply/sent/",
        "/apply/check/",
    ],
)
def test_the_applicants_pages_need_a_link(client, world, path):
    response = client.get(path)

    assert response.status_code == 404
    assert_names_nothing(response)


@pytest.mark.parametrize(
    "path", ["/apply/status/withdraw/", "/apply/status/accept/", "/apply/status/decline/"]
)
def test_the_applicants_actions_need_a_link(client, world, path):
    before = snapshot()

    response = client.post(
        path,
        {
            "withdraw-reason": "x",
            "decline-reason": "x",
            "name": "Mallory",
            "position": "Chair",
            "condition_1": "on",
        },
    )

    assert response.status_code == 404
    assert_names_nothing(response)
    assert snapshot() == before


# --- guessed admin URLs for documents, letters and applications --------------------------


@pytest.fixture
def no_role(db):
    return UserFactory()


@pytest.fixture
def people(manager, finance, panel_member, no_role):
    return {
        "manager": manager,
        "finance": finance,
        "panel member": panel_member,
        "no role": no_role,
        "anonymous": None,
    }


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["panel member", "no role", "anonymous"])
@pytest.mark.parametrize(
    ("what", "key"),
    [
        ("document", "unassigned"),
        ("conflicted_document", "conflicted"),
    ],
)
def test_a_document_of_an_application_not_assigned_to_you_cannot_be_downloaded(
    client, world, people, who, what, key
):
    login(client, people[who])

    response = client.get(reverse("fund_document_download", args=[world[what].pk]))

    assert_refused(response, anonymous=who == "anonymous")
    assert_names_nothing(response)


def test_a_panel_member_downloads_the_documents_of_their_own_assignment(
    client, world, panel_member
):
    """The positive control for the test above."""
    login(client, panel_member)

    response = client.get(reverse("fund_document_download", args=[world["assigned_document"].pk]))

    assert response.status_code == 200
    assert page_of(response) == PDF_BYTES.decode()


@pytest.mark.parametrize("who", ["manager", "finance"])
def test_guessed_document_letter_and_application_numbers_find_nothing(client, world, people, who):
    login(client, people[who])
    highest = {
        "document": ApplicationDocument.objects.order_by("-pk").first().pk,
        "letter": AwardLetter.objects.order_by("-pk").first().pk,
        "application": Application.objects.order_by("-pk").first().pk,
        "award": Award.objects.order_by("-pk").first().pk,
    }

    for url in [
        reverse("fund_document_download", args=[highest["document"] + 1]),
        reverse("fund_letter_download", args=[highest["letter"] + 1]),
        reverse("applications:inspect", args=[highest["application"] + 1]),
        reverse("applications:history", args=[highest["application"] + 1]),
        reverse("awards:inspect", args=[highest["award"] + 1]),
        reverse("fund_application_screen", args=[highest["application"] + 1]),
    ]:
        response = client.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert response.status_code != 200
        assert_names_nothing(response)


def test_a_drafts_documents_and_pages_are_not_found_by_staff(client, manager, draft):
    doc = document(draft, "draft-plan.pdf")
    login(client, manager)

    for url in [
        reverse("fund_document_download", args=[doc.pk]),
        reverse("applications:inspect", args=[draft.pk]),
        reverse("fund_application_screen", args=[draft.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Half Written Draft Group" not in page_of(response)
        assert PDF_BYTES.decode() not in page_of(response)


@pytest.mark.parametrize("who", ["panel member", "no role", "anonymous"])
def test_letters_cannot_be_downloaded_without_the_letters_permission(client, world, people, who):
    login(client, people[who])

    for url in [
        reverse("fund_letter_download", args=[world["letter"].pk]),
        reverse("fund_call_letters_zip", args=[world["call"].pk]),
    ]:
        response = client.get(url)
        assert_refused(response, anonymous=who == "anonymous")
        assert_names_nothing(response)


@pytest.mark.parametrize("key", ["assigned", "conflicted", "unassigned"])
@pytest.mark.parametrize("view", ["applications:inspect", "applications:history"])
def test_a_panel_member_cannot_inspect_an_application_in_the_admin(
    client, world, panel_member, key, view
):
    login(client, panel_member)

    response = client.get(reverse(view, args=[world[key].pk]))

    assert_refused(response)
    assert_names_nothing(response)


def test_a_conflicted_panel_member_sees_only_the_reference_and_their_declaration(
    client, world, panel_member
):
    login(client, panel_member)

    response = client.get(reverse("fund_reviews:review", args=[world["mine_conflicted"].pk]))

    assert response.status_code == 200
    page = page_of(response)
    reference, organisation, contact = SECRETS["conflicted"]
    assert reference in page
    assert organisation not in page and contact not in page
    assert "conflicted-budget.pdf" not in page


def test_a_panel_member_cannot_open_another_reviewers_assignment(client, world, panel_member):
    login(client, panel_member)

    response = client.get(reverse("fund_reviews:review", args=[world["theirs"].pk]))

    assert response.status_code == 403
    assert_names_nothing(response)
    assert OTHER_REVIEW_COMMENT not in page_of(response)


def test_other_reviewers_scores_stay_hidden_until_you_submit_your_own(client, world, panel_member):
    login(client, panel_member)

    response = client.get(reverse("fund_reviews:review", args=[world["mine"].pk]))

    assert response.status_code == 200
    page = page_of(response)
    assert SECRETS["assigned"][1] in page  # they may see the application itself
    assert OTHER_REVIEW_COMMENT not in page
    assert "Second Reviewer" not in page


# --- crafted requests: what each role may not do -------------------------------------------


def today():
    return timezone.localdate().isoformat()


#: name -> (method, URL, form data). Each would change something if the role
#: were allowed it (see test_each_crafted_request_works_for_the_role_allowed_it).
ACTIONS = {
    "screen": (
        "post",
        lambda w: reverse("fund_application_screen", args=[w["unassigned"].pk]),
        lambda w: {"decision": "eligible", "note": ""},
    ),
    "assign reviewers": (
        "post",
        lambda w: reverse("fund_application_assign", args=[w["assigned"].pk]),
        lambda w: {"reviewers": [w["third"].pk]},
    ),
    "bulk assign reviewers": (
        "post",
        lambda w: f"{BULK_URL}?id={w['assigned'].pk}",
        lambda w: {"reviewers": [w["third"].pk]},
    ),
    "award": (
        "post",
        lambda w: reverse("fund_application_award", args=[w["assigned"].pk]),
        lambda w: {
            **DECIDE_NOW,
            "amount": "1000",
            # What Wagtail's rich text editor posts.
            "conditions": ConditionsEditor(features=CONDITIONS_FEATURES).format_value(
                "<p>Report.</p>"
            ),
            "public_reason": "Good.",
        },
    ),
    "decline": (
        "post",
        lambda w: reverse("fund_application_decline", args=[w["assigned"].pk]),
        lambda w: {**DECIDE_NOW, "reason": "score", "feedback": "Below the line."},
    ),
    "reopen a review": (
        "post",
        lambda w: reverse("fund_review_reopen", args=[w["their_review"].pk]),
        lambda w: {"reason": "Check the budget score."},
    ),
    "score another's review": (
        "post",
        lambda w: reverse("fund_reviews:review", args=[w["mine"].pk]),
        lambda w: {
            f"criterion_{w['criterion'].pk}": "1",
            "recommendation": "decline",
            "comment": "Crafted.",
            "action": "submit",
        },
    ),
    "record acceptance": (
        "post",
        lambda w: reverse("fund_award_accept", args=[w["award"].pk]),
        lambda w: {"name": "Mallory", "position": "Chair"},
    ),
    "withdraw an award": (
        "post",
        lambda w: reverse("fund_award_withdraw", args=[w["award"].pk]),
        lambda w: {"reason": "Crafted."},
    ),
    "complete an award": (
        "post",
        lambda w: reverse("fund_award_complete", args=[w["accepted_award"].pk]),
        lambda w: {"confirm": "on"},
    ),
    "record a payment": (
        "post",
        lambda w: reverse("fund_award_payment", args=[w["accepted_award"].pk]),
        lambda w: {"paid_on": today(), "amount": "500", "bacs_reference": "PAY2"},
    ),
    "record returned money": (
        "post",
        lambda w: reverse("fund_award_return", args=[w["accepted_award"].pk]),
        lambda w: {"received_on": today(), "amount": "100", "reason": "underspend", "note": ""},
    ),
    "add an instalment": (
        "post",
        lambda w: reverse("fund_award_instalment", args=[w["award"].pk]),
        lambda w: {
            "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "amount": "500",
        },
    ),
    "reissue a letter": (
        "post",
        lambda w: reverse("fund_award_letter_reissue", args=[w["award"].pk]),
        lambda w: {"reason": "Crafted."},
    ),
    "retry a letter": (
        "post",
        lambda w: reverse("fund_letter_retry", args=[w["letter"].pk]),
        lambda w: {"confirm": "on"},
    ),
    "score a conflicted application": (
        "post",
        lambda w: reverse("fund_reviews:review", args=[w["mine_conflicted"].pk]),
        lambda w: {
            f"criterion_{w['criterion'].pk}": "5",
            "recommendation": "fund_full",
            "action": "submit",
        },
    ),
    "score another reviewer's assignment": (
        "post",
        lambda w: reverse("fund_reviews:review", args=[w["theirs"].pk]),
        lambda w: {"has_conflict": "yes", "description": "Crafted."},
    ),
    # Wagtail's generic form submissions views would delete applications;
    # calls are kept out of them (fund.wagtail_hooks).
    "delete applications as form submissions": (
        "post",
        lambda w: (
            f"/admin/forms/submissions/{w['call'].pk}/delete/"
            f"?selected-submissions={w['unassigned'].pk}"
        ),
        lambda w: {},
    ),
    "subject access export": (
        "post",
        lambda w: reverse("fund_subject_access"),
        lambda w: {"email": "unassigned@example.net"},
    ),
}

#: What the roles may not do (DESIGN.md and README "Roles").
FORBIDDEN = {
    "panel member": [
        "screen",
        "assign reviewers",
        "bulk assign reviewers",
        "award",
        "decline",
        "reopen a review",
        "record acceptance",
        "withdraw an award",
        "complete an award",
        "record a payment",
        "record returned money",
        "add an instalment",
        "reissue a letter",
        "retry a letter",
        "score a conflicted application",
        "score another reviewer's assignment",
        "delete applications as form submissions",
        "subject access export",
    ],
    "finance": [
        "screen",
        "assign reviewers",
        "bulk assign reviewers",
        "award",
        "decline",
        "reopen a review",
        "score another's review",
        "record acceptance",
        "withdraw an award",
        "complete an award",
        "score a conflicted application",
        "delete applications as form submissions",
        "subject access export",
    ],
    "manager": [
        "record a payment",
        "record returned money",
        "score another's review",
        "score a conflicted application",
        "delete applications as form submissions",
        "subject access export",
    ],
    "no role": list(ACTIONS),
    "anonymous": list(ACTIONS),
}

#: Who may do each (the positive control).
ALLOWED = {
    "screen": "manager",
    "assign reviewers": "manager",
    "bulk assign reviewers": "manager",
    "award": "manager",
    "decline": "manager",
    "reopen a review": "manager",
    "score another's review": "panel member",
    "record acceptance": "manager",
    "withdraw an award": "manager",
    "complete an award": None,  # needs a fully paid award: the refusal is by permission
    "record a payment": "finance",
    "record returned money": "finance",
    "add an instalment": "finance",
    "reissue a letter": "finance",
    "retry a letter": None,  # needs a failed letter: the refusal is by permission
    "score a conflicted application": None,
    "score another reviewer's assignment": None,
    "delete applications as form submissions": None,
    "subject access export": None,  # administrators only
}


def crafted(client, world, action):
    method, url, data = ACTIONS[action]
    return getattr(client, method)(url(world), data(world))


@pytest.mark.parametrize(
    ("who", "action"),
    [(who, action) for who, actions in FORBIDDEN.items() for action in actions],
)
def test_a_crafted_request_for_what_the_role_may_not_do_changes_nothing(
    client, world, people, who, action
):
    login(client, people[who])
    before = snapshot()

    response = crafted(client, world, action)

    assert_refused(response, anonymous=who == "anonymous")
    assert snapshot() == before
    if who != "panel member" or action in {"screen", "record a payment"}:
        # (A panel member's refusals name at most their own assignment.)
        assert_names_nothing(response, "unassigned", "awarded", "accepted")


@pytest.mark.parametrize("action", [a for a, who in ALLOWED.items() if who])
def test_each_crafted_request_works_for_the_role_allowed_it(client, world, people, action):
    """So the refusals above are refusals, not malformed requests."""
    login(client, people[ALLOWED[action]])
    before = snapshot()

    response = crafted(client, world, action)

    assert response.status_code == 302, page_of(response)[:3000]
    assert snapshot() != before
    assert snapshot()["audit entries"] > before["audit entries"]


def test_an_administrator_may_make_a_subject_access_export(client, world):
    login(client, UserFactory(is_superuser=True))

    response = crafted(client, world, "subject access export")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


# --- what each role may not see ----------------------------------------------------------

#: name -> URL of a page or download.
PAGES = {
    "applications listing": lambda w: reverse("applications:index"),
    "applications export": lambda w: reverse("applications:index") + "?export=csv",
    "application": lambda w: reverse("applications:inspect", args=[w["unassigned"].pk]),
    "application history": lambda w: reverse("applications:history", args=[w["unassigned"].pk]),
    "ranking": lambda w: reverse("fund_ranking") + f"?call={w['call'].pk}",
    "ranking export": lambda w: reverse("fund_ranking") + f"?call={w['call'].pk}&export=xlsx",
    "awards listing": lambda w: reverse("awards:index"),
    "award": lambda w: reverse("awards:inspect", args=[w["award"].pk]),
    "awards report": lambda w: reverse("fund_awards_report"),
    "awards report export": lambda w: reverse("fund_awards_report") + "?export=csv",
    "call statistics": lambda w: reverse("fund_call_statistics"),
    "screening form": lambda w: reverse("fund_application_screen", args=[w["unassigned"].pk]),
    "award form": lambda w: reverse("fund_application_award", args=[w["assigned"].pk]),
    "payment form": lambda w: reverse("fund_award_payment", args=[w["accepted_award"].pk]),
    "subject access": lambda w: reverse("fund_subject_access"),
    "site history": lambda w: "/admin/reports/site-history/",
    "form submissions": lambda w: f"/admin/forms/submissions/{w['call'].pk}/",
    "form submissions export": lambda w: f"/admin/forms/submissions/{w['call'].pk}/?export=csv",
}

HIDDEN = {
    "panel member": [
        "applications listing",
        "applications export",
        "application",
        "application history",
        "ranking",
        "ranking export",
        "awards listing",
        "award",
        "awards report",
        "awards report export",
        "call statistics",
        "screening form",
        "award form",
        "payment form",
        "subject access",
        "form submissions",
        "form submissions export",
    ],
    "finance": [
        "ranking",
        "ranking export",
        "call statistics",
        "screening form",
        "award form",
        "subject access",
        "form submissions",
        "form submissions export",
    ],
    "manager": ["payment form", "subject access", "form submissions", "form submissions export"],
    "no role": list(PAGES),
    "anonymous": list(PAGES),
}


@pytest.mark.parametrize(
    ("who", "page"),
    [(who, page) for who, pages in HIDDEN.items() for page in pages],
)
def test_a_role_cannot_open_what_it_may_not_see(client, world, people, who, page):
    login(client, people[who])
    before = snapshot()

    response = client.get(PAGES[page](world))

    assert_refused(response, anonymous=who == "anonymous")
    assert_names_nothing(response)
    assert OTHER_REVIEW_COMMENT not in page_of(response)
    assert snapshot() == before


def test_the_site_history_shows_a_panel_member_nothing_of_the_applications(
    client, world, panel_member
):
    login(client, panel_member)

    response = client.get("/admin/reports/site-history/")

    assert response.status_code in {200, 302, 403}
    assert_names_nothing(response)
    assert OTHER_REVIEW_COMMENT not in page_of(response)


def test_a_panel_members_lists_name_only_what_they_may_see(client, world, panel_member):
    """Their reviews listing and dashboard: no conflicted or unassigned bid,
    no award, no budget."""
    login(client, panel_member)

    for url in [reverse("fund_reviews:index"), reverse("wagtailadmin_home")]:
        response = client.get(url)
        assert response.status_code == 200
        page = page_of(response)
        assert SECRETS["assigned"][1] in page
        assert SECRETS["conflicted"][0] in page  # the reference of what they declared
        assert_names_nothing(response, "unassigned", "awarded", "accepted")
        assert SECRETS["conflicted"][1] not in page
        assert "Budget at a glance" not in page
        assert "£2,000.00" not in page and "£2,400.00" not in page
