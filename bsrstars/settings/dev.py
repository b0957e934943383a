"""The embedded run (`make run`): DEBUG on, SQLite, eager tasks, console email by default."""

from .base import *  # noqa: F403 -- settings modules extend base by design
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
