"""The production settings as the deployment tests run them, under gunicorn
on loopback (tests/deploy/processes.py gives the environment).

Only what plain HTTP on loopback cannot honour differs: no redirect to
HTTPS, no Secure-only cookies (a client sends those over HTTPS only), and
static files from the finders rather than collected. Everything the tests
are about is production's: the database task queue, the shared cache
(the database's, or Redis when REDIS_URL is set), the private storage the
environment names and the database connections kept between requests.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATIC_ROOT = None
