"""Documents the site makes and keeps in private storage, each with the
SHA-256 it had when it was made, checked again whenever it is read; and
the columns every such document has (``MadeDocument``).

Only the storage API is used (save, open, delete), never a path on disk,
so a document is kept the same way in the local private folder and in S3
(fund/core/storage.py). The impact report (fund/monitoring) is kept this
way; award letters (fund/awards/services/letters.py) do the same.
"""

import hashlib
import io
import logging
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Tampered(Exception):
    """The stored file is not the one that was made: its SHA-256 differs."""

    def __init__(self, *, recorded: str, found: str):
        super().__init__(f"recorded SHA-256 {recorded or '(none)'}, stored file {found}")
        self.recorded = recorded
        self.found = found


@deconstructible
class RandomName:
    """A FileField's ``upload_to``: a random name in ``folder``, ending in
    ``suffix``, that names no person and says nothing of what the file holds."""

    def __init__(self, folder: str, suffix: str = ""):
        self.folder = folder
        self.suffix = suffix

    def __call__(self, instance, filename) -> str:
        return f"{self.folder}/{uuid.uuid4().hex}{self.suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and (self.folder, self.suffix) == (
            other.folder,
            other.suffix,
        )

    def __hash__(self):
        return hash((self.folder, self.suffix))


class MadeDocument(models.Model):
    """Who asked for a document the task worker makes, and what came of it:
    its SHA-256 and size once made, or why it could not be made and how
    often it was tried. A subclass adds its file (``RandomName`` for its
    folder), its status and what it is of."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("why it could not be made"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    made_at = models.DateTimeField(_("made"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def size_label(self) -> str:
        """The size as people read it: "120 KB", "1.4 MB"."""
        size = self.size or 0
        if size < 1024 * 1024:
            return f"{max(1, round(size / 1024))} KB"
        return f"{size / (1024 * 1024):.1f} MB"


class Kept(NamedTuple):
    """A document as it was stored: its name in the storage, SHA-256 and size."""

    name: str
    sha256: str
    size: int


def keep(field_file, data: bytes) -> Kept:
    """Store ``data`` for ``field_file``'s row, under the name its field's
    ``upload_to`` makes, without saving the row: the caller records the
    name, and deletes it with ``discard()`` if the row cannot be saved."""
    field, instance = field_file.field, field_file.instance
    name = field_file.storage.save(field.generate_filename(instance, ""), ContentFile(data))
    return Kept(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def discard(field_file, name: str) -> None:
    """Delete the stored file ``name`` that was kept for ``field_file``'s row
    (see ``discard_all``)."""
    discard_all(field_file.storage, [name])


def discard_all(storage, names) -> None:
    """Delete each stored file in ``names`` from ``storage``. One the storage
    cannot delete is logged, not raised: a file left over does less harm
    than hiding why it was being deleted, or a change already committed."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("The stored file %s could not be deleted", name)


class Read(NamedTuple):
    """A stored file as read back, and whether it is the one that was made."""

    data: bytes
    sha256: str  # of the stored file, as found now
    intact: bool  # it is the SHA-256 recorded when the document was made


def read_checked(field_file, sha256: str) -> Read:
    """The stored file and whether its SHA-256 is ``sha256`` (a file with
    none recorded is not intact). Only reads: what to do about a file that
    differs is the caller's (a download refuses it; a check reports it).
    FileNotFoundError if the file is missing from storage."""
    with field_file.open("rb") as handle:
        data = handle.read()
    found = hashlib.sha256(data).hexdigest()
    return Read(data=data, sha256=found, intact=bool(sha256) and found == sha256)


def open_verified(field_file, sha256: str) -> io.BytesIO:
    """The stored file's content, if it matches ``sha256``; Tampered if it
    does not (or no SHA-256 was recorded). FileNotFoundError if the file is
    missing from storage."""
    read = read_checked(field_file, sha256)
    if not read.intact:
        raise Tampered(recorded=sha256, found=read.sha256)
    return io.BytesIO(read.data)
