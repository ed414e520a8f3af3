"""What the applicant reads back: the saved page, check your answers and the
fund's list of calls say plainly what is there and what is not."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from fund.applications.models import Application
from tests.factories.calls import make_call
from tests.support.applying import form_data, pdf
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def test_the_saved_page_says_when_the_link_stops_working(client, open_call):
    response = client.post(open_call.url, form_data(open_call, action="save"))

    closes = timezone.localtime(open_call.closes_at)
    assert "The link works until the call closes at" in page_text(response)
    assert date_format(closes, "j F Y") in page_text(response)
    assert "closes at ." not in page_text(response)


def test_check_your_answers_says_not_given_and_shows_each_file_once(client, open_call):
    data = form_data(open_call, registration_number="", organisation_type="unregistered")
    data["q_project_budget"] = pdf("budget.pdf")
    client.post(open_call.url, data)

    page = page_text(client.get("/apply/check/"))

    assert "Not given" in page
    assert ">None<" not in page
    assert page.count("budget.pdf") == 1


def test_the_fund_page_marks_each_call_open_closed_or_not_yet_open(client, fund_page):
    now = timezone.now()
    make_call(fund_page, slug="open", title="Open round")
    make_call(
        fund_page,
        slug="closed",
        title="Closed round",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )
    make_call(
        fund_page,
        slug="soon",
        title="Next round",
        opens_at=now + dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=60),
    )

    page = page_text(client.get(fund_page.url))

    for title, tag in [
        ("Open round", "Open"),
        ("Closed round", "Closed"),
        ("Next round", "Not open yet"),
    ]:
        item = page[page.index(title) : page.index("</li>", page.index(title))]
        assert f">{tag}</strong>" in item, title


@pytest.mark.parametrize(
    "typed", ["1 April 2027", "1 apr 2027", "01/04/2027", "1/4/27", "2027-04-01"]
)
def test_a_date_is_read_as_people_write_it(client, open_call, typed):
    client.post(
        open_call.url, form_data(open_call, planned_start=typed, planned_end="31 March 2028")
    )

    draft = Application.objects.get()
    assert draft.planned_start == dt.date(2027, 4, 1)
    assert draft.planned_end == dt.date(2028, 3, 31)


def test_an_error_on_a_calls_own_question_names_the_question(client, open_call):
    data = form_data(open_call)
    data.pop("q_how_will_survivors_shape_the_project")

    page = page_text(client.post(open_call.url, data))

    assert "Answer “How will survivors shape the project?”." in page
    assert "This field is required." not in page


def test_the_call_page_publishes_its_scoring_criteria_and_when_decisions_come(client, fund_page):
    call = make_call(fund_page, decisions_by=dt.date(2027, 3, 15))

    page = page_text(client.get(call.url))

    assert "Decisions expected by" in page and "15 March 2027" in page
    assert "How applications are scored" in page
    shares = [(c.name, share) for c, share in call.criteria_with_shares()]
    assert shares and sum(share for _name, share in shares) in (99, 100, 101)
    for name, share in shares:
        assert f"{name}</dt><dd>{share}% of the score" in page
