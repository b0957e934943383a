"""Settings of the portal as bench/pages.py serves it: the embedded run's settings with DEBUG off,
persistent connections as in production, and a middleware that counts each request's SQL."""

from bsrstars.settings.dev import *  # noqa: F403 -- settings modules extend the project's by design
from bsrstars.settings.dev import MIDDLEWARE

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405 -- from the star import
MIDDLEWARE = ["bench.querycount.QueryCountMiddleware", *MIDDLEWARE]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

import warnings  # noqa: E402 -- only for the line below

# The bench serves no static files (it requests pages): no collected static root is needed.
warnings.filterwarnings("ignore", message="No directory at")
