"""What awards ask of monitoring, through the ``fund_award_monitoring``
Wagtail hook.

Awards come before monitoring in the domain order, so the award, payment,
letter and completion services cannot read a grant's reports themselves.
Monitoring registers one provider (fund/monitoring/provider.py) with:

- ``award_made(award)``: make the grant's reporting schedule, in the award's
  transaction;
- ``schedule(award) -> list[(str, date)]``: the reports due, as the letter
  states them (for an award not made yet, as the preview shows it, those
  its call's schedule will give it);
- ``payment_hold(award) -> Hold | None``: money that may not be paid yet (an
  instalment waiting on a report not yet accepted), and why;
- ``payment_holds(award_ids) -> dict[int, Hold]``: the same for a listing of
  awards, in one query;
- ``completion_refusal(award) -> str | None``: why the award may not be
  completed yet (no accepted final report, or money not reconciled).

The same pattern as a call page's form (docs/decisions/0008-pages-that-serve-forms.md,
docs/decisions/0009-monitoring.md).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from wagtail import hooks


@dataclass(frozen=True)
class Hold:
    amount: Decimal
    reason: str


def monitoring():
    [provider] = hooks.get_hooks("fund_award_monitoring")
    return provider()


def award_made(award) -> None:
    monitoring().award_made(award)


def schedule(award) -> list[tuple[str, dt.date]]:
    return monitoring().schedule(award)


def payment_hold(award) -> Hold | None:
    return monitoring().payment_hold(award)


def payment_holds(award_ids) -> dict[int, Hold]:
    return monitoring().payment_holds(award_ids)


def completion_refusal(award) -> str | None:
    return monitoring().completion_refusal(award)
