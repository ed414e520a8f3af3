"""The demo's pages: the home page, the standard pages, the funder's
settings, the fund and its two calls."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, Site

from fund.calls.models import CallFormField, CallPage, FundPage, ScoringCriterion
from fund.calls.outcomes import OutcomeMeasure, ReportDue
from fund.core.funder import FunderSettings
from fund.management.demo.applications import applications_make
from fund.management.demo.data import CRITERIA, MEASURES, QUESTIONS, SCHEDULE
from fund.opendata.pages import GrantsAwardedPage, OutcomesPage
from home.models import HomePage, StandardPage


def site_build():
    """Every page of the demo and the closed call's applications; the closed
    call, for the panel's work and the decisions."""
    home = home_page()
    standard_pages(home)
    funder_settings()
    fund = fund_page(home)
    open_call(fund)
    closed = closed_call(fund)
    applications_make(closed, fund)
    return closed


def london(year, month, day, hour=12, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def home_page():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Safer Communities Fund",
                slug="safer-communities-fund",
                introduction=(
                    "<p>Grants for local organisations in West Yorkshire that support "
                    "victims and survivors of modern slavery and human trafficking, paid "
                    "for with money recovered from criminals under the Proceeds of Crime "
                    "Act 2002.</p>"
                ),
            )
        )
        old_root = Site.objects.filter(is_default_site=True).first()
        welcome = old_root.root_page if old_root else None
        # The address `make run` serves, so the links in the demo's
        # e-mails (built from the Site) open the demo.
        served = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": served.hostname,
                "port": served.port or (443 if served.scheme == "https" else 80),
                "root_page": home,
                "site_name": "Safer Communities Fund",
            },
        )
        if welcome and welcome.pk != home.pk and welcome.specific_class is Page:
            welcome.delete()
    return home


def funder_settings():
    site = Site.objects.get(is_default_site=True)
    FunderSettings.objects.update_or_create(
        site=site,
        defaults={
            "funder_name": "Office of the Police and Crime Commissioner for West Yorkshire",
            "address": "Example House\n1 Example Street\nWakefield\nWF1 1AA",
            "telephone": "0113 496 0000",
            "email": "grants@example.org",
            "website": "https://www.example.org",
            "privacy_notice": StandardPage.objects.filter(slug="privacy-notice").first(),
            "accessibility_statement": StandardPage.objects.filter(
                slug="accessibility-statement"
            ).first(),
            "organisation_identifier": "GB-GOR-PC000052",
            "grant_identifier_prefix": "360G-example-scf",
            "signatory_name": "Alex Example",
            "signatory_title": "Chief Executive",
        },
    )


def standard_pages(home):
    pages = [
        (
            "Privacy notice",
            "privacy-notice",
            "<p>We use the information in your application to assess it, to pay and "
            "monitor grants, and to publish the grants we make. We keep unsuccessful "
            "applications for two years.</p>",
        ),
        (
            "Accessibility statement",
            "accessibility-statement",
            "<p>We want as many people as possible to be able to use this website. "
            "It aims to meet the Web Content Accessibility Guidelines version 2.2 "
            "at level AA.</p>",
        ),
    ]
    for title, slug, body in pages:
        if not StandardPage.objects.filter(slug=slug).exists():
            home.add_child(instance=StandardPage(title=title, slug=slug, body=body))
    if not GrantsAwardedPage.objects.exists():
        home.add_child(
            instance=GrantsAwardedPage(
                title="Grants awarded",
                slug="grants-awarded",
                introduction="<p>Every grant made from the Safer Communities Fund: who "
                "received it, how much, what for, on what conditions and how it helps "
                "to reduce crime. The data is also published in the 360Giving Data "
                "Standard.</p>",
            )
        )
    if not OutcomesPage.objects.exists():
        home.add_child(
            instance=OutcomesPage(
                title="What the fund achieved",
                slug="what-the-fund-achieved",
                introduction="<p>What the grants have achieved against the targets they "
                "agreed, from the reports the fund has checked.</p>",
            )
        )


def fund_page(home):
    fund = FundPage.objects.filter(slug="safer-communities-fund").first()
    if fund is None:
        fund = home.add_child(
            instance=FundPage(
                title="Safer Communities Fund",
                slug="safer-communities-fund",
                introduction="<p>£50,000 of Proceeds of Crime Act money for local "
                "organisations that support victims of modern slavery and human "
                "trafficking.</p>",
                total_budget=Decimal("50000.00"),
                funding_source="Proceeds of Crime Act 2002",
                financial_year="2026-27",
                reference_prefix="SCF",
                default_conditions=(
                    "<p>The grant must be spent on the project described in the "
                    "application by the end of the funding period. Unspent money must be "
                    "returned. You must send a short report on what the grant achieved "
                    "within three months of the end of the project.</p>"
                ),
            )
        )
    return fund


def call_page(fund, *, slug, title, opens_at, closes_at, introduction):
    call = CallPage.objects.filter(slug=slug).first()
    if call is not None:
        describe_scores(call)
        if not call.outcome_measures.exists():
            # A demo call made before calls had measures gets the demo's.
            OutcomeMeasure.objects.bulk_create(outcome_measures(page=call))
            ReportDue.objects.bulk_create(report_schedule(page=call))
        return call
    call = CallPage(
        title=title,
        slug=slug,
        introduction=introduction,
        opens_at=opens_at,
        closes_at=closes_at,
        # The panel's scores are due three weeks after the call closes
        # (a week from today for the closed demo call), decisions three weeks later.
        reviews_close_at=closes_at + dt.timedelta(weeks=3),
        decisions_by=timezone.localdate(closes_at) + dt.timedelta(weeks=6),
        minimum_award=Decimal("500.00"),
        maximum_award=Decimal("5000.00"),
        eligibility=(
            "<p>Charities, community interest companies and community groups working "
            "in Bradford, Calderdale, Kirklees, Leeds or Wakefield.</p>"
        ),
        guidance=(
            "<p>Tell us who your project will help, what you will do, and how you "
            "will know it has worked. Keep the project summary to 300 words.</p>"
        ),
    )
    for order, (label, field_type, required, choices) in enumerate(QUESTIONS):
        call.form_fields.add(
            CallFormField(
                sort_order=order,
                label=label,
                field_type=field_type,
                required=required,
                choices=choices,
            )
        )
    for order, (name, guidance, weight, descriptors) in enumerate(CRITERIA):
        call.criteria.add(
            ScoringCriterion(
                sort_order=order,
                name=name,
                guidance=guidance,
                weight=weight,
                maximum_score=5,
                score_descriptors="\n".join(descriptors),
            )
        )
    call.outcome_measures.set(outcome_measures())
    call.report_schedule.set(report_schedule())
    fund.add_child(instance=call)
    return call


def outcome_measures(**page):
    return [
        OutcomeMeasure(
            sort_order=order,
            name=name,
            kind=kind,
            unit=unit,
            required=required,
            definition=text,
            **page,
        )
        for order, (name, kind, unit, required, text) in enumerate(MEASURES)
    ]


def report_schedule(**page):
    return [
        ReportDue(sort_order=order, kind=kind, anchor=anchor, months_after=months, **page)
        for order, (kind, anchor, months) in enumerate(SCHEDULE)
    ]


def describe_scores(call):
    """A demo call made before criteria said what each score means gets
    the demo's descriptions."""
    descriptors = {name: "\n".join(lines) for name, _guidance, _weight, lines in CRITERIA}
    for criterion in call.criteria.filter(score_descriptors="", name__in=descriptors):
        criterion.score_descriptors = descriptors[criterion.name]
        criterion.save(update_fields=["score_descriptors"])


def open_call(fund):
    today = timezone.localdate()
    closes = today + dt.timedelta(weeks=4)
    return call_page(
        fund,
        slug="tackling-modern-slavery",
        title="Tackling modern slavery and human trafficking",
        opens_at=london(*(today - dt.timedelta(days=14)).timetuple()[:3], 9),
        closes_at=london(*closes.timetuple()[:3], 12),
        introduction="<p>Bids of £500 to £5,000 for projects that find, protect and "
        "support victims of modern slavery and human trafficking.</p>",
    )


def closed_call(fund):
    today = timezone.localdate()
    return call_page(
        fund,
        slug="supporting-survivors-autumn-round",
        title="Supporting survivors: autumn round",
        opens_at=london(*(today - dt.timedelta(days=90)).timetuple()[:3], 9),
        closes_at=london(*(today - dt.timedelta(days=14)).timetuple()[:3], 12),
        introduction="<p>The autumn round is closed. Its bids are being assessed.</p>",
    )
