"""manage.py check_integrity: each fault named in plain words, exit 1 on any
(fund/management/integrity.py)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from wagtail.models import ModelLogEntry

from fund.applications.models import ApplicationDocument
from fund.awards.models.awards import AwardLetter
from fund.calls.models import FundPage
from fund.management.integrity import private_file_fields
from fund.monitoring.models import ImpactReport, ReportEvidence
from tests.factories import AwardFactory, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_call, manager, django_capture_on_commit_callbacks):
    """An award with its letter made, on an application with a document."""
    with django_capture_on_commit_callbacks(execute=True):
        made = AwardFactory(call=open_call, by=manager, amount=Decimal("4000.00"))
    make_document(made.application)
    return made


def check(capsys):
    """Run the command: its exit status and what it printed."""
    try:
        call_command("check_integrity")
    except CommandError as error:
        status, summary = error.returncode, str(error)
    else:
        status, summary = 0, None
    out = capsys.readouterr().out
    return status, out.splitlines(), summary


def test_a_clean_site_passes(award, capsys):
    status, lines, _ = check(capsys)

    assert status == 0
    assert lines == [
        "Checked 1 fund against the ledger, 1 made document against their SHA-256 "
        "and 2 private files against the storage: everything agrees."
    ]


def test_a_committed_total_changed_behind_the_ledger_is_reported(award, capsys):
    fund = award.fund
    FundPage.objects.filter(pk=fund.pk).update(committed=F("committed") + Decimal("1000.00"))

    status, lines, summary = check(capsys)

    assert status == 1
    assert lines == [
        f"Fund 'Safer Communities Fund' (id {fund.pk}): committed £5,000.00 "
        "but its ledger adds up to £4,000.00."
    ]
    assert summary.endswith(": 1 fault found.")


def test_a_letter_whose_stored_bytes_changed_is_reported_and_nothing_is_written(award, capsys):
    letter = AwardLetter.objects.get(award=award)
    with letter.file.storage.open(letter.file.name, "wb") as handle:
        handle.write(b"%PDF-1.7 not the letter that was issued")
    entries = ModelLogEntry.objects.count()

    status, lines, _ = check(capsys)

    assert status == 1
    assert lines == [
        f"Letter {award.application.reference} v1 (award letter id {letter.pk}): its stored "
        "file does not match the SHA-256 recorded when it was made, so it is not the document "
        "issued."
    ]
    # A read-only check: the History is left as it was.
    assert ModelLogEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("label", "row"),
    [
        ("Document", lambda award: ApplicationDocument.objects.get(application=award.application)),
        ("Award letter", lambda award: AwardLetter.objects.get(award=award)),
    ],
)
def test_a_row_whose_file_is_gone_is_reported_once(award, capsys, label, row):
    gone = row(award)
    gone.file.storage.delete(gone.file.name)

    status, lines, summary = check(capsys)

    assert status == 1
    assert lines == [
        f"{label} (id {gone.pk}): its file {gone.file.name} is missing from the private storage."
    ]
    assert "2 private files against the storage: 1 fault found." in summary


def test_every_fault_is_reported_in_one_run(award, capsys):
    FundPage.objects.filter(pk=award.fund.pk).update(committed=Decimal("0.00"))
    ApplicationDocument.objects.get(application=award.application).file.delete(save=False)
    letter = AwardLetter.objects.get(award=award)
    letter.file.storage.delete(letter.file.name)

    status, lines, summary = check(capsys)

    assert status == 1
    assert len(lines) == 3
    assert summary.endswith(": 3 faults found.")


def test_a_letter_not_yet_made_has_no_file_to_check(award, manager, capsys):
    AwardLetter.objects.create(award=award, version=2, reason="Reissued.", requested_by=manager)

    status, lines, _ = check(capsys)

    assert status == 0
    assert "1 made document against their SHA-256 and 2 private files" in lines[0]


def test_every_model_keeping_files_in_private_storage_is_checked():
    """Found by their fields, so a new model is checked without being named."""
    found = {model for model, _ in private_file_fields()}

    assert {ApplicationDocument, AwardLetter, ReportEvidence, ImpactReport} <= found
    assert all(model._meta.app_label == "fund" for model in found)
