from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that have no URL: they are only ever streamed by a view that
    checks the user's permission (applicants' documents, award letters)."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage():
    """The storage for private files (settings.STORAGES["private"]): applicants'
    documents and award letters."""
    return storages["private"]
