"""Applicant text in award letters: isolated, without invisible controls,
and wrapped so no word runs off the page (issue 11, reproduction 12).

The letter is made by the real service (WeasyPrint) and read back with pypdf.
"""

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from fund.awards.models.awards import AwardLetter
from fund.awards.services import letters
from tests.factories import ApplicationFactory
from tests.support.states import award

pytestmark = pytest.mark.django_db

#: 10,000 characters with no space: ten different letters, so a part lost or
#: printed out of order shows. The project title's column holds 200, so the
#: title has a word of 150 and the summary (a text column) the 10,000.
LONG_WORD = "abcdefghij" * 1000
TITLE_WORD = "klmnopqrst" * 15


@pytest.fixture
def application(open_call):
    """An applicant who typed a right-to-left override into the
    organisation's name and address, a zero-width space into their own name,
    and words longer than a line into the project's title and summary."""
    return ApplicationFactory(
        page=open_call,
        status="reviewed",
        amount_requested=Decimal("5000"),
        reference="SCF-2026-0901",
        organisation_name="Calder \u202eSafe Homes",
        contact_name="Sam\u200b Example",
        address="1 Mill Lane\n\u202eLeeds",
        project_title=f"Night shelter {TITLE_WORD} for survivors",
        project_summary=f"We will run {LONG_WORD} drop-ins for survivors.",
    )


#: The conditions of every award in these tests.
CONDITIONS = "<p>Send a report within three months of the project's end.</p>"


def letter_text(award):
    """The letter's text, without the footer printed on every page."""
    letter = AwardLetter.objects.get(award=award)
    assert letter.status == "current", letter.error
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"Page \d+ of \d+ SCF-2026-0901", "", text)


def test_the_letter_reads_in_order_and_every_word_is_whole(
    application, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = award(application, manager, "4750.00", conditions=CONDITIONS)

    text = letter_text(made)
    words = " ".join(text.split())

    # The override no longer reverses the sentence after the name.
    assert "\u202e" not in text and "\u200b" not in text
    assert "Dear Sam Example," in words
    assert (
        "I am pleased to offer Calder Safe Homes a grant from the Safer Communities Fund, "
        "funded under the Proceeds of Crime Act 2002, for your project “Night shelter"
    ) in words
    assert "dnuF seitinummoC" not in words
    assert "1 Mill Lane Leeds" in words
    # The long word is broken across lines (and pages) where it must: with
    # the line breaks taken out, every one of its characters is there, in
    # order, between the words typed before and after it; nothing ran off
    # the page.
    unwrapped = re.sub(r"\s+", "", text)
    assert "Nightshelter" + TITLE_WORD + "forsurvivors”." in unwrapped
    assert "Wewillrun" + LONG_WORD + "drop-insforsurvivors." in unwrapped
    assert re.search(r"“Night\s+shelter\s+klmnopqrst", text)
    assert re.search(r"klmnopqrst\s*for\s+survivors”\.", text)
    assert re.search(r"We\s+will\s+run\s+abcdefghij", text)
    assert re.search(r"abcdefghij\s*drop-ins\s+for\s+survivors\.", text)
    assert "Grant: £4,750.00" in words  # and the letter goes on after it
    # A line holds about 90 characters of this type between the margins; a
    # word printed whole on one line would run 10,000 characters off the
    # page (still in the PDF, but no one can read or print it).
    assert max(len(line) for line in text.splitlines()) < 120


def test_the_letter_html_isolates_every_applicant_field(application, manager):
    html = letters.letter_html(
        award(application, manager, "4750.00", conditions=CONDITIONS), version=1
    )

    for typed in ("Calder Safe Homes", "Sam Example", "1 Mill Lane<br>Leeds", "LS1 2AB"):
        assert f'<bdi class="applicant">{typed}</bdi>' in html
    assert f'<bdi class="applicant">Night shelter {TITLE_WORD} for survivors</bdi>' in html
    assert f'<bdi class="applicant">We will run {LONG_WORD} drop-ins for survivors.</bdi>' in html
    assert "\u202e" not in html and "\u200b" not in html
