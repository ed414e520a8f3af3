"""Free text: reasons limited by their forms, Wagtail's editors, and names made
from what staff type."""

import pytest
from django.urls import reverse

from fund.awards.models.awards import AwardLetter, BudgetEntry, FundReturn
from fund.calls.models import CallFormField, CallPage
from tests.core.length_limits.helpers import TODAY
from tests.support.editing import call_editor_data
from tests.support.pages import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


LIMIT_MESSAGE = "Keep this to 2000 characters or fewer. It is 100000 characters, so shorten it."


APPLICANT_MESSAGE = "Your reason must be 2000 characters or fewer. It is 100000 characters"


def withdraw_award(w, text):
    award = w.award()
    response = w.staff(w.manager).post(
        reverse("awards:withdraw", args=[award.pk]), {"reason": text}
    )
    award.refresh_from_db()
    return response, award.ended_reason, award


def return_note(w, text):
    award = w.award(paid=True)
    response = w.staff(w.finance).post(
        reverse("awards:return", args=[award.pk]),
        {
            "received_on": TODAY().strftime("%d/%m/%Y"),
            "amount": "10",
            "reason": "underspend",
            "note": text,
        },
    )
    saved = FundReturn.objects.filter(award=award).first()
    return response, saved.note if saved else None, award


def reissue_letter(w, text):
    award = w.award()
    response = w.staff(w.finance).post(
        reverse("awards:reissue_letter", args=[award.pk]), {"reason": text}
    )
    saved = AwardLetter.objects.filter(award=award, version=2).first()
    return response, saved.reason if saved else None, award


def decline_offer(w, text):
    award = w.award()
    response = w.applicant(award.application).post(
        reverse("fund_status_decline"), {"decline-reason": text}
    )
    award.refresh_from_db()
    return response, award.ended_reason, award


def withdraw_application(w, text):
    application = w.application(status="submitted")
    response = w.applicant(application).post(
        reverse("fund_status_withdraw"), {"withdraw-reason": text}
    )
    application.refresh_from_db()
    return response, application.withdrawn_reason, None


#: action -> (post it, the refusal, what the budget ledger records for it)
REASONS = {
    "a manager withdrawing an award": (withdraw_award, LIMIT_MESSAGE, "release"),
    "finance recording returned money with a note": (return_note, LIMIT_MESSAGE, "return"),
    "reissuing a letter": (reissue_letter, LIMIT_MESSAGE, None),
    "an applicant declining an offer": (decline_offer, APPLICANT_MESSAGE, "release"),
    "an applicant withdrawing": (withdraw_application, APPLICANT_MESSAGE, None),
}


@pytest.mark.parametrize("action", REASONS)
def test_a_2000_character_reason_is_kept_whole_and_100000_are_refused(world, action):
    post, message, ledger = REASONS[action]
    kept = ("Because " + "x" * 2000)[:2000]

    response, saved, award = post(world, kept)

    assert response.status_code == 302, page_text(response)[:3000]
    assert saved == kept
    if ledger:
        # the ledger keeps it whole too (a text column), after any label
        entry = BudgetEntry.objects.get(award=award, kind=ledger)
        assert entry.reason.endswith(kept)

    response, saved, _award = post(world, "y" * 100_000)

    assert response.status_code == 200
    assert message in page_text(response)
    assert not saved or saved == kept


def test_the_page_editor_refuses_a_long_title(client, manager, open_call):
    client.force_login(manager)
    long_title = "T" * 256

    response = client.post(
        f"/admin/pages/{open_call.pk}/edit/", call_editor_data(open_call, title=long_title)
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 255 characters (it has 256)." in page_text(response)
    assert CallPage.objects.get(pk=open_call.pk).title == "Tackling modern slavery"


def test_a_long_non_latin_question_gets_a_name_within_its_column(client, manager, open_call):
    """Wagtail spells each non-Latin letter out ("u0627") in a question's
    name: a 200-letter question in Urdu would make a name of 1,000."""
    client.force_login(manager)
    urdu = ("آپ کی تنظیم کیا کرتی ہے " * 10)[:200]
    other = urdu[:199] + "؟"

    response = client.post(
        f"/admin/pages/{open_call.pk}/edit/",
        call_editor_data(
            open_call,
            questions=[
                {"label": urdu, "field_type": "multiline", "required": "on"},
                {"label": other, "field_type": "multiline", "required": ""},
            ],
        ),
    )

    assert response.status_code == 302, page_text(response)[:2000]
    names = list(
        CallFormField.objects.filter(page=open_call, label__in=[urdu, other]).values_list(
            "clean_name", flat=True
        )
    )
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(name) <= 255 for name in names)
    form = client.get(open_call.url)
    assert form.status_code == 200
