"""What the tests of tests/privacy/retention share.

The retention rules: old unsuccessful and withdrawn applications lose their
personal data and documents, abandoned drafts are deleted, and everything
else (successful, recent, in progress) is left as it was.
"""

import datetime as dt

from django.utils import timezone

from tests.factories import ApplicationFactory

NOW = timezone.now()


LONG_AGO = NOW - dt.timedelta(days=800)  # past the two-year periods


def stored_files(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def declined(call, *, declined_at=LONG_AGO, **fields):
    return ApplicationFactory(
        page=call,
        status="declined",
        submitted_at=fields.pop("submitted_at", LONG_AGO),
        declined_at=declined_at,
        decline_reason="score",
        decline_feedback="Your plan for the drop-in at 12 Mill Lane was not costed.",
        form_data={"how_will_survivors_shape_the_project": "Sam's lived experience group"},
        draft_data={"contact_name": "Sam Example"},
        **fields,
    )
