"""Admin hooks (registered by import from fund.wagtail_hooks)."""
