"""Awards, made by award_make on a reviewed application, with the targets
and budget lines the applicant proposed (the budget scaled to the amount)
unless ``targets``/``budget`` are given; the traits carry an offer on:
``accepted`` (award_accept online, then bank details given and approved, as
a payment needs) and ``paid`` (accepted, then payment_record of
``paid_amount``, the whole award unless told).

Each letter is made once the decision commits: inside a test's
django_capture_on_commit_callbacks(execute=True) it is really made, else it
stays pending."""

from decimal import Decimal

import factory
from django.utils import timezone

from fund.awards.models.awards import Award
from fund.awards.services.decisions import award_make
from fund.awards.services.lifecycle import award_accept
from fund.awards.services.payments import payment_record
from tests.factories.applications import ApplicationFactory
from tests.factories.people import FINANCE, MANAGERS, staff
from tests.support.banking import bank_details_approved

EARLY_REASON = "Decided early in a test."


class AwardFactory(factory.Factory):
    """``AwardFactory(call=call)`` or ``AwardFactory(application=reviewed)``;
    ``application__<field>`` sets the application's fields."""

    class Meta:
        model = Award

    class Params:
        call = None
        accepted = factory.Trait(accepting=True)
        paid = factory.Trait(accepting=True, paying=True)

    application = factory.SubFactory(
        ApplicationFactory,
        page=factory.SelfAttribute("..call"),
        status="reviewed",
        amount_requested=Decimal("5000"),
    )
    amount = Decimal("4000.00")
    conditions = "<p>Report quarterly.</p>"
    public_reason = ""
    early_reason = EARLY_REASON
    # The plan agreed (award_make's targets and budget); None: as the
    # applicant proposed it, the budget scaled to the amount, or all of it
    # on "Other" when the application has no budget lines.
    targets = None
    budget = None
    by = factory.LazyFunction(lambda: staff(MANAGERS))
    # Read by _create, never saved: how far the services take the offer.
    accepting = False
    paying = False
    accepted_by = "Ann Lee"
    position = "Chair"
    recorded_by = None  # the staff member recording the acceptance; None: online
    paid_amount = None
    paid_on = factory.LazyFunction(timezone.localdate)
    bacs_reference = factory.Sequence(lambda n: f"BACS{n}")
    finance = None

    @classmethod
    def _create(
        cls, model_class, *, accepting, paying, accepted_by, position, recorded_by, **fields
    ):
        payment = {
            key: fields.pop(key) for key in ("paid_amount", "paid_on", "bacs_reference", "finance")
        }
        award = award_make(**fields)
        if accepting:
            award = accept_online(award, name=accepted_by, position=position, by=recorded_by)
        if paying:
            pay(award, **payment)
            award.refresh_from_db()
        return award

    _build = _create


def accept_online(award, *, name="Ann Lee", position="Chair", by=None):
    """The grantee accepts the offer online (award_accept; or staff ``by``
    record it), and their bank details are given and approved, as a payment
    needs."""
    accepted = award_accept(award=award, name=name, position=position, by=by)
    bank_details_approved(accepted)
    return accepted


def pay(award, *, paid_amount=None, paid_on=None, bacs_reference="BACS1", finance=None):
    """payment_record of ``paid_amount`` (the whole award unless told)."""
    return payment_record(
        award=award,
        paid_on=paid_on or timezone.localdate(),
        amount=paid_amount or award.amount,
        bacs_reference=bacs_reference,
        by=finance or staff(FINANCE),
    )
