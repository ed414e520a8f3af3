"""No 500 on the public side, nothing half-saved (issue 11): Hypothesis
posts generated, hostile and boundary input to the call form (continue and
save, in a fresh browser and in one holding a draft with a file), to check
your answers, and to the applicant's status actions (withdraw, accept and
decline an offer), each for an applicant whose browser is bound to their
application. See tests/security/property_support.py for the strategies and
the checks, and tests/security/property_forms/ for the admin forms.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from fund.applications import access
from fund.applications.models import Application, District, OrganisationType
from fund.awards.services.decisions import award_make
from tests.factories import ApplicationFactory
from tests.security.helpers import docx_bytes, stored_files
from tests.support.applying import PDF_BYTES, form_data, pdf
from tests.support.banking import BANK_DETAILS

from .property_support import (
    apply_overrides,
    choice,
    dates,
    emails,
    hostile_text,
    numbers,
    overrides,
    run_example,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# --- files ------------------------------------------------------------------------------

FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "accounts.pdf",
            "ACCOUNTS.PDF",
            "plan.docx",
            "setup.exe",
            ".pdf",
            "a" * 300 + ".pdf",
            "\u202efdp.exe",
            "con.pdf",
            "\u540d\u524d.pdf",
            "a\x00b.pdf",
            "photo.png",
        ]
    ),
    st.text(min_size=1, max_size=30).map(lambda name: f"{name}.pdf"),
)
FILE_BYTES = st.one_of(
    st.binary(max_size=600),
    st.sampled_from([PDF_BYTES, b"MZ\x90\x00" + bytes(200), b"", b"%PDF-", docx_bytes()]),
)
uploads = st.builds(lambda name, content: SimpleUploadedFile(name, content), FILE_NAMES, FILE_BYTES)


# --- the public call form -------------------------------------------------------------------

call_changes = overrides(
    submission_token=st.one_of(st.uuids().map(str), hostile_text),
    organisation_name=hostile_text,
    organisation_type=choice(OrganisationType.values),
    registration_number=st.one_of(
        st.sampled_from(["1187654", "SC012345", "01234567", "NI123456", "12345678901234"]),
        hostile_text,
    ),
    address=hostile_text,
    postcode=st.one_of(
        st.sampled_from(["LS1 2AB", "SW1A1AA", "GIR 0AA", "BD183AB12"]), hostile_text
    ),
    contact_name=hostile_text,
    contact_email=emails,
    contact_phone=st.one_of(
        st.sampled_from(["+44 113 496 0000", "+441134960000999999", "0" * 25]), hostile_text
    ),
    project_title=hostile_text,
    project_summary=hostile_text,
    amount_requested=numbers,
    planned_start=dates,
    planned_end=dates,
    districts=choice(District.values),
    remove_documents=st.one_of(st.just("held"), st.integers().map(str), hostile_text),
    question=hostile_text,
    documents=st.lists(uploads, max_size=3),
    budget_file=uploads,
)


def public_form_consistent(folder, files_before):
    """A post to the public form may keep (or change) one draft, never a
    sent application; every stored file belongs to a document and back."""

    def check(before, after, response):
        sent = [row for row in after["applications"] if row[1] != "draft"]
        assert sent == [row for row in before["applications"] if row[1] != "draft"]
        assert len(after["applications"]) - len(before["applications"]) in {0, 1}
        new_files = set(stored_files(folder)) - files_before
        new_rows = {name for _pk, name in after["documents"]} - {
            name for _pk, name in before["documents"]
        }
        assert new_files == new_rows, (new_files, new_rows)

    return check


def bind(key, application):
    """Bind ``application`` to the browser's session, as its private link does."""

    def bind_session(client):
        session = client.session
        session[key] = {"pk": application.pk, "key": application.access_key.hex}
        session.save()

    return bind_session


@pytest.fixture
def held_draft(open_call):
    """A draft saved with one file, bound to no browser."""
    data = form_data(open_call, action="save")
    data.pop("declare_true"), data.pop("declare_privacy")
    Client().post(open_call.url, {**data, "documents": [pdf("budget.pdf")]})
    draft = Application.objects.get(status="draft")
    assert draft.documents.count() == 1
    return draft


@pytest.mark.parametrize(
    ("action", "holding_a_draft"), [("continue", False), ("save", False), ("continue", True)]
)
@given(changes=call_changes)
@example(changes={})
def test_the_public_call_form_never_fails(
    request, open_call, private_storage, action, holding_a_draft, changes
):
    draft = request.getfixturevalue("held_draft") if holding_a_draft else None
    if draft is not None and changes.get("remove_documents") == "held":
        changes = {**changes, "remove_documents": str(draft.documents.get().pk)}
    questions = {f.field_type: f"q_{f.clean_name}" for f in open_call.get_form_fields()}
    renamed = {
        {"question": questions["multiline"], "budget_file": questions["file"]}.get(k, k): v
        for k, v in changes.items()
    }
    files_before = set(stored_files(private_storage))
    run_example(
        url=open_call.url,
        data=apply_overrides(form_data(open_call, action=action), renamed),
        who="a stranger" if draft is None else "the applicant",
        bind=bind(access.SESSION_DRAFT, draft) if draft else None,
        succeeded=lambda response: response.status_code in {200, 302},
        check=public_form_consistent(private_storage, files_before),
    )


# --- check your answers and the status page ------------------------------------------------------


@pytest.fixture
def complete_draft(open_call):
    """A draft with every answer, bound to no browser."""
    browser = Client()
    data = form_data(open_call)
    data.pop("declare_true"), data.pop("declare_privacy")
    response = browser.post(open_call.url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(status="draft")


@given(
    changes=overrides(
        declare_true=choice(["on", "", "off", "false", "0"]),
        declare_privacy=choice(["on", "", "off", "false", "0"]),
    )
)
@example(changes={})
def test_check_your_answers_never_fails(complete_draft, changes):
    def sent_completely(before, after, response):
        application = Application.objects.get(pk=complete_draft.pk)
        assert application.status == "submitted"
        assert application.reference and application.submitted_at
        assert after["audit entries"] > before["audit entries"]

    run_example(
        url="/apply/check/",
        data=apply_overrides({"declare_true": "on", "declare_privacy": "on"}, changes),
        who="the applicant",
        bind=bind(access.SESSION_DRAFT, complete_draft),
        succeeded=lambda response: response.status_code == 302,
        check=sent_completely,
    )


@pytest.fixture
def applicants(open_call, manager):
    """A sent application, and one offered a grant."""
    offered = ApplicationFactory(page=open_call, status="reviewed")
    award_make(
        early_reason="Decided early in a test.",
        application=offered,
        amount=Decimal("2000.00"),
        conditions="<p>Report within a year.</p>",
        by=manager,
    )
    return {"submitted": ApplicationFactory(page=open_call), "offered": offered}


STATUS_ACTIONS = {
    "withdraw": ("submitted", {"withdraw-reason": "We found other funding."}, "applications"),
    "accept": (
        "offered",
        {"name": "Lee", "position": "Chair", "condition_1": "on", **BANK_DETAILS},
        "awards",
    ),
    "decline": ("offered", {"decline-reason": "The project is cancelled."}, "awards"),
}
status_changes = overrides(
    **{
        "withdraw-reason": hostile_text,
        "decline-reason": hostile_text,
        "name": hostile_text,
        "position": hostile_text,
        "condition_1": choice(["on", "", "off"]),
        "condition_2": choice(["on"]),
        "account_name": hostile_text,
        "sort_code": choice(["12-34-56", "12 34 56", "12-34", "１２３４５６", "12-34-56\n"]),
        "account_number": choice(["12345678", "1234 5678", "1234567", "12345678x"]),
    }
)
#: Where each action goes once it succeeds.
STATUS_DONE = {
    "withdraw": "/apply/status/",
    "accept": "/apply/status/accepted/",
    "decline": "/apply/status/declined/",
}


@pytest.mark.parametrize("action", list(STATUS_ACTIONS))
@given(changes=status_changes)
@example(changes={})
def test_the_applicants_status_actions_never_fail(applicants, action, changes):
    key, valid, row = STATUS_ACTIONS[action]
    application = applicants[key]

    def check(before, after, response):
        assert response["Location"] == STATUS_DONE[action]
        assert after[row] != before[row]
        assert after["audit entries"] > before["audit entries"]

    run_example(
        url=f"/apply/status/{action}/",
        data=apply_overrides(valid, changes),
        who="the applicant",
        bind=bind(access.SESSION_STATUS, application),
        succeeded=lambda response: response.status_code == 302,
        check=check,
    )
