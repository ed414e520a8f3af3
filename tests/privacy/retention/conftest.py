"""The fixtures of tests/privacy/retention.

The retention rules: old unsuccessful and withdrawn applications lose their
personal data and documents, abandoned drafts are deleted, and everything
else (successful, recent, in progress) is left as it was.
"""

import pytest

from fund.privacy.retention import retention_apply


@pytest.fixture(autouse=True)
def periods(settings):
    settings.FUND_RETENTION_DAYS = {"unsuccessful": 730, "withdrawn": 730, "abandoned_draft": 90}


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Apply the rules as the command does, letting the transactions commit
    (files are deleted from storage only once the rows' deletion commits)."""

    def apply(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return retention_apply(**kwargs)

    return apply
