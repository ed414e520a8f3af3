"""Factories, one module per domain. Their traits bring a record to a state
through the services, as a person using the site would:

    ApplicationFactory(page=call)                   submitted (written directly)
    ApplicationFactory(page=call, submitted=True)   a draft sent by application_submit
    ApplicationFactory(page=call, screened=True)    ... then found eligible
    ApplicationFactory(page=call, in_review=True)   ... then given to a panel member
    ApplicationFactory(page=call, reviewed=True)    ... who submits their review
    AwardFactory(call=call)                         offered by award_make
    AwardFactory(call=call, accepted=True)          ... accepted, bank details approved
    AwardFactory(call=call, paid=True)              ... and paid (in full unless paid_amount)
"""

from tests.factories.applications import ApplicationFactory, make_document
from tests.factories.awards import AwardFactory
from tests.factories.calls import CallFactory, make_call
from tests.factories.people import UserFactory, staff
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory

__all__ = [
    "ApplicationFactory",
    "AwardFactory",
    "CallFactory",
    "ReviewAssignmentFactory",
    "ReviewFactory",
    "UserFactory",
    "make_call",
    "make_document",
    "staff",
]
