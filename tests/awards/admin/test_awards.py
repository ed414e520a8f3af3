"""Decisions, awards, payments and letters in the Wagtail admin.

Every test goes through the test client as the role in question. Data is
built with the factories and the services; letters are rendered for real
(WeasyPrint, about a second each) only where a test needs a real PDF, and
made directly with a stand-in PDF elsewhere.
"""

import hashlib
import io
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from fund.awards.models.awards import Award, AwardLetter, BudgetEntry, FundReturn, Payment
from fund.awards.services.awards import award_accept, award_make, award_withdraw, payment_record
from fund.calls.models import FundPage
from tests.factories import ApplicationFactory, AwardFactory, UserFactory
from tests.factories.calls import make_call
from tests.support.banking import bank_details_approved
from tests.support.pages import (
    assert_login_asked,
    assert_refused,
    close_response,
    page_text,
    read_body,
    sidebar_urls,
)
from tests.support.states import DECIDE_NOW

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% a stand-in letter\n%%EOF\n"
CONDITIONS = "<p>Send a report within three months of the project's end.</p>"
TODAY = timezone.localdate


def cache_directives(response):
    """Wagtail's admin adds its own never-cache directives to ours."""
    return [part.strip() for part in response["Cache-Control"].split(",")]


def editor_value(html):
    """What Wagtail's rich text editor posts for ``html``."""
    return ConditionsEditor(features=CONDITIONS_FEATURES).format_value(html)


def fund_of(application):
    return FundPage.objects.get(pk=application.page.get_parent().pk)


def inspect_url(award):
    return reverse("awards:inspect", args=[award.pk])


def application_url(application):
    return reverse("applications:inspect", args=[application.pk])


def action_url(name, award):
    return reverse(name, args=[award.pk])


def make_letter(award, *, version=None, status="current", content=FAKE_PDF, reason="Reissue"):
    """A letter version made directly, with a stand-in PDF (no rendering);
    by default the award's next version."""
    if version is None:
        version = (award.letters.aggregate(v=Max("version"))["v"] or 0) + 1
    letter = AwardLetter(
        award=award,
        version=version,
        status=status,
        reason=reason,
        requested_by=award.decided_by,
    )
    if status in {"current", "superseded"}:
        letter.file.save(letter.filename, ContentFile(content), save=False)
        letter.size = len(content)
        letter.sha256 = hashlib.sha256(content).hexdigest()
        letter.rendered_at = timezone.now()
    if status == "failed":
        letter.error = "OSError: fonts missing"
        letter.attempts = 1
    letter.save()
    return letter


# --- fixtures ------------------------------------------------------------------


@pytest.fixture
def reviewed(open_call):
    """An application ready for a decision, asking for £5,000 (the call's maximum)."""
    return ApplicationFactory(
        page=open_call,
        status="reviewed",
        amount_requested=Decimal("5000"),
        reference="SCF-2026-0501",
        organisation_name="Aire Valley Freedom Project",
    )


@pytest.fixture
def make_award(open_call, manager):
    """make_award(amount) -> an offered award. Its letter is left pending:
    on_commit callbacks run only inside django_capture_on_commit_callbacks."""

    def make(amount="4000.00", page=None, **fields):
        application = {f"application__{name}": value for name, value in fields.items()}
        return AwardFactory(
            call=page or open_call, by=manager, amount=amount, conditions=CONDITIONS, **application
        )

    return make


@pytest.fixture
def award(make_award):
    return make_award("4000.00", reference="SCF-2026-0601", organisation_name="Calder Safe Homes")


@pytest.fixture
def accepted(award, manager):
    accepted = award_accept(award=award, name="Ann Lee", position="Chair", by=manager)
    bank_details_approved(accepted)
    return accepted


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


# --- the permission matrix -------------------------------------------------------

OK, REFUSED = 200, "refused"
#: Allowed, but not for this (offered) award now: back to its page, saying why.
NOT_NOW = "not now"
ROLES = ["manager", "finance", "panel_member", "superuser"]

#: name -> (how to build the URL from the world, what each role gets)
MATRIX = {
    "awards:index": (lambda w: reverse("awards:index"), [OK, OK, REFUSED, OK]),
    "awards:inspect": (lambda w: inspect_url(w["award"]), [OK, OK, REFUSED, OK]),
    "fund_application_award": (
        lambda w: reverse("fund_application_award", args=[w["application"].pk]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "fund_application_decline": (
        lambda w: reverse("fund_application_decline", args=[w["application"].pk]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "fund_award_instalment": (
        lambda w: action_url("fund_award_instalment", w["award"]),
        [OK, OK, REFUSED, OK],
    ),
    "fund_award_accept": (
        lambda w: action_url("fund_award_accept", w["award"]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "fund_award_payment": (
        lambda w: action_url("fund_award_payment", w["award"]),
        [REFUSED, NOT_NOW, REFUSED, NOT_NOW],
    ),
    "fund_award_return": (
        lambda w: action_url("fund_award_return", w["award"]),
        [REFUSED, NOT_NOW, REFUSED, NOT_NOW],
    ),
    "fund_award_withdraw": (
        lambda w: action_url("fund_award_withdraw", w["award"]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "fund_award_complete": (
        lambda w: action_url("fund_award_complete", w["award"]),
        [NOT_NOW, REFUSED, REFUSED, NOT_NOW],
    ),
    "fund_award_letter_reissue": (
        lambda w: action_url("fund_award_letter_reissue", w["award"]),
        [OK, OK, REFUSED, OK],
    ),
    "fund_letter_retry": (
        lambda w: reverse("fund_letter_retry", args=[w["failed"].pk]),
        [OK, OK, REFUSED, OK],
    ),
    "fund_letter_download": (
        lambda w: reverse("fund_letter_download", args=[w["letter"].pk]),
        [OK, OK, REFUSED, OK],
    ),
    "fund_call_letters_zip": (
        lambda w: reverse("fund_call_letters_zip", args=[w["award"].application.page_id]),
        [OK, OK, REFUSED, OK],
    ),
}


@pytest.fixture
def world(reviewed, award):
    return {
        "application": reviewed,
        "award": award,
        "letter": make_letter(award, status="current"),
        "failed": make_letter(award, status="failed"),
    }


@pytest.mark.parametrize("name", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_view(request, client, world, name, role):
    build_url, outcomes = MATRIX[name]
    expected = outcomes[ROLES.index(role)]
    client.force_login(request.getfixturevalue(role))

    response = client.get(build_url(world))
    close_response(response)  # a download's file

    if expected == REFUSED:
        assert_refused(response)
    elif expected == NOT_NOW:
        assert response.status_code == 302
        assert response["Location"] == reverse("awards:inspect", args=[world["award"].pk])
    else:
        assert response.status_code == expected, response.get("Location")


@pytest.mark.parametrize("name", MATRIX)
def test_anonymous_users_are_sent_to_log_in(client, world, name):
    build_url, _outcomes = MATRIX[name]

    assert_login_asked(client.get(build_url(world)))


@pytest.mark.parametrize("role", ["panel_member", None])
def test_panel_members_and_anonymous_users_change_nothing_by_posting(request, client, world, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    data = {
        "amount": "100",
        "conditions": editor_value(CONDITIONS),
        "reason": "score",
        "feedback": "No.",
        "name": "A",
        "position": "B",
        "paid_on": TODAY().strftime("%d/%m/%Y"),
        "received_on": TODAY().strftime("%d/%m/%Y"),
        "due_on": TODAY().strftime("%d/%m/%Y"),
        "bacs_reference": "X1",
    }
    before = (
        BudgetEntry.objects.count(),
        AwardLetter.objects.count(),
        ModelLogEntry.objects.count(),
    )

    for name, (build_url, _outcomes) in MATRIX.items():
        response = client.post(build_url(world), data)
        close_response(response)
        assert response.status_code == 302, name
        if role:
            assert_refused(response)
        else:
            assert_login_asked(response)

    world["application"].refresh_from_db()
    world["award"].refresh_from_db()
    assert world["application"].status == "reviewed"
    assert world["award"].status == "offered"
    assert not world["award"].instalments.exists()
    after = (
        BudgetEntry.objects.count(),
        AwardLetter.objects.count(),
        ModelLogEntry.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize("name", ["add", "edit", "delete", "copy", "history", "usage"])
def test_awards_cannot_be_added_edited_or_deleted_in_the_admin(name):
    with pytest.raises(NoReverseMatch):
        reverse(f"awards:{name}", args=[1] if name != "add" else [])


@pytest.mark.parametrize(("role", "shown"), [("manager", True), ("finance", True)])
def test_the_awards_menu_item_is_shown_to_staff_who_may_see_awards(request, client, role, shown):
    client.force_login(request.getfixturevalue(role))

    assert (reverse("awards:index") in sidebar_urls(client.get("/admin/"))) is shown


def test_panel_members_have_no_awards_menu_and_see_no_amount(client, panel_member, world):
    client.force_login(panel_member)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert reverse("awards:index") not in sidebar_urls(response)
    assert "4,000.00" not in page_text(response)
    assert_refused(client.get(application_url(world["application"])))


# --- deciding: award ------------------------------------------------------------------


def award_url(application):
    return reverse("fund_application_award", args=[application.pk])


def decline_url(application):
    return reverse("fund_application_decline", args=[application.pk])


def test_the_application_offers_award_and_decline_to_a_fund_manager(client, manager, reviewed):
    client.force_login(manager)

    page = page_text(client.get(application_url(reviewed)))

    assert award_url(reviewed) in page
    assert decline_url(reviewed) in page
    assert "No decision has been made yet." in page


def test_the_application_offers_finance_no_decision(client, finance, reviewed):
    client.force_login(finance)

    page = page_text(client.get(application_url(reviewed)))

    assert award_url(reviewed) not in page
    assert decline_url(reviewed) not in page


def test_no_decision_is_offered_before_the_application_is_reviewed(client, manager, open_call):
    eligible = ApplicationFactory(page=open_call, status="eligible")
    client.force_login(manager)

    page = page_text(client.get(application_url(eligible)))
    response = client.get(award_url(eligible))

    assert award_url(eligible) not in page
    assert response.status_code == 302
    assert response["Location"] == application_url(eligible)
    follow = page_text(client.get(response["Location"]))
    assert "is eligible, so no decision can be made on it now." in follow


def test_the_award_form_is_filled_in_and_shows_what_can_be_awarded(
    client, manager, reviewed, fund_page
):
    FundPage.objects.filter(pk=fund_page.pk).update(
        committed=Decimal("12500.00"), default_conditions="<p>Report every quarter.</p>"
    )
    client.force_login(manager)

    response = client.get(award_url(reviewed))

    assert response.status_code == 200
    form = response.context["form"]
    # No review is in, so the panel has agreed no amount (tests/awards/admin/test_decisions.py).
    assert form["amount"].value() is None
    assert "Report every quarter." in form["conditions"].value()
    page = page_text(response)
    assert "No review of this application has been submitted yet." in page
    assert "£37,500.00 of £50,000.00" in page  # left in the budget
    assert "This call's maximum award" in page
    assert "£5,000.00" in page
    assert "data-draftail-input" in page  # Wagtail's rich text editor


def test_awarding_through_the_form_commits_the_budget_and_sends_the_offer_and_letter(
    client, manager, reviewed, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            award_url(reviewed),
            {**DECIDE_NOW, "amount": "4750.00", "conditions": editor_value(CONDITIONS)},
        )

    assert response.status_code == 302
    assert response["Location"] == application_url(reviewed)
    reviewed.refresh_from_db()
    assert reviewed.status == "awarded"
    award = Award.objects.get(application=reviewed)
    assert (award.amount, award.status, award.decided_by) == (
        Decimal("4750.00"),
        "offered",
        manager,
    )
    assert "three months of the project" in award.conditions
    assert fund_of(reviewed).committed == Decimal("4750.00")
    entry = BudgetEntry.objects.get(award=award)
    assert (entry.kind, entry.amount, entry.created_by) == ("commit", Decimal("4750.00"), manager)
    assert [message.to for message in mail.outbox] == [[reviewed.contact_email]]
    assert "£4,750.00" in mail.outbox[0].body
    letter = AwardLetter.objects.get(award=award)
    assert (letter.version, letter.status) == (1, "current")
    with letter.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert "fund.award.make" in ModelLogEntry.objects.values_list("action", flat=True)

    page = page_text(client.get(response["Location"]))
    assert "SCF-2026-0501 is awarded £4,750.00." in page
    assert inspect_url(award) in page  # the decision section links to the award
    assert award_url(reviewed) not in page  # no second decision


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "Enter an amount of more than £0."),
        ("0", "Enter an amount of more than £0."),
        ("0.001", "Enter the amount in pounds and pence, with no more than 2 decimal places."),
        ("5000.01", "The award cannot be more than the £5,000.00 requested."),
        ("lots", "Enter the amount in pounds, like 2500 or 2500.50."),
        ("", "Enter the amount in pounds, like 2500 or 2500.50."),
    ],
)
def test_the_award_form_says_what_is_wrong_with_the_amount(
    client, manager, reviewed, amount, message
):
    client.force_login(manager)

    response = client.post(
        award_url(reviewed),
        {**DECIDE_NOW, "amount": amount, "conditions": editor_value(CONDITIONS)},
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert response.context["form"].errors["amount"] == [message]
    assert page.count(message) >= 2  # in the summary and by the field
    assert not Award.objects.exists()
    assert fund_of(reviewed).committed == Decimal("0.00")
    reviewed.refresh_from_db()
    assert reviewed.status == "reviewed"


def test_the_award_form_refuses_more_than_the_fund_has_left(client, manager, reviewed, fund_page):
    FundPage.objects.filter(pk=fund_page.pk).update(committed=Decimal("48000.00"))
    client.force_login(manager)

    response = client.post(
        award_url(reviewed),
        {**DECIDE_NOW, "amount": "2500", "conditions": editor_value(CONDITIONS)},
    )

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["amount"][0]
        .startswith("The fund has only £2,000.00 left, so it cannot award £2,500.00.")
    )
    assert "£2,000.00 of £50,000.00" in page_text(response)
    assert not Award.objects.exists()
    assert fund_of(reviewed).committed == Decimal("48000.00")


def test_the_award_form_refuses_more_than_the_calls_maximum(client, manager, fund_page):
    call = make_call(fund_page, slug="small", maximum_award=Decimal("1000"))
    application = ApplicationFactory(page=call, status="reviewed", amount_requested=Decimal("1500"))
    client.force_login(manager)

    response = client.post(
        award_url(application),
        {**DECIDE_NOW, "amount": "1200", "conditions": editor_value(CONDITIONS)},
    )

    assert response.context["form"].errors["amount"] == [
        "The award cannot be more than this call's maximum of £1,000.00."
    ]
    assert not Award.objects.exists()


@pytest.mark.parametrize("conditions", ["", "<p>not the editor's JSON</p>", "{}"])
def test_the_award_form_needs_conditions(client, manager, reviewed, conditions):
    client.force_login(manager)

    response = client.post(
        award_url(reviewed), {**DECIDE_NOW, "amount": "100", "conditions": conditions}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["conditions"] == ["Enter the conditions of the grant."]
    assert not Award.objects.exists()


# --- deciding: decline -------------------------------------------------------------


def test_declining_through_the_form_e_mails_the_reason_and_feedback(
    client, manager, reviewed, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decline_url(reviewed),
            {
                **DECIDE_NOW,
                "reason": "budget",
                "feedback": "A strong bid; please apply to the next round.",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == application_url(reviewed)
    reviewed.refresh_from_db()
    assert (reviewed.status, reviewed.decline_reason, reviewed.declined_by) == (
        "declined",
        "budget",
        manager,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reviewed.contact_email]
    assert "Not enough budget left in this round" in mail.outbox[0].body
    assert "please apply to the next round" in mail.outbox[0].body
    assert not Award.objects.exists()
    assert fund_of(reviewed).committed == Decimal("0.00")
    page = page_text(client.get(response["Location"]))
    assert "SCF-2026-0501 is declined." in page
    assert "Feedback sent to the applicant" in page
    assert decline_url(reviewed) not in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {**DECIDE_NOW, "reason": "", "feedback": "Thank you."},
            "reason",
            "Choose the reason the application is declined.",
        ),
        (
            {**DECIDE_NOW, "reason": "score", "feedback": "  "},
            "feedback",
            "Write some feedback for the applicant.",
        ),
    ],
)
def test_the_decline_form_says_what_is_missing(client, manager, reviewed, data, field, message):
    client.force_login(manager)

    response = client.post(decline_url(reviewed), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "There is a problem" in page_text(response)
    reviewed.refresh_from_db()
    assert reviewed.status == "reviewed"
    assert mail.outbox == []


# --- finance cannot decide -------------------------------------------------------------


def test_finance_cannot_award_decline_accept_withdraw_or_complete(client, finance, reviewed, award):
    client.force_login(finance)
    fund = fund_of(reviewed)
    entries = BudgetEntry.objects.count()

    assert_refused(
        client.post(
            award_url(reviewed),
            {**DECIDE_NOW, "amount": "100", "conditions": editor_value("<p>x</p>")},
        )
    )
    assert_refused(
        client.post(decline_url(reviewed), {**DECIDE_NOW, "reason": "score", "feedback": "No."})
    )
    assert_refused(
        client.post(action_url("fund_award_accept", award), {"name": "A", "position": "B"})
    )
    assert_refused(client.post(action_url("fund_award_withdraw", award), {"reason": "Fraud"}))
    assert_refused(client.post(action_url("fund_award_complete", award), {}))

    reviewed.refresh_from_db()
    award.refresh_from_db()
    assert reviewed.status == "reviewed"
    assert not Award.objects.filter(application=reviewed).exists()
    assert award.status == "offered"
    assert award.accepted_at is None
    assert BudgetEntry.objects.count() == entries
    assert fund_of(reviewed).committed == fund.committed
    assert mail.outbox == []


def test_fund_managers_cannot_record_payments_or_returns(client, manager, accepted):
    client.force_login(manager)

    assert_refused(
        client.post(
            action_url("fund_award_payment", accepted),
            {"paid_on": TODAY().strftime("%d/%m/%Y"), "amount": "100", "bacs_reference": "X1"},
        )
    )
    assert_refused(client.post(action_url("fund_award_return", accepted), {"amount": "1"}))
    assert not Payment.objects.exists()


# --- the listing -------------------------------------------------------------------


def test_the_listing_shows_each_award_with_what_has_been_paid(client, finance, manager, accepted):
    payment_record(
        award=accepted, paid_on=TODAY(), amount="1500", bacs_reference="SCF0601A", by=finance
    )
    client.force_login(finance)

    response = client.get(reverse("awards:index"))

    assert response.status_code == 200
    page = page_text(response)
    for text in [
        "SCF-2026-0601",
        "Calder Safe Homes",
        "Tackling modern slavery",
        "£4,000.00",
        "£1,500.00",
        "Accepted",
        "Paid to date",
        "Decided",
    ]:
        assert text in page, text
    assert inspect_url(accepted) in page


def test_the_listing_filters_by_call_and_status_and_searches(
    client, finance, fund_page, make_award
):
    youth = make_call(fund_page, slug="youth", title="Youth diversion")
    first = make_award("1000", reference="SCF-2026-0701", organisation_name="Leeds Light")
    second = make_award(
        "2000", page=youth, reference="SCF-2026-0702", organisation_name="Bradford Bridge"
    )
    award_withdraw(award=second, reason="Duplicate funding", by=first.decided_by)
    client.force_login(finance)
    index = reverse("awards:index")

    def references(**params):
        response = client.get(index, params)
        assert response.status_code == 200
        return {award.reference for award in response.context["object_list"]}

    assert references() == {"SCF-2026-0701", "SCF-2026-0702"}
    assert references(call=youth.pk) == {"SCF-2026-0702"}
    assert references(status="withdrawn") == {"SCF-2026-0702"}
    assert references(status="offered") == {"SCF-2026-0701"}
    assert references(q="bradford") == {"SCF-2026-0702"}
    assert references(q="0701") == {"SCF-2026-0701"}
    assert client.get(index, {"ordering": "-paid"}).status_code == 200
    response = client.get(index, {"ordering": "-amount"})
    assert [award.reference for award in response.context["object_list"]] == [
        "SCF-2026-0702",
        "SCF-2026-0701",
    ]


def test_the_listing_filtered_by_call_offers_its_letters_as_a_zip(client, finance, award):
    call_id = award.application.page_id
    zip_url = reverse("fund_call_letters_zip", args=[call_id])
    client.force_login(finance)

    assert zip_url not in page_text(client.get(reverse("awards:index")))
    page = page_text(client.get(reverse("awards:index"), {"call": call_id}))
    assert zip_url in page
    assert "Download the current letters of Tackling modern slavery (ZIP)" in page
    results = page_text(client.get(reverse("awards:index_results"), {"call": call_id}))
    assert zip_url in results  # the button follows the filter as it changes


def test_the_listing_costs_the_same_queries_for_eight_awards_as_for_two(
    client, finance, make_award, django_assert_max_num_queries
):
    def add_awards(count):
        for _ in range(count):
            award = make_award("1000")
            award_accept(award=award, name="A Person", position="Chair", by=None)
            bank_details_approved(award)
            payment_record(
                award=award, paid_on=TODAY(), amount="250", bacs_reference="REF", by=finance
            )

    add_awards(2)
    client.force_login(finance)
    url = reverse("awards:index")
    client.get(url)  # warm caches (site, content types) so both counts compare like for like

    with CaptureQueriesContext(connection) as two:
        response = client.get(url)
    assert len(response.context["object_list"]) == 2

    add_awards(6)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 8
    assert page_text(response).count("£250.00") == 8


# --- the award's page and the money ---------------------------------------------------


def figures(client, award):
    response = client.get(inspect_url(award))
    assert response.status_code == 200
    found = response.context["figures"]
    return (found.amount, found.paid, found.returned, found.outstanding), page_text(response)


def test_the_award_page_shows_figures_conditions_dates_and_letters(client, finance, award):
    AwardLetter.objects.filter(award=award).update(status="failed", error="OSError: no fonts")
    superseded = make_letter(award, status="superseded")
    current = make_letter(award, status="current", reason="Address corrected")
    pending = make_letter(award, status="pending", reason="Schedule added")
    client.force_login(finance)

    (amount, paid, returned, outstanding), page = figures(client, award)

    assert (amount, paid, returned, outstanding) == (
        Decimal("4000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("4000.00"),
    )
    assert "Send a report within three months" in page
    assert award.accept_by.strftime("%-d %B %Y") in page
    assert "Commitment" in page  # the ledger
    for letter in (superseded, current):
        assert reverse("fund_letter_download", args=[letter.pk]) in page
        assert letter.sha256 in page
    assert reverse("fund_letter_download", args=[pending.pk]) not in page
    assert "Being made" in page
    first = AwardLetter.objects.get(award=award, version=1)
    assert reverse("fund_letter_retry", args=[first.pk]) in page
    assert "OSError: no fonts" in page
    assert "Address corrected" in page
    assert reverse("applications:history", args=[award.application_id]) in page
    assert "Award: SCF-2026-0601" in page


def test_the_award_page_offers_each_role_only_its_own_actions(client, manager, finance, award):
    def offered(user):
        client.force_login(user)
        page = page_text(client.get(inspect_url(award)))
        return {
            name
            for name in [
                "fund_award_instalment",
                "fund_award_accept",
                "fund_award_payment",
                "fund_award_return",
                "fund_award_withdraw",
                "fund_award_complete",
                "fund_award_letter_reissue",
            ]
            if action_url(name, award) in page
        }

    assert offered(manager) == {
        "fund_award_instalment",
        "fund_award_accept",
        "fund_award_withdraw",
        "fund_award_letter_reissue",
    }
    assert offered(finance) == {"fund_award_instalment", "fund_award_letter_reissue"}

    award_accept(award=award, name="Ann Lee", position="Chair", by=manager)
    bank_details_approved(award)
    assert offered(finance) == {
        "fund_award_instalment",
        "fund_award_payment",
        "fund_award_letter_reissue",
    }
    payment_record(award=award, paid_on=TODAY(), amount="4000", bacs_reference="ALL", by=finance)
    assert offered(finance) == {"fund_award_return", "fund_award_letter_reissue"}
    assert offered(manager) == {"fund_award_complete", "fund_award_letter_reissue"}


def test_recording_the_acceptance_through_the_form(client, manager, award):
    client.force_login(manager)

    response = client.post(action_url("fund_award_accept", award), {"name": "", "position": ""})
    assert response.context["form"].errors["name"] == [
        "Enter the name of the person accepting the offer."
    ]

    response = client.post(
        action_url("fund_award_accept", award), {"name": "Ann Lee", "position": "Chair"}
    )

    assert response.status_code == 302
    assert response["Location"] == inspect_url(award)
    award.refresh_from_db()
    assert (award.status, award.accepted_name, award.accepted_position) == (
        "accepted",
        "Ann Lee",
        "Chair",
    )
    page = page_text(client.get(inspect_url(award)))
    assert "Ann Lee (Chair)" in page


def test_adding_instalments_through_the_form(client, finance, award):
    client.force_login(finance)
    url = action_url("fund_award_instalment", award)

    response = client.post(url, {"due_on": "1/6/2027", "amount": "2500"})
    assert response.status_code == 302
    response = client.post(url, {"due_on": "1/12/2027", "amount": "2000"})

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "The schedule would add up to £4,500.00, more than the £4,000.00 awarded."
    ]
    response = client.post(url, {"due_on": "31/2/2027", "amount": "100"})
    assert response.context["form"].errors["due_on"] == [
        "Enter the date as day/month/year, like 31/3/2027."
    ]
    assert [(str(i.due_on), i.amount) for i in award.instalments.all()] == [
        ("2027-06-01", Decimal("2500.00"))
    ]
    assert "1 June 2027" in page_text(client.get(inspect_url(award)))


def test_payments_and_returns_through_the_forms_change_the_figures_and_the_ledger(
    client, finance, accepted
):
    fund = fund_of(accepted.application)
    client.force_login(finance)
    form = client.get(action_url("fund_award_payment", accepted)).context["form"]
    assert form["paid_on"].value() == TODAY()

    response = client.post(
        action_url("fund_award_payment", accepted),
        {"paid_on": TODAY().strftime("%d/%m/%Y"), "amount": "1500", "bacs_reference": "SCF0601A"},
    )

    assert response.status_code == 302
    assert response["Location"] == inspect_url(accepted)
    (amount, paid, returned, outstanding), page = figures(client, accepted)
    assert (paid, returned, outstanding) == (
        Decimal("1500.00"),
        Decimal("0.00"),
        Decimal("2500.00"),
    )
    assert "A payment of £1,500.00 to SCF-2026-0601 is recorded." in page
    assert "SCF0601A" in page

    response = client.post(
        action_url("fund_award_return", accepted),
        {
            "received_on": TODAY().strftime("%d/%m/%Y"),
            "amount": "500",
            "reason": "underspend",
            "note": "Venue cost less",
        },
    )

    assert response.status_code == 302
    (amount, paid, returned, outstanding), page = figures(client, accepted)
    assert (paid, returned, outstanding) == (
        Decimal("1500.00"),
        Decimal("500.00"),
        Decimal("2500.00"),
    )
    assert "£500.00 returned by SCF-2026-0601 is recorded and back in the budget." in page
    entry = BudgetEntry.objects.get(award=accepted, kind="return")
    assert (entry.amount, entry.reason, entry.created_by) == (
        Decimal("-500.00"),
        "Underspend: Venue cost less",
        finance,
    )
    assert fund_of(accepted.application).committed == fund.committed - Decimal("500.00")
    assert FundReturn.objects.get().recorded_by == finance


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"amount": "4000.01", "bacs_reference": "SCF1"},
            "amount",
            "This payment would take the total paid to £4,000.01, more than the £4,000.00 "
            "awarded. At most £4,000.00 is left to pay.",
        ),
        (
            {"amount": "100", "bacs_reference": "not allowed!"},
            "bacs_reference",
            "Enter the BACS reference: up to 18 letters, numbers, spaces or . - / &.",
        ),
        ({"amount": "0", "bacs_reference": "SCF1"}, "amount", "Enter an amount of more than £0."),
    ],
)
def test_the_payment_form_says_what_is_wrong(client, finance, accepted, data, field, message):
    client.force_login(finance)

    response = client.post(
        action_url("fund_award_payment", accepted),
        {"paid_on": TODAY().strftime("%d/%m/%Y"), **data},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "There is a problem" in page_text(response)
    assert not Payment.objects.exists()


def test_a_payment_on_an_award_not_yet_accepted_is_refused_in_words(client, finance, award):
    client.force_login(finance)

    response = client.post(
        action_url("fund_award_payment", award),
        {"paid_on": TODAY().strftime("%d/%m/%Y"), "amount": "100", "bacs_reference": "X"},
    )

    assert response.status_code == 200
    assert "Payments can be recorded only on an accepted award. This one is offered." in page_text(
        response
    )
    assert not Payment.objects.exists()


def test_the_payment_form_is_not_offered_before_the_award_is_accepted(client, finance, award):
    client.force_login(finance)

    response = client.get(action_url("fund_award_payment", award), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/{award.pk}/")
    assert (
        f"No payment can be recorded for {award.reference} yet: the offer has not been accepted."
        in page_text(response)
    )
    assert "Record the payment" not in page_text(response)


def test_withdrawing_through_the_form_releases_what_was_not_paid(
    client, manager, finance, accepted
):
    payment_record(
        award=accepted, paid_on=TODAY(), amount="1500", bacs_reference="SCF0601A", by=finance
    )
    client.force_login(manager)
    url = action_url("fund_award_withdraw", accepted)

    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"] == [
        "Give the reason for withdrawing the award."
    ]

    response = client.post(url, {"reason": "The project did not start."})

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "withdrawn"
    release = BudgetEntry.objects.get(award=accepted, kind="release")
    assert (release.amount, release.reason) == (Decimal("-2500.00"), "The project did not start.")
    assert fund_of(accepted.application).committed == Decimal("1500.00")
    (amount, paid, returned, outstanding), page = figures(client, accepted)
    assert (paid, outstanding) == (Decimal("1500.00"), Decimal("0.00"))
    assert "Release" in page
    assert "The project did not start." in page
    assert action_url("fund_award_withdraw", accepted) not in page
    # A letter would offer a grant that is no longer there.
    assert action_url("fund_award_letter_reissue", accepted) not in page


def test_completing_a_fully_paid_award_through_the_form(client, manager, finance, accepted):
    client.force_login(manager)
    url = action_url("fund_award_complete", accepted)

    response = client.post(url, {})
    assert response.status_code == 200
    assert "Only a fully paid award can be marked completed." in page_text(response)

    payment_record(award=accepted, paid_on=TODAY(), amount="4000", bacs_reference="ALL", by=finance)
    response = client.post(url, {})

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "completed"


# --- letters ------------------------------------------------------------------------


def download(client, letter):
    return client.get(reverse("fund_letter_download", args=[letter.pk]))


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
    url = action_url("fund_award_letter_reissue", award)

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
    assert reverse("fund_letter_retry", args=[failed.pk]) in page
    assert "OSError: fonts missing" in page

    response = client.post(reverse("fund_letter_retry", args=[failed.pk]))

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

    response = client.post(reverse("fund_letter_retry", args=[current.pk]))

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

    response = client.get(reverse("fund_call_letters_zip", args=[first.application.page_id]))

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

    response = client.get(reverse("fund_call_letters_zip", args=[call.pk]))

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
    from django.contrib.auth.models import Permission

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
