"""Whether the records agree with themselves and with the private files
(`manage.py check_integrity`; README, "Checks an operator runs").

Three checks, each of which only reads:

- each fund's committed total is its budget ledger's sum
  (docs/decisions/0002-budget-ledger.md);
- each document the worker made (an award letter, an impact report: every
  model built on fund/core/stored.py's ``MadeDocument``) is the file it was
  issued as: its stored bytes have the SHA-256 recorded when it was made
  (``stored.read_checked``, the same test a download makes). Unlike a
  download, the check writes no "tampered" entry in the History: it is run
  nightly and on restored copies, and a fault is its report, not a change
  to the records;
- every row of a model whose file field is on the private storage has its
  file. The models are found by their fields, so a new model that keeps
  files there is checked without being named here. Each folder the rows'
  files are in is listed once (one listing per thousand files on S3), rather
  than asking the storage about each file.

This sits with the management commands, the top of the domain order, because
it reads funds, awards and every model with a private file.
"""

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import DecimalField, FileField, Sum, Value
from django.db.models.functions import Coalesce

from fund.calls.models import FundPage
from fund.core import stored
from fund.core.money import MONEY, pounds
from fund.core.storage import private_storage
from fund.core.stored import MadeDocument


@dataclass
class IntegrityReport:
    faults: list[str] = field(default_factory=list)
    funds: int = 0
    documents: int = 0
    files: int = 0

    def summary(self) -> str:
        checked = (
            f"Checked {_count(self.funds, 'fund')} against the ledger, "
            f"{_count(self.documents, 'made document')} against their SHA-256 "
            f"and {_count(self.files, 'private file')} against the storage"
        )
        if not self.faults:
            return f"{checked}: everything agrees."
        return f"{checked}: {_count(len(self.faults), 'fault')} found."


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def ledger_check(report: IntegrityReport) -> None:
    """Each fund's committed total against its ledger's sum, in one query."""
    zero = Value(0, output_field=DecimalField(**MONEY))
    funds = (
        FundPage.objects.only("pk", "title", "committed")
        .annotate(ledger=Coalesce(Sum("ledger_entries__amount"), zero))
        .order_by("pk")
    )
    for fund in funds:
        report.funds += 1
        if fund.committed != fund.ledger:
            report.faults.append(
                f"Fund '{fund.title}' (id {fund.pk}): committed {pounds(fund.committed)} "
                f"but its ledger adds up to {pounds(fund.ledger)}."
            )


def made_documents():
    """Every model of documents the worker makes and keeps with their SHA-256
    (fund/core/stored.py MadeDocument): award letters, impact reports."""
    return [model for model in apps.get_models() if issubclass(model, MadeDocument)]


def made_check(report: IntegrityReport, *, missing: set[tuple[str, int]]) -> None:
    """Each document made against the SHA-256 recorded when it was made. One
    whose file is ``missing`` is reported by files_check instead."""
    for model in made_documents():
        name = model._meta.verbose_name
        for document in model._default_manager.exclude(file="").order_by("pk").iterator(200):
            if (model._meta.label, document.pk) in missing:
                continue
            report.documents += 1
            try:
                intact = stored.read_checked(document.file, document.sha256).intact
            except FileNotFoundError:  # deleted since its folder was listed
                report.faults.append(f"{document} ({name} id {document.pk}): its file is missing.")
                continue
            except OSError as error:  # the store refused this one read
                report.faults.append(
                    f"{document} ({name} id {document.pk}): its file could not be read: {error}"
                )
                continue
            if not intact:
                report.faults.append(
                    f"{document} ({name} id {document.pk}): its stored file does not match "
                    "the SHA-256 recorded when it was made, so it is not the document issued."
                )


def private_file_fields():
    """(model, field) for every file field kept on the private storage."""
    private = private_storage()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, FileField):
                storage = model_field.deconstruct()[3].get("storage")
                if storage is private_storage or storage is private:
                    yield model, model_field


def _stored_names(storage, folder: str) -> set[str]:
    """The names of the files in ``folder``, in one listing."""
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return set()  # a folder on disk is made with its first file
    return {posixpath.join(folder, name) for name in files}


def files_check(report: IntegrityReport) -> set[tuple[str, int]]:
    """Every private file a row names, against the storage's listing of its
    folder. Returns the rows whose file is missing, by (model label, pk)."""
    missing = set()
    for model, model_field in private_file_fields():
        rows = (
            model._default_manager.exclude(**{model_field.name: ""})
            .exclude(**{f"{model_field.name}__isnull": True})
            .order_by("pk")
            .values_list("pk", model_field.attname)
        )
        by_folder = defaultdict(list)
        for pk, name in rows.iterator(chunk_size=2000):
            by_folder[posixpath.dirname(name)].append((pk, name))
        storage = model_field.storage
        for folder, named in sorted(by_folder.items()):
            stored = _stored_names(storage, folder)
            for pk, name in named:
                report.files += 1
                if name not in stored:
                    missing.add((model._meta.label, pk))
                    report.faults.append(
                        f"{model._meta.verbose_name.capitalize()} (id {pk}): "
                        f"its file {name} is missing from the private storage."
                    )
    return missing


def integrity_check() -> IntegrityReport:
    """Run every check; the report lists each fault in plain words."""
    report = IntegrityReport()
    ledger_check(report)
    missing = files_check(report)
    made_check(report, missing=missing)
    return report
