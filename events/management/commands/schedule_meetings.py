"""Run the meeting scheduler on a JSON file (format: ../shared/data/matchmaking/README.md), or on
every session of an event in the database.

python manage.py schedule_meetings --input IN.json --output OUT.json [--time-limit SECONDS | --steps N] [--seed N]
python manage.py schedule_meetings --event ID [--time-limit SECONDS]
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

# Imports scipy with the command, before the clock starts: the time limit is the scheduler's.
from events.scheduling import InvalidProblem, default_time_limit, problem_from_json, schedule, schedule_to_json


class Command(BaseCommand):
    help = "Schedule accepted meeting requests into slots and tables (JSON in, JSON out, or an event's sessions)."
    # Django's system checks import every URLconf, view and template tag before handle() (about
    # 1 s, more on a loaded machine): a file run touches neither the database nor the site, so
    # they run only for --event (in _event), not before every file.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--input", help="Instance JSON: slots, tables, participants, requests.")
        parser.add_argument("--output", help="Where to write meetings, unscheduled and stats.")
        parser.add_argument("--event", type=int, help="Schedule every session of this event and store the result.")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help="Seconds to spend, reading and writing included, per file or per session of --event "
            "(default: 0.5 s plus 0.5 s per 1,000 requests, at most 5 s; 10 s or more also runs the exact search).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed of the local search (files only).")
        parser.add_argument(
            "--steps",
            type=int,
            default=None,
            help="A work budget instead of a time limit (files only): the same seed and steps give the same "
            "schedule on any machine, in this command or in-process.",
        )

    def handle(self, *args, input, output, time_limit, seed, event, steps=None, **options):
        started = time.monotonic()  # the limit counts from here: after start-up and imports
        if time_limit is not None and time_limit <= 0:
            raise CommandError("--time-limit must be positive.")
        if steps is not None and (steps < 1 or event is not None):
            raise CommandError("--steps must be at least 1, and is for files only.")
        if event is not None:
            return self._event(event, time_limit)
        if not (input and output):
            raise CommandError("Give --input and --output, or --event.")
        try:
            with open(input, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {input}: {exc}") from exc
        try:
            problem = problem_from_json(data)
        except InvalidProblem as exc:
            raise CommandError(f"{input}: {exc}") from exc
        limit = default_time_limit(problem) if time_limit is None else time_limit
        try:
            result = schedule(problem, time_limit=limit, seed=seed, started=started, steps=steps)
        except InvalidProblem as exc:
            raise CommandError(str(exc)) from exc
        with open(output, "w", encoding="utf-8") as fh:
            # No indent: json's C encoder runs only without one (4x faster on 10,000 meetings),
            # and writing counts against the time limit.
            json.dump(schedule_to_json(result), fh)
        stats = result.stats
        self.stdout.write(
            f"{stats['meetings']} meetings, {len(result.unscheduled)} unscheduled, {stats['idle_gaps']} idle gaps, "
            f"{time.monotonic() - started:.3f} s"
        )

    def _event(self, event_id, time_limit):
        from events import schedule as event_schedule
        from events.models import Event

        self.check()
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            raise CommandError(f"No event {event_id}.")
        for session in event.sessions.all():
            run = event_schedule.run_now(session=session, time_limit=time_limit)
            self.stdout.write(
                f"{session}: {run.stats.get('meetings', 0)} meetings ({run.status}), "
                f"time limit {run.stats.get('time_limit', '?')} s"
            )
