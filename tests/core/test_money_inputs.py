"""One money parser everywhere (fund/validators.py, read_pounds): every
money input, on the public site and in the admin, reads "3,000", "£3,000",
"3000.00" and "£7,500.50" as people write them; and each refuses what is
not money, in the same words."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fund.applications.models import Application
from fund.awards.admin.forms import AwardForm, InstalmentForm, PaymentForm, ReturnForm
from fund.awards.models.awards import Award, FundReturn, Instalment, Payment
from fund.awards.services.decisions import award_make
from fund.awards.services.ledger import parse_money
from fund.awards.services.lifecycle import award_accept
from fund.awards.services.payments import payment_record
from fund.reviews.admin.forms import ReviewForm
from fund.reviews.models import Review
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call
from tests.support.applying import apply
from tests.support.banking import bank_details_approved
from tests.support.pages import page_text
from tests.support.states import DECIDE_NOW

pytestmark = pytest.mark.django_db

#: (what is typed, what it is read as)
AS_WRITTEN = [
    ("3,000", Decimal("3000.00")),
    ("£3,000", Decimal("3000.00")),
    ("3000.00", Decimal("3000.00")),
    ("£7,500.50", Decimal("7500.50")),
    (" £7,500.50 ", Decimal("7500.50")),
]
NOT_MONEY = ["1e3", "NaN", "£3,00", "three thousand", "3000.001"]
TODAY = timezone.localdate


@pytest.fixture
def big_call(fund_page):
    """A call whose awards may be up to £10,000."""
    return make_call(
        fund_page,
        slug="big",
        maximum_award=Decimal("10000.00"),
        questions=[("How will survivors shape the project?", "multiline", True)],
    )


@pytest.fixture
def offered(big_call, manager):
    application = ApplicationFactory(
        page=big_call, status="reviewed", amount_requested=Decimal("10000.00")
    )
    return award_make(
        early_reason="Decided early in a test.",
        application=application,
        amount="10000",
        conditions="<p>Report.</p>",
        by=manager,
    )


@pytest.fixture
def accepted(offered, manager):
    award = award_accept(award=offered, name="Ann Lee", position="Chair", by=manager)
    bank_details_approved(award)
    return award


# --- each form reads money the same way ------------------------------------------


def money_forms(application):
    """(form class, its money field, the other data it needs, its kwargs)."""
    today = TODAY().strftime("%d/%m/%Y")
    return {
        "suggested amount": (
            ReviewForm,
            "suggested_amount",
            {"recommendation": "fund_part"},
            {"criteria": [], "application": application},
        ),
        "award": (AwardForm, "amount", {}, {}),
        "instalment": (InstalmentForm, "amount", {"due_on": today}, {}),
        "payment": (PaymentForm, "amount", {"paid_on": today}, {}),
        "return": (ReturnForm, "amount", {"received_on": today, "reason": "underspend"}, {}),
    }


FORMS = ["suggested amount", "award", "instalment", "payment", "return"]


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
@pytest.mark.parametrize("which", FORMS)
def test_every_admin_money_form_reads_money_as_it_is_written(big_call, which, typed, amount):
    form_class, field, data, kwargs = money_forms(ApplicationFactory(page=big_call))[which]

    form = form_class({field: typed, **data}, **kwargs)
    form.is_valid()

    assert field not in form.errors
    assert form.cleaned_data[field] == amount


@pytest.mark.parametrize("typed", NOT_MONEY)
@pytest.mark.parametrize("which", FORMS)
def test_every_admin_money_form_refuses_what_is_not_money(big_call, which, typed):
    form_class, field, data, kwargs = money_forms(ApplicationFactory(page=big_call))[which]

    form = form_class({field: typed, **data}, **kwargs)

    assert not form.is_valid()
    assert form.errors[field][0].startswith("Enter the ")


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_the_application_form_reads_the_amount_requested_as_it_is_written(big_call, typed, amount):
    form = big_call.get_form({"amount_requested": typed})
    form.is_valid()

    assert "amount_requested" not in form.errors
    assert form.cleaned_data["amount_requested"] == amount


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_the_services_read_money_as_the_forms_do(typed, amount):
    assert parse_money(typed) == amount


# --- and through the real pages ------------------------------------------------------


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_an_applicant_may_ask_for_an_amount_as_they_write_it(client, big_call, typed, amount):
    response = apply(client, big_call, amount_requested=typed)

    assert response.status_code == 200
    assert Application.objects.exclude(status="draft").get().amount_requested == amount


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_a_fund_manager_may_award_an_amount_as_they_write_it(
    client, manager, big_call, typed, amount
):
    application = ApplicationFactory(
        page=big_call, status="reviewed", amount_requested=Decimal("10000.00")
    )
    client.force_login(manager)

    response = client.post(
        reverse("applications:award", args=[application.pk]),
        {**DECIDE_NOW, "amount": typed, "conditions": ""},
    )

    # The conditions are missing: the amount is still read, and kept.
    assert Award.objects.filter(application=application).count() == 0
    form = response.context["form"]
    assert "amount" not in form.errors
    assert form.cleaned_data["amount"] == amount


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_an_instalment_may_be_scheduled_as_it_is_written(client, finance, offered, typed, amount):
    client.force_login(finance)

    response = client.post(
        reverse("awards:instalment", args=[offered.pk]),
        {"due_on": "1/6/2027", "amount": typed},
    )

    assert response.status_code == 302, page_text(response)[:2000]
    assert Instalment.objects.get(award=offered).amount == amount


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_a_payment_may_be_recorded_as_it_is_written(client, finance, accepted, typed, amount):
    client.force_login(finance)

    response = client.post(
        reverse("awards:payment", args=[accepted.pk]),
        {"paid_on": TODAY().strftime("%d/%m/%Y"), "amount": typed, "bacs_reference": "SCF 1"},
    )

    assert response.status_code == 302, page_text(response)[:2000]
    assert Payment.objects.get(award=accepted).amount == amount


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_returned_money_may_be_recorded_as_it_is_written(client, finance, accepted, typed, amount):
    payment_record(
        award=accepted, paid_on=TODAY(), amount="10000", bacs_reference="ALL", by=finance
    )
    client.force_login(finance)

    response = client.post(
        reverse("awards:return", args=[accepted.pk]),
        {"received_on": TODAY().strftime("%d/%m/%Y"), "amount": typed, "reason": "underspend"},
    )

    assert response.status_code == 302, page_text(response)[:2000]
    assert FundReturn.objects.get(award=accepted).amount == amount


@pytest.mark.parametrize(("typed", "amount"), AS_WRITTEN)
def test_a_reviewer_may_suggest_an_amount_as_they_write_it(
    client, big_call, panel_member, manager, typed, amount
):
    application = ApplicationFactory(
        page=big_call, status="eligible", amount_requested=Decimal("10000.00")
    )
    assignment = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)
    client.force_login(panel_member)

    client.post(
        reverse("fund_reviews:review", args=[assignment.pk]),
        {"action": "draft", "recommendation": "fund_part", "suggested_amount": typed},
    )

    assert Review.objects.get(assignment=assignment).suggested_amount == amount
