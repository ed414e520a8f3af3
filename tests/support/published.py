"""Grants made through the services for the tests of what is published
(the grants awarded page and the 360Giving data): each with a public reason
and personal data that must never be published."""

from decimal import Decimal

from tests.factories import AwardFactory
from tests.factories.awards import accept_online, pay

REASON = "Helps victims of modern slavery to leave exploitation safely."
CONDITIONS = (
    "<ul><li>Spend the grant on the project by 31 March 2027.</li>"
    "<li>Send a report within three months of the end.</li></ul>"
)
#: Personal data given with every application in these tests: none of it may
#: be published.
PERSONAL = {
    "contact_name": "Priya Personal",
    "contact_email": "priya.personal@example.net",
    "contact_phone": "07700900123",
    "address": "42 Hidden Street\nHalifax",
    "postcode": "HX9 9ZZ",
}
ACCEPTED_BY = "Jordan Acceptor"


def award_grant(call, by, *, amount="3000.00", reason=REASON, conditions=CONDITIONS, **application):
    """An application to ``call`` (with ``application``'s fields) awarded by
    the award service, with its public reason."""
    fields = {**PERSONAL, "amount_requested": Decimal("4000.00"), **application}
    return AwardFactory(
        call=call,
        by=by,
        amount=amount,
        conditions=conditions,
        public_reason=reason,
        **{f"application__{name}": value for name, value in fields.items()},
    )


def accept(award):
    """The grantee accepts online and their bank details are approved."""
    return accept_online(award, name=ACCEPTED_BY)


def pay_in_full(award, finance):
    accept(award)
    pay(award, finance=finance, bacs_reference=f"P{award.pk}")
    award.refresh_from_db()
    return award
