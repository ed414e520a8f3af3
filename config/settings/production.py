"""Production: every secret and host from the environment, HTTPS only."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Bank details are unreadable without this key and SECRET_KEY: keep both
# (and SECRET_KEY_FALLBACKS when rotating SECRET_KEY). README, "Bank details".
SALT_KEY = env.list("BANK_DETAILS_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# CACHES come from base.py: Redis when REDIS_URL is set. With more than one
# server or worker process set it, so that the public site's limits (e-mails
# and new drafts per address) are counted once for all of them (README).

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer's probe speaks plain HTTP to each server (fund/core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# nosniff, Referrer-Policy, framing, CSP and the rest: see base.py, which
# every environment shares. Wagtail's preview panel shows the page being
# edited in a frame of the admin, so frames are allowed from our own origin
# (X-Frame-Options SAMEORIGIN, CSP frame-ancestors 'self'), never elsewhere:
# check W019 asks for DENY "unless there is a good reason", and this is one.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    # Submitting a domain to the browsers' HSTS preload list is the domain
    # owner's decision (it is hard to undo); until then this check is noise.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
