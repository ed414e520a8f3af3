"""The grantee's report pages, reached through the private status link
(report.py)."""
