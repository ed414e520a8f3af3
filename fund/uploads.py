"""Checks on applicants' files: type by extension *and* by content, and size.

`filetype` reads the file's leading bytes (and, for the office formats, the
names inside the ZIP container), so an executable renamed ``.pdf`` or a ZIP
renamed ``.docx`` is refused whatever its name says.
"""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
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
    if _detected_type(upload) != expected:
        raise ValidationError(
            _(
                "The file %(name)s is not a real %(ext)s file. Save it again as "
                "a %(allowed)s file and choose it again."
            ),
            params={"name": name, "ext": extension.upper(), "allowed": ALLOWED_NAMES},
        )
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
