"""Peak memory and time of the SME directory export of 10,000 companies: the worker's streaming
export (bsrstars.downloads) against the in-request export it replaced (model instances with
three many-to-many prefetches, then pandas), each in a fresh process; and how long the request
that starts a background export takes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bsr_search .venv/bin/python bench/exports.py [--rows 10000] [--keep]

It makes a database of its own (`bench_exports`, or a SQLite file without DATABASE_URL), fills
it once with the companies (3 S3 domains, 2 offer and 2 need domains each: about 70,000 domain
links) and drops it at the end unless --keep. Memory: the process's peak RSS growth over its
state just before the export (Django, openpyxl and pandas imported), and tracemalloc's peak of
Python allocations in a second, traced run.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bsrstars.settings.test")
BENCH_DB = "bench_exports"
SQLITE_FILE = "/tmp/bench_exports.sqlite3"
CASES = ["worker-csv", "worker-xlsx", "before-csv", "before-xlsx", "request"]


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class _PeakRSS:
    """The highest resident set size while the block runs, sampled every 5 ms (ru_maxrss would
    also count the start-up's peak, which a lean export never reaches again)."""

    def __enter__(self):
        import threading

        self.baseline = self.peak = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def _bench_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0] + "/" + BENCH_DB
    return f"sqlite:///{SQLITE_FILE}"


# -- the parent: make the database, run each case in a fresh process ---------------------------


def _create_database(rows: int) -> None:
    import django

    os.environ["DATABASE_URL"] = _bench_url()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bsrstars.accounts.models import Organisation

    if Organisation.objects.filter(name__startswith="Bench ").count() != rows:
        _seed(rows)


def _seed(rows: int) -> None:
    from django.db import transaction

    from bsrstars.accounts.models import Organisation, OrganisationKind
    from regions.models import Region, S3Domain
    from smes.models import SMEProfile
    from tests.factories import person

    Organisation.objects.filter(name__startswith="Bench ").delete()
    regions = list(Region.objects.filter(level=3, country="SE")[:20])
    domains = list(S3Domain.objects.order_by("code"))
    text = "Bio-based packaging from seaweed and forest residues, pilot scale, food-contact approved. " * 3
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench {i:05d} AB",
                kind=OrganisationKind.SME,
                country="SE",
                region=regions[i % len(regions)],
                business_id=f"B{i:08d}",
                website=f"https://bench{i}.example",
            )
            for i in range(rows)
        )
        SMEProfile.objects.bulk_create(
            SMEProfile(
                organisation=org,
                city="Lund",
                nace_code="C10.89",
                nace_section="C",
                employees=12 + i % 200,
                annual_turnover_eur=1_000_000 + i,
                balance_sheet_total_eur=500_000 + i,
                founding_year=1990 + i % 30,
                description=text,
                offers=text,
                needs=text,
                contact_name="Kim Contact",
                contact_email=f"kim{i}@bench.example",
                size_class="small",
                figures_public=i % 2 == 0,
            )
            for i, org in enumerate(orgs)
        )
        for relation, per in (("s3_domains", 3), ("offer_domains", 2), ("need_domains", 2)):
            through = getattr(SMEProfile, relation).through
            through.objects.bulk_create(
                through(smeprofile_id=org.pk, s3domain_id=domains[(i + k) % len(domains)].pk)
                for i, org in enumerate(orgs)
                for k in range(per)
            )
        person("facilitator", org_kind="partner", email="bench.facilitator@example.org")


def _drop_database() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        Path(SQLITE_FILE).unlink(missing_ok=True)
        return
    connection.close()
    import psycopg2

    admin = psycopg2.connect(os.environ["BENCH_ADMIN_URL"])
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin.close()


def _ensure_postgres_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg2

    os.environ["BENCH_ADMIN_URL"] = url
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    admin.close()


def _run_case(case: str, traced: bool) -> dict:
    env = {**os.environ, "DATABASE_URL": _bench_url(), "BENCH_CASE": case, "BENCH_TRACED": "1" if traced else ""}
    out = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode:
        raise SystemExit(f"{case} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench database for another run")
    args = parser.parse_args()
    _ensure_postgres_database()
    _create_database(args.rows)
    from django.db import connection

    print(f"{args.rows:,} companies, {connection.vendor}; each case in a fresh process")
    header = ("case", "seconds", "RSS growth MB", "peak RSS MB", "tracemalloc MB", "file KB")
    print("{:<12} {:>8} {:>14} {:>12} {:>15} {:>8}".format(*header))
    for case in CASES:
        plain, traced = _run_case(case, traced=False), _run_case(case, traced=True)
        print(
            f"{case:<12} {plain['seconds']:>8.2f} {plain['rss_growth_mb']:>14.1f} {plain['rss_mb']:>12.0f} "
            f"{traced['traced_peak_mb']:>15.1f} {plain['size_kb']:>8.0f}",
            flush=True,
        )
    if not args.keep:
        _drop_database()


# -- a child: one case --------------------------------------------------------------------------


def _before(user, fmt: str) -> bytes:
    """The in-request export as it was: model instances with the directory's prefetches, pandas."""
    import io

    import pandas as pd

    from bsrstars.exports import neutralise
    from smes import selectors

    rows = []
    for org in selectors.exportable(user):
        profile = org.sme_profile
        private = selectors.shows_private(user, org)
        rows.append(
            {
                "name": org.name,
                "country": str(org.country),
                "business_id": org.business_id_display,
                "region": org.region.code if org.region else "",
                "city": profile.city,
                "s3_domains": ";".join(d.code for d in profile.s3_domains.all()),
                "description": profile.description,
                "offers": profile.offers,
                "needs": profile.needs,
                "employees": profile.employees if private or profile.figures_public else "",
                "contact_email": profile.contact_email if private or profile.contact_public else "",
            }
        )
    frame = pd.DataFrame(rows)
    if fmt == "csv":
        return frame.map(neutralise).to_csv(index=False).encode()
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="SMEs")
    return buffer.getvalue()


def child():
    import tracemalloc

    import django

    django.setup()
    import openpyxl  # noqa: F401 -- imported before the measurement, as in a warm worker
    import pandas  # noqa: F401
    from django.conf import settings
    from django.test import Client

    from bsrstars.accounts.models import User
    from bsrstars.downloads import services
    from bsrstars.downloads.models import ExportJob
    from bsrstars.outbox import services as outbox

    case, traced = os.environ["BENCH_CASE"], bool(os.environ.get("BENCH_TRACED"))
    user = User.objects.get(email="bench.facilitator@example.org")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    assert client.get("/healthz").status_code == 200  # a warm web worker: URLconf and views loaded
    if traced:
        tracemalloc.start()
    rss = _PeakRSS().__enter__()
    started = time.perf_counter()
    size = 0
    if case.startswith("worker-"):
        outbox.send_now = lambda *args, **kwargs: True  # the bench runs the task itself, below
        job = services.request_export(kind="smes.directory", fmt=case.split("-")[1], params={}, user=user)
        services.build_export(job_id=job.pk)
        job.refresh_from_db()
        size = job.file.size
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).delete()
    elif case.startswith("before-"):
        size = len(_before(user, case.split("-")[1]))
    else:  # the request that starts a background export
        outbox.send_now = lambda *args, **kwargs: True  # publishing is the broker's time, not ours
        response = client.post("/smes/export.csv")
        assert response.status_code == 302, response.status_code
        ExportJob.objects.filter(requested_by=user).delete()
    seconds = time.perf_counter() - started
    rss.__exit__(None, None, None)
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    assert settings.EXPORT_INLINE_ROWS < 10_000
    result = {
        "seconds": seconds,
        "rss_growth_mb": rss.peak - rss.baseline,
        "rss_mb": rss.peak,
        "traced_peak_mb": peak,
        "size_kb": size / 1024,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    if os.environ.get("BENCH_CASE"):
        child()
    else:
        main()
