"""Each object's admin actions live under its viewset's one namespace, the
awards are listed once, and the admin pages we add carry no inline style."""

import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from fund.core import permissions

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

APPLICATION_ACTIONS = ["screen", "assign", "award", "decline", "reopen_review", "document"]
AWARD_ACTIONS = [
    "instalment",
    "accept",
    "payment",
    "return",
    "withdraw",
    "complete",
    "plan",
    "reissue_letter",
    "bank_details",
    "bank_details_enter",
    "letter_download",
    "letter_retry",
    "call_letters",
]
FLAT_NAMES = [
    "fund_application_screen",
    "fund_application_assign",
    "fund_application_award",
    "fund_application_decline",
    "fund_review_reopen",
    "fund_document_download",
    "fund_award_payment",
    "fund_award_bank",
    "fund_letter_download",
    "fund_call_letters_zip",
    "fund_to_pay",
    "fund_awards_report",
]


@pytest.mark.parametrize("name", APPLICATION_ACTIONS)
def test_each_application_action_is_under_the_applications_namespace(name):
    assert reverse(f"applications:{name}", args=[1]).startswith("/admin/applications/")


@pytest.mark.parametrize("name", AWARD_ACTIONS)
def test_each_award_action_is_under_the_awards_namespace(name):
    assert reverse(f"awards:{name}", args=[1]).startswith("/admin/awards/")


def test_to_pay_and_the_one_awards_listing_are_the_award_viewsets():
    assert reverse("awards:to_pay") == "/admin/awards/to-pay/"
    assert reverse("awards:index") == "/admin/awards/"


@pytest.mark.parametrize("name", FLAT_NAMES)
def test_the_flat_admin_url_names_are_gone(name):
    with pytest.raises(NoReverseMatch):
        reverse(name, args=[1])
    with pytest.raises(NoReverseMatch):
        reverse(name)


def test_every_permission_is_named_in_one_module():
    assert permissions.PAY == "fund.record_payment"
    assert permissions.VIEW_AWARD == "fund.view_award"
    for name in ["SCREEN", "ASSIGN", "REVIEW", "VIEW_ALL_REVIEWS", "DECIDE", "LETTERS"]:
        assert getattr(permissions, name).startswith("fund.")


def admin_templates():
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if "wagtailadmin" in path.read_text() or "admin" in path.relative_to(TEMPLATES).parts
    ]


def test_admin_templates_carry_no_inline_style():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in admin_templates()
        if re.search(r"<style\b|\sstyle=", path.read_text())
    ]
    assert offenders == []
