"""Admin hooks for decisions, awards, payments and letters (registered by import from fund.wagtail_hooks)."""  # noqa: E501
