"""The production settings as the deployment tests run them, under gunicorn
on loopback (tests/deploy/processes.py gives the environment).

Only what plain HTTP on loopback cannot honour differs: no Secure-only
cookies (a client sends those over HTTPS only) and static files from the
finders rather than collected; the environment turns off the redirect to
HTTPS (SECURE_SSL_REDIRECT=false). Everything the tests
are about is production's: the database task queue, the shared cache
(the database's, or Redis when REDIS_URL is set), the private storage the
environment names and the database connections kept between requests.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATIC_ROOT = None
# The test users' passwords are hashed by the test settings' fast hasher:
# accept it after production's own (a sign-in then rehashes with the first).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
