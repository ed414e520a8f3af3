"""Private files in an S3-compatible bucket (settings: ``S3_BUCKET`` and the
other ``S3_*`` variables). Named as ``fund.core.storage.PrivateS3Storage``;
see fund/core/storage.py for what every private storage promises.
"""

from contextlib import contextmanager

from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from storages.backends.s3 import S3File, S3Storage
from storages.utils import clean_name

from fund.core.downloads import NoURL
from fund.core.errors import StoreUnavailable

#: What the object store raises: S3's refusals (ClientError), the network
#: and credentials (BotoCoreError), and boto3's transfers (Boto3Error).
S3_ERRORS = (ClientError, BotoCoreError, Boto3Error)


@contextmanager
def store_errors(action: str, name: str):
    """Raise the object store's errors as StoreUnavailable (an OSError)."""
    try:
        yield
    except S3_ERRORS as error:
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        reason = code or type(error).__name__
        message = f"The private file store could not {action} {name}: {reason}"
        raise StoreUnavailable(message) from error


class PrivateS3File(S3File):
    """An object opened for reading: its bytes are fetched on first use into
    a temporary file (on disk past ``max_memory_size``), then streamed."""

    def _get_file(self):
        with store_errors("read", self.name):
            return super()._get_file()

    file = property(_get_file, S3File._set_file)


class PrivateS3Storage(NoURL, S3Storage):
    """Private files in an S3 bucket (AWS, MinIO, ...), under a key prefix
    (``location``) so the bucket can be shared.

    Objects are written with no ACL, so they are private to the bucket's
    owner (S3's default, and the only choice a bucket with ACLs disabled
    accepts); encrypted at rest (``AES256``, unless the settings turn it
    off for a store without it); never overwritten (a name taken gets a
    suffix). ``url()`` refuses: no public or signed URL is ever made.
    """

    # No ACL header: the object is the owner's alone.
    default_acl = None
    file_overwrite = False
    # Settings may pass object_parameters={} for a store without SSE-S3.
    object_parameters = {"ServerSideEncryption": "AES256"}
    # A read larger than an upload kept in memory goes to a temporary file.
    max_memory_size = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    client_config = Config(
        connect_timeout=5,
        read_timeout=30,
        retries={"mode": "standard", "max_attempts": 3},
        signature_version="s3v4",
    )
    # Files are at most 10 MB: one request each, in the request's own thread.
    transfer_config = TransferConfig(use_threads=False)

    def _open(self, name, mode="rb"):
        key = self._normalize_name(clean_name(name))
        with store_errors("open", name):
            try:
                return PrivateS3File(key, mode, self)
            except ClientError as error:
                if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                    raise FileNotFoundError(f"File does not exist: {name}") from error
                raise

    def _save(self, name, content):
        with store_errors("save", name):
            return super()._save(name, content)

    def delete(self, name):
        with store_errors("delete", name):
            super().delete(name)

    def exists(self, name):
        with store_errors("find", name):
            return super().exists(name)

    def size(self, name):
        with store_errors("measure", name):
            return super().size(name)

    def listdir(self, path):
        with store_errors("list", path):
            return super().listdir(path)
