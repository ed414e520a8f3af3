"""The demo site a newcomer sees after `make run` (`manage.py seed_demo`):
the fund, an open and a closed call, applications on the closed call, the
grant panel's work on them, and awards in each state. Safe to run again.

- data: the demo's criteria, questions, organisations and people;
- site: the pages, the funder's settings and the calls;
- applications: the applications sent to the closed call;
- people: one demo user for each role;
- panel: screening, assignments and reviews in every state;
- decisions: awards in each state, declines, payments and a return.

Every organisation and person here is fictional; telephone numbers are from
Ofcom's range reserved for drama (0113 496 0xxx).
"""
