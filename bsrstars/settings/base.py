"""Settings shared by every deployment. Everything that differs comes from the environment.

See README.md for the table of variables. Defaults here are the embedded run: SQLite, eager
Celery tasks, console email, so `make run` needs nothing but Python.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-embedded-run-key-change-me-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "csp",
    "cachalot",  # table write stamps for bsrstars/fragments.py (its query cache is off, below)
    # The portal's own apps. Domain apps depend on accounts and regions, never the reverse.
    "bsrstars.accounts",
    "bsrstars.outbox",
    "bsrstars.notifications",
    "bsrstars.downloads",
    "regions",
    "smes",
    "events",
    "coaching",
    "testbeds",
    "policy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bsrstars.middleware.RejectNulMiddleware",  # before anything reads the URL
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bsrstars.middleware.UserPreferencesMiddleware",
    "bsrstars.cache_headers.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "bsrstars.urls"
WSGI_APPLICATION = "bsrstars.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bsrstars.context_processors.portal",
            ],
        },
    },
]

FORM_RENDERER = "bsrstars.forms.PortalFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://bsrstars")}
# django-cachalot only records when each table was last written (bsrstars/fragments.py keys on
# it); it caches no queries.
CACHALOT_ENABLED = False
CACHALOT_INVALIDATE_RAW = False  # the portal writes through the ORM only: no scan of every statement

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth 65: email is the login, verification mandatory for self-registered users.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up and password reset answer the same whether or not an address has an account; at sign-up
# the owner of an existing account is emailed that someone tried to register with it.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "bsrstars.accounts.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[BSR Stars S3] "
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# allauth's defaults, stated so a reader sees them; they need a shared cache in production.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
PRIVACY_NOTICE_VERSION = "2026-11"
# The accessibility statement: when the portal was last checked, and where people report a problem.
ACCESSIBILITY_REVIEWED_ON = "2026-12-02"
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", default="accessibility@bsrstars.example.org")
# Absolute links in emails sent by background tasks (which have no request to ask).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["bsrstars.formats"]  # English dates and times as written in Europe
LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("da", _("Danish")),
    ("fi", _("Finnish")),
    ("lt", _("Lithuanian")),
    ("nb", _("Norwegian Bokmål")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
DEFAULT_USER_TIMEZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Files that only a permission-checking view hands out (policy brief PDFs): never under MEDIA_URL.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
WHITENOISE_USE_FINDERS = True  # serve straight from the apps in dev and tests; production collects
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="BSR Stars S3 portal <noreply@bsrstars.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker the tasks run in-process (the embedded run); see ARCHITECTURE.md.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A down broker must not hang a request: publishing gives up fast, the row stays pending and
# the periodic sweep sends it later.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep-every-minute": {"task": "outbox.sweep", "schedule": 60.0},
    "downloads-delete-expired-hourly": {"task": "downloads.delete_expired", "schedule": crontab(minute=5)},
    # The indicators' current values computed ahead into the cache (bsrstars/kpis.py).
    "kpis-refresh-every-30-seconds": {"task": "regions.refresh_kpis", "schedule": 30.0},
    "meeting-requests-expire": {"task": "events.expire_requests", "schedule": 15 * 60.0},
    "event-follow-up-surveys": {"task": "events.send_follow_up_surveys", "schedule": crontab(minute=30, hour=9)},
    "coaching-follow-ups": {"task": "coaching.send_follow_ups", "schedule": crontab(minute=45, hour=9)},
    "testbeds-report-reminders": {"task": "testbeds.send_report_reminders", "schedule": crontab(minute=45, hour=8)},
    # KPI snapshots for the month just ended; idempotent, so also run on the 2nd as a safety net.
    "kpi-snapshots-monthly": {
        "task": "regions.take_kpi_snapshots",
        "schedule": crontab(minute=15, hour=2, day_of_month="1,2"),
    },
}
OUTBOX_GRACE_SECONDS = env.int("OUTBOX_GRACE_SECONDS", default=120)
OUTBOX_STALE_RUNNING_SECONDS = env.int("OUTBOX_STALE_RUNNING_SECONDS", default=900)
OUTBOX_MAX_ATTEMPTS = 8
# Exports of more rows than this (and documents longer than a page) are made by a worker
# (bsrstars.downloads); the file is kept for EXPORT_KEEP_HOURS.
EXPORT_INLINE_ROWS = env.int("EXPORT_INLINE_ROWS", default=500)
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated API call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bsrstars.api_permissions.RulesPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "bsrstars.api_schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "BSR Stars S3 portal API",
    "DESCRIPTION": "Programme data of the BSR Stars S3 support programme. Session or token authentication.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["bsrstars.api_permissions.RulesPermission"],
    # Request and response bodies differ (read-only fields, fields hidden as null), so each
    # direction gets its own component.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bsrstars.api_schema.document_errors",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    # No deep links: Swagger UI puts each one inside the operation's expand button (a link nested
    # in a button is unreachable for keyboard and screen-reader users).
    # Its syntax colours fall below WCAG contrast on their dark background: plain text instead.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Content-Security-Policy (django-csp 4): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
