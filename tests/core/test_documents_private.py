"""Wagtail's Documents library is private: its admin pages work, a document
is streamed only to staff who may use the library, nothing is served from
public media, and rich text offers no document links.

(Switching the app off is not possible: every Wagtail admin page links the
documents API, wagtail/wagtail#14418; see config/settings/base.py.)"""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import clear_url_caches
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.documents import get_document_model

import config.urls
from tests.support.applying import PDF_BYTES
from tests.support.pages import close_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db):
    document = get_document_model()(title="Board minutes")
    document.file.save("minutes.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    close_response(response)
    return content


def test_the_documents_admin_pages_work_for_an_administrator(client, administrator, document):
    client.force_login(administrator)

    listing = client.get("/admin/documents/")
    edit = client.get(f"/admin/documents/edit/{document.pk}/")
    api = client.get("/admin/api/main/documents/")

    assert listing.status_code == 200
    assert "Board minutes" in listing.content.decode()
    assert edit.status_code == 200
    assert api.status_code == 200
    assert 'href="/admin/documents/"' in client.get("/admin/").content.decode()


def test_a_document_is_served_only_to_staff_who_may_use_the_library(
    client, administrator, manager, document
):
    assert document.url == f"/admin/documents/file/{document.pk}/minutes.pdf"

    anonymous = client.get(document.url)
    client.force_login(manager)  # fund managers have no rights on documents
    refused = client.get(document.url)
    admin = Client()
    admin.force_login(administrator)
    served = admin.get(document.url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # "Sorry, ..."
    assert 'href="/admin/documents/"' not in client.get("/admin/").content.decode()
    assert served.status_code == 200
    assert body(served) == PDF_BYTES


@pytest.fixture
def development_urls(settings):
    """The URLs as `make run` has them (DEBUG serves public media)."""

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_nothing_is_served_from_media_documents_even_in_development(
    client, settings, development_urls, document
):
    media = settings.MEDIA_ROOT
    assert (media / document.file.name).exists()  # documents/minutes.pdf
    (media / "original_images").mkdir()
    (media / "original_images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    assert client.get(f"/media/{document.file.name}").status_code == 404
    image = client.get("/media/original_images/logo.png")
    assert image.status_code == 200  # page images stay public
    close_response(image)


def test_rich_text_offers_no_links_to_documents():
    features = get_rich_text_editor_widget().features

    assert "document-link" not in features
    assert {"link", "image"} <= set(features)
