"""The admin side of decisions, awards, payments and letters.

- ``decisions``: "Award" and "Decline" on an application.
- ``viewsets``: Grants > Awards, a read-only listing and inspect view.
- ``actions``: the actions on one award (schedule, acceptance, payment,
  returned money, withdrawal, completion, reissuing its letter).
- ``letters``: downloading a letter, or a call's current letters as a ZIP.
- ``permissions``: who may do which of these.

Each action view is thin (docs/architecture.md, "Where the rules live"):
check the permission, call one service, say what happened and go back to
the record. A refusal from the service re-renders the form with its message
and the fields it names.
"""
