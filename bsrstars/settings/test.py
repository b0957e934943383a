"""Test settings: fast hashing, in-memory email, temporary media. DATABASE_URL and
CELERY_BROKER_URL switch the suite to PostgreSQL and Redis."""

import os
import tempfile

from .base import *  # noqa: F403 -- settings modules extend base by design

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="bsrstars-test-media-")
# Shared with the worker processes tests start (they inherit the environment), so a PDF a worker
# writes is there for the test to read.
PRIVATE_MEDIA_ROOT = os.environ.setdefault(
    "BSRSTARS_TEST_PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="bsrstars-test-private-")
)
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bsrstars-test"}}
