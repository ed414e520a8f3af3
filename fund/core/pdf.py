"""PDFs from our own HTML, by WeasyPrint: tagged for accessibility
(PDF/UA-1), loading nothing but the assets we hand over.

The fetcher serves only named assets (``pdf-asset:logo``), read by our
code; anything else the HTML or CSS asks for (a file: URL, http, a
redirect) is refused. PDF/UA needs the HTML to say its language
(``<html lang="en-GB">``), to have a ``<title>``, and alt text on every
image; headings and tables become the PDF's structure.
"""

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"
ASSET_SCHEME = "pdf-asset"


class AssetFetcher(URLFetcher):
    """Serve only the document's own assets, by name; refuse everything else.
    ``requested`` lists every URL asked for, served or not."""

    scheme = ASSET_SCHEME

    def __init__(self, assets: dict[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols=[self.scheme], allow_redirects=False)
        self.assets = assets or {}
        self.requested: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        name = url.removeprefix(f"{self.scheme}:").lstrip("/")
        if not url.startswith(f"{self.scheme}:") or name not in self.assets:
            raise ValueError(f"Documents may not load {url!r}.")
        body, content_type = self.assets[name]
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def render_pdf(html: str, *, css: str = "", fetcher: AssetFetcher | None = None) -> bytes:
    """The HTML as a tagged PDF (PDF/UA-1), styled by ``css``. Images and
    fonts come only from ``fetcher``'s assets (none when it is not given),
    named ``<scheme>:<name>``, e.g. ``pdf-asset:logo``."""
    fetcher = fetcher or AssetFetcher()
    stylesheets = [CSS(string=css, url_fetcher=fetcher)] if css else []
    document = HTML(string=html, base_url=f"{fetcher.scheme}:/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)
