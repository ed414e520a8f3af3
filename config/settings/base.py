"""Settings shared by every environment.

Everything that differs between machines comes from the environment (see the
README's "Configuration"); nothing secret lives in this file.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default=None)
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# The key of the grantees' bank details in the database (fund/models/bank.py,
# django-fernet-encrypted-fields, which calls it SALT_KEY and derives the
# encryption key from it and SECRET_KEY). Comma-separated, newest first, to
# rotate it. Required in production (production.py); dev.py and test.py
# give a fixed one.
SALT_KEY = env.list("BANK_DETAILS_KEY", default=None)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "fund",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    # Wagtail's admin cannot run without its Documents app (every admin page
    # links the documents API: wagtail/wagtail#14418), so it stays, private:
    # only staff who may use the library download from it
    # (fund/applications/admin/hooks_documents.py).
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_guid",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (LOGGING below).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # /healthz for the load balancer, before the host check and the session
    # (fund/core/health.py says why).
    "fund.core.health.HealthCheckMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fund.security.csp.SiteCSPMiddleware",
    "fund.security.headers.CrossOriginResourcePolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fund.security.sessions.StaffSessionTimeoutMiddleware",
    "fund.security.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the login view's failures (see "Signing in" below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL names another database
# (postgres://... in production and CI).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each worker keeps its connection for DB_CONN_MAX_AGE seconds (0: a new one
# per request) and checks it before reusing it, so a connection the database
# dropped (a restart, a fail-over, an idle time-out) costs no request. Behind
# PgBouncer in transaction pooling set DB_CONN_MAX_AGE=0 and
# DB_DISABLE_SERVER_SIDE_CURSORS=true (README, "Deploying").
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DB_DISABLE_SERVER_SIDE_CURSORS", default=False
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Signing in -------------------------------------------------------------
# django-axes counts failed sign-ins per user name *and* address, the same
# whether or not the user name exists, so a lock-out tells an attacker nothing
# and nobody can lock a colleague out from elsewhere. It must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fund.security.login.locked_out"
AXES_VERBOSE = False
# How many reverse proxies of ours stand in front of the site: the client's
# address is then the one the outermost appended to X-Forwarded-For (see
# fund/security/login.py); with none, it is REMOTE_ADDR.
FUND_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "fund.security.login.client_address"

# Two-factor authentication (django-otp; fund/security/two_factor.py): an
# authenticator app's six-digit codes, with single-use backup codes. Required
# of administrators and of these groups before any admin page opens; others
# (the grant panel) may turn it on for themselves.
FUND_TWO_FACTOR_REQUIRED_GROUPS = ["Fund managers", "Finance"]
OTP_TOTP_ISSUER = env("OTP_ISSUER", default="Safer Communities Fund")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Staff sessions end after a spell without activity and, whatever happens,
# some hours after signing in (fund/security/sessions.py). Applicants' sessions
# hold no sign-in and are left alone: their answers are kept as drafts.
FUND_STAFF_IDLE_TIMEOUT = timedelta(minutes=env.int("STAFF_IDLE_MINUTES", default=30))
FUND_STAFF_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("STAFF_SESSION_HOURS", default=10))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Public media (page images) and private files (documents, evidence, letters,
# impact reports) are separate storages: private files have no URL, a view
# streams them. In a bucket if S3_BUCKET is set (README), else in this folder:
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=BASE_DIR / "var" / "private")
if env("PRIVATE_STORAGE_BACKEND", default=""):
    raise environ.ImproperlyConfigured("PRIVATE_STORAGE_BACKEND is retired: set S3_BUCKET.")
S3_ENCRYPTION = env("S3_ENCRYPTION", default="AES256")  # blank: a store without SSE-S3
S3 = {  # blank keys: boto3's own chain (an instance role, AWS_* variables)
    "bucket_name": env("S3_BUCKET", default=""),
    "location": env("S3_PREFIX", default="private"),
    "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
    "region_name": env("S3_REGION", default="eu-west-2"),
    "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
    "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
    "object_parameters": {"ServerSideEncryption": S3_ENCRYPTION} if S3_ENCRYPTION else {},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "fund.core.storage.PrivateS3Storage", "OPTIONS": S3}
    if S3["bucket_name"]
    else {
        "BACKEND": "fund.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: Django keeps files up to 2.5 MB in memory and spools larger ones
# to disk; the form enforces the per-file and per-application limits.
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
DATA_UPLOAD_MAX_NUMBER_FILES = 20

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="grants@example.org")

# Background work (e-mails now; letters and exports later). Development and
# tests run tasks immediately; production uses django-tasks-db's queue.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
    },
}

WAGTAIL_SITE_NAME = "Safer Communities Fund"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods"]
# Documents are streamed by Wagtail's serve view, mounted in the admin, never
# linked at their public media address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Rich text offers no links to documents: a public page could not open them.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        # Wagtail's defaults without "document-link".
        "OPTIONS": {
            "features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link"]
            + ["image", "embed"]
        },
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: it would tell a third party (a hash of) each staff
# member's e-mail address on every admin page, and the CSP refuses it anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# The application form (see fund/uploads.py).
FUND_UPLOAD_MAX_FILE_BYTES = 10 * 1024 * 1024
FUND_UPLOAD_MAX_TOTAL_BYTES = 25 * 1024 * 1024
FUND_UPLOAD_MAX_FILES = 10
# What an office file (a ZIP archive) may unpack to: more is a "zip bomb".
FUND_UPLOAD_MAX_UNPACKED_BYTES = 20 * FUND_UPLOAD_MAX_FILE_BYTES

# --- Cache ------------------------------------------------------------------
# The limits below are counted in the cache. With REDIS_URL set
# (redis://host:6379/0) every server shares one Redis; without it each
# process keeps its own counts in memory, which is right for development and
# tests but lets a production site with several servers or workers count
# each separately: set REDIS_URL there.
if REDIS_URL := env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "scf",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# What anyone may make the public site do (fund/core/limits.py): the
# "come back to your application" e-mail per address and per client address
# an hour, and new drafts per client address a day.
FUND_DRAFT_LINK_EMAILS_PER_ADDRESS_PER_HOUR = env.int("DRAFT_LINK_EMAILS_PER_ADDRESS", default=3)
FUND_DRAFT_LINK_EMAILS_PER_CLIENT_PER_HOUR = env.int("DRAFT_LINK_EMAILS_PER_CLIENT", default=10)
FUND_NEW_DRAFTS_PER_CLIENT_PER_DAY = env.int("NEW_DRAFTS_PER_CLIENT", default=20)
FUND_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY = env.int("ACKNOWLEDGEMENTS_PER_ADDRESS", default=10)

# "Lost your link?" (fund/services/applications.py, `application_link_resend`):
# requests per typed e-mail address and per client address an hour.
FUND_LOST_LINK_PER_ADDRESS_PER_HOUR = env.int("LOST_LINK_PER_ADDRESS", default=3)
FUND_LOST_LINK_PER_CLIENT_PER_HOUR = env.int("LOST_LINK_PER_CLIENT", default=10)

# Changes of bank details asked for through the private link
# (fund/awards/services/bank.py): requests per application a day.
FUND_BANK_CHANGES_PER_APPLICATION_PER_DAY = env.int("BANK_CHANGES_PER_DAY", default=3)

# Retention (fund/retention.py; `manage.py apply_retention`): how long personal
# data is kept on applications that did not lead to a grant, and how long an
# abandoned draft is kept.
FUND_RETENTION_DAYS = {
    "unsuccessful": env.int("RETENTION_UNSUCCESSFUL_DAYS", default=2 * 365),
    "withdrawn": env.int("RETENTION_WITHDRAWN_DAYS", default=2 * 365),
    "abandoned_draft": env.int("RETENTION_DRAFT_DAYS", default=90),
}

# --- Response headers: config/settings/headers.py -----------------------------
from .headers import *  # noqa: E402, F403

# --- Logs and checks an operator runs (README, "Deploying") ----------------
# Plain text by default; LOG_FORMAT=json writes one JSON object a line
# (fund/core/logs.py), each with the request id (django-guid): the client's
# X-Request-ID if it is a valid id, otherwise a new one, sent back in every
# response's X-Request-ID header.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise environ.ImproperlyConfigured("LOG_FORMAT must be text or json.")
# EXPOSE_HEADER off: no page is read by another origin's script.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "EXPOSE_HEADER": False}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        },
        "private_links": {"()": "fund.core.logs.PrivateLinksHidden"},
    },
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {
            "()": "fund.core.logs.JsonLogFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "private_links"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # One line per task run and per page event is noise in a terminal.
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", default="WARNING")},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # It says at INFO, for every request, whether the client sent an id.
        "django_guid": {"level": "WARNING"},
    },
}
# /healthz fails once the oldest task waiting in the queue has waited longer
# than this: the worker has stopped, or cannot keep up.
HEALTHZ_MAX_TASK_AGE_SECONDS = env.int("HEALTHZ_MAX_TASK_AGE_SECONDS", default=900)
