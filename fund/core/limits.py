"""Limits on what anyone may make the public site do: how many e-mails it
sends to one address or for one client address, and how many new drafts one
client address may start (settings ``FUND_*_PER_*``).

Counts are kept in Django's cache, shared by every server when ``REDIS_URL``
is set (see config/settings/base.py). Each count lasts a fixed window from
its first use. Addresses are counted by their hash, so the cache holds no
e-mail address.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

HOUR = 60 * 60
DAY = 24 * HOUR


@dataclass(frozen=True)
class Limit:
    scope: str
    who: str
    most: int
    seconds: int

    @property
    def key(self) -> str:
        digest = hashlib.sha256(self.who.strip().lower().encode()).hexdigest()
        return f"fund:limit:{self.scope}:{digest}"


def limits_take(*limits: Limit) -> bool:
    """Count one more use against every limit; False if any of them is now
    past its number. Each count is one atomic increment in the cache (Redis
    INCR when shared), so requests sent at the same moment cannot all slip
    under a limit by reading the same count first."""
    allowed = True
    for limit in limits:
        if not limit.who:
            continue
        cache.add(limit.key, 0, timeout=limit.seconds)
        try:
            count = cache.incr(limit.key)
        except ValueError:  # expired between add and incr: a new window
            cache.set(limit.key, 1, timeout=limit.seconds)
            count = 1
        allowed = allowed and count <= limit.most
    return allowed


def draft_link_limits(*, to: str, client: str | None) -> list[Limit]:
    """A "come back to your application" e-mail: per recipient and per client."""
    return [
        Limit("draft-link-to", to, settings.FUND_DRAFT_LINK_EMAILS_PER_ADDRESS_PER_HOUR, HOUR),
        Limit(
            "draft-link-from",
            client or "",
            settings.FUND_DRAFT_LINK_EMAILS_PER_CLIENT_PER_HOUR,
            HOUR,
        ),
    ]


def new_draft_limits(*, client: str | None) -> list[Limit]:
    """A new anonymous draft, per client address."""
    return [Limit("new-draft", client or "", settings.FUND_NEW_DRAFTS_PER_CLIENT_PER_DAY, DAY)]


def acknowledgement_limits(*, to: str) -> list[Limit]:
    """An acknowledgement of a sent application, per recipient: each needs a
    new draft (limited per client address), and this stops many clients
    together sending one address more than a few a day."""
    return [
        Limit("acknowledgement-to", to, settings.FUND_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY, DAY)
    ]


def lost_link_limits(*, to: str, client: str | None) -> list[Limit]:
    """ "Lost your link?": per typed address and per client address."""
    return [
        Limit("lost-link-to", to, settings.FUND_LOST_LINK_PER_ADDRESS_PER_HOUR, HOUR),
        Limit("lost-link-from", client or "", settings.FUND_LOST_LINK_PER_CLIENT_PER_HOUR, HOUR),
    ]
