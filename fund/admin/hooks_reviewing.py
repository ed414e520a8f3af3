"""Admin hooks for the grant panel's side (registered by import from fund.wagtail_hooks)."""
