"""Admin hooks for the fund manager's side (registered by import from fund.wagtail_hooks)."""
