"""What sending an application costs the database: each step of the public
flow keeps within its number of queries, and the number does not grow with
the call's questions or the files sent. bench/submission.py and
bench/call_page.py count the same steps; bench/RESULTS.md has the figures
and what each query is for.

The counts are production's: tasks are queued in the database (one INSERT
each, where the test settings' immediate backend would run them inline),
work queued for after the commit is counted with the step, and what a
running site has read once already is read before counting (content types
and Wagtail's site root paths, both cached per process, and this year's
reference counter, made by the year's first submission)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from fund.applications.models import Application, ApplicationDocument, ReferenceCounter
from fund.core.funder import FunderSettings
from home.models import StandardPage
from tests.conftest import make_call
from tests.support.applying import DECLARATIONS, PDF_BYTES, form_data, pdf

pytestmark = pytest.mark.django_db

#: Queries per step of one application, from a browser that has not been to
#: the site before. Most of each is fixed cost: the session (read it; make it,
#: or give it a new key when an application is bound to it: four each),
#: Wagtail's site and page routing and privacy check on the call page (six),
#: and the funder details in every page's footer (two). The call's outcome
#: measures cost one query wherever the form is built (its targets); the
#: proposed targets and budget lines one INSERT each when saved (none for no
#: targets), one read each on check your answers, and on sending one read
#: each with the measures to check them against (whatever their number).
STEP_BUDGET = {
    "GET the form": 14,
    "POST the form with the files": 20,
    "GET check your answers": 8,
    "POST accept and send": 26,
    "GET the confirmation": 4,
}
#: The call page for a browser that has been before (its session is read),
#: and on a first visit (its session, holding the browser's secret, is made).
CALL_PAGE_BUDGET = 11
CALL_PAGE_FIRST_VISIT_BUDGET = 14


@pytest.fixture
def production_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def running_site(home_page, production_tasks):
    """The site as it runs: privacy notice and accessibility statement linked
    from every page, and what a running site has read once already."""
    privacy = home_page.add_child(
        instance=StandardPage(title="Privacy notice", slug="privacy", body="<p>Who sees what.</p>")
    )
    accessibility = home_page.add_child(
        instance=StandardPage(
            title="Accessibility statement", slug="accessibility", body="<p>WCAG 2.2 AA.</p>"
        )
    )
    FunderSettings.objects.filter(site__is_default_site=True).update(
        privacy_notice=privacy, accessibility_statement=accessibility
    )
    ContentType.objects.get_for_models(Application, ApplicationDocument, ModelLogEntry)
    Site.get_site_root_paths()
    ReferenceCounter.objects.create(prefix="SCF", year=timezone.localdate().year)
    return home_page


def call_with(fund_page, *, questions, file_questions):
    return make_call(
        fund_page,
        questions=[(f"Question {n} about the project", "multiline", True) for n in range(questions)]
        + [(f"File question {n}", "file", True) for n in range(file_questions)],
    )


def distinct_pdfs(count, name="document"):
    """PDFs that differ (the same file sent twice is kept once)."""
    return [pdf(f"{name}-{n}.pdf", PDF_BYTES + f"% {name} {n}\n".encode()) for n in range(count)]


def send_within_budget(client, call, files, assert_max_queries, run_on_commit):
    """Walk the public flow as a person does, each step within its budget."""
    data = form_data(call)
    declarations = {key: data.pop(key) for key in DECLARATIONS}
    steps = [
        ("GET the form", lambda: client.get(call.url), 200),
        ("POST the form with the files", lambda: client.post(call.url, {**data, **files}), 302),
        ("GET check your answers", lambda: client.get("/apply/check/"), 200),
        ("POST accept and send", lambda: client.post("/apply/check/", declarations), 302),
        ("GET the confirmation", lambda: client.get("/apply/sent/"), 200),
    ]
    for name, step, status in steps:
        with assert_max_queries(STEP_BUDGET[name]), run_on_commit(execute=True):
            response = step()
        assert response.status_code == status, name
    return response


@pytest.mark.parametrize(
    ("questions", "file_questions", "documents"),
    [
        pytest.param(2, 0, 3, id="two-questions-three-documents"),
        pytest.param(12, 2, 8, id="fourteen-questions-ten-files"),
    ],
)
def test_sending_an_application_keeps_each_step_within_its_query_budget(
    client,
    fund_page,
    running_site,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    questions,
    file_questions,
    documents,
):
    call = call_with(fund_page, questions=questions, file_questions=file_questions)
    files = {"documents": distinct_pdfs(documents)}
    for field in call.form_fields.filter(field_type="file"):
        files[f"q_{field.clean_name}"] = distinct_pdfs(1, name=field.clean_name)[0]

    response = send_within_budget(
        client, call, files, django_assert_max_num_queries, django_capture_on_commit_callbacks
    )

    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.reference in response.content.decode()
    assert application.documents.count() == documents + file_questions
    assert len(application.questions) == questions + file_questions
    assert ModelLogEntry.objects.filter(action="fund.application.submit").count() == 1


def test_the_call_page_keeps_within_its_query_budget(
    client, fund_page, running_site, django_assert_max_num_queries
):
    call = call_with(fund_page, questions=3, file_questions=1)

    with django_assert_max_num_queries(CALL_PAGE_FIRST_VISIT_BUDGET):
        first = client.get(call.url)
    with django_assert_max_num_queries(CALL_PAGE_BUDGET):
        again = client.get(call.url)

    for response in (first, again):
        assert response.status_code == 200
        assert "Question 2 about the project" in response.content.decode()
        assert "Privacy notice" in response.content.decode()
