"""Checks on applicants' files: type by extension *and* by content, and size.

`filetype` reads the file's leading bytes (and, for the office formats, the
names inside the ZIP container), so an executable renamed ``.pdf`` or a ZIP
renamed ``.docx`` is refused whatever its name says.

The office formats are ZIP archives, so what they unpack to is checked too:
a small file that expands to gigabytes (a "zip bomb") is refused before
anyone's office software, or any later processing, opens it. The check
trusts no header: it inflates each member, stopping as soon as it produces
more than the member claims or than the limit allows.
"""

import hashlib
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

#: extension -> the MIME type its content must be detected as
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
ALLOWED_NAMES = "PDF, DOCX, XLSX, ODT, ODS, JPEG or PNG"
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ALLOWED_TYPES)

#: The types that are ZIP archives, whose unpacked size is checked.
ZIP_TYPES = {ALLOWED_TYPES[ext] for ext in ("docx", "xlsx", "odt", "ods")}
#: More parts than any real document has.
MAX_ZIP_MEMBERS = 10_000
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    original_name: str
    content_type: str
    size: int
    sha256: str


def clean_file_name(name):
    """The last path component, without control characters, at most 255 characters."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    name = name[-255:]
    return name if name.strip(".") else "document"


def _detected_type(upload):
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    if kind and kind.mime == "application/zip":
        # The office formats are ZIP files; filetype needs more than the head
        # to tell them apart, so give it the whole (size-limited) file.
        upload.seek(0)
        kind = filetype.guess(upload.read())
    upload.seek(0)
    return kind.mime if kind else None


def max_unpacked_bytes():
    return settings.FUND_UPLOAD_MAX_UNPACKED_BYTES


class _Broken(Exception):
    """Not a sound ZIP archive."""


class _TooBig(Exception):
    """Unpacks to more than the limit."""


def _check_zip(upload, limit):
    """Raise _Broken or _TooBig unless the archive is sound and unpacks to at
    most ``limit`` bytes. Reads at most ``limit`` bytes of unpacked data."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise _TooBig
            if sum(member.file_size for member in members) > limit:
                raise _TooBig
            for member in members:
                _check_member(upload, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, ValueError) as e:
        raise _Broken from e
    finally:
        upload.seek(0)


def _check_member(upload, member):
    """Inflate one member without trusting its header: it must give exactly
    the size and checksum it declares, and its compressed data must be complete."""
    if member.flag_bits & 0x1:  # encrypted: nothing can check it, nor open it
        raise _Broken
    upload.seek(member.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(upload.read(30))
    if signature != b"PK\x03\x04":
        raise _Broken
    upload.seek(member.header_offset + 30 + name_length + extra_length)
    if member.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:  # office software writes stored or deflated parts only
        raise _Broken
    left, produced, crc = member.compress_size, 0, 0
    while left:
        data = upload.read(min(_CHUNK, left))
        if not data:
            raise _Broken
        left -= len(data)
        while data:
            if inflater is None:
                out, data = data, b""
            else:
                out = inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
            produced += len(out)
            if produced > member.file_size:
                raise _TooBig  # it unpacks to more than it says
            crc = zlib.crc32(out, crc)
        if inflater is not None and inflater.eof:
            break
    finished = inflater is None or inflater.eof
    if not finished or produced != member.file_size or crc != member.CRC:
        raise _Broken


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_file(upload):
    """Validate one uploaded file; return what we store about it."""
    name = clean_file_name(upload.name)
    max_bytes = settings.FUND_UPLOAD_MAX_FILE_BYTES
    if upload.size == 0:
        raise ValidationError(
            _("The file %(name)s is empty. Choose the file again."), params={"name": name}
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file %(name)s is %(size)s. Each file must be %(max)s or smaller."),
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_bytes),
            },
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    expected = ALLOWED_TYPES.get(extension)
    if expected is None:
        raise ValidationError(
            _("The file %(name)s must be a %(allowed)s file."),
            params={"name": name, "allowed": ALLOWED_NAMES},
        )
    not_real = ValidationError(
        _(
            "The file %(name)s is not a real %(ext)s file. Save it again as "
            "a %(allowed)s file and choose it again."
        ),
        params={"name": name, "ext": extension.upper(), "allowed": ALLOWED_NAMES},
    )
    if _detected_type(upload) != expected:
        raise not_real
    if expected in ZIP_TYPES:
        limit = max_unpacked_bytes()
        try:
            _check_zip(upload, limit)
        except _Broken:
            raise not_real from None
        except _TooBig:
            raise ValidationError(
                _(
                    "The file %(name)s unpacks to more than %(max)s, which is too much for "
                    "us to open safely. Save it again without large pictures or embedded "
                    "files, or as a PDF, and choose it again."
                ),
                params={"name": name, "max": filesizeformat(limit)},
            ) from None
    return CheckedFile(
        upload=upload,
        original_name=name,
        content_type=expected,
        size=upload.size,
        sha256=_sha256(upload),
    )


def check_total_size(files):
    total = sum(f.size for f in files)
    limit = settings.FUND_UPLOAD_MAX_TOTAL_BYTES
    if total > limit:
        raise ValidationError(
            _("Your files add up to %(total)s. All files together must be %(max)s or smaller."),
            params={"total": filesizeformat(total), "max": filesizeformat(limit)},
        )


def keep_checked(record, checked, stored: list):
    """Fill a private file's row (an ApplicationDocument, a ReportEvidence)
    from a checked upload and store its content under a random name, not
    yet saving the row. The stored name goes on ``stored``, so the caller
    can delete the file if its transaction fails."""
    record.original_name = checked.original_name
    record.content_type = checked.content_type
    record.size = checked.size
    record.sha256 = checked.sha256
    checked.upload.seek(0)
    record.file.save(checked.original_name, File(checked.upload), save=False)
    stored.append(record.file.name)
    return record
