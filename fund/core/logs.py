"""Log lines as JSON (LOG_FORMAT=json; LOGGING in config/settings/base.py),
and no private link's token in any log line."""

import logging
import re

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


#: The private links' paths (fund/urls.py: fund_draft_open, fund_status_open):
#: the token in them lets whoever has it into an application, so a log line
#: never carries one. tests/ops/test_logs.py checks this against the URLs.
PRIVATE_LINK = re.compile(r"(/apply/(?:continue|view)/)[^/\s?#\"']+")
HIDDEN = r"\1[private link]"


class PrivateLinksHidden(logging.Filter):
    """Replace the token of a private link in a log line's message (Django
    logs "Not Found: /apply/view/<token>/" and the like) with
    "[private link]", in every format, before any handler writes it."""

    def filter(self, record):
        message = record.getMessage()
        hidden = PRIVATE_LINK.sub(HIDDEN, message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
