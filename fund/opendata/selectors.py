"""Published grants: what the grants awarded page lists, and what the
360Giving files (fund/opendata/views.py) are built from.

The Elected Local Policing Bodies (Specified Information) Order 2011 asks a
police and crime commissioner to publish each grant's recipient, amount,
purpose, conditions and the reasons it was made. What is published is an
award that was made and still stands (offered, accepted, paid or completed);
a withdrawn or declined award, and an application that was not funded, are
never published.

Nothing personal leaves this module: the query loads only the columns that
are published (never the contact's name, e-mail, telephone or the address),
and callers get `PublishedGrant` records, not model instances, so a template
cannot reach anything else by accident.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import Award, AwardStatus
from fund.awards.selectors import condition_items

#: An award in one of these is published; withdrawn and declined ones never are.
PUBLISHED_AWARD_STATUSES = (
    AwardStatus.OFFERED,
    AwardStatus.ACCEPTED,
    AwardStatus.PAID,
    AwardStatus.COMPLETED,
)

FILE_NAME = "grants-awarded-360giving"

#: The only columns read: what is published, and what orders and groups it.
_PUBLISHED_FIELDS = (
    "application",
    "fund",
    "amount",
    "conditions",
    "public_reason",
    "period_start",
    "period_end",
    "decided_at",
    "application__reference",
    "application__organisation_name",
    "application__organisation_type",
    "application__registration_number",
    "application__project_title",
    "application__project_summary",
    "application__amount_requested",
    "application__districts",
    "application__page",
    "application__page__title",
    "application__page__path",
    "fund__title",
    "fund__path",
    "fund__funding_source",
    "fund__financial_year",
)


@dataclass(frozen=True)
class PublishedGrant:
    """One published grant: only what may be shown to anyone."""

    reference: str
    recipient_name: str
    organisation_type: str
    registration_number: str
    title: str
    summary: str
    amount: Decimal
    amount_applied_for: Decimal | None
    conditions: tuple[str, ...]
    reason: str
    decided_at: dt.datetime
    period_start: dt.date
    period_end: dt.date
    districts: tuple[str, ...]
    call_title: str

    @property
    def award_date(self) -> dt.date:
        """The day the grant was awarded, in London."""
        return timezone.localdate(self.decided_at)

    @property
    def last_modified(self) -> dt.datetime:
        # The published fields are set when the award is made.
        return self.decided_at


class CallGrants(NamedTuple):
    title: str
    grants: list[PublishedGrant]

    @property
    def total(self) -> Decimal:
        return sum((grant.amount for grant in self.grants), Decimal("0.00"))


class FundGrants(NamedTuple):
    title: str
    funding_source: str
    financial_year: str
    calls: list[CallGrants]

    @property
    def total(self) -> Decimal:
        return sum((call.total for call in self.calls), Decimal("0.00"))

    @property
    def count(self) -> int:
        return sum(len(call.grants) for call in self.calls)


def published_awards():
    """The awards to publish, in fund, call, then award order: one query."""
    return (
        Award.objects.filter(
            status__in=PUBLISHED_AWARD_STATUSES,
            application__status=ApplicationStatus.AWARDED,
        )
        .select_related("application__page", "fund")
        .only(*_PUBLISHED_FIELDS)
        .order_by(
            "fund__path",
            "application__page__path",
            "decided_at",
            "application__reference",
        )
    )


def _published(award) -> PublishedGrant:
    application = award.application
    return PublishedGrant(
        reference=application.reference,
        recipient_name=application.organisation_name,
        organisation_type=application.organisation_type,
        registration_number=application.registration_number,
        title=application.project_title,
        summary=application.project_summary,
        amount=award.amount,
        amount_applied_for=application.amount_requested,
        conditions=tuple(condition_items(award.conditions)),
        reason=award.public_reason.strip(),
        decided_at=award.decided_at,
        period_start=award.period_start,
        period_end=award.period_end,
        districts=tuple(application.districts or ()),
        call_title=application.page.title,
    )


def published_grants() -> list[PublishedGrant]:
    """Every published grant, in fund, call, then award order."""
    return [_published(award) for award in published_awards()]


def published_grants_by_fund() -> list[FundGrants]:
    """Every published grant grouped by fund, then by call (one query)."""
    funds: list[FundGrants] = []
    fund_key = call_key = None
    for award in published_awards():
        if award.fund_id != fund_key:
            fund_key, call_key = award.fund_id, None
            fund = award.fund
            funds.append(FundGrants(fund.title, fund.funding_source, fund.financial_year, []))
        if award.application.page_id != call_key:
            call_key = award.application.page_id
            funds[-1].calls.append(CallGrants(award.application.page.title, []))
        funds[-1].calls[-1].grants.append(_published(award))
    return funds


# --- the 360Giving files ----------------------------------------------------------
# Public, stable URLs (fund/opendata/urls.py), linked from the grants
# awarded page. Each costs the same few queries however many grants there are.
