"""The admin side of decisions, awards, payments and letters.

- ``decisions``: "Award" and "Decline" on an application (registered by the
  Applications viewset, fund/grants/applications.py).
- ``viewsets``: Grants > Awards, its inspect view and the URLs of every
  action on an award, under the one namespace ``awards:``.
- ``listing``: the awards listing, with its filters, totals and downloads
  (also in the Reports menu).
- ``actions``: the actions on one award (schedule, acceptance, payment,
  returned money, withdrawal, completion).
- ``bank``: an award's bank details.
- ``letters``: downloading a letter, or a call's current letters as a ZIP;
  reissuing a letter or trying a failed one again.
- ``to_pay``: finance's list of what to pay.
- ``budget``: "Budget at a glance" on the dashboard.

Who may do what is named in fund.core.permissions. Each action view is thin
(docs/architecture.md, "Where the rules live"): check the permission, call
one service, say what happened and go back to the record. A refusal from the
service re-renders the form with its message and the fields it names.
"""
