import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fund.applications.uploads import check_file, check_total_size, clean_file_name

NBSP = "\xa0"
ALLOWED = "PDF, DOCX, XLSX, ODT, ODS, JPEG or PNG"

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_MIME = "application/vnd.oasis.opendocument.text"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def make_pdf():
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n"
        b"%%EOF\n"
    )


def make_image(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color=(200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def make_zip(entries):
    """A ZIP whose entries are (name, bytes, compression) in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compression in entries:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def make_ooxml(part_name):
    return make_zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML, zipfile.ZIP_DEFLATED),
            (part_name, b"<?xml version='1.0'?><document/>", zipfile.ZIP_DEFLATED),
        ]
    )


def make_odf(mime):
    return make_zip(
        [
            ("mimetype", mime.encode("ascii"), zipfile.ZIP_STORED),
            (
                "content.xml",
                b"<?xml version='1.0'?><office:document-content/>",
                zipfile.ZIP_DEFLATED,
            ),
        ]
    )


def make_docx():
    return make_ooxml("word/document.xml")


def make_xlsx():
    return make_ooxml("xl/workbook.xml")


def make_odt():
    return make_odf(ODT_MIME)


def make_ods():
    return make_odf(ODS_MIME)


def make_plain_zip():
    return make_zip([("notes.txt", b"just some notes", zipfile.ZIP_DEFLATED)])


def make_exe():
    return b"MZ" + b"\x90\x00" * 64 + b"This program cannot be run in DOS mode." + b"\x00" * 64


def error_text(upload):
    with pytest.raises(ValidationError) as excinfo:
        check_file(upload)
    return excinfo.value.messages


def not_real_message(name, ext):
    return (
        f"The file {name} is not a real {ext} file. Save it again as a {ALLOWED} file "
        "and choose it again."
    )


# --- Allowed types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("budget.pdf", make_pdf, "application/pdf"),
        ("plan.docx", make_docx, DOCX_MIME),
        ("budget.xlsx", make_xlsx, XLSX_MIME),
        ("plan.odt", make_odt, ODT_MIME),
        ("budget.ods", make_ods, ODS_MIME),
        ("photo.jpg", lambda: make_image("JPEG"), "image/jpeg"),
        ("photo.jpeg", lambda: make_image("JPEG"), "image/jpeg"),
        ("poster.png", lambda: make_image("PNG"), "image/png"),
        ("SCAN.PDF", make_pdf, "application/pdf"),
        ("Photo.JPG", lambda: make_image("JPEG"), "image/jpeg"),
    ],
)
def test_allowed_file_is_accepted_with_its_type_size_and_checksum(name, make, content_type):
    content = make()
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")

    checked = check_file(upload)

    assert checked.original_name == name
    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.upload is upload


def test_accepted_file_can_still_be_read_in_full_from_the_start():
    content = make_docx()
    upload = SimpleUploadedFile("plan.docx", content)

    checked = check_file(upload)

    assert checked.upload.read() == content


def test_content_type_claimed_by_the_browser_is_ignored():
    upload = SimpleUploadedFile("budget.pdf", make_pdf(), content_type="image/png")

    assert check_file(upload).content_type == "application/pdf"


# --- Content that does not match the name --------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "ext"),
    [
        ("invoice.pdf", make_exe, "PDF"),
        ("plan.docx", make_exe, "DOCX"),
        ("photo.jpg", make_exe, "JPG"),
        ("plan.docx", make_plain_zip, "DOCX"),
        ("budget.xlsx", make_plain_zip, "XLSX"),
        ("plan.odt", make_plain_zip, "ODT"),
        ("picture.pdf", lambda: make_image("PNG"), "PDF"),
        ("picture.png", lambda: make_image("JPEG"), "PNG"),
        ("picture.jpg", lambda: make_image("PNG"), "JPG"),
        ("budget.docx", make_xlsx, "DOCX"),
        ("plan.xlsx", make_docx, "XLSX"),
        ("plan.docx", make_odt, "DOCX"),
        ("budget.odt", make_ods, "ODT"),
        ("plan.ods", make_odt, "ODS"),
        ("letter.pdf", make_docx, "PDF"),
        ("letter.docx", make_pdf, "DOCX"),
        ("notes.pdf", lambda: b"Just some plain text, not a PDF.", "PDF"),
    ],
)
def test_file_whose_content_does_not_match_its_extension_is_refused(name, make, ext):
    upload = SimpleUploadedFile(name, make())

    assert error_text(upload) == [not_real_message(name, ext)]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("setup.exe", make_exe),
        ("archive.zip", make_plain_zip),
        ("README", make_pdf),
        ("budget.pdf.exe", make_exe),
        ("budget.doc", make_pdf),
        ("budget.txt", lambda: b"hello"),
        ("budget.pdf.", make_pdf),
    ],
)
def test_file_with_an_extension_that_is_not_allowed_is_refused(name, make):
    upload = SimpleUploadedFile(name, make())

    assert error_text(upload) == [f"The file {name} must be a {ALLOWED} file."]


# --- Size ------------------------------------------------------------------------------


def test_empty_file_is_refused():
    upload = SimpleUploadedFile("budget.pdf", b"")

    assert error_text(upload) == ["The file budget.pdf is empty. Choose the file again."]


def test_file_over_the_size_limit_is_refused_with_both_sizes(settings):
    settings.FUND_UPLOAD_MAX_FILE_BYTES = 1024
    content = make_pdf().ljust(2048, b" ")
    upload = SimpleUploadedFile("budget.pdf", content)

    assert error_text(upload) == [
        f"The file budget.pdf is 2.0{NBSP}KB. Each file must be 1.0{NBSP}KB or smaller."
    ]


def test_file_one_byte_over_the_size_limit_is_refused(settings):
    content = make_pdf()
    settings.FUND_UPLOAD_MAX_FILE_BYTES = len(content) - 1
    upload = SimpleUploadedFile("budget.pdf", content)

    assert error_text(upload) == [
        f"The file budget.pdf is {len(content)}{NBSP}bytes. "
        f"Each file must be {len(content) - 1}{NBSP}bytes or smaller."
    ]


def test_file_exactly_at_the_size_limit_is_accepted(settings):
    content = make_pdf()
    settings.FUND_UPLOAD_MAX_FILE_BYTES = len(content)
    upload = SimpleUploadedFile("budget.pdf", content)

    assert check_file(upload).size == len(content)


def test_default_size_limit_is_shown_in_megabytes(settings):
    settings.FUND_UPLOAD_MAX_FILE_BYTES = 10 * 1024 * 1024

    upload = SimpleUploadedFile("report.pdf", make_pdf())
    upload.size = 12 * 1024 * 1024  # as reported by the upload handler

    assert error_text(upload) == [
        f"The file report.pdf is 12.0{NBSP}MB. Each file must be 10.0{NBSP}MB or smaller."
    ]


def test_files_adding_up_to_more_than_the_total_limit_are_refused(settings):
    settings.FUND_UPLOAD_MAX_TOTAL_BYTES = 2048
    files = [
        SimpleUploadedFile("a.pdf", b"x" * 1024),
        SimpleUploadedFile("b.pdf", b"x" * 1024),
        SimpleUploadedFile("c.pdf", b"x" * 1024),
    ]

    with pytest.raises(ValidationError) as excinfo:
        check_total_size(files)

    assert excinfo.value.messages == [
        f"Your files add up to 3.0{NBSP}KB. All files together must be 2.0{NBSP}KB or smaller."
    ]


def test_files_adding_up_to_exactly_the_total_limit_are_accepted(settings):
    settings.FUND_UPLOAD_MAX_TOTAL_BYTES = 2048
    files = [SimpleUploadedFile("a.pdf", b"x" * 1024), SimpleUploadedFile("b.pdf", b"x" * 1024)]

    assert check_total_size(files) is None


def test_no_files_are_within_the_total_limit():
    assert check_total_size([]) is None


def test_total_size_counts_checked_files(settings):
    checked = [check_file(SimpleUploadedFile(f"{n}.png", make_image("PNG"))) for n in "ab"]
    settings.FUND_UPLOAD_MAX_TOTAL_BYTES = sum(c.size for c in checked) - 1

    with pytest.raises(ValidationError) as excinfo:
        check_total_size(checked)

    assert excinfo.value.messages[0].startswith("Your files add up to ")


# --- File names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("budget.pdf", "budget.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\a.pdf", "a.pdf"),
        ("..\\..\\windows\\a.pdf", "a.pdf"),
        ("folder/sub\\mixed/a.pdf", "a.pdf"),
        ("bud\x00get.pdf", "budget.pdf"),
        ("budget\n.pdf", "budget.pdf"),
        ("budget\r\n\t.pdf", "budget.pdf"),
        ("\x1b[31mbudget.pdf", "[31mbudget.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("  budget.pdf  ", "budget.pdf"),
        ("Café accounts 2024.pdf", "Café accounts 2024.pdf"),
        ("", "document"),
        ("   ", "document"),
        ("\x00\x01\x02", "document"),
        ("folder/", "folder"),
    ],
)
def test_file_name_keeps_only_the_printable_last_path_component(name, cleaned):
    assert clean_file_name(name) == cleaned


def test_long_file_name_is_cut_to_255_characters_keeping_the_extension():
    cleaned = clean_file_name("a" * 300 + ".pdf")

    assert len(cleaned) == 255
    assert cleaned == "a" * 251 + ".pdf"


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("C:\\Users\\x\\a.pdf", "a.pdf"),
        ("..\\..\\budget.pdf", "budget.pdf"),
        ("bud\x00get.pdf", "budget.pdf"),
        ("bud\tget\n.pdf", "budget.pdf"),
    ],
)
def test_accepted_file_is_stored_under_its_cleaned_name(name, cleaned):
    checked = check_file(SimpleUploadedFile(name, make_pdf()))

    assert checked.original_name == cleaned


def test_error_names_the_file_by_its_cleaned_name():
    upload = SimpleUploadedFile("C:\\Users\\x\\setup\x00.exe", make_exe())

    assert error_text(upload) == [f"The file setup.exe must be a {ALLOWED} file."]


def test_extension_hidden_behind_a_right_to_left_override_is_refused():
    upload = SimpleUploadedFile("invoice\u202efdp.exe", make_exe())

    assert error_text(upload) == [f"The file invoicefdp.exe must be a {ALLOWED} file."]
