"""Private files: applicants' documents, report evidence, award letters and
impact reports. They have no URL at all: a permission-checked view streams
each one (fund/core/downloads.py). They live in a folder on the server
(``PrivateFileSystemStorage``) or, when ``S3_BUCKET`` is set, in an
S3-compatible object store (``PrivateS3Storage``, fund/core/s3.py); code
reaches them only through ``private_storage()`` and Django's Storage API,
so it works the same on both.

A store that fails raises OSError, as a full disk does: the services roll
back and the person is told in plain words (``FAULTS``, fund/core/errors.py).
"""

from django.core.files.storage import FileSystemStorage, storages

from fund.core.downloads import NoURL


class PrivateFileSystemStorage(NoURL, FileSystemStorage):
    """Private files in a folder that no web server serves."""


def __getattr__(name):
    # fund.core.storage.PrivateS3Storage, loaded when first named: boto3
    # takes about half a second to import, which only a site with S3_BUCKET
    # set should pay, once per process.
    if name == "PrivateS3Storage":
        from fund.core.s3 import PrivateS3Storage  # noqa: PLC0415 - loaded on first use

        return PrivateS3Storage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def private_storage():
    """The storage for private files (settings.STORAGES["private"]):
    applicants' documents, report evidence, award letters, impact reports."""
    return storages["private"]
