"""Decisions and money on the demo's closed call: awards in each state,
declines, bank details, payments and a return."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fund.awards.models.awards import Award
from fund.awards.services.bank import bank_details_approve, bank_details_change
from fund.awards.services.decisions import application_decline, award_make
from fund.awards.services.lifecycle import award_accept
from fund.awards.services.payments import instalment_add, payment_record, return_record
from fund.reviews.selectors import ranking


def _decide(to_award, to_decline, *, manager) -> list[Award]:
    """Award the first bids what they asked for and decline the others."""
    awards = [
        award_make(
            application=application,
            amount=application.amount_requested,
            conditions="",
            by=manager,
        )
        for application in to_award
    ]
    Award.objects.filter(pk__in=[a.pk for a in awards]).update(
        public_reason="Helps victims of modern slavery to leave exploitation safely and "
        "to support prosecutions, which reduces the harm done by organised crime."
    )
    for application in to_decline:
        application_decline(
            application=application,
            reason="score",
            feedback="The panel found the outcomes for victims hard to measure. "
            "We would welcome a new bid with clearer milestones.",
            by=manager,
        )
    return awards


def _accept(awards, *, finance):
    """The first four awards accepted, with bank details as the grantee
    gives them through the private link; finance has checked the first
    three, the fourth waits for approval."""
    for number, award in enumerate(awards[:4], start=1):
        award_accept(award=award, name="Sam Example", position="Chair of trustees", by=finance)
        details = bank_details_change(
            award=award,
            account_name=f"{award.application.organisation_name}"[:70],
            sort_code=f"20-00-{number:02d}",
            account_number=f"5500{number:04d}",
        )
        if number < 4:
            bank_details_approve(details=details, by=finance)


def _pay(awards, *, finance):
    """Two paid in full (one later returns an underspend), one part-paid on
    a schedule."""
    today = timezone.localdate()
    for number, award in enumerate(awards[:2], start=1):
        payment_record(
            award=award,
            paid_on=today - dt.timedelta(days=7),
            amount=award.amount,
            bacs_reference=f"SCF{number:04d}",
            by=finance,
        )
    return_record(
        award=awards[0],
        received_on=today - dt.timedelta(days=1),
        amount=Decimal("150.00"),
        reason="underspend",
        note="Training venue cost less than planned.",
        by=finance,
    )
    half = (awards[2].amount / 2).quantize(Decimal("0.01"))
    instalment_add(award=awards[2], due_on=today, amount=half, by=finance)
    instalment_add(
        award=awards[2],
        due_on=today + dt.timedelta(days=90),
        amount=awards[2].amount - half,
        by=finance,
    )
    payment_record(
        award=awards[2], paid_on=today, amount=half, bacs_reference="SCF0003", by=finance
    )


def decisions(call, users):
    """Six awards in different states, two declines, two left to decide:
    two paid in full (one later returns an underspend), one part-paid on a
    schedule, one accepted and waiting, two offers still open."""
    if Award.objects.filter(application__page=call).exists():
        return
    rows, _remaining = ranking(call=call)
    reviewed = [r.application for r in rows if r.application.status == "reviewed"]
    awards = _decide(reviewed[:6], reviewed[6:8], manager=users["manager"])
    _accept(awards, finance=users["finance"])
    _pay(awards, finance=users["finance"])
