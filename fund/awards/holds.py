"""What holds an award's money or its completion back, asked of the domains
above awards through the ``fund_award_holds`` Wagtail hook.

Awards come before monitoring in the domain order, so the payment and
completion services cannot read a grant's reports themselves; monitoring
registers a provider (fund/monitoring/holds.py) with two methods:

- ``payment_hold(award) -> Hold | None``: money that may not be paid yet
  (an instalment waiting on a report that is not accepted), and why;
- ``completion_refusal(award) -> str | None``: why the award may not be
  completed yet (no accepted final report, or money not reconciled).

The same pattern as a call page's form (docs/decisions/0008-pages-that-serve-forms.md).
"""

from dataclasses import dataclass
from decimal import Decimal

from wagtail import hooks


@dataclass(frozen=True)
class Hold:
    amount: Decimal
    reason: str


def _providers():
    return [provider() for provider in hooks.get_hooks("fund_award_holds")]


def payment_holds(award) -> list[Hold]:
    return [hold for p in _providers() if (hold := p.payment_hold(award))]


def completion_refusals(award) -> list[str]:
    return [refusal for p in _providers() if (refusal := p.completion_refusal(award))]
