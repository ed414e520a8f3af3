"""What many test modules share, once: reading pages (pages.py), bringing
applications to a state (states.py), filling in the public form
(applying.py), bank details (banking.py), Wagtail's page editor (editing.py)
and the applicant's e-mailed links (links.py). Factories are in
tests/factories/."""
