"""Where the tests keep private files: every model field on the private
storage (found from the models, as check_integrity finds them, so a new
model's field is covered too) pointed at the test's own storage."""

from fund.management.integrity import private_file_fields


def private_files_to(storage, monkeypatch):
    """Point every private file field at ``storage`` for this test. A
    FileField resolves its storage once, when models load, so the fields
    themselves are changed."""
    for _model, field in private_file_fields():
        monkeypatch.setattr(field, "storage", storage)
