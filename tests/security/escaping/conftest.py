"""The fixtures of tests/security/escaping.

Applicant text is shown as text everywhere and never runs: markup and
script in every free-text answer, question, document name, withdrawal
reason and acceptance, through the public form and on to the admin, the
e-mails, the award letter, the public pages and every download; and text
that a spreadsheet would run as a formula is neutralised in every export.
"""

import pytest

from tests.factories import UserFactory
from tests.security.escaping.scenario import HTML_PAYLOADS, build_scenario, hostile_call


@pytest.fixture
def administrator(db):
    return UserFactory(is_superuser=True)


@pytest.fixture
def users(manager, finance, panel_member, administrator):
    return {
        "manager": manager,
        "finance": finance,
        "panel": panel_member,
        "administrator": administrator,
    }


@pytest.fixture
def call(fund_page):
    return hostile_call(fund_page)


@pytest.fixture(params=list(HTML_PAYLOADS), ids=list(HTML_PAYLOADS))
def scenario(request, call, manager, panel_member, django_capture_on_commit_callbacks):
    return build_scenario(
        call=call,
        payload=HTML_PAYLOADS[request.param],
        manager=manager,
        panel_member=panel_member,
        capture=django_capture_on_commit_callbacks,
    )
