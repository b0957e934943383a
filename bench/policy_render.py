"""Rendering a long policy brief: a brief of 12+ pages with charts and tables rendered by a real
Celery worker; the worker's render time and peak memory; and the request that starts a rendering,
timed in the same run as a trivial page (it must return at once: the worker does the work).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bsr_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/policy_render.py [--requests 20]

It creates (and drops) the test database of DATABASE_URL (test_<name>), seeds the demo data and
starts a worker on its own queue. Without CELERY_BROKER_URL it renders in-process and skips the
request timing (with no broker, tasks run inside the request).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bsrstars.settings.test")

PARAGRAPH = (
    "Regions of the Baltic Sea Region learn from each other's smart-specialisation strategies: "
    "Skåne, Hovedstaden, Pirkanmaa, Vilnius and Trøndelag compare pilot plants, vouchers and coaching. "
    "Letters of all six languages: å ä ö æ ø ą č ę ė į š ų ū ž. "
)


def _peak_rss_mb(pid: int) -> float | None:
    """VmHWM: the highest resident set size the process has had (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _statistics():
    """A regional-statistics chart needs figures: one indicator for the partner regions."""
    from regions.models import Region, RegionalStatistic, StatisticIndicator

    indicator = StatisticIndicator.objects.order_by("code").first()
    for i, region in enumerate(Region.objects.filter(is_partner=True)):
        RegionalStatistic.objects.get_or_create(
            region=region, indicator=indicator, year=2024, defaults={"value": 100 + 17 * i}
        )
    return indicator.code


def _long_brief(author, indicator: str):
    from policy import services
    from regions.models import Region

    version = services.create_brief(
        author=author,
        title="Benchmark brief: transnational support in the bio-economy",
        summary="A long brief for the rendering benchmark.",
        language="sv",
        scope="transnational",
        regions=list(Region.objects.filter(is_partner=True)),
    )
    body = "\n\n".join(f"{n}. {PARAGRAPH * 3}" for n in range(1, 9))
    services.set_sections(version=version, sections=[{"heading": f"Kapitel {n}", "body": body} for n in range(1, 9)])
    services.set_recommendations(
        version=version,
        recommendations=[
            {"text": f"Recommendation {n}: open vouchers across borders.", "level": level, "addressee": "Authorities"}
            for n, level in enumerate(["regional", "national", "eu"] * 4)
        ],
    )
    services.set_evidence(
        version=version,
        blocks=[
            {"kind": "kpi_progress", "position": 1},
            {"kind": "outcomes", "position": 3},
            {"kind": "regional_statistics", "position": 5, "params": {"indicator": indicator}},
            {"kind": "complementarity", "position": 6},
            {"kind": "region_profiles", "position": 7},
        ],
    )
    return version


def _start_worker(database_url: str):
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_TASK_DEFAULT_QUEUE": queue}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bsrstars", "worker", "--pool=solo", "-Q", queue,
         "-n", f"{queue}@localhost", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    from bsrstars.celery import app

    app.conf.task_default_queue = queue
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not app.control.ping(destination=[f"{queue}@localhost"], timeout=1):
        if process.poll() is not None:
            raise RuntimeError("The Celery worker exited at start.")
    return process


def _timed(call) -> float:
    started = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20, help="timed requests of each kind")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from bsrstars.accounts.models import User
    from bsrstars.outbox.models import OutboxStatus
    from policy import services
    from policy.models import Rendition

    broker = bool(settings.CELERY_BROKER_URL)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    worker = None
    try:
        call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115 -- devnull
        author = User.objects.get(email="partner@example.org")
        version = _long_brief(author, _statistics())
        client = Client()
        client.force_login(author)
        start_url = reverse("policy:renditions", args=[version.brief_id, version.number])

        if broker:
            url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{test_name}"
            worker = _start_worker(url)
            baseline = _peak_rss_mb(worker.pid)
            trivial = [_timed(lambda: client.get("/healthz")) for _ in range(args.requests)]
            starts = []
            for _ in range(args.requests):
                # Each request starts a new rendering: the previous one is marked done first.
                Rendition.objects.filter(version=version, status=OutboxStatus.PENDING).update(
                    status=OutboxStatus.SKIPPED
                )
                starts.append(_timed(lambda: client.post(start_url)))
            deadline = time.monotonic() + 900
            busy = [OutboxStatus.PENDING, OutboxStatus.RUNNING]
            while time.monotonic() < deadline and Rendition.objects.filter(version=version, status__in=busy).exists():
                time.sleep(0.5)
            measured = Rendition.objects.filter(version=version).exclude(status=OutboxStatus.SKIPPED).first()
            peak = _peak_rss_mb(worker.pid)
            print(f"trivial page (/healthz): median {statistics.median(trivial):.1f} ms, max {max(trivial):.1f} ms")
            print(
                f"start a rendering (POST):  median {statistics.median(starts):.1f} ms, max {max(starts):.1f} ms"
                f"  ({'under' if max(starts) < 200 else 'OVER'} 200 ms)"
            )
            who = "worker"
        else:
            print("No CELERY_BROKER_URL: rendering in this process; request timing needs a broker.")
            import resource

            measured = services.request_rendering(version=version, by=author)
            services.render_rendition(rendition_id=measured.pk)
            measured.refresh_from_db()
            baseline = None
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            who = "this process"
        html = measured.html
        print(
            f"rendering: {measured.status}, {measured.pages} pages, {html.count('<svg')} charts, "
            f"{html.count('<table')} tables, {measured.seconds} s in the {who}"
        )
        print(f"peak memory of the {who}: {peak:.0f} MB" + (f" (at start {baseline:.0f} MB)" if baseline else ""))
        if measured.status != OutboxStatus.DONE:
            print(f"failed: {measured.last_error}")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
