"""Documents kept in private storage with their SHA-256 (fund/core/stored.py)."""

import hashlib
import logging
import re

import pytest

from fund.core import stored
from fund.monitoring.models import ImpactReport


@pytest.fixture
def report(private_storage):
    return ImpactReport()  # not saved: keeping a file needs no row


def test_a_kept_document_has_a_random_name_its_sha256_and_size(report):
    kept = stored.keep(report.file, b"%PDF-1.7 made")

    assert re.fullmatch(r"impact-reports/[0-9a-f]{32}\.pdf", kept.name)
    assert kept.size == 13
    assert kept.sha256 == hashlib.sha256(b"%PDF-1.7 made").hexdigest()
    report.file.name = kept.name
    assert stored.open_verified(report.file, kept.sha256).read() == b"%PDF-1.7 made"


def test_a_document_that_differs_or_has_no_sha256_is_refused(report):
    kept = stored.keep(report.file, b"%PDF-1.7 made")
    report.file.name = kept.name

    for recorded in ("0" * 64, ""):
        assert not stored.read_checked(report.file, recorded).intact
        with pytest.raises(stored.Tampered) as refused:
            stored.open_verified(report.file, recorded)
        assert refused.value.found == kept.sha256
    assert stored.read_checked(report.file, kept.sha256).intact


def test_a_file_that_cannot_be_deleted_is_logged_not_raised(report, monkeypatch, caplog):
    kept = stored.keep(report.file, b"%PDF-1.7 made")

    def unreachable(name):
        raise ConnectionError("the store is unreachable")

    monkeypatch.setattr(report.file.storage, "delete", unreachable)
    with caplog.at_level(logging.ERROR, logger="fund.core.stored"):
        stored.discard(report.file, kept.name)

    assert f"The stored file {kept.name} could not be deleted" in caplog.text
