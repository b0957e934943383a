"""Settings for a test's own `celery worker` that sends real SMTP to a server of the test's
(EMAIL_URL, e.g. smtp://127.0.0.1:2525), so the test can count what was sent."""

from bsrstars.settings.test import *  # noqa: F403 -- the test settings, with real SMTP

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
