"""Where the tests keep private files: every model field whose storage is
the private storage, pointed at the test's own (tests/conftest.py)."""

import functools

from django.apps import apps
from django.db.models import FileField

from fund.core.storage import private_storage


@functools.cache
def private_file_fields():
    """Every model field whose files are in the private storage: named by
    ``storage=private_storage``, so a new model's field is found too."""
    return tuple(
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
        and getattr(field, "_storage_callable", None) is private_storage
    )


def private_files_to(storage, monkeypatch):
    """Point every private file field at ``storage`` for this test. A
    FileField resolves its storage once, when models load, so the fields
    themselves are changed."""
    for field in private_file_fields():
        monkeypatch.setattr(field, "storage", storage)
