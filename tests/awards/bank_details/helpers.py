"""What the tests of tests/awards/bank_details share.

Bank details: given with the acceptance through the private link, stored
encrypted, masked for all but finance, changed only with the contact's
confirmation and a second member of finance's approval, and needed before
any payment (fund/services/bank.py).
"""

from django.test import Client
from django.urls import reverse

from fund.applications import access
from tests.support.banking import BANK_DETAILS

CONDITIONS = "<p>Report quarterly.</p>"


GOOD = BANK_DETAILS


def grantee(award):
    """A browser that opened the award's private status link."""
    browser = Client()
    path = reverse("fund_status_open", args=[access.make_token(award.application, access.STATUS)])
    browser.post(path)
    return browser


def accept(browser, **overrides):
    data = {"name": "Sam Example", "position": "Chair", "condition_1": "on", **GOOD, **overrides}
    return browser.post("/apply/status/accept/", data)


def bank_page(award):
    return reverse("awards:bank_details", args=[award.pk])
