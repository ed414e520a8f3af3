"""A grant panel member reviews the applications assigned to them in the
Wagtail admin: the dashboard panel, "Your reviews", the conflict-of-interest
declaration and the review form, with blind scoring.

Every test goes through the test client as the role in question.
"""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.models import ApplicationDocument
from fund.applications.questions import question_definitions
from fund.calls.models import ScoringCriterion
from fund.reviews.models import Review, ReviewAssignment
from fund.reviews.services import ScoreInput, conflict_declare, review_save, reviewer_assign
from fund.templatetags.fund_tags import when
from tests.factories import ApplicationFactory
from tests.factories.calls import london
from tests.support.applying import PDF_BYTES
from tests.support.pages import page_text, sidebar_labels

pytestmark = pytest.mark.django_db

ORGANISATION = "Aire Valley Freedom Project"
ANSWER = "Survivors sit on our steering group and shape every session."
COMMENT = "A strong, well-evidenced bid from a trusted local group."
HIDDEN = "Hidden: conflict declared"
BAD_SCORE = "The score for Need and evidence must be a whole number from 0 to 5."
VALUE_WORDS = [f"value level {n}" for n in range(11)]


# --- helpers -----------------------------------------------------------------


def review_url(assignment):
    return reverse("fund_reviews:review", args=[assignment.pk])


def download_url(document):
    return reverse("fund_document_download", args=[document.pk])


def make_document(application, *, name="accounts.pdf"):
    document = ApplicationDocument(
        application=application,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    document.file.save(name, ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def make_application(call, **fields):
    questions = question_definitions(call)
    return ApplicationFactory(
        page=call,
        status="eligible",
        questions=questions,
        form_data={questions[0]["clean_name"]: ANSWER},
        **fields,
    )


def review_form(call, *, action="draft", scores=(), na=(), **fields):
    """The review form as the browser posts it. ``scores`` maps criterion
    names to the score chosen; ``na`` names those marked N/A."""
    data = {"action": action, "comment": "", "recommendation": "", "suggested_amount": ""}
    scores = dict(scores)
    for criterion in call.criteria.all():
        prefix = f"criterion_{criterion.pk}"
        data[prefix] = "na" if criterion.name in na else scores.get(criterion.name, "")
        data[f"{prefix}_comment"] = f"On {criterion.name.lower()}."
    data.update(fields)
    return data


def checked(page, name):
    """The value of the radio button ``name`` that is chosen, or None."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def choices(page, name):
    """(value, label) of each radio button ``name``, as the page shows them."""
    return [
        (value, " ".join(label.split()))
        for value, label in re.findall(
            rf'<label[^>]*><input type="radio" name="{name}" value="([^"]*)"[^>]*>(.*?)</label>',
            page,
            re.DOTALL,
        )
    ]


def form_to_submit(page):
    """What the browser sends from the form on the page whose button says
    "Submit your review": its hidden inputs and that button."""
    form = next(
        f for f in re.findall(r"<form.*?</form>", page, re.DOTALL) if "Submit your review" in f
    )
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag, re.DOTALL)
        if name:
            data[name.group(1)] = unescape(value.group(1)) if value else ""
    button = re.search(
        r'<button[^>]*name="action"[^>]*value="([^"]*)"[^>]*>\s*Submit your review', form
    )
    data["action"] = button.group(1)
    return data


def log_actions(application):
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk)).values_list("action", flat=True)
    )


@pytest.fixture
def application(open_call):
    return make_application(open_call, reference="SCF-2026-0042", organisation_name=ORGANISATION)


@pytest.fixture
def document(application):
    return make_document(application)


@pytest.fixture
def assignment(application, panel_member, manager):
    return reviewer_assign(application=application, reviewer=panel_member, by=manager)


@pytest.fixture
def no_conflict(assignment, panel_member):
    return conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)


@pytest.fixture
def second_criterion(open_call):
    """With "Need and evidence" (weight 30, out of 5) from conftest."""
    return ScoringCriterion.objects.create(
        page=open_call,
        sort_order=1,
        name="Value for money",
        weight=40,
        maximum_score=10,
        score_descriptors="\n".join(f"{n} — {VALUE_WORDS[n]}" for n in range(11)),
    )


@pytest.fixture
def other_member(role_user):
    member = role_user("Grant panel")
    member.first_name, member.last_name = "Priya", "Shah"
    member.save()
    return member


def submit_review(assignment, reviewer, call, *, scores, comment="", recommendation="fund_full"):
    conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    criteria = {c.name: c for c in call.criteria.all()}
    return review_save(
        assignment=assignment,
        scores=[
            ScoreInput(criterion_id=criteria[name].pk, score=score)
            for name, score in scores.items()
        ],
        comment=comment,
        recommendation=recommendation,
        submit=True,
        by=reviewer,
    )


# --- the menu, the dashboard panel and the listing ---------------------------


def test_reviews_menu_item_is_shown_to_panel_members(client, panel_member):
    client.force_login(panel_member)

    response = client.get("/admin/")

    assert "Your reviews" in sidebar_labels(response)


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_reviews_menu_item_is_not_shown_to_other_staff(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/")

    assert "Your reviews" not in sidebar_labels(response)


def test_listing_shows_only_the_panel_members_own_assignments(
    client, open_call, panel_member, other_member, manager
):
    mine = make_application(open_call, reference="SCF-2026-0001", organisation_name="Mine Trust")
    theirs = make_application(
        open_call, reference="SCF-2026-0002", organisation_name="Theirs Group"
    )
    reviewer_assign(application=mine, reviewer=panel_member, by=manager)
    reviewer_assign(application=theirs, reviewer=other_member, by=manager)
    client.force_login(panel_member)

    response = client.get(reverse("fund_reviews:index"))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0001" in page
    assert "Mine Trust" in page
    assert "Tackling modern slavery" in page
    assert "£2,500.00" in page
    assert "SCF-2026-0002" not in page
    assert "Theirs Group" not in page


def test_listing_shows_the_state_of_each_review_and_hides_conflicted_applications(
    client, open_call, panel_member, manager
):
    rows = {}
    for number, state in enumerate(["not started", "draft", "submitted", "conflict"], start=1):
        application = make_application(
            open_call, reference=f"SCF-2026-000{number}", organisation_name=f"Group {state}"
        )
        rows[state] = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    conflict_declare(assignment=rows["draft"], has_conflict=False, by=panel_member)
    review_save(assignment=rows["draft"], scores=[], by=panel_member)
    submit_review(rows["submitted"], panel_member, open_call, scores={"Need and evidence": 4})
    conflict_declare(
        assignment=rows["conflict"], has_conflict=True, description="My sister", by=panel_member
    )
    client.force_login(panel_member)

    page = page_text(client.get(reverse("fund_reviews:index")))

    for label in ("Not started", "Draft", "Submitted", "Conflict declared"):
        assert label in page
    assert "Group not started" in page
    assert "Group submitted" in page
    assert "Group conflict" not in page
    assert HIDDEN in page
    for assignment in rows.values():
        assert review_url(assignment) in page


def test_dashboard_panel_says_how_many_are_done_and_when_reviews_close(
    client, open_call, panel_member, manager
):
    open_call.reviews_close_at = timezone.now() + dt.timedelta(days=10)
    open_call.save()
    rows = [
        reviewer_assign(
            application=make_application(open_call, reference=f"SCF-2026-000{n}"),
            reviewer=panel_member,
            by=manager,
        )
        for n in range(1, 5)
    ]
    conflict_declare(assignment=rows[0], has_conflict=True, description="Mine", by=panel_member)
    submit_review(rows[1], panel_member, open_call, scores={"Need and evidence": 4})
    client.force_login(panel_member)

    page = page_text(client.get("/admin/"))

    assert "2 of 4 reviews done." in " ".join(
        page.replace("<strong>", "").replace("</strong>", "").split()
    )
    assert f"Reviews close at {when(open_call.reviews_close_at)}." in page


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_listing_is_refused_to_staff_who_do_not_review(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("fund_reviews:index"))

    assert response.status_code == 403


def test_dashboard_panel_lists_own_assignments_with_state_and_reviews_close(
    client, open_call, panel_member, other_member, manager
):
    open_call.reviews_close_at = london(2026, 9, 30, 17, 0)
    open_call.save()
    mine = make_application(open_call, reference="SCF-2026-0001", organisation_name="Mine Trust")
    theirs = make_application(
        open_call, reference="SCF-2026-0002", organisation_name="Theirs Group"
    )
    assignment = reviewer_assign(application=mine, reviewer=panel_member, by=manager)
    reviewer_assign(application=theirs, reviewer=other_member, by=manager)
    client.force_login(panel_member)

    response = client.get("/admin/")

    page = page_text(response)
    assert 'id="your-reviews-section"' in page
    assert "SCF-2026-0001" in page
    assert "Mine Trust" in page
    assert "Not started" in page
    assert "5pm on 30 September 2026" == when(open_call.reviews_close_at)
    assert "5pm on 30 September 2026" in page
    assert review_url(assignment) in page
    assert "SCF-2026-0002" not in page
    assert "Theirs Group" not in page


def test_dashboard_panel_hides_the_organisation_after_a_conflict(client, assignment, panel_member):
    conflict_declare(
        assignment=assignment, has_conflict=True, description="I am a trustee.", by=panel_member
    )
    client.force_login(panel_member)

    page = page_text(client.get("/admin/"))

    assert "SCF-2026-0042" in page
    assert HIDDEN in page
    assert ORGANISATION not in page


def test_dashboard_panel_says_when_nothing_is_assigned(client, panel_member, home_page):
    client.force_login(panel_member)

    page = page_text(client.get("/admin/"))

    assert "No applications have been assigned to you yet." in page


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_dashboard_panel_is_not_shown_to_staff_who_do_not_review(client, request, role):
    client.force_login(request.getfixturevalue(role))

    page = page_text(client.get("/admin/"))

    assert 'id="your-reviews-section"' not in page


@pytest.mark.parametrize("url", ["/admin/reviews/", "/admin/"])
def test_query_count_is_the_same_for_10_and_100_assignments(
    client, open_call, panel_member, manager, django_assert_max_num_queries, url
):
    def assign(count):
        for _ in range(count):
            reviewer_assign(
                application=make_application(open_call), reviewer=panel_member, by=manager
            )

    assign(10)
    client.force_login(panel_member)
    client.get(url)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert page_text(response).count(reverse("fund_reviews:index")) >= 1
    assign(90)

    with django_assert_max_num_queries(len(queries)):
        response = client.get(url)

    assert response.status_code == 200
    assert page_text(response).count("Not started") >= 100


# --- who may open a review page -----------------------------------------------


def test_another_panel_member_may_not_open_someone_elses_review(
    client, assignment, other_member, document
):
    client.force_login(other_member)

    response = client.get(review_url(assignment))

    assert response.status_code == 403
    assert ORGANISATION not in page_text(response)


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_fund_managers_and_finance_may_not_open_or_score_a_review(
    client, request, assignment, open_call, role
):
    client.force_login(request.getfixturevalue(role))

    opened = client.get(review_url(assignment))
    scored = client.post(
        review_url(assignment),
        review_form(open_call, action="submit", scores={"Need and evidence": "5"}),
    )

    assert opened.status_code == 403
    assert scored.status_code == 403
    assert not Review.objects.exists()


def test_review_page_sends_an_anonymous_visitor_to_log_in(client, assignment):
    response = client.get(review_url(assignment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_review_page_of_an_unknown_assignment_is_not_found(client, panel_member):
    client.force_login(panel_member)

    assert client.get(reverse("fund_reviews:review", args=[9999])).status_code == 404


# --- conflict of interest ---------------------------------------------------


def test_review_page_asks_about_conflicts_before_showing_anything(
    client, assignment, panel_member, document
):
    client.force_login(panel_member)

    response = client.get(review_url(assignment))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0042" in page
    assert "Tackling modern slavery" in page
    assert "<legend" in page
    assert "Do you have a conflict of interest with this application?" in page
    assert "No, I have no conflict of interest" in page
    assert "Yes, I have a conflict of interest" in page
    assert ANSWER not in page
    assert "Drop-in advice" not in page  # the project's title
    assert download_url(document) not in page
    assert "Submit your review" not in page
    assert "Check and submit" not in page


def test_the_conflict_question_says_who_applied(client, open_call, panel_member, manager):
    """So the reviewer can tell whether they know them: the organisation,
    its charity number and address, and the contact."""
    application = make_application(
        open_call,
        organisation_name=ORGANISATION,
        organisation_type="charity_ew",
        registration_number="1187654",
        address="4 Canal Wharf\nShipley",
        postcode="BD18 3AA",
        contact_name="Jo Whitaker",
    )
    assignment = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    client.force_login(panel_member)

    page = page_text(client.get(review_url(assignment)))

    who = page[page.index("Who applied") : page.index("Do you have a conflict of interest")]
    for shown in (ORGANISATION, "1187654", "4 Canal Wharf", "Shipley", "BD18 3AA", "Jo Whitaker"):
        assert shown in who
    assert ANSWER not in page


def test_declaring_no_conflict_shows_the_application(
    client, assignment, panel_member, application, document
):
    client.force_login(panel_member)

    response = client.post(review_url(assignment), {"has_conflict": "no"}, follow=True)

    assert response.redirect_chain == [(review_url(assignment), 302)]
    page = page_text(response)
    assert "You have declared no conflict of interest" in page
    assert ORGANISATION in page
    assert ANSWER in page
    assert "How will survivors shape the project?" in page
    assert download_url(document) in page
    assert "Need and evidence" in page
    assert "Save as draft" in page
    assert "Check and submit" in page
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "none"
    assert "fund.review.conflict" in log_actions(application)


def test_declaring_a_conflict_hides_the_application(
    client, assignment, panel_member, application, document
):
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        {"has_conflict": "yes", "description": "I am a trustee of this charity."},
        follow=True,
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "You declared a conflict of interest at" in page
    assert ORGANISATION not in page
    assert ANSWER not in page
    assert download_url(document) not in page
    assert "accounts.pdf" not in page
    assert "Check and submit" not in page
    assignment.refresh_from_db()
    assert assignment.conflict == "declared"
    assert assignment.conflict_description == "I am a trustee of this charity."
    entry = ModelLogEntry.objects.get(object_id=str(application.pk), action="fund.review.conflict")
    assert entry.user == panel_member


def test_declaring_a_conflict_needs_a_description(client, assignment, panel_member, application):
    client.force_login(panel_member)

    response = client.post(review_url(assignment), {"has_conflict": "yes", "description": " "})

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert "Describe the conflict of interest, for example how you know the organisation." in page
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "undeclared"
    assert "fund.review.conflict" not in log_actions(application)


def test_a_conflict_found_while_scoring_can_still_be_declared(
    client, no_conflict, panel_member, application, open_call, document
):
    client.force_login(panel_member)
    page = page_text(client.get(review_url(no_conflict)))
    assert "Found a conflict of interest?" in page
    client.post(review_url(no_conflict), review_form(open_call, scores={"Need and evidence": "3"}))

    response = client.post(
        review_url(no_conflict),
        {
            "action": "declare_conflict",
            "conflict-has_conflict": "yes",
            "conflict-description": "I have just seen that my sister chairs its board.",
        },
        follow=True,
    )

    page = page_text(response)
    assert "You declared a conflict of interest at" in page
    assert ORGANISATION not in page
    assert download_url(document) not in page
    assignment = ReviewAssignment.objects.get(pk=no_conflict.pk)
    assert assignment.conflict == "declared"
    assert assignment.conflict_description == "I have just seen that my sister chairs its board."
    entry = ModelLogEntry.objects.filter(
        object_id=str(application.pk), action="fund.review.conflict"
    ).latest("timestamp")
    assert entry.data["conflict"] is True


def test_a_late_conflict_needs_a_description_and_keeps_the_review_form(
    client, no_conflict, panel_member, application
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        {"action": "declare_conflict", "conflict-has_conflict": "yes", "conflict-description": ""},
    )

    page = page_text(response)
    assert "Your declaration was not sent." in page
    assert "Describe the conflict of interest" in page
    assert "Check and submit" in page
    assert ReviewAssignment.objects.get(pk=no_conflict.pk).conflict == "none"


def test_a_conflict_cannot_be_declared_after_submitting_without_a_reopen(
    client, assignment, panel_member, open_call
):
    submit_review(assignment, panel_member, open_call, scores={"Need and evidence": 4})
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        {
            "action": "declare_conflict",
            "conflict-has_conflict": "yes",
            "conflict-description": "Too late.",
        },
    )

    assert response.status_code == 400
    assert "Found a conflict of interest?" not in page_text(response)
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "none"


def test_declaration_needs_an_answer(client, assignment, panel_member):
    client.force_login(panel_member)

    response = client.post(review_url(assignment), {})

    assert "Say whether you have a conflict of interest with this application." in page_text(
        response
    )
    assert 'href="#id_has_conflict_0"' in page_text(response)
    assert ReviewAssignment.objects.get(pk=assignment.pk).conflict == "undeclared"


def test_scores_posted_before_the_declaration_save_nothing(
    client, assignment, panel_member, open_call
):
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        review_form(open_call, action="submit", scores={"Need and evidence": "5"}),
    )

    assert response.status_code == 200
    assert ANSWER not in page_text(response)
    assert not Review.objects.exists()


def test_scores_posted_after_a_conflict_are_refused(client, assignment, panel_member, open_call):
    conflict_declare(
        assignment=assignment, has_conflict=True, description="My employer.", by=panel_member
    )
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        review_form(
            open_call, action="submit", scores={"Need and evidence": "5"}, recommendation="decline"
        ),
    )

    assert response.status_code == 403
    assert not Review.objects.exists()


def test_document_download_is_refused_after_a_conflict(client, assignment, panel_member, document):
    conflict_declare(
        assignment=assignment, has_conflict=True, description="My employer.", by=panel_member
    )
    client.force_login(panel_member)

    response = client.get(download_url(document))

    # The download view raises PermissionDenied, which Wagtail's admin turns
    # into a redirect to the dashboard: either way the file is not sent.
    assert response.status_code in (302, 403, 404)
    assert not getattr(response, "streaming", False)
    assert PDF_BYTES not in response.content


def test_document_download_is_allowed_after_declaring_no_conflict(
    client, no_conflict, panel_member, document
):
    client.force_login(panel_member)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


# --- scoring -------------------------------------------------------------------


def test_scores_are_chosen_from_what_each_score_means(
    client, no_conflict, panel_member, open_call, second_criterion
):
    client.force_login(panel_member)

    page = page_text(client.get(review_url(no_conflict)))

    need = open_call.criteria.get(name="Need and evidence")
    assert choices(page, f"criterion_{need.pk}") == [
        ("0", "0 — Not addressed"),
        ("1", "1 — Poor: need asserted with no evidence"),
        ("2", "2 — Fair: some evidence, not local"),
        ("3", "3 — Good: clear local evidence of need"),
        ("4", "4 — Strong: local evidence from several sources"),
        ("5", "5 — Excellent: strong evidence, shaped by survivors"),
        ("na", "N/A — this criterion does not apply to this application"),
    ]
    # A "3 — " typed before a line's description is not shown twice.
    assert choices(page, f"criterion_{second_criterion.pk}")[3] == ("3", "3 — value level 3")
    assert "<legend" in page and "Your score for Need and evidence" in page
    assert f'type="text" name="criterion_{need.pk}"' not in page


def test_save_a_draft_then_check_and_submit_the_review(
    client, no_conflict, panel_member, open_call, application, second_criterion
):
    client.force_login(panel_member)
    need = open_call.criteria.get(name="Need and evidence")

    draft = client.post(
        review_url(no_conflict),
        review_form(open_call, scores={"Need and evidence": "4"}, comment=COMMENT),
        follow=True,
    )

    assert "Your draft review of SCF-2026-0042 has been saved." in page_text(draft)
    review = Review.objects.get(assignment=no_conflict)
    assert review.status == "draft"
    assert review.score is None
    assert review.comment == COMMENT
    assert [(s.name, s.score) for s in review.scores.all()] == [
        ("Need and evidence", 4),
        ("Value for money", None),
    ]
    assert checked(page_text(draft), f"criterion_{need.pk}") == "4"  # filled back in
    assert checked(page_text(draft), f"criterion_{second_criterion.pk}") is None
    assert COMMENT in page_text(draft)

    check = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="check",
            scores={"Need and evidence": "4", "Value for money": "7"},
            comment=COMMENT,
            recommendation="fund_part",
            suggested_amount="£2,000",
        ),
    )

    page = page_text(check)
    assert check.status_code == 200
    assert "Check your review before you submit it" in page
    assert "4 — Strong: local evidence from several sources" in page
    assert "7 — value level 7" in page
    # (4/5 * 30 + 7/10 * 40) / 70 = 74.2857...%
    assert "74.3%" in page
    assert "Fund in part" in page
    assert "£2,000.00" in page
    assert COMMENT in page
    review.refresh_from_db()
    assert review.status == "draft"  # kept as checked, not yet submitted
    assert [s.score for s in review.scores.all()] == [4, 7]
    assert "fund.review.submit" not in log_actions(application)

    submitted = client.post(review_url(no_conflict), form_to_submit(page), follow=True)

    page = page_text(submitted)
    assert "Your review of SCF-2026-0042 has been submitted." in page
    review.refresh_from_db()
    assert review.status == "submitted"
    assert review.recommendation == "fund_part"
    assert review.suggested_amount == Decimal("2000.00")
    assert review.score == Decimal("74.2857")
    assert review.comment == COMMENT
    assert [s.comment for s in review.scores.all()] == [
        "On need and evidence.",
        "On value for money.",
    ]
    assert "74.3%" in page
    assert "Fund in part: £2,000.00" in page
    assert "4 out of 5" in page
    assert "7 out of 10" in page
    assert "Check and submit" not in page  # read-only now
    entry = ModelLogEntry.objects.get(object_id=str(application.pk), action="fund.review.submit")
    assert entry.user == panel_member


def test_change_your_review_goes_back_to_the_checked_draft(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)
    need = open_call.criteria.get()

    page = page_text(
        client.post(
            review_url(no_conflict),
            review_form(
                open_call,
                action="check",
                scores={"Need and evidence": "2"},
                recommendation="decline",
            ),
        )
    )
    assert f'href="{review_url(no_conflict)}"' in page and "Change your review" in page

    again = page_text(client.get(review_url(no_conflict)))

    assert checked(again, f"criterion_{need.pk}") == "2"
    assert checked(again, "recommendation") == "decline"
    assert not Review.objects.filter(status="submitted").exists()


def test_every_error_is_shown_at_once_each_naming_its_field(
    client, no_conflict, panel_member, open_call, second_criterion
):
    """The form's own errors (a score that is not a choice, an amount that
    is not money) and the service's (a missing score) together."""
    client.force_login(panel_member)
    need = open_call.criteria.get(name="Need and evidence")

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="check",
            scores={"Value for money": "11"},
            recommendation="fund_part",
            suggested_amount="lots",
        ),
    )

    page = page_text(response)
    summary = page[
        page.index("There is a problem") : page.index("</ul>", page.index("There is a problem"))
    ]
    expected = [
        (f"#id_criterion_{need.pk}_0", "Give a score for Need and evidence, or mark it N/A."),
        (
            f"#id_criterion_{second_criterion.pk}_0",
            "The score for Value for money must be a whole number from 0 to 10.",
        ),
        (
            "#id_suggested_amount",
            "Enter the suggested amount in pounds, for example 1500 or 1500.50.",
        ),
    ]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary) == expected
    for _anchor, message in expected:
        assert page.count(message) == 2  # in the summary and by the field
    assert "Check your review before you submit it" not in page
    assert not Review.objects.exists()


def test_a_missing_recommendation_and_score_are_shown_together(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)

    page = page_text(client.post(review_url(no_conflict), review_form(open_call, action="check")))

    assert "Give a score for Need and evidence, or mark it N/A." in page
    assert "Choose your recommendation before you submit." in page
    assert not Review.objects.exists()


def test_not_applicable_is_left_out_of_the_weighted_score(
    client, no_conflict, panel_member, open_call, second_criterion
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="submit",
            scores={"Value for money": "3"},
            na=["Need and evidence"],
            recommendation="decline",
        ),
        follow=True,
    )

    review = Review.objects.get(assignment=no_conflict)
    assert review.score == Decimal("30.0000")
    assert "30.0%" in page_text(response)
    assert "N/A" in page_text(response)


@pytest.mark.parametrize("typed", ["6", "-1", "2.5", "four"])
def test_a_score_outside_the_criterions_range_is_refused(
    client, no_conflict, panel_member, open_call, typed
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="submit",
            scores={"Need and evidence": typed},
            recommendation="fund_full",
        ),
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert page.count(BAD_SCORE) == 2  # in the summary and by the field
    criterion = open_call.criteria.get()
    assert f'href="#id_criterion_{criterion.pk}_0"' in page
    assert not Review.objects.exists()


def test_submitting_without_a_recommendation_is_refused(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(open_call, action="submit", scores={"Need and evidence": "3"}),
    )

    assert "Choose your recommendation before you submit." in page_text(response)
    assert 'href="#id_recommendation_0"' in page_text(response)
    assert not Review.objects.filter(status="submitted").exists()


def test_submitting_without_every_score_is_refused(client, no_conflict, panel_member, open_call):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict), review_form(open_call, action="submit", recommendation="decline")
    )

    assert "Give a score for Need and evidence, or mark it N/A." in page_text(response)
    assert not Review.objects.filter(status="submitted").exists()


def test_a_suggested_amount_above_the_request_is_refused(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="submit",
            scores={"Need and evidence": "3"},
            recommendation="fund_part",
            suggested_amount="2600",
        ),
    )

    page = page_text(response)
    assert (
        "The suggested amount must be more than £0 and no more than the £2500.00 requested." in page
    )
    assert 'href="#id_suggested_amount"' in page
    assert not Review.objects.filter(status="submitted").exists()


@pytest.mark.parametrize("typed", ["1,800", "£1,800", "1800.00", " £1,800.00 "])
def test_a_suggested_amount_is_read_as_money_is_written(
    client, no_conflict, panel_member, open_call, typed
):
    """One money parser everywhere: what the public form accepts, the panel may type."""
    client.force_login(panel_member)

    client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="draft",
            scores={"Need and evidence": "3"},
            recommendation="fund_part",
            suggested_amount=typed,
        ),
    )

    assert Review.objects.get(assignment=no_conflict).suggested_amount == Decimal("1800.00")


def test_a_submitted_review_cannot_be_changed(client, assignment, panel_member, open_call):
    review = submit_review(assignment, panel_member, open_call, scores={"Need and evidence": 2})
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        review_form(
            open_call, action="submit", scores={"Need and evidence": "5"}, recommendation="decline"
        ),
    )

    assert response.status_code == 400
    assert (
        "You have submitted this review, so it can no longer be changed. "
        "Ask a fund manager to reopen it." in page_text(response)
    )
    review.refresh_from_db()
    assert review.score == Decimal("40.0000")
    assert review.recommendation == "fund_full"
    assert [s.score for s in review.scores.all()] == [2]


# --- blind scoring -------------------------------------------------------------


def test_other_reviews_are_hidden_until_the_reviewer_submits_their_own(
    client, application, assignment, panel_member, other_member, manager, open_call
):
    theirs = reviewer_assign(application=application, reviewer=other_member, by=manager)
    submit_review(
        theirs,
        other_member,
        open_call,
        scores={"Need and evidence": 1},
        comment="Thin evidence of need; I would not fund this.",
        recommendation="decline",
    )
    client.force_login(panel_member)

    for before in (
        client.get(review_url(assignment)),  # the declaration
        client.post(review_url(assignment), {"has_conflict": "no"}, follow=True),
        client.post(  # a draft
            review_url(assignment), review_form(open_call, scores={"Need and evidence": "4"})
        ),
    ):
        page = page_text(before)
        assert "Priya Shah" not in page
        assert "Thin evidence of need" not in page
        assert "20.0%" not in page
        assert "Other panel members" not in page

    after = client.post(
        review_url(assignment),
        review_form(
            open_call,
            action="submit",
            scores={"Need and evidence": "4"},
            recommendation="fund_full",
        ),
        follow=True,
    )

    page = page_text(after)
    assert "80.0%" in page
    assert "Review by Priya Shah" in page
    assert "Thin evidence of need; I would not fund this." in page
    assert "20.0%" in page
    assert "Decline" in page
    assert "1 out of 5" in page


def test_a_submitted_review_says_when_no_one_else_has_submitted(
    client, assignment, panel_member, open_call
):
    submit_review(assignment, panel_member, open_call, scores={"Need and evidence": 3})
    client.force_login(panel_member)

    page = page_text(client.get(review_url(assignment)))

    assert "60.0%" in page
    assert "No other panel member has submitted a review yet." in page


def test_reviews_closed_after_a_decision_show_no_form(client, no_conflict, panel_member):
    no_conflict.application.status = "declined"
    no_conflict.application.save()
    client.force_login(panel_member)

    page = page_text(client.get(review_url(no_conflict)))

    assert "Reviews of this application are closed." in page
    assert "Check and submit" not in page


# --- after a review: the next one -------------------------------------------------


def test_after_submitting_the_next_review_waiting_is_offered(
    client, open_call, panel_member, manager
):
    first, second, done, conflicted, decided = (
        reviewer_assign(
            application=make_application(open_call, reference=f"SCF-2026-010{n}"),
            reviewer=panel_member,
            by=manager,
        )
        for n in range(1, 6)
    )
    submit_review(done, panel_member, open_call, scores={"Need and evidence": 3})
    conflict_declare(
        assignment=conflicted, has_conflict=True, description="My cousin.", by=panel_member
    )
    decided.application.status = "declined"
    decided.application.save()
    client.force_login(panel_member)

    def score_and_submit(assignment):
        conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)
        form = review_form(
            open_call, action="submit", scores={"Need and evidence": "4"}, recommendation="decline"
        )
        return page_text(client.post(review_url(assignment), form, follow=True))

    page = score_and_submit(first)

    assert "Your next review is SCF-2026-0102." in page
    assert f'href="{review_url(second)}"' in page
    for other in (done, conflicted, decided):
        assert f'href="{review_url(other)}"' not in page

    page = score_and_submit(second)

    assert "You have no more reviews waiting." in page
    assert f'href="{reverse("fund_reviews:index")}"' in page
    assert "Back to your reviews" in page


def test_after_declaring_a_conflict_the_next_review_is_offered(
    client, open_call, panel_member, manager
):
    mine, following = (
        reviewer_assign(
            application=make_application(open_call, reference=f"SCF-2026-020{n}"),
            reviewer=panel_member,
            by=manager,
        )
        for n in range(1, 3)
    )
    client.force_login(panel_member)

    page = page_text(
        client.post(
            review_url(mine),
            {"has_conflict": "yes", "description": "I chair its board."},
            follow=True,
        )
    )

    assert "Your next review is SCF-2026-0202." in page
    assert f'href="{review_url(following)}"' in page


def test_the_review_page_loads_the_admin_stylesheet_and_has_no_inline_style(
    client, no_conflict, panel_member
):
    client.force_login(panel_member)

    page = page_text(client.get(review_url(no_conflict)))

    assert re.search(r'<link rel="stylesheet" href="/static/css/admin\.css', page)
    assert 'class="fund-review-layout"' in page
    main = page[page.index("<main") :]
    assert "<style" not in main and "style=" not in main
