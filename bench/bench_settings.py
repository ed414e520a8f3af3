"""The production settings, as the benchmarks run them on loopback.

Only what a plain-HTTP loopback run cannot honour differs: no redirect to
HTTPS and no Secure-only cookies (the benchmarks' clients speak plain HTTP;
gunicorn would sit behind an HTTPS proxy), static files from the finders
(nothing collected), a fixed key, tasks queued in the database as in
production (no worker runs, so nothing is sent), and no limit on the new
drafts one client address may start (all the clients are on loopback).
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

SECRET_KEY = "bench-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATIC_ROOT = None
# Every client of the benchmarks comes from 127.0.0.1, where a real site's
# applicants come from many addresses: no limit on new drafts per address.
FUND_NEW_DRAFTS_PER_CLIENT_PER_DAY = 1_000_000
