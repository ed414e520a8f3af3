"""The applicant's private links, as they arrive by e-mail."""

import re

from django.test import Client


def link_in(message, path):
    """The path of the /apply/<path>/... link in an e-mail ``message``."""
    match = re.search(rf"https?://\S+/apply/{path}/\S+/", message.body)
    assert match, message.body
    return match.group(0).split("localhost", 1)[-1].split(":80", 1)[-1]


def open_status(path):
    """Open a private status link in a new browser, as the applicant does:
    the link's page, then its button. Returns that browser."""
    browser = Client()
    assert "See your application" in browser.get(path).content.decode()
    browser.post(path)
    return browser
