"""The grantee's report form (report.py)."""
