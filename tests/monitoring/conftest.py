"""Impact reports are kept where the test's other private files are."""

import pytest

from fund.awards.models.awards import AwardLetter
from fund.monitoring.models import ImpactReport


@pytest.fixture(autouse=True)
def impact_report_storage(private_storage, monkeypatch):
    """The storage tests/conftest.py gave this test's private files (a
    FileField resolves its storage once, when models load)."""
    storage = AwardLetter._meta.get_field("file").storage
    monkeypatch.setattr(ImpactReport._meta.get_field("file"), "storage", storage)
    return storage
