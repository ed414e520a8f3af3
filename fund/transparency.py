"""Published grants: the grants awarded page and the 360Giving data."""


def published_grants_by_fund():
    """[(fund, [(call, [award, ...]), ...]), ...] of every published grant."""
    return []
