"""The awards domain's state changes, one module for each thing that happens
(docs/architecture.md, "Money"; docs/decisions/0002-budget-ledger.md):

- decisions: an award or a decline, and the checks of their previews;
- lifecycle: the offer accepted or declined, an award withdrawn or completed;
- payments: the schedule, payments and money returned;
- ledger: the budget ledger every change to a fund's commitment goes through;
- letters, bank, offers: award letters, the grantee's bank details, and the
  grantee's answer to an offer through the private link.
"""
