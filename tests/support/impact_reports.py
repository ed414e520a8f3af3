"""Impact reports in tests, read as a person does (the download and Try again on Reports >
Outcomes, the page's words, the PDF's text)."""

import io
import re

from pypdf import PdfReader

from tests.support.pages import read_body

DOWNLOAD = re.compile(r'href="(/admin/grants/outcomes/impact-reports/\d+/download/)"')
RETRY = re.compile(r'action="(/admin/grants/outcomes/impact-reports/\d+/retry/)"')


def download(client, page):
    """Follow the newest report's download link on the dashboard ``page``:
    the response and the PDF."""
    response = client.get(DOWNLOAD.search(page).group(1))
    assert response.status_code == 200, read_body(response)
    assert response["Content-Type"] == "application/pdf"
    return response, read_body(response)


def words(page: str) -> str:
    """The page's words as a person reads them: no tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def text_of(pdf: bytes) -> str:
    """The PDF's text, spaces collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
