"""Award letter benchmark (issue 4): `python bench/letters.py` or `make bench`.

Prints, measured in the same run:
1. one award letter end to end (data -> stored PDF: context, template,
   WeasyPrint, SHA-256, private storage, database) against WeasyPrint alone
   rendering that letter's final HTML: the ratio is our overhead (aim <= 1.2);
2. the same letter against a minimal one-page document, for scale;
3. a ZIP of 50 letters (rendered end to end, then zipped) against 50 times
   one letter (aim <= 1.05).
Each pair of things compared is measured alternately, run after run, so
that load from anything else on the machine falls on both alike; the ratio
printed is the median of the per-run ratios.
"""

import statistics
import time
from decimal import Decimal

from _setup import django_setup, machine

REPEAT = 7
BATCH = 50


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def compare(first, second, *, repeat=REPEAT, scale=1):
    """Median times of two functions run alternately, and the median ratio
    first / (scale x second)."""
    first(), second()  # warm caches (fonts, templates) before measuring
    pairs = [(timed(first), timed(second)) for _ in range(repeat)]
    return (
        statistics.median(a for a, _b in pairs),
        statistics.median(b for _a, b in pairs),
        statistics.median(a / (scale * b) for a, b in pairs),
    )


def build_data():
    import datetime as dt
    import uuid

    from django.contrib.auth.models import User
    from django.utils import timezone
    from wagtail.models import Page

    from fund import services
    from fund.models import Application, CallPage, FundPage, ScoringCriterion
    from home.models import HomePage

    manager = User.objects.create_superuser("bench", "bench@example.org", "x")
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Home", slug="bench"))
    fund = home.add_child(
        instance=FundPage(
            title="Safer Communities Fund",
            slug="fund",
            total_budget=Decimal("1000000.00"),
            funding_source="Proceeds of Crime Act 2002",
            financial_year="2026-27",
            reference_prefix="SCF",
            default_conditions="<p>" + "Spend the grant on the project. " * 20 + "</p>",
        )
    )
    now = timezone.now()
    call = CallPage(
        title="Tackling modern slavery",
        slug="call",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        minimum_award=Decimal("500"),
        maximum_award=Decimal("5000"),
    )
    call.criteria.add(ScoringCriterion(name="Need", weight=1, maximum_score=5))
    fund.add_child(instance=call)
    awards = []
    for number in range(BATCH):
        application = Application.objects.create(
            page=call,
            submission_token=uuid.uuid4(),
            status="reviewed",
            reference=f"SCF-2026-{number + 1:04d}",
            organisation_name=f"Example Community Group {number}",
            organisation_type="unregistered",
            address="1 Mill Lane\nLeeds",
            postcode="LS1 2AB",
            contact_name="Sam Example",
            contact_email="sam@example.org",
            contact_phone="01134960000",
            project_title="Drop-in advice",
            project_summary="Advice for people leaving exploitation. " * 10,
            amount_requested=Decimal("4750.00"),
            planned_start=timezone.localdate(),
            planned_end=timezone.localdate() + dt.timedelta(days=365),
            districts=["leeds"],
            form_data={},
            questions=[],
            submitted_at=now,
        )
        awards.append(
            services.award_make(
                application=application, amount=Decimal("4750.00"), conditions="", by=manager
            )
        )
    return manager, call, awards


def main():
    django_setup()
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        manager, call, awards = build_data()

    from weasyprint import HTML

    from fund import letters
    from fund.models import AwardLetter
    from fund.models.funder import funder_settings

    award = awards[0]
    funder = funder_settings()

    def end_to_end(target=award):
        letter = AwardLetter.objects.create(
            award=target,
            version=(AwardLetter.objects.filter(award=target).count() + 1),
            reason="Benchmark",
            requested_by=manager,
        )
        letters.letter_render(letter_id=letter.pk)

    final_html = letters.letter_html(award, version=1, funder=funder)

    def weasyprint_alone():
        letters.html_to_pdf(final_html, letters.AssetFetcher(letters.letter_assets(funder)))

    def minimal_page():
        HTML(string="<p>Hello</p>").write_pdf()

    def zip_of_batch():
        for target in awards:
            end_to_end(target)
        letters.letters_zip(call=call)

    t_end, t_weasy, overhead = compare(end_to_end, weasyprint_alone)
    t_letter, t_min, scale = compare(end_to_end, minimal_page)
    t_batch, t_single, batch_ratio = compare(zip_of_batch, end_to_end, repeat=3, scale=BATCH)

    print(f"Machine: {machine()}")
    print(f"One letter end to end (data -> stored PDF): {t_end * 1000:8.1f} ms")
    print(f"WeasyPrint alone on the same final HTML:    {t_weasy * 1000:8.1f} ms")
    print(f"  overhead ratio end-to-end / WeasyPrint:   {overhead:8.3f}  (aim <= 1.2)")
    print(f"Minimal one-page document:                  {t_min * 1000:8.1f} ms")
    print(f"  letter / minimal page:                    {scale:8.2f}")
    print(f"ZIP of {BATCH} letters (render all, then zip): {t_batch * 1000:8.1f} ms")
    print(f"One letter (alongside):                     {t_single * 1000:8.1f} ms")
    print(f"  ratio ZIP / ({BATCH} x one):                  {batch_ratio:8.3f}  (aim <= 1.05)")


if __name__ == "__main__":
    main()
