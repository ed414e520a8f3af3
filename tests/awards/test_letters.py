"""Award letters: what they say, what they may load, and their versions."""

import io
import zipfile
from decimal import Decimal

import pytest
from pypdf import PdfReader
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from fund.awards.models.awards import AwardLetter
from fund.awards.services import letters
from fund.awards.services.lifecycle import award_withdraw
from fund.core.errors import ServiceError
from fund.core.funder import FunderSettings
from tests.factories import AwardFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
]


@pytest.fixture
def make_award(open_call, manager, django_capture_on_commit_callbacks):
    def make(organisation_name="Aire Valley Freedom Project"):
        with django_capture_on_commit_callbacks(execute=True):
            return AwardFactory(
                call=open_call,
                by=manager,
                amount=Decimal("4750.00"),
                conditions="<p>Send a report within three months of the project's end.</p>",
                application__organisation_name=organisation_name,
            )

    return make


def pdf_text(letter):
    with letter.file.open("rb") as handle:
        data = handle.read()
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (Decimal("4750.00"), "four thousand, seven hundred and fifty pounds"),
        (Decimal("1.00"), "one pound"),
        (Decimal("500.50"), "five hundred pounds and fifty pence"),
        (Decimal("2000.01"), "two thousand pounds and one penny"),
        (Decimal("50000.00"), "fifty thousand pounds"),
    ],
)
def test_amount_in_words(amount, words):
    assert letters.amount_in_words(amount) == words


def test_the_letter_is_made_when_the_award_is_and_says_what_it_must(make_award):
    award = make_award()

    letter = AwardLetter.objects.get(award=award)
    assert letter.status == "current"
    assert letter.version == 1
    assert len(letter.sha256) == 64
    reader, text = pdf_text(letter)
    flat = " ".join(text.split())
    assert award.application.reference in flat
    assert "Aire Valley Freedom Project" in flat
    assert "£4,750.00 (four thousand, seven hundred and fifty pounds)" in flat
    assert "Send a report within three months" in flat
    assert "Page 1 of" in flat
    assert reader.attachments == {}
    # A4 in points
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_applicant_html_is_printed_literally_and_loads_nothing(make_award, name, monkeypatch):
    requested = []
    real_fetch = letters.AssetFetcher.fetch

    def spy(self, url, headers=None):
        requested.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(letters.AssetFetcher, "fetch", spy)

    award = make_award(organisation_name=name)

    reader, text = pdf_text(AwardLetter.objects.get(award=award))
    assert name in " ".join(text.split())
    assert reader.attachments == {}
    assert requested == []


def test_the_fetcher_serves_only_its_own_assets():
    fetcher = letters.AssetFetcher({"logo": (b"\x89PNG", "image/png")})

    assert fetcher.fetch("letter-asset:logo").read() == b"\x89PNG"
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "letter-asset:../../etc/passwd",
        "letter-asset:secret",
        "data:text/plain,hello",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.requested[-1] == "data:text/plain,hello"


def test_the_funders_logo_is_drawn_from_our_own_storage(make_award, home_page, monkeypatch):

    logo = Image.objects.create(title="Logo", file=get_test_image_file())
    FunderSettings.objects.filter(site__is_default_site=True).update(logo=logo)
    requested = []
    real_fetch = letters.AssetFetcher.fetch
    monkeypatch.setattr(
        letters.AssetFetcher,
        "fetch",
        lambda self, url, headers=None: requested.append(url) or real_fetch(self, url, headers),
    )

    award = make_award()

    assert requested == ["letter-asset:logo"]
    reader, _text = pdf_text(AwardLetter.objects.get(award=award))
    assert any(page.images for page in reader.pages)


def test_reissue_makes_a_new_version_and_keeps_the_old_as_superseded(
    make_award, finance, django_capture_on_commit_callbacks
):
    award = make_award()
    first = AwardLetter.objects.get(award=award)
    with django_capture_on_commit_callbacks(execute=True):
        letters.letter_request(award=award, reason="Corrected the address.", by=finance)

    first.refresh_from_db()
    second = AwardLetter.objects.get(award=award, version=2)
    assert first.status == "superseded"
    assert second.status == "current"
    assert second.reason == "Corrected the address."
    assert first.file.name != second.file.name
    _reader, text = pdf_text(first)
    assert award.application.reference in text  # the old file is still there


def test_versions_made_out_of_order_leave_the_newest_current(make_award, finance):
    # Two workers, or a failed version retried late: v3 is made before v2.
    award = make_award()
    second, third = (
        AwardLetter.objects.create(award=award, version=v, reason="Address", requested_by=finance)
        for v in (2, 3)
    )

    letters.letter_render(letter_id=third.pk)
    letters.letter_render(letter_id=second.pk)

    statuses = dict(award.letters.values_list("version", "status"))
    assert statuses == {1: "superseded", 2: "superseded", 3: "current"}
    second.refresh_from_db()
    assert second.sha256  # made and kept, as the record of what it said


def test_reissue_needs_a_reason(make_award, finance):
    award = make_award()
    with pytest.raises(ServiceError) as error:
        letters.letter_request(award=award, reason="", by=finance)
    assert error.value.message == "Give the reason for reissuing the letter."


def test_a_failed_render_is_marked_failed_stores_nothing_and_can_be_retried(
    make_award, monkeypatch, finance, django_capture_on_commit_callbacks
):
    award = make_award()

    def broken(html, fetcher):
        raise RuntimeError("fontconfig exploded")

    monkeypatch.setattr(letters, "html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        letter = letters.letter_request(award=award, reason="New schedule.", by=finance)

    letter.refresh_from_db()
    assert letter.status == "failed"
    assert "fontconfig exploded" in letter.error
    assert not letter.file
    assert AwardLetter.objects.get(award=award, version=1).status == "current"

    monkeypatch.undo()
    letters.letter_render(letter_id=letter.pk)
    letter.refresh_from_db()
    assert letter.status == "current"
    assert AwardLetter.objects.get(award=award, version=1).status == "superseded"


def test_a_zip_of_a_calls_current_letters(make_award, open_call):

    first, second = make_award(), make_award()

    archive = zipfile.ZipFile(io.BytesIO(letters.letters_zip(call=open_call)))

    assert sorted(archive.namelist()) == sorted(
        f"award-letter-{award.application.reference}-v1.pdf" for award in (first, second)
    )


def test_no_letter_is_issued_for_an_award_that_has_ended(make_award, manager, finance):
    award = make_award()
    award_withdraw(award=award, reason="The project cannot go ahead.", by=manager)
    award.refresh_from_db()

    with pytest.raises(ServiceError) as error:
        letters.letter_request(award=award, reason="Corrected the address.", by=finance)

    assert error.value.message == (
        "This award has ended (withdrawn), so no new letter can be issued for it."
    )
    assert AwardLetter.objects.filter(award=award).count() == 1
