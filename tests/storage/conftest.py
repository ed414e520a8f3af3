"""The fixtures of tests/storage: private files in an S3 bucket on a real
S3 server (moto's, over HTTP), and a boto3 view of that bucket that does not
go through the storage under test."""

from dataclasses import dataclass

import pytest

from tests.support.servers import S3Server


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


@pytest.fixture
def bucket(s3_storage, s3_session_server):
    return Bucket(server=s3_session_server, name=s3_storage.bucket_name, prefix=s3_storage.location)
