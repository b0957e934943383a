"""Production: every secret from the environment, HTTPS only, PostgreSQL, Redis, real email."""

from .base import *  # noqa: F403 -- settings modules extend base by design
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: refuse to start without one
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
CACHES = {"default": env.cache("CACHE_URL", default="rediscache://127.0.0.1:6379/1")}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the reverse proxy that terminates HTTPS, allauth's per-IP rate limits must read the
# client's address from X-Forwarded-For, trusting only the proxies we run (0 if none).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("DJANGO_TRUSTED_CLIENT_IP_HEADER", default=None)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL")  # production never runs tasks in the web process
CELERY_TASK_ALWAYS_EAGER = False
