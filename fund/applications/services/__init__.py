"""An application from first draft to submission, and the applicant's own
changes to it afterwards, one module for each:

- drafts: keeping what the applicant has given, files included, as a draft;
- sending: a complete draft sent, with its reference and acknowledgement;
- withdrawal: the applicant withdrawing before a decision;
- links: the private links, sent again, resent on request or revoked.
"""
