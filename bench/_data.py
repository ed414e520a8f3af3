"""The data the benchmarks measure: a site with an open call, staff in their
roles, and applications screened and scored in bulk."""

import datetime as dt
import uuid
from decimal import Decimal

CRITERIA = [("Need and evidence", 30, 5), ("Delivery", 40, 5), ("Value for money", 30, 5)]


def build_site(*, title="Tackling modern slavery", budget=Decimal("1000000.00")):
    """The home page (default site), the funder details, a fund and an open
    call (``open_call``)."""
    from wagtail.models import Page, Site

    from fund.calls.models import CallPage, FundPage
    from fund.core.funder import FunderSettings
    from home.models import HomePage

    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Safer Communities Fund", slug="scf-home")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    site = Site.objects.get(is_default_site=True)
    FunderSettings.objects.update_or_create(
        site=site,
        defaults={
            "funder_name": "West Yorkshire Combined Authority",
            "address": "Wellington House\n40-50 Wellington Street\nLeeds\nLS1 2DE",
            "email": "grants@example.org",
            "telephone": "0113 245 7676",
            "signatory_name": "Alison Lowe",
            "signatory_title": "Deputy Mayor for Policing and Crime",
        },
    )
    fund = home.add_child(
        instance=FundPage(
            title="Safer Communities Fund",
            slug="fund",
            total_budget=budget,
            funding_source="Proceeds of Crime Act 2002",
            financial_year="2026-27",
            reference_prefix="SCF",
            default_conditions="<p>" + "Spend the grant on the project. " * 20 + "</p>",
        )
    )
    call = fund.add_child(instance=open_call(title))
    return site, fund, CallPage.objects.get(pk=call.pk)


def open_call(title):
    """An open call, not yet saved, with its own questions (one written, one
    optional file) and three criteria."""
    from django.utils import timezone

    from fund.calls.models import CallFormField, CallPage, ScoringCriterion

    now = timezone.now()
    call = CallPage(
        title=title,
        slug="call",
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=21),
        minimum_award=Decimal("500.00"),
        maximum_award=Decimal("5000.00"),
        summary_word_limit=250,
        introduction="<p>Grants for local organisations that support victims of modern "
        "slavery and human trafficking.</p>",
        eligibility="<p>Charities and community groups working in West Yorkshire.</p>",
        guidance="<p>" + "Tell us what you will do and for whom. " * 15 + "</p>",
    )
    questions = [
        ("How will survivors shape the project?", "multiline", True),
        ("Project budget", "file", False),
    ]
    for order, (label, field_type, required) in enumerate(questions):
        call.form_fields.add(
            CallFormField(sort_order=order, label=label, field_type=field_type, required=required)
        )
    for order, (name, weight, maximum) in enumerate(CRITERIA):
        call.criteria.add(
            ScoringCriterion(sort_order=order, name=name, weight=weight, maximum_score=maximum)
        )
    return call


def staff(username, group):
    """A user in one of the role groups the migrations create."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@example.org", "bench-password")
    user.groups.add(Group.objects.get(name=group))
    return user


def refresh_statistics():
    """What autovacuum does on a live PostgreSQL database after a bulk load:
    the planner's statistics. Without them it plans for empty tables."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def add_applications(call, count, *, reviewers, manager, start=0):
    """``count`` screened and scored applications to ``call``, made with
    bulk_create (a few queries per table, not per row) but complete: each has
    an assignment and a submitted review from every reviewer, with a score
    per criterion, so the ranking has real averages, spreads and flags."""
    applications = _screened_applications(call, range(start, start + count), manager=manager)
    if not reviewers:
        return applications
    _submitted_reviews(call, applications, reviewers=reviewers, manager=manager)
    return applications


def _screened_applications(call, numbers, *, manager):
    """One screened application to ``call`` for each of ``numbers``, inserted together."""
    from django.utils import timezone

    from fund.applications.models import Application
    from fund.applications.status import ApplicationStatus

    now = timezone.now()
    today = timezone.localdate()
    applications = Application.objects.bulk_create(
        Application(
            page=call,
            submission_token=uuid.uuid4(),
            status=ApplicationStatus.REVIEWED,
            reference=f"SCF-2026-{number + 1:05d}",
            organisation_name=f"Example Community Group {number}",
            organisation_type="unregistered",
            address="1 Mill Lane\nLeeds",
            postcode="LS1 2AB",
            contact_name="Sam Example",
            contact_email=f"contact{number}@example.org",
            contact_phone="01134960000",
            project_title="Drop-in advice for survivors",
            project_summary="Advice for people leaving exploitation. " * 10,
            amount_requested=Decimal(500 + (number * 37) % 4500),
            planned_start=today + dt.timedelta(days=30),
            planned_end=today + dt.timedelta(days=395),
            districts=["leeds", "bradford"],
            form_data={"how_will_survivors_shape_the_project": "Through our steering group."},
            questions=[],
            submitted_at=now - dt.timedelta(minutes=number),
            screened_by=manager,
            screened_at=now,
        )
        for number in numbers
    )
    if not applications[0].pk:  # databases that do not return ids from bulk inserts
        applications = list(Application.objects.filter(page=call).order_by("pk")[numbers[0] :])
    return applications


def _submitted_reviews(call, applications, *, reviewers, manager):
    """An assignment and a submitted, scored review from every reviewer on each application."""
    from django.utils import timezone

    from fund.reviews.models import CriterionScore, Review, ReviewAssignment
    from fund.reviews.scoring import Mark, weighted_score

    now = timezone.now()
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            application=application,
            reviewer=reviewer,
            assigned_by=manager,
            conflict="none",
            conflict_declared_at=now,
        )
        for application in applications
        for reviewer in reviewers
    )
    if not assignments[0].pk:
        assignments = list(
            ReviewAssignment.objects.filter(application__in=applications).order_by("pk")
        )
    criteria = list(call.criteria.all())
    reviews, marks = [], []
    for index, assignment in enumerate(assignments):
        scores = [
            (index * 7 + position * 3) % (criterion.maximum_score + 1)
            for position, criterion in enumerate(criteria)
        ]
        marks.append(scores)
        reviews.append(
            Review(
                assignment=assignment,
                status="submitted",
                comment="A clear plan with a real need behind it.",
                recommendation=["fund_full", "fund_part", "decline"][index % 3],
                suggested_amount=Decimal("1000.00") if index % 3 == 1 else None,
                score=weighted_score(
                    Mark(score=score, maximum=criterion.maximum_score, weight=criterion.weight)
                    for score, criterion in zip(scores, criteria, strict=True)
                ),
                submitted_at=now,
            )
        )
    reviews = Review.objects.bulk_create(reviews)
    if not reviews[0].pk:
        reviews = list(Review.objects.filter(assignment__in=assignments).order_by("pk"))
    CriterionScore.objects.bulk_create(
        CriterionScore.for_criterion(criterion, review=review, score=score)
        for review, scores in zip(reviews, marks, strict=True)
        for score, criterion in zip(scores, criteria, strict=True)
    )
