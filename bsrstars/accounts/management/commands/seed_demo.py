"""Demo data for `make run`: every module adds a `demo.py` with `seed(stdout)` (and, if it reads
other modules' data, `seed_last(stdout)`); this command runs them in INSTALLED_APPS order.
Idempotent: a second run changes nothing."""

import logging
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Create the demo accounts and data (password demo-bsr-2026). Refuses when DEBUG is off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force to seed demo data anyway.")
        modules = [
            import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if find_spec(f"{config.name}.demo") is not None
        ]
        # Quiet the log lines each in-process task and each step of a rendered PDF would print.
        quiet = [logging.getLogger(name) for name in ("celery.app.trace", "weasyprint.progress")]
        levels = [log.level for log in quiet]
        for log in quiet:
            log.setLevel(logging.WARNING)
        # The demo's notifications email the demo addresses; keep them out of the console (the
        # embedded run prints email there) and say how many there were.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            # seed() in INSTALLED_APPS order; then seed_last() for what reads other modules' data
            # (e.g. monthly KPI snapshots).
            for hook in ("seed", "seed_last"):
                for module in modules:
                    if hasattr(module, hook):
                        with transaction.atomic():
                            getattr(module, hook)(stdout=self.stdout)
            sent = len(mail.outbox)
        for log, level in zip(quiet, levels):
            log.setLevel(level)
        if sent:
            self.stdout.write(f"{sent} demo emails sent to the demo accounts (not printed: read them in each inbox).")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready at {settings.PORTAL_BASE_URL}. Accounts are listed in README.md.")
        )
