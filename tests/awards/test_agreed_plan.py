"""At award the fund manager agrees the targets and budget lines, from the
applicant's proposal; while the award is offered or accepted they can be
changed, each change audited, and an open offer's letter made again
(issue 14, item 2)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from fund.awards.models.awards import Award, AwardLetter
from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.awards.services.decisions import award_make
from fund.awards.services.plan import budget_scaled, plan_change
from fund.core.errors import ServiceError
from tests.factories import AwardFactory
from tests.factories.awards import EARLY_REASON, accept_online
from tests.support.pages import assert_refused
from tests.support.pages import page_text as page_html
from tests.support.plans import measures_add, proposal_add
from tests.support.states import DECIDE_NOW, award_url, submitted

pytestmark = pytest.mark.django_db

#: What the applicant asked for: £5,000 split three ways.
PROPOSED_BUDGET = {"staff": "3000", "venue": "1500", "other": "500"}


@pytest.fixture
def measures(open_call):
    return measures_add(open_call)


@pytest.fixture
def proposed(open_call, measures):
    """An application asking for £5,000, proposing 80 people supported and
    20 trained, its budget in three lines."""
    supported, trained, _case_study = measures
    application = submitted(open_call, status="reviewed", amount_requested=Decimal("5000"))
    return proposal_add(application, targets={supported: 80, trained: 20}, budget=PROPOSED_BUDGET)


def make(application, manager, **plan):
    return award_make(
        application=application,
        amount=plan.pop("amount", "4000"),
        conditions="<p>Report.</p>",
        early_reason=EARLY_REASON,
        by=manager,
        **plan,
    )


def page_text(response):
    """The page's words, without its markup, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_html(response)).split())


def lines_of(award):
    return {line.category: line.amount for line in award.budget_lines.all()}


def targets_of(award):
    return {t.name: (t.proposed, t.target) for t in award.targets.all()}


# --- the service -----------------------------------------------------------------


def test_the_award_copies_every_measure_with_the_targets_and_lines_agreed(
    proposed, measures, manager
):
    supported, trained, case_study = measures

    award = make(
        proposed,
        manager,
        targets={supported.pk: Decimal("60"), "Professionals and volunteers trained": "15"},
        budget={"staff": Decimal("2500"), "venue": Decimal("1500")},
    )

    rows = list(award.targets.all())
    assert [(r.name, r.kind, r.unit, r.required) for r in rows] == [
        ("Victims and survivors supported", "number", "people", True),
        ("Professionals and volunteers trained", "number", "people", False),
        ("Case study", "text", "", True),
    ]
    assert [r.measure for r in rows] == measures
    assert rows[0].definition == "What counts as victims and survivors supported."
    assert targets_of(award) == {
        "Victims and survivors supported": (Decimal("80.00"), Decimal("60.00")),
        "Professionals and volunteers trained": (Decimal("20.00"), Decimal("15.00")),
        "Case study": (None, None),
    }
    assert lines_of(award) == {"staff": Decimal("2500.00"), "venue": Decimal("1500.00")}
    entry = ModelLogEntry.objects.get(action="fund.award.make", object_id=str(proposed.pk))
    assert entry.data["targets"] == {
        "Victims and survivors supported": "60.00",
        "Professionals and volunteers trained": "15.00",
        "Case study": None,
    }
    assert entry.data["budget"] == {"staff": "2500.00", "venue": "1500.00"}


def test_budget_lines_that_do_not_add_up_to_the_award_are_refused_naming_both_sums(
    proposed, manager
):
    with pytest.raises(ServiceError) as refused:
        make(proposed, manager, budget=PROPOSED_BUDGET)

    assert str(refused.value.message) == (
        "The budget lines add up to £5,000.00, but the award is £4,000.00: change the lines so "
        "they add up to £4,000.00."
    )
    assert "budget" in refused.value.errors
    assert not Award.objects.exists()
    assert not AwardBudgetLine.objects.exists()


def test_a_required_numeric_measure_needs_a_target(proposed, measures, manager):
    supported, trained, _case_study = measures
    with pytest.raises(ServiceError) as refused:
        make(proposed, manager, targets={trained.pk: "5"}, budget={"staff": "4000"})

    assert refused.value.errors == {
        "target_0": "Enter the agreed target for “Victims and survivors supported”."
    }
    # An optional one may be left without.
    award = make(proposed, manager, targets={supported.pk: "70"}, budget={"staff": "4000"})
    assert targets_of(award)["Professionals and volunteers trained"] == (Decimal("20.00"), None)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("-1", "Enter the target for “Victims and survivors supported” as a number, like 80."),
        ("lots", "Enter the target for “Victims and survivors supported” as a number, like 80."),
        (
            "1.005",
            "Give the target for “Victims and survivors supported” to at most 2 decimal places.",
        ),
    ],
)
def test_a_target_is_a_number_of_at_least_nought(proposed, measures, manager, target, message):
    with pytest.raises(ServiceError) as refused:
        make(proposed, manager, targets={measures[0].pk: target}, budget={"staff": "4000"})
    assert refused.value.errors == {"target_0": message}


def test_left_out_the_plan_is_the_proposal_with_the_budget_scaled(proposed, manager):
    award = make(proposed, manager)  # £4,000 of the £5,000 requested

    assert targets_of(award)["Victims and survivors supported"] == (
        Decimal("80.00"),
        Decimal("80.00"),
    )
    assert lines_of(award) == {
        "staff": Decimal("2400.00"),
        "venue": Decimal("1200.00"),
        "other": Decimal("400.00"),
    }


def test_the_scaled_budget_adds_up_to_the_penny(proposed):
    scaled = budget_scaled(proposed, Decimal("3333.33"))

    assert sum(scaled.values()) == Decimal("3333.33")
    # Each line rounded down; the pennies left over go to the largest.
    assert scaled == {
        "staff": Decimal("2000.01"),
        "venue": Decimal("999.99"),
        "other": Decimal("333.33"),
    }


def test_an_application_without_lines_puts_the_award_on_other(open_call, manager):
    award = AwardFactory(call=open_call, application__plan=False)

    assert lines_of(award) == {"other": Decimal("4000.00")}
    assert not award.targets.exists()


# --- changing the plan ------------------------------------------------------------


def test_a_change_to_an_open_offer_is_audited_and_its_letter_made_again(
    proposed, measures, manager
):
    award = make(proposed, manager)

    plan_change(
        award=award,
        targets={measures[0].pk: "75", measures[1].pk: "20"},
        budget={"staff": "2000", "venue": "1600", "other": "400"},
        by=manager,
    )

    assert targets_of(award)["Victims and survivors supported"][1] == Decimal("75.00")
    assert lines_of(award)["venue"] == Decimal("1600.00")
    entry = ModelLogEntry.objects.get(action="fund.award.plan")
    assert entry.user == manager
    assert entry.data["before"]["targets"]["Victims and survivors supported"] == "80.00"
    assert entry.data["after"]["targets"]["Victims and survivors supported"] == "75.00"
    assert entry.data["before"]["budget"]["staff"] == "2400.00"
    assert entry.data["after"]["budget"]["staff"] == "2000.00"
    letters = AwardLetter.objects.filter(award=award).order_by("version")
    assert list(letters.values_list("version", "reason")) == [
        (1, "First issue"),
        (2, "Targets and budget changed"),
    ]


def test_a_change_to_an_accepted_award_makes_no_new_letter(proposed, measures, manager):
    award = accept_online(make(proposed, manager))

    plan_change(
        award=award,
        targets={measures[0].pk: "80"},
        budget={"staff": "4000"},
        by=manager,
    )

    assert lines_of(award) == {"staff": Decimal("4000.00")}
    assert AwardLetter.objects.filter(award=award).count() == 1


def test_a_change_must_still_add_up_and_must_change_something(proposed, measures, manager):
    award = make(proposed, manager)
    with pytest.raises(ServiceError, match="add up to £3,900.00, but the award is £4,000.00"):
        plan_change(
            award=award, targets={measures[0].pk: "80"}, budget={"staff": "3900"}, by=manager
        )
    with pytest.raises(ServiceError, match="Nothing has changed"):
        plan_change(
            award=award,
            targets={measures[0].pk: "80", measures[1].pk: "20"},
            budget={"staff": "2400", "venue": "1200", "other": "400"},
            by=manager,
        )
    assert not ModelLogEntry.objects.filter(action="fund.award.plan").exists()


def test_a_paid_award_keeps_its_plan(open_call, manager):
    award = AwardFactory(call=open_call, paid=True)
    with pytest.raises(ServiceError, match="can no longer be changed: the award is paid"):
        plan_change(award=award, targets={}, budget={"other": "4000"}, by=manager)


# --- the admin ------------------------------------------------------------------


def award_form(**fields):
    return {
        "amount": "4000",
        "conditions": ConditionsEditor(features=CONDITIONS_FEATURES).format_value("<p>R.</p>"),
        "early_reason": DECIDE_NOW["early_reason"],
        **fields,
    }


def test_the_award_form_starts_from_the_proposal(client, manager, proposed):
    client.force_login(manager)

    form = client.get(award_url(proposed)).context["form"]

    assert form["target_0"].value() == "80"
    assert form["target_1"].value() == "20"
    assert "target_2" not in form.fields  # the case study has no target
    assert form["budget_staff"].value() == Decimal("3000")
    assert form["budget_venue"].value() == Decimal("1500")
    assert not form["budget_equipment"].value()
    page = page_text(client.get(award_url(proposed)))
    assert "The applicant proposed 80. Required." in page
    assert "The lines start as the applicant split the £5,000.00 requested." in page


def test_lines_not_changed_for_a_smaller_award_are_refused_on_the_form(client, manager, proposed):
    client.force_login(manager)
    posted = award_form(target_0="80", budget_staff="3000", budget_venue="1500", budget_other="500")

    response = client.post(award_url(proposed), posted)

    assert response.status_code == 200
    assert "The budget lines add up to £5,000.00, but the award is £4,000.00" in page_text(response)
    assert not Award.objects.exists()


def test_the_preview_shows_the_plan_and_confirming_agrees_it(
    client, manager, proposed, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    posted = award_form(
        target_0="70", target_1="", budget_staff="2500", budget_venue="1500", budget_other=""
    )

    preview = client.post(award_url(proposed), posted)

    page = page_text(preview)
    assert "Targets agreed" in page
    assert "Victims and survivors supported (people) 80 70" in page
    assert "Staff £2,500.00" in page
    assert "Venue £1,500.00" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(award_url(proposed), {**posted, "confirm": "1"})
    award = Award.objects.get(application=proposed)
    assert lines_of(award) == {"staff": Decimal("2500.00"), "venue": Decimal("1500.00")}
    assert targets_of(award)["Victims and survivors supported"][1] == Decimal("70.00")


def test_the_award_page_shows_the_plan_and_a_manager_changes_it(
    client, manager, finance, proposed, measures
):
    award = make(proposed, manager)
    inspect = reverse("awards:inspect", args=[award.pk])
    plan_url = reverse("awards:plan", args=[award.pk])

    client.force_login(finance)
    page = page_text(client.get(inspect))
    assert "Victims and survivors supported (people) 80 80" in page
    assert "Staff £2,400.00" in page
    assert plan_url not in client.get(inspect).content.decode()
    assert_refused(client.get(plan_url))

    client.force_login(manager)
    assert plan_url in client.get(inspect).content.decode()
    form = client.get(plan_url).context["form"]
    assert form["target_0"].value() == "80"
    assert form["budget_staff"].value() == Decimal("2400.00")
    response = client.post(
        plan_url,
        {"target_0": "90", "target_1": "20", "budget_staff": "3000", "budget_other": "1000"},
    )
    assert response.status_code == 302
    assert lines_of(award) == {"staff": Decimal("3000.00"), "other": Decimal("1000.00")}
    assert AwardTarget.objects.get(award=award, name__startswith="Victims").target == 90
    assert AwardLetter.objects.filter(award=award).count() == 2
