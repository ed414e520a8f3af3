"""What the tests of tests/security/escaping share.

Applicant text is shown as text everywhere and never runs: markup and
script in every free-text answer, question, document name, withdrawal
reason and acceptance, through the public form and on to the admin, the
e-mails, the award letter, the public pages and every download; and text
that a spreadsheet would run as a formula is neutralised in every export.
"""

from tests.security.escaping.scenario import TEXT_FIELDS

#: Every answer the applicant typed, by its tag in the scenario.
ALL_ANSWERS = [*TEXT_FIELDS.values(), "shape", "funders", "document", "question_document"]


def as_user(client, user):
    client.force_login(user)
    return client
