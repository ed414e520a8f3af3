"""Servers a test starts for itself, on a free loopback port, and stops.

``gunicorn()`` runs the site as production does (sync workers), with the
settings and environment the test gives it. ``s3_server()`` runs moto's
server mode (``moto_server``, from ``moto[server]``): a standalone
S3-compatible HTTP server in its own process. Nothing is mocked inside
the test's process: boto3 and django-storages talk to it over HTTP as they
would to any object store.
"""

import os
import socket
import subprocess  # noqa: S404 - starts our own servers, with fixed arguments
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: moto accepts any credentials; these only have to be the same everywhere.
S3_ACCESS_KEY_ID = "testing"
S3_SECRET_ACCESS_KEY = "testing"  # noqa: S105 - moto's server checks no secret
S3_REGION = "eu-west-2"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen, timeout: float = 30.0) -> None:
    """Return once something accepts connections on ``port``; fail if
    ``process`` exits first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            command = process.args[0]
            raise RuntimeError(f"{command} exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout} s")


@contextmanager
def running(args: list[str], *, port: int | None, env: dict | None = None, log: Path | None = None):
    """Run ``args`` until the block ends, once it listens on ``port`` (at
    once if ``port`` is None: a process that serves no port, such as a task
    worker)."""
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own command line
        args, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
    )
    try:
        if port is not None:
            wait_for_port(port, process=process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    region: str = S3_REGION
    access_key_id: str = S3_ACCESS_KEY_ID
    secret_access_key: str = S3_SECRET_ACCESS_KEY

    def client(self):
        """A boto3 S3 client for this server."""
        import boto3  # noqa: PLC0415 - only the tests that use S3 need it

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
        )

    def bucket_create(self, name: str) -> str:
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.region}
        )
        return name

    def storage_settings(self, bucket: str, *, prefix: str = "private") -> dict:
        """The STORAGES entry of a PrivateS3Storage for ``bucket`` on this
        server, as the settings make one from ``environment()``."""
        return {
            "BACKEND": "fund.core.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "location": prefix,
                "endpoint_url": self.endpoint_url,
                "region_name": self.region,
                "access_key": self.access_key_id,
                "secret_key": self.secret_access_key,
            },
        }

    def environment(self, bucket: str) -> dict[str, str]:
        """The settings' environment variables that put private files in ``bucket``."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": self.region,
            "S3_ACCESS_KEY_ID": self.access_key_id,
            "S3_SECRET_ACCESS_KEY": self.secret_access_key,
        }


@contextmanager
def s3_server():
    """moto's S3 server on a free loopback port, for the block."""
    port = free_port()
    moto = Path(sys.executable).with_name("moto_server")
    with running([str(moto), "-H", "127.0.0.1", "-p", str(port)], port=port):
        yield S3Server(endpoint_url=f"http://127.0.0.1:{port}")


@dataclass(frozen=True)
class Gunicorn:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> set[int]:
        """The process ids of the master's workers now (Linux: read from /proc)."""
        pids = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended while we looked
                continue
            if int(fields[1]) == self.process.pid:
                pids.add(int(stat.parent.name))
        return pids


@contextmanager
def gunicorn(*, env: dict, log: Path, workers: int = 2):
    """gunicorn serving config.wsgi on a free loopback port with ``workers``
    sync workers, for the block. ``env`` adds to this process's environment
    (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...); ``log`` receives its output."""
    port = free_port()
    args = [
        *(str(Path(sys.executable).with_name("gunicorn")), "config.wsgi"),
        *("--chdir", str(ROOT), "--bind", f"127.0.0.1:{port}"),
        *("--workers", str(workers), "--worker-class", "sync", "--timeout", "60"),
        *("--log-level", "warning", "--graceful-timeout", "1"),
        "--preload",  # the app imported once, then forked: workers start at once
    ]
    with running(args, port=port, env=env, log=log) as process:
        yield Gunicorn(port=port, process=process)
