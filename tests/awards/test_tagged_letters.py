"""Award letters are tagged PDFs (PDF/UA-1), made by fund/core/pdf.py
render_pdf, and state the agreed targets, budget lines and reporting
schedule (issue 14, items 2 and 8). Made by the real service (WeasyPrint)
and read back with pypdf."""

import io
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils.dateformat import format as date_format
from pypdf import PdfReader

from fund.awards.models.awards import AwardLetter
from fund.awards.services.decisions import award_make
from fund.core.pdf import AssetFetcher, render_pdf
from tests.factories.awards import EARLY_REASON
from tests.support.plans import measures_add, proposal_add
from tests.support.states import submitted

pytestmark = pytest.mark.django_db


def tagged(pdf: bytes) -> PdfReader:
    """The PDF, checked to be tagged for accessibility."""
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    return reader


def test_render_pdf_tags_the_document_and_loads_nothing_it_was_not_given():
    fetcher = AssetFetcher()
    pdf = render_pdf(
        '<html lang="en-GB"><head><title>Impact</title></head><body><h1>Impact</h1>'
        '<img src="https://example.org/x.png" alt="x"><p>Hello</p></body></html>',
        css="h1 { font-size: 20pt; }",
        fetcher=fetcher,
    )

    reader = tagged(pdf)
    assert reader.metadata.title == "Impact"
    assert "Hello" in reader.pages[0].extract_text()
    assert fetcher.requested == ["https://example.org/x.png"]  # asked for, refused


def test_the_letter_is_tagged_and_states_the_targets_budget_and_reports(
    open_call, manager, django_capture_on_commit_callbacks
):
    supported, trained, _case_study = measures_add(open_call)
    application = proposal_add(
        submitted(open_call, status="reviewed", amount_requested=Decimal("5000")),
        targets={supported: 80, trained: 20},
        budget={"staff": "3000", "venue": "2000"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        award = award_make(
            application=application,
            amount="4000",
            conditions="<p>Report.</p>",
            early_reason=EARLY_REASON,
            targets={supported.pk: "75", trained.pk: "1250.5"},
            budget={"staff": "2500", "venue": "1500"},
            by=manager,
        )

    letter = AwardLetter.objects.get(award=award)
    assert letter.status == "current", letter.error
    with letter.file.open("rb") as handle:
        reader = tagged(handle.read())
    assert reader.metadata.title == f"Award letter {application.reference}"
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert (
        "Victims and survivors supported What counts as victims and survivors supported. 75 people"
        in text
    )
    assert "1,250.50 people" in text
    assert "Your reports will also include: Case study" in text
    assert "Staff £2,500.00" in text
    assert "Venue £1,500.00" in text
    assert "Total £4,000.00" in text
    final_due = award.period_end + relativedelta(months=3)
    assert f"Final report {date_format(final_due, 'j F Y')}" in text
