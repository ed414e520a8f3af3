"""Monitoring and outcomes: each grant's reports against its agreed targets
and budget lines, reminders, the staff review of reports, the outcomes
dashboard and the Commissioner's impact report (docs/decisions/0009-monitoring.md)."""
