"""Tests: SQLite in memory unless DATABASE_URL names PostgreSQL (as CI does)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
SALT_KEY = ["test-only-bank-details-key"]
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEMO_PASSWORD = "safer-communities-demo"  # noqa: S105
STATIC_ROOT = None  # static files come from the finders; nothing is collected
