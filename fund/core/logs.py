"""Log lines as JSON (LOG_FORMAT=json; LOGGING in config/settings/base.py)."""

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter


class JsonLogFormatter(JsonFormatter):
    """python-json-logger's formatter, which writes a record's extra
    attributes as fields, less the request object Django attaches to its
    request log records: its text holds the query string, which may hold
    what a person typed (a search for an e-mail address). The message
    already names the path."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        super().__init__(*args, **kwargs)
