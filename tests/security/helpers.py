"""What the "bad input and faults" tests share: hostile files, the pages as
a person reads them, and what must be left behind (nothing)."""

import functools
import io
import struct
import zipfile
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from fund.applications.models import ApplicationDocument
from tests.factories import ApplicationFactory
from tests.factories.people import PANEL, staff
from tests.support.editing import editor_value
from tests.support.pages import page_text
from tests.support.plans import budget_posted
from tests.support.states import DECIDE_NOW

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
DOCUMENT_XML = b"<?xml version='1.0'?><w:document/>"
GIB = 1024**3
MIB = 1024**2


# --- reading pages ----------------------------------------------------------------


def has_error_page(response):
    """The public form again, with its error summary at the top."""
    text = page_text(response)
    return response.status_code == 200 and "There is a problem" in text and "<title>Error: " in text


# --- what is left behind -------------------------------------------------------------


def stored_files(folder):
    """Every file in a storage folder (the private_storage fixture's)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def files_of_documents():
    """The stored names of every ApplicationDocument row."""
    return sorted(ApplicationDocument.objects.values_list("file", flat=True))


def assert_no_stray_files(folder):
    """Every file in private storage belongs to a document row, and every
    document row has its file."""
    assert stored_files(folder) == files_of_documents()


# --- files ----------------------------------------------------------------------------


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name="accounts.pdf"):
    return upload(name, PDF, "application/pdf")


def make_zip(entries):
    """A ZIP of (name, bytes) entries, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes():
    return make_zip([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", DOCUMENT_XML)])


@functools.lru_cache
def _zeros_deflated(chunks):
    """A raw deflate stream of ``chunks`` MiB of zeros, and its CRC-32.

    Deflate blocks after a full flush do not refer back, so the stream for
    one MiB repeated is valid: two gigabytes in about two megabytes, built
    in a moment rather than by compressing two gigabytes."""
    chunk = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) == middle
    stream = first + middle * (chunks - 1) + compressor.flush()
    crc = 0
    for _ in range(chunks):
        crc = zlib.crc32(chunk, crc)
    return stream, crc


def _deflate(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def zip_bomb(*, parts, bomb_name, unpacked=2 * GIB, declared=None):
    """A ZIP with the given small ``parts`` and one member of ``unpacked``
    bytes of zeros, deflated to about a thousandth of that. ``declared`` is
    the size its headers claim (with a matching checksum): the truth by
    default, or a lie. Written by hand, as zipfile cannot take data that is
    already compressed."""
    stream, crc = _zeros_deflated(unpacked // MIB)
    if declared is not None:
        crc = zlib.crc32(bytes(declared))
    members = [(name, zlib.crc32(data), len(data), _deflate(data)) for name, data in parts]
    members.append((bomb_name, crc, unpacked if declared is None else declared, stream))
    body, directory = b"", b""
    for name, member_crc, size, compressed in members:
        encoded = name.encode()
        # version needed, flags, deflated, time, date, CRC, sizes, name and extra lengths
        common = struct.pack(
            "<HHHHHIIIHH", 20, 0, 8, 0, 0x21, member_crc, len(compressed), size, len(encoded), 0
        )
        directory += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + common
            + struct.pack("<HHHII", 0, 0, 0, 0, len(body))
            + encoded
        )
        body += b"PK\x03\x04" + common + encoded + compressed
    end = b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return body + directory + end


def docx_bomb(**kwargs):
    return zip_bomb(
        parts=[("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", DOCUMENT_XML)],
        bomb_name="word/media/image1.png",
        **kwargs,
    )


# --- the admin ----------------------------------------------------------------------


CONDITIONS = "<p>Send a report within three months of the project's end.</p>"


def reviewed_application(call, **fields):
    fields.setdefault("amount_requested", Decimal("5000.00"))
    return ApplicationFactory(page=call, status="reviewed", **fields)


def award_form(amount, **fields):
    """The Award form as a fund manager posts it, the whole award on the
    staff budget line (the factory's application asked for more)."""
    return {
        "amount": amount,
        **budget_posted(amount),
        "conditions": editor_value(CONDITIONS),
        "public_reason": "Helps survivors of modern slavery recover.",
        **DECIDE_NOW,
        **fields,
    }


# --- posting as a browser would ---------------------------------------------------


BOUNDARY = "scf-security-test-boundary"


def post_multipart(client, url, data, files=(), **extra):
    """Post a multipart form built by hand. The test client reduces a file's
    name to its last component before sending it; a hostile client sends
    whatever name it likes, and so does this. ``files`` are (field name,
    file name, bytes)."""
    parts = []
    for key, value in data.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
                + str(item).encode()
                + b"\r\n"
            )
    for key, name, content in files:
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"; '
            f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    return client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra
    )


def panel_user(first_name):
    """A grant panel member with a first name of their own."""
    return staff(PANEL, first_name=first_name, last_name="Reviewer")
