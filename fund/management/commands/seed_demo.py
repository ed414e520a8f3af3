"""Demo data for development: `manage.py seed_demo`. Safe to run again.

Every organisation and person here is fictional; telephone numbers are from
Ofcom's range reserved for drama (0113 496 0xxx).
"""

import datetime as dt
import hashlib
import random
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site

from fund.applications.models import Application, ApplicationDocument, District, OrganisationType
from fund.applications.questions import question_definitions
from fund.applications.services import reference_allocate
from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import Award
from fund.awards.services.bank import bank_details_approve, bank_details_change
from fund.awards.services.decisions import application_decline, award_make
from fund.awards.services.lifecycle import award_accept
from fund.awards.services.payments import instalment_add, payment_record, return_record
from fund.calls.models import CallFormField, CallPage, FundPage, ScoringCriterion
from fund.core.funder import FunderSettings
from fund.opendata.models import GrantsAwardedPage
from fund.reviews.models import ReviewAssignment
from fund.reviews.selectors import ranking
from fund.reviews.services.assignment import reviewers_assign
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save
from fund.reviews.services.screening import application_screen
from fund.security import two_factor
from home.models import HomePage, StandardPage

CRITERIA = [
    (
        "Need and evidence",
        "How well the bid shows the need locally, with evidence.",
        30,
        [
            "Not addressed",
            "Poor: need asserted with no evidence",
            "Fair: some evidence, but not about West Yorkshire",
            "Good: clear local evidence of need",
            "Strong: local evidence from several sources, such as referrals and partners",
            "Excellent: strong local evidence, shaped by survivors' own accounts",
        ],
    ),
    (
        "Outcomes for victims",
        "What will change for victims and survivors, and how it is measured.",
        30,
        [
            "Not addressed",
            "Poor: activities listed, no outcomes",
            "Fair: outcomes named but not measured",
            "Good: clear outcomes with a plan to measure them",
            "Strong: realistic targets, measured and reported",
            "Excellent: ambitious, measurable outcomes agreed with survivors",
        ],
    ),
    (
        "Partnership and safeguarding",
        "Work with partners; safeguarding of victims, staff and volunteers.",
        20,
        [
            "Not addressed",
            "Poor: no safeguarding policy or partners named",
            "Fair: a policy, but partners not confirmed",
            "Good: a current policy and named partners",
            "Strong: partners confirmed in writing; trained staff",
            "Excellent: established referral routes and tested safeguarding",
        ],
    ),
    (
        "Value for money",
        "Whether the costs are reasonable for what will be delivered.",
        20,
        [
            "Not addressed",
            "Poor: costs unexplained or out of proportion",
            "Fair: costs explained, some look high",
            "Good: reasonable costs for what is delivered",
            "Strong: well-costed, with other funding or in-kind support",
            "Excellent: lean, fully justified costs and lasting benefit",
        ],
    ),
]

QUESTIONS = [
    ("How will people with lived experience shape your project?", "multiline", True, ""),
    ("Do you have a safeguarding policy approved in the last two years?", "radio", True, "Yes\nNo"),
    ("Which partners will you work with?", "multiline", False, ""),
    ("Project budget", "file", False, ""),
]

ORGANISATIONS = [
    ("Aire Valley Freedom Project", OrganisationType.CHARITY_EW, "1187654"),
    ("Calder Haven Women's Refuge", OrganisationType.CIO, "1201234"),
    ("Kirklees Open Doors", OrganisationType.CHARITY_EW, "1098765"),
    ("Leeds Lantern Trust", OrganisationType.COMPANY, "09876543"),
    ("Wakefield Welcome Network", OrganisationType.UNREGISTERED, ""),
    ("Pennine Pathways CIC", OrganisationType.CIC, "11223344"),
    ("Bradford Bridges to Safety", OrganisationType.CHARITY_EW, "1176543"),
    ("Holme Valley Community Kitchen", OrganisationType.UNREGISTERED, ""),
    ("Northern Light Advocacy", OrganisationType.CIO, "1199887"),
    ("Castleford Voices", OrganisationType.CHARITY_EW, "1154321"),
    ("Spen Valley Sanctuary", OrganisationType.CHARITY_EW, "1165432"),
    ("Dewsbury Drop-In Partnership", OrganisationType.COMPANY, "08765432"),
    ("Shipley Survivors Forum", OrganisationType.UNREGISTERED, ""),
    ("Ossett Outreach Collective", OrganisationType.CIC, "12345678"),
    ("Todmorden Tea and Talk", OrganisationType.CHARITY_EW, "1143210"),
]

PROJECTS = [
    "Drop-in advice for people leaving exploitation",
    "Training taxi drivers to spot and report trafficking",
    "Safe housing support for survivors",
    "Peer mentoring by survivors for survivors",
    "Translated guidance on workers' rights",
]

DEMO_USERS = [
    # username, first name, last name, group (None = administrator)
    ("admin", "Ada", "Admin", None),
    ("manager", "Morgan", "Manager", "Fund managers"),
    ("finance", "Farah", "Finance", "Finance"),
    ("panel1", "Priya", "Panel", "Grant panel"),
    ("panel2", "Paul", "Panel", "Grant panel"),
    ("panel3", "Pat", "Panel", "Grant panel"),
]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def london(year, month, day, hour=12, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


class Command(BaseCommand):
    help = "Load the demo fund, calls, applications and one user per role (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = self.home_page()
            self.standard_pages(home)
            self.funder_settings()
            fund = self.fund(home)
            self.open_call(fund)
            closed = self.closed_call(fund)
            self.closed_call_applications(closed, fund)
        users = self.users()
        if users:
            # Demo e-mails (ineligible notices) are not for anyone's inbox.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                self.panel_work(closed, users)
                self.decisions(closed, users)

    # --- pages -----------------------------------------------------------

    def home_page(self):
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

    def funder_settings(self):
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

    def standard_pages(self, home):
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

    def fund(self, home):
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

    def _call(self, fund, *, slug, title, opens_at, closes_at, introduction):
        call = CallPage.objects.filter(slug=slug).first()
        if call is not None:
            self.describe_scores(call)
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
        fund.add_child(instance=call)
        return call

    def describe_scores(self, call):
        """A demo call made before criteria said what each score means gets
        the demo's descriptions."""
        descriptors = {name: "\n".join(lines) for name, _guidance, _weight, lines in CRITERIA}
        for criterion in call.criteria.filter(score_descriptors="", name__in=descriptors):
            criterion.score_descriptors = descriptors[criterion.name]
            criterion.save(update_fields=["score_descriptors"])

    def open_call(self, fund):
        today = timezone.localdate()
        closes = today + dt.timedelta(weeks=4)
        return self._call(
            fund,
            slug="tackling-modern-slavery",
            title="Tackling modern slavery and human trafficking",
            opens_at=london(*(today - dt.timedelta(days=14)).timetuple()[:3], 9),
            closes_at=london(*closes.timetuple()[:3], 12),
            introduction="<p>Bids of £500 to £5,000 for projects that find, protect and "
            "support victims of modern slavery and human trafficking.</p>",
        )

    def closed_call(self, fund):
        today = timezone.localdate()
        return self._call(
            fund,
            slug="supporting-survivors-autumn-round",
            title="Supporting survivors: autumn round",
            opens_at=london(*(today - dt.timedelta(days=90)).timetuple()[:3], 9),
            closes_at=london(*(today - dt.timedelta(days=14)).timetuple()[:3], 12),
            introduction="<p>The autumn round is closed. Its bids are being assessed.</p>",
        )

    def closed_call_applications(self, call, fund):
        if Application.objects.filter(page=call).exists():
            return
        rng = random.Random(2027)  # the same demo data on every machine
        definitions = question_definitions(call)
        districts = [d.value for d in District]
        times = sorted(
            call.closes_at - dt.timedelta(days=rng.randint(1, 60), hours=number)
            for number in range(len(ORGANISATIONS))
        )
        for number, (name, org_type, registration) in enumerate(ORGANISATIONS, start=1):
            submitted_at = times[number - 1]
            start = call.closes_at.date() + dt.timedelta(days=60)
            application = Application.objects.create(
                page=call,
                submission_token=uuid.uuid4(),
                status=ApplicationStatus.SUBMITTED,
                reference=reference_allocate(
                    prefix=fund.reference_prefix, year=timezone.localtime(submitted_at).year
                ),
                organisation_name=name,
                organisation_type=org_type,
                registration_number=registration,
                address=f"{number} Mill Lane\nWest Yorkshire",
                postcode=f"LS{number} {number % 9 + 1}AB",
                contact_name=f"Sam Contact{number}",
                contact_email=f"contact{number}@example.org",
                contact_phone=f"011349600{number:02d}",
                project_title=PROJECTS[number % len(PROJECTS)],
                project_summary=(
                    f"{name} will run {PROJECTS[number % len(PROJECTS)].lower()} for people "
                    "who have been exploited, working with local partners and the police."
                ),
                amount_requested=Decimal(rng.randrange(500, 5001, 50)).quantize(Decimal("0.01")),
                planned_start=start,
                planned_end=start + dt.timedelta(days=365),
                districts=sorted(rng.sample(districts, rng.randint(1, 3))),
                form_data={
                    definitions[0]["clean_name"]: "Survivors sit on our steering group.",
                    definitions[1]["clean_name"]: "Yes",
                    definitions[2][
                        "clean_name"
                    ]: "Local police, the council and a housing provider.",
                    definitions[3]["clean_name"]: None,
                },
                questions=definitions,
                submitted_at=submitted_at,
                acknowledged_at=submitted_at,
            )
            Application.objects.filter(pk=application.pk).update(submit_time=submitted_at)
            document = ApplicationDocument(
                application=application,
                original_name="Latest accounts.pdf",
                content_type="application/pdf",
                size=len(MINIMAL_PDF),
                sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
            )
            document.file.save("accounts.pdf", ContentFile(MINIMAL_PDF), save=False)
            document.save()

    # --- decisions and money on the closed call ----------------------------

    def decisions(self, call, users):
        """Six awards in different states, two declines, two left to decide."""
        if Award.objects.filter(application__page=call).exists():
            return
        manager, finance = users["manager"], users["finance"]
        rows, _remaining = ranking(call=call)
        reviewed = [r.application for r in rows if r.application.status == "reviewed"]
        to_award, to_decline = reviewed[:6], reviewed[6:8]
        today = timezone.localdate()
        awards = [
            award_make(
                application=application,
                amount=application.amount_requested,
                conditions="",
                by=manager,
            )
            for application in to_award
        ]
        Award.objects.filter(pk__in=[a.pk for a in awards]).update(
            public_reason="Helps victims of modern slavery to leave exploitation safely and "
            "to support prosecutions, which reduces the harm done by organised crime."
        )
        for application in to_decline:
            application_decline(
                application=application,
                reason="score",
                feedback="The panel found the outcomes for victims hard to measure. "
                "We would welcome a new bid with clearer milestones.",
                by=manager,
            )
        # Two paid in full (one later returns an underspend), one part-paid on
        # a schedule, one accepted and waiting, two offers still open.
        for number, award in enumerate(awards[:4], start=1):
            award_accept(award=award, name="Sam Example", position="Chair of trustees", by=finance)
            # As the grantee gives them through the private link; finance has
            # checked the first three, the fourth waits for approval.
            details = bank_details_change(
                award=award,
                account_name=f"{award.application.organisation_name}"[:70],
                sort_code=f"20-00-{number:02d}",
                account_number=f"5500{number:04d}",
            )
            if number < 4:
                bank_details_approve(details=details, by=finance)
        for number, award in enumerate(awards[:2], start=1):
            payment_record(
                award=award,
                paid_on=today - dt.timedelta(days=7),
                amount=award.amount,
                bacs_reference=f"SCF{number:04d}",
                by=finance,
            )
        return_record(
            award=awards[0],
            received_on=today - dt.timedelta(days=1),
            amount=Decimal("150.00"),
            reason="underspend",
            note="Training venue cost less than planned.",
            by=finance,
        )
        half = (awards[2].amount / 2).quantize(Decimal("0.01"))
        instalment_add(award=awards[2], due_on=today, amount=half, by=finance)
        instalment_add(
            award=awards[2],
            due_on=today + dt.timedelta(days=90),
            amount=awards[2].amount - half,
            by=finance,
        )
        payment_record(
            award=awards[2], paid_on=today, amount=half, bacs_reference="SCF0003", by=finance
        )

    # --- people ----------------------------------------------------------

    def users(self):
        password = getattr(settings, "DEMO_PASSWORD", None)
        if not password:
            self.stdout.write("DEMO_PASSWORD is not set: no demo users were made.")
            return
        User = get_user_model()
        lines, users = [], {}
        for username, first, last, group_name in DEMO_USERS:
            user, _created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            user.set_password(password)
            user.is_staff = group_name is None
            user.is_superuser = group_name is None
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            line = f"  {username:<8} {group_name or 'Administrator':<14}"
            if (
                two_factor.is_required_for(user)
                and not TOTPDevice.objects.filter(user=user).exists()
            ):
                # The demo's second step: a few single-use backup codes, new
                # on every run (a real user sets up an authenticator app).
                line += "  codes: " + " ".join(two_factor.new_backup_codes(user)[:4])
            lines.append(line)
            users[username] = user
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/admin/ with the password "
            f"'{password}' as the users below; those with codes then need one of\n"
            "them (each works once) as their second step:\n" + "\n".join(lines)
        )
        return users

    # --- the grant panel's work on the closed call -------------------------

    def panel_work(self, call, users):
        """Screening, assignments and reviews in every state, once."""
        applications = list(Application.objects.filter(page=call).order_by("reference"))
        if ReviewAssignment.objects.filter(application__page=call).exists():
            return
        manager = users["manager"]
        panel = [users["panel1"], users["panel2"], users["panel3"]]
        rng = random.Random(2028)
        criteria = list(CallPage.objects.get(pk=call.pk).criteria.all())
        # 1-2 wait to be screened; 3 is not eligible; 4-15 go to the panel.
        application_screen(
            application=applications[2],
            eligible=False,
            reason="outside_area",
            note="The project works in Greater Manchester.",
            by=manager,
        )
        for application in applications[3:]:
            application_screen(application=application, eligible=True, by=manager)
            reviewers_assign(applications=[application], reviewers=panel, by=manager)

        def review(application, reviewer, scores, recommendation, submit=True):
            assignment = ReviewAssignment.objects.get(application=application, reviewer=reviewer)
            conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
            review_save(
                assignment=assignment,
                scores=[
                    ScoreInput(criterion_id=c.pk, score=v, not_applicable=v is None)
                    for c, v in zip(criteria, scores, strict=True)
                ],
                comment="Demo review.",
                recommendation=recommendation,
                suggested_amount=(
                    (application.amount_requested / 2).quantize(Decimal("0.01"))
                    if recommendation == "fund_part"
                    else None
                ),
                submit=submit,
                by=reviewer,
            )

        # 4: nobody has started. 5: panel1 has a draft.
        review(applications[4], panel[0], (3, 3, None, None), "", submit=False)
        # 6: panel2 declares a conflict; the others submit.
        conflicted = ReviewAssignment.objects.get(application=applications[5], reviewer=panel[1])
        conflict_declare(
            assignment=conflicted,
            has_conflict=True,
            description="I volunteered with this organisation until last year.",
            by=panel[1],
        )
        review(applications[5], panel[0], (4, 4, 3, 4), "fund_full")
        review(applications[5], panel[2], (4, 3, 3, 4), "fund_part")
        # 7: a disagreement the fund manager must moderate.
        review(applications[6], panel[0], (5, 5, 5, 5), "fund_full")
        review(applications[6], panel[1], (2, 1, 2, 2), "decline")
        review(applications[6], panel[2], (3, 4, 3, 3), "fund_part")
        # 8-15: every reviewer has submitted.
        for application in applications[7:]:
            for reviewer in panel:
                scores = tuple(rng.randint(2, 5) for _ in criteria)
                recommendation = "fund_full" if sum(scores) >= 14 else "fund_part"
                review(application, reviewer, scores, recommendation)
