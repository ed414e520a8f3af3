"""What tests/storage checks of every private file that leaves the site."""

from tests.support.pages import assert_private_no_store, read_body

SANDBOX = "default-src 'none'; sandbox"


def private_download(response, filename):
    """The bytes of a private file download, once its headers are checked:
    an attachment, never sniffed, sandboxed, kept by no cache."""
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert_private_no_store(response, filename)
    body = read_body(response)
    assert int(response["Content-Length"]) == len(body)
    return body
