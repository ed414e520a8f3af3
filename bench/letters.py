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

from _data import add_applications, build_site, staff
from _setup import compare, django_setup, machine, ms, quiet_tasks, verdict

from fund.awards.services.decisions import award_make

REPEAT = 7
BATCH = 50


def build_data():

    _site, _fund, call = build_site()
    manager = staff("manager", "Fund managers")
    applications = add_applications(call, BATCH, reviewers=[], manager=manager)
    awards = [
        award_make(
            early_reason="Benchmark: decided at once.",
            application=application,
            amount=application.amount_requested,
            conditions="",
            by=manager,
        )
        for application in applications
    ]
    return manager, call, awards


def main():
    django_setup()
    print(machine())
    with quiet_tasks():
        manager, call, awards = build_data()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from weasyprint import HTML

    from fund.awards.models.awards import AwardLetter
    from fund.awards.services import letters

    award = awards[0]
    funder = letters.letter_funder()

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

    end_to_end()  # the first letter of the award, before counting a reissue's queries
    with CaptureQueriesContext(connection) as captured:
        end_to_end()
    letter_queries = len(captured.captured_queries)
    t_end, t_weasy, overhead = compare(end_to_end, weasyprint_alone)
    t_letter, t_min, scale = compare(end_to_end, minimal_page)
    t_batch, t_single, batch_ratio = compare(zip_of_batch, end_to_end, repeat=3, scale=BATCH)

    print()
    print(f"One letter end to end (data -> stored PDF): {ms(t_end)}, {letter_queries} queries")
    print(f"WeasyPrint alone on the same final HTML:    {ms(t_weasy)}")
    print(f"  ratio end to end / WeasyPrint alone:      {overhead:8.3f}  {verdict(overhead, 1.2)}")
    print(f"Minimal one-page document:                  {ms(t_min)}")
    print(f"  letter / minimal page:                    {scale:8.2f}  (for scale)")
    print(f"ZIP of {BATCH} letters (render all, then zip): {ms(t_batch)}")
    print(f"One letter (alongside):                     {ms(t_single)}")
    print(
        f"  ratio ZIP / ({BATCH} x one):                  {batch_ratio:8.3f}  "
        f"{verdict(batch_ratio, 1.05)}"
    )


if __name__ == "__main__":
    main()
