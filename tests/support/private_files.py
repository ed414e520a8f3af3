"""Where the tests keep private files. ``private_files_to`` makes one
storage the private storage for a test, everywhere code finds it: what
``fund.core.storage.private_storage()`` answers (settings.STORAGES, read by
/healthz and check_integrity) and every model field on the private storage
(found from the models, as check_integrity finds them, so a new model's
field is covered too)."""

from django.core.files.storage import storages

from fund.management.integrity import private_file_fields


def private_files_to(entry: dict, settings, monkeypatch):
    """Make ``entry`` (a STORAGES entry: BACKEND and OPTIONS) the private
    storage for this test; returns the storage. A FileField resolves its
    storage once, when models load, so the fields themselves are changed."""
    settings.STORAGES = {**settings.STORAGES, "private": entry}
    storage = storages["private"]
    for _model, field in private_file_fields():
        monkeypatch.setattr(field, "storage", storage)
    return storage
