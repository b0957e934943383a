"""Demo data for `make run`: every module adds a `demo.py` with `seed(stdout)` (and, if it reads
other modules' data, `seed_last(stdout)`); this command runs them in INSTALLED_APPS order.
Idempotent: a second run changes nothing."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


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
        # seed() in INSTALLED_APPS order; then seed_last() for what reads other modules' data
        # (e.g. monthly KPI snapshots).
        for hook in ("seed", "seed_last"):
            for module in modules:
                if hasattr(module, hook):
                    with transaction.atomic():
                        getattr(module, hook)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts are listed in README.md."))
