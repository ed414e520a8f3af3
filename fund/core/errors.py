from django.db import DatabaseError

#: A fault of ours (the database, the file store: a full disk or an object
#: store that refuses or cannot be reached, fund/core/storage.py) while
#: saving: the services roll back everything, and the person is told so in
#: plain words.
FAULTS = (DatabaseError, OSError)


class StoreUnavailable(OSError):
    """The object store (fund/core/s3.py) refused a request or could not be
    reached. Its words name the action, the file and S3's error code:
    never a credential."""


class ServiceError(Exception):
    """An action the rules refuse, with a message that tells the person why
    and what to do next. ``errors`` maps form field names to messages."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
