"""The budget ledger and issued award letters are append-only, and a letter
is checked against its SHA-256 on every download (issue 11, item 7).

The database triggers (migration 0013) exist on PostgreSQL only; the checks
on download hold on every database.
"""

import importlib
import io
import logging
import zipfile
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.applications import access
from fund.awards.models.awards import AwardLetter, BudgetEntry
from fund.awards.services import letters
from fund.awards.services.lifecycle import award_withdraw
from tests.factories import AwardFactory
from tests.support.pages import read_body

pytestmark = pytest.mark.django_db

TRIGGERS = {"fund_budgetentry_append_only", "fund_awardletter_issued_unchanged"}


@pytest.fixture
def make_award(open_call, manager, django_capture_on_commit_callbacks):
    """An offered award whose first letter has really been made (WeasyPrint)."""

    def make(**fields):
        application = {f"application__{name}": value for name, value in fields.items()}
        with django_capture_on_commit_callbacks(execute=True):
            return AwardFactory(
                call=open_call,
                by=manager,
                conditions="<p>Send a report within three months of the project's end.</p>",
                **application,
            )

    return make


@pytest.fixture
def award(make_award):
    return make_award(reference="SCF-2026-0701", organisation_name="Calder Safe Homes")


def refused(sql, params):
    """Run ``sql`` in a savepoint; the database's refusal, as text."""
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(raised.value)


def tamper(letter, content=b"%PDF-1.7\n% not the letter we issued\n%%EOF\n"):
    """Write other bytes into the stored file, as someone with access to storage might."""
    path = letter.file.path
    with open(path, "wb") as handle:
        handle.write(content)


# --- the ledger ------------------------------------------------------------------------


@pytest.mark.postgres
def test_a_ledger_entry_cannot_be_changed_or_deleted_in_the_database(award):
    entry = BudgetEntry.objects.get(award=award)

    changed = refused("UPDATE fund_budgetentry SET amount = 1 WHERE id = %s", [entry.pk])
    deleted = refused("DELETE FROM fund_budgetentry WHERE id = %s", [entry.pk])
    reworded = refused("UPDATE fund_budgetentry SET reason = 'x' WHERE id = %s", [entry.pk])

    for message in (changed, deleted, reworded):
        assert "The budget ledger is append-only" in message
        assert "Record a correction as a new entry" in message
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    entry.refresh_from_db()
    assert entry.amount == Decimal("4000.00")
    assert entry.reason == "Award to SCF-2026-0701"


@pytest.mark.postgres
def test_the_ledger_still_takes_new_entries(award, manager):
    award_withdraw(award=award, reason="The project did not start.", by=manager)

    assert list(
        BudgetEntry.objects.filter(award=award).order_by("pk").values_list("kind", "amount")
    ) == [("commit", Decimal("4000.00")), ("release", Decimal("-4000.00"))]


# --- issued letters --------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("sha256", "0" * 64),
        ("file", "letters/other.pdf"),
        ("version", 9),
        ("size", 1),
        ("status", "pending"),
    ],
)
def test_an_issued_letter_cannot_be_changed_in_the_database(award, column, value):
    letter = AwardLetter.objects.get(award=award)
    assert letter.status == "current"

    sql = f"UPDATE fund_awardletter SET {column} = %s WHERE id = %s"  # noqa: S608
    message = refused(sql, [value, letter.pk])

    assert f"Award letter {letter.pk} (version 1) was issued" in message
    again = AwardLetter.objects.get(pk=letter.pk)
    assert (again.sha256, again.file.name, again.version, again.status) == (
        letter.sha256,
        letter.file.name,
        1,
        "current",
    )


@pytest.mark.postgres
def test_an_issued_letter_cannot_be_deleted_but_one_being_made_can(award, manager):
    issued = AwardLetter.objects.get(award=award)
    pending = letters.letter_request(award=award, reason="Address corrected", by=manager)

    message = refused("DELETE FROM fund_awardletter WHERE id = %s", [issued.pk])
    AwardLetter.objects.filter(pk=pending.pk).delete()

    assert "was issued and cannot be deleted" in message
    assert list(AwardLetter.objects.filter(award=award).values_list("pk", flat=True)) == [issued.pk]


@pytest.mark.postgres
def test_reissuing_supersedes_the_letter_through_the_service(
    client, finance, award, django_capture_on_commit_callbacks
):
    first = AwardLetter.objects.get(award=award)
    client.force_login(finance)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("awards:reissue_letter", args=[award.pk]),
            {"reason": "The organisation's address changed."},
        )

    assert response.status_code == 302
    first.refresh_from_db()
    second = AwardLetter.objects.get(award=award, version=2)
    assert (first.status, second.status) == ("superseded", "current")
    assert first.sha256 and second.sha256 and first.sha256 != second.sha256
    # the superseded version is still what was issued, and still downloads
    body = read_body(client.get(reverse("awards:letter_download", args=[first.pk])))
    assert body.startswith(b"%PDF")


@pytest.mark.postgres
def test_the_reverse_migration_drops_the_triggers():
    migration = importlib.import_module("fund.migrations.0013_append_only_ledger_and_letters")
    operation = migration.Migration.operations[0]

    def triggers():
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            return {name for (name,) in cursor.fetchall()} & TRIGGERS

    assert triggers() == TRIGGERS
    with transaction.atomic():
        with connection.schema_editor(atomic=False) as editor:
            operation.reverse_code(None, editor)
        assert triggers() == set()
        transaction.set_rollback(True)
    assert triggers() == TRIGGERS


# --- a letter is checked on every download ------------------------------------------------


def assert_refusal_logged(award, caplog, letter):
    assert any(
        record.levelno == logging.ERROR and "does not match its SHA-256" in record.getMessage()
        for record in caplog.records
    )
    entry = ModelLogEntry.objects.for_instance(award.application).filter(
        action="fund.letter.tampered"
    )
    assert entry.count() >= 1
    assert entry.first().data["version"] == letter.version


def test_an_altered_letter_is_refused_to_staff_and_logged(client, finance, award, caplog):
    letter = AwardLetter.objects.get(award=award)
    url = reverse("awards:letter_download", args=[letter.pk])
    client.force_login(finance)
    assert read_body(client.get(url)).startswith(b"%PDF")

    tamper(letter)
    with caplog.at_level(logging.ERROR, logger="fund.awards.services.letters"):
        response = client.get(url)

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "has been altered in storage since it was issued" in text
    assert "Reissue the letter" in text
    assert_refusal_logged(award, caplog, letter)


def test_an_altered_letter_stops_the_zip_and_is_logged(client, finance, award, caplog):
    letter = AwardLetter.objects.get(award=award)
    client.force_login(finance)
    tamper(letter)

    with caplog.at_level(logging.ERROR, logger="fund.awards.services.letters"):
        response = client.get(reverse("awards:call_letters", args=[award.application.page_id]))

    assert response.status_code == 409
    assert letter.filename in response.content.decode()
    assert_refusal_logged(award, caplog, letter)


def test_an_unaltered_zip_holds_the_letter_as_issued(client, finance, award):
    letter = AwardLetter.objects.get(award=award)
    client.force_login(finance)

    response = client.get(reverse("awards:call_letters", args=[award.application.page_id]))

    archive = zipfile.ZipFile(io.BytesIO(read_body(response)))
    with letter.file.open("rb") as handle:
        assert archive.read(letter.filename) == handle.read()


def test_an_altered_letter_is_refused_to_the_applicant_and_logged(client, award, caplog):
    letter = AwardLetter.objects.get(award=award)
    token = access.make_token(award.application, access.STATUS)
    client.post(reverse("fund_status_open", args=[token]))
    assert read_body(client.get(reverse("fund_status_letter"))).startswith(b"%PDF")

    tamper(letter)
    with caplog.at_level(logging.ERROR, logger="fund.awards.services.letters"):
        response = client.get(reverse("fund_status_letter"))

    assert response.status_code == 409
    assert not response.streaming
    assert "Your award letter cannot be downloaded just now" in response.content.decode()
    assert_refusal_logged(award, caplog, letter)
