"""Every e-mail to an applicant carries their private status link, so no
e-mail is a dead end. Each template under templates/fund/emails/ is named
here as sent to the applicant with the link, or as one of the few that are
not; a new template that is neither fails, so it cannot be forgotten. (The
tests of each flow follow the link itself: test_decisions.py,
test_applicant_journey.py, test_bank_details.py, test_lost_link.py.)"""

from pathlib import Path

from django.conf import settings

EMAILS = Path(settings.BASE_DIR) / "templates" / "fund" / "emails"

WITH_STATUS_LINK = {
    "acknowledgement",
    "link_resent",
    "ineligible",
    "declined",
    "offer",
    "offer_accepted",
    "offer_declined",
    "reminder_report_soon",
    "reminder_report_late",
    "reminder_offer",
    "report_receipt",
    "report_accepted",
    "report_changes",
}
WITHOUT = {
    "draft_link": "nothing is sent yet: it carries the link back to the draft",
    "bank_confirm": "a security check with its own confirmation link only",
    "review_assigned": "to a panel member, with a link into the admin",
    "offer_accepted_staff": "to fund managers and finance, with a link into the admin",
    "offer_declined_staff": "to fund managers, with a link into the admin",
    "reminder_review": "to a panel member, with a link into the admin",
    "reminder_instalment": "to finance, with links into the admin",
    "report_submitted": "to fund managers, with a link into the admin",
    "report_unspent": "to finance, with a link into the admin",
}


def templates():
    return {path.stem for path in EMAILS.glob("*.txt") if not path.stem.endswith("_subject")}


def test_every_e_mail_template_is_named_here():
    assert templates() == WITH_STATUS_LINK | WITHOUT.keys()


def test_every_e_mail_to_an_applicant_prints_the_status_link():
    for name in WITH_STATUS_LINK:
        assert "{{ status_url }}" in (EMAILS / f"{name}.txt").read_text(), name
