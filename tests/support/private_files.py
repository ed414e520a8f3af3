"""Where the tests keep private files. ``private_files_to`` makes one
storage the private storage for a test, everywhere code finds it: what
``fund.core.storage.private_storage()`` answers (settings.STORAGES, read by
/healthz and check_integrity) and every model field on the private storage
(found from the models, as check_integrity finds them, so a new model's
field is covered too)."""

from dataclasses import dataclass

from django.core.files.storage import storages

from fund.management.integrity import private_file_fields
from tests.support.servers import S3Server


def private_files_to(entry: dict, settings, monkeypatch):
    """Make ``entry`` (a STORAGES entry: BACKEND and OPTIONS) the private
    storage for this test; returns the storage. A FileField resolves its
    storage once, when models load, so the fields themselves are changed."""
    settings.STORAGES = {**settings.STORAGES, "private": entry}
    storage = storages["private"]
    for _model, field in private_file_fields():
        monkeypatch.setattr(field, "storage", storage)
    return storage


@dataclass(frozen=True)
class Bucket:
    """The test's bucket as an operator sees it with boto3."""

    server: S3Server
    name: str
    prefix: str

    def key(self, name: str) -> str:
        """The object key of a stored file's ``name`` (as the row holds it)."""
        return f"{self.prefix}/{name}"

    def keys(self) -> list[str]:
        listing = self.server.client().list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, name: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=self.key(name))["Body"].read()

    def head(self, name: str) -> dict:
        return self.server.client().head_object(Bucket=self.name, Key=self.key(name))

    def grants(self, name: str) -> list[dict]:
        acl = self.server.client().get_object_acl(Bucket=self.name, Key=self.key(name))
        return acl["Grants"]

    def url(self, name: str) -> str:
        """The object's plain (unsigned) URL on the server."""
        return f"{self.server.endpoint_url}/{self.name}/{self.key(name)}"
