"""Local development: debug on, e-mails printed to the console, tasks run at once."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret")  # noqa: S105
SALT_KEY = env.list("BANK_DETAILS_KEY", default=["dev-only-bank-details-key"])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
DEMO_PASSWORD = env("DEMO_PASSWORD", default="safer-communities-demo")
STATIC_ROOT = None  # runserver serves static files from the finders
