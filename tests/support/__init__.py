"""What many test modules share, once: reading pages and the admin sidebar
(pages.py), bringing applications to a state and checking it (states.py),
filling in the public form (applying.py), bank details (banking.py),
Wagtail's editors (editing.py), the applicant's e-mailed links (links.py),
a mail server that is down (mail.py) and the grants that are published
(published.py). Factories are in tests/factories/; what only the tests of
one folder share is in that folder's conftest.py and helpers.py."""
