"""How a private file leaves the site: the one place its headers are set.

An applicant's document, an award letter (to staff or to the grantee), the
letters of a call as one ZIP and a subject access export are all sent the
same way: as an attachment the browser must save, not show; never sniffed
into another type; sandboxed with no right to load or run anything should a
browser open it after all; and kept by no cache, shared or the browser's own.
Open data (fund/opendata/views.py) is public and goes its own way.
"""

from django.http import FileResponse
from django.utils.cache import patch_cache_control


class NoURL:
    """A private storage's ``url()`` refuses: a private file leaves the site
    only through a permission-checked view and private_file_response()."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


#: Whatever a browser makes of the response, it may load and run nothing.
SANDBOX = "default-src 'none'; sandbox"


def private_headers(response):
    """Give ``response`` the headers of a private file (its body too may be
    private: an error about one); returns it."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    patch_cache_control(response, private=True, no_store=True)
    return response


def private_file_response(file, *, filename: str, content_type: str) -> FileResponse:
    """``file`` (an open file, which the response closes) as an attachment
    named ``filename``, with the headers of a private file."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    return private_headers(response)
