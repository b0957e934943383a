"""Load benchmark of the portal's pages and API lists at programme scale, on PostgreSQL.

    .venv/bin/python bench/pages.py [--seconds 30] [--clients 20] [--only NAME,...] [--list]
                                    [--rebuild] [--no-exports] [--exports-only] [--no-beat]
                                    [--workers 3] [--port 8765]

Builds (once; again with --rebuild) the database bsr_bench_pages (BENCH_DATABASE_URL to use
another): migrations, the demo data, then by bulk writes the data set of bench/dataset.py
(10,000 SMEs, 200 events with registrations, 50,000 meetings), and ANALYZE. Serves the portal
with gunicorn (--workers sync workers, settings bench/settings_pages.py: DEBUG off, the cache in
Redis db 2 (BENCH_CACHE_URL), no broker: tasks run in-process) and drives each page with
--clients concurrent signed-in clients (threads, http.client, a session cookie made in Django)
for --seconds each, one page after another, while a thread does what beat and a worker do in
production every 30 s: regions.refresh_kpis (--no-beat: not). Prints per page p50/p95/p99 (ms),
requests per second, errors, the SQL statements per request (counted by the server,
bench/querycount.py) and p95 as a multiple of the trivial page's (the inbox, measured first in
the same run), then the slowest statements of the run, grouped. Then runs
each export in a fresh process (Django's test client, tasks in-process) and prints its time
and peak memory (the process's peak RSS less that of the same process making no request).

Not a test: run by hand; its latest figures are in the README ("Load benchmark").
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bsr_bench_pages")
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "rediscache://127.0.0.1:6379/2")
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings_pages",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "CELERY_BROKER_URL": "",
    "PYTHONPATH": str(ROOT),
    "BENCH_SLOW_LOG": str(Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-pages-slow-{os.getpid()}.jsonl"),
}
os.environ.update(ENV)

SME = "bench.sme@example.org"  # bench/dataset.py: member of a Skåne SME, at the big event
ADMIN, AUTHORITY, FACILITATOR = "admin@example.org", "authority.skane@example.org", "facilitator@example.org"
PARTNER, OPERATOR, COACH = "partner@example.org", "operator@example.org", "coach@example.org"
TRIVIAL = "inbox"

# (name, account, path): {event} is the big event (500 participants, 2,500 meetings, ten days
# ago), {upcoming} an upcoming one of 500 participants.
PAGES = [
    (TRIVIAL, SME, "/inbox/"),
    ("home", SME, "/"),
    ("regions list", AUTHORITY, "/regions/"),
    ("region page SE224 (authority)", AUTHORITY, "/regions/SE224/"),
    ("region page SE224 (admin)", ADMIN, "/regions/SE224/"),
    ("KPI dashboard (admin)", ADMIN, "/regions/dashboard/"),
    ("KPI dashboard (authority)", AUTHORITY, "/regions/dashboard/"),
    ("S3 domains", SME, "/regions/s3-domains/"),
    ("policy learning", AUTHORITY, "/regions/policy-learning/"),
    ("SME directory", SME, "/smes/"),
    ("SME directory ?q=bio&domain=BIO", SME, "/smes/?q=bio&domain=BIO"),
    ("events list", SME, "/events/"),
    ("event page", SME, "/events/{event}/"),
    ("schedule grid (2,500 meetings)", FACILITATOR, "/events/{event}/schedule/"),
    ("check-in list (500 people)", FACILITATOR, "/events/{event}/check-in/"),
    ("registrations (500)", FACILITATOR, "/events/{event}/registrations/"),
    ("participants", SME, "/events/{event}/participants/"),
    ("recommendations (500 participants)", SME, "/events/{upcoming}/recommendations/"),
    ("meeting requests page", SME, "/events/{event}/requests/"),
    ("agenda", SME, "/events/{event}/agenda/"),
    ("agenda PDF", SME, "/events/{event}/agenda.pdf"),
    ("event report", FACILITATOR, "/events/{event}/report/"),
    ("coaching calls", SME, "/coaching/"),
    ("coaching review (admin)", ADMIN, "/coaching/review/"),
    ("coaching overview (admin)", ADMIN, "/coaching/overview/"),
    ("coach assignments", COACH, "/coaching/coach/assignments/"),
    ("test facilities", SME, "/testbeds/"),
    ("operator home", OPERATOR, "/testbeds/operator/"),
    ("policy briefs", PARTNER, "/policy/"),
    ("published briefs", SME, "/policy/published/"),
    ("API /kpis/", AUTHORITY, "/api/v1/kpis/"),
    ("API /my-meeting-requests/", SME, "/api/v1/my-meeting-requests/"),
    ("API /organisations/", SME, "/api/v1/organisations/"),
    ("API /events/", SME, "/api/v1/events/"),
    ("API /my-registrations/", SME, "/api/v1/my-registrations/"),
    ("API /regions/", SME, "/api/v1/regions/"),
    ("API /region-profiles/", SME, "/api/v1/region-profiles/"),
    ("API /coaching-calls/", SME, "/api/v1/coaching-calls/"),
    ("API /test-facilities/", SME, "/api/v1/test-facilities/"),
    ("API /test-facility-bookings/", OPERATOR, "/api/v1/test-facility-bookings/"),
    ("API /policy-briefs/", SME, "/api/v1/policy-briefs/"),
]

# (name, account, path) of the exports: each runs once in a fresh process.
EXPORTS = [
    ("SME directory CSV (admin)", ADMIN, "/smes/export.csv"),
    ("SME directory XLSX (admin)", ADMIN, "/smes/export.xlsx"),
    ("KPI dashboard XLSX", ADMIN, "/regions/dashboard/export.xlsx"),
    ("event report meetings CSV", FACILITATOR, "/events/{event}/report/meetings.csv"),
    ("event report meetings XLSX", FACILITATOR, "/events/{event}/report/meetings.xlsx"),
    ("coaching review CSV", ADMIN, "/coaching/review/applications.csv"),
    ("my data JSON", SME, "/me/data/export.json"),
]


def _db_name() -> str:
    return DATABASE_URL.rsplit("/", 1)[1]


def _server_connection():
    import psycopg2

    conn = psycopg2.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres")
    conn.autocommit = True
    return conn


def _database_ready() -> bool:
    import psycopg2

    try:
        with psycopg2.connect(DATABASE_URL) as conn, conn.cursor() as cur:
            cur.execute("SELECT 1 FROM events_event WHERE title = %s", [_big_title()])
            return cur.fetchone() is not None
    except psycopg2.Error:
        return False


def _big_title() -> str:
    from bench.dataset import BIG_TITLE

    return BIG_TITLE


def build(rebuild: bool) -> None:
    if not rebuild and _database_ready():
        print(f"database {_db_name()}: ready (--rebuild to build it again)")
        return
    conn = _server_connection()
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{_db_name()}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{_db_name()}"')
    conn.close()
    manage = [sys.executable, str(ROOT / "manage.py")]
    steps = [
        ("migrate", [*manage, "migrate", "--noinput", "-v0"]),
        ("demo data", [*manage, "seed_demo", "--force"]),
        ("bulk data set", [sys.executable, __file__, "--build-dataset"]),
    ]
    for label, command in steps:
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL if label == "demo data" else None)
        print(f"build: {label} in {time.perf_counter() - started:.0f} s")
    import psycopg2

    conn = psycopg2.connect(DATABASE_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    conn.close()


def _django():
    import django

    django.setup()


def sessions(accounts) -> dict[str, str]:
    """A session cookie for each account, made in Django (as a sign-in would leave it)."""
    _django()
    from django.conf import settings
    from django.test import Client

    from bsrstars.accounts.models import User

    cookies = {}
    for email in accounts:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookies[email] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def serve(port: int, workers: int):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "bsrstars.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENV})
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def periodic_refresh(stop: threading.Event, every: float = 30.0) -> None:
    """What Celery beat and a worker do in production (regions.refresh_kpis every 30 s): the
    indicators' current values computed ahead into the shared cache, here in a thread."""
    from django.db import connection

    from regions import services

    while not stop.is_set():
        services.refresh_kpis()
        stop.wait(every)
    connection.close()


def fetch(port: int, path: str, cookie: str) -> tuple[float, int, int, int]:
    """(seconds, status, SQL statements, bytes) of one GET."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        queries = int(response.getheader("X-Bench-Queries") or -1)
        return time.perf_counter() - started, response.status, queries, len(body)
    finally:
        conn.close()


WARM_UP = 1.0  # seconds of load before each page's measured run, not counted


def load(port: int, path: str, cookie: str, *, seconds: float, clients: int) -> tuple[list, float]:
    """`clients` threads requesting `path` for `seconds`: the results and the elapsed time."""
    results: list[tuple[float, int, int, int]] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < deadline:
            try:
                result = fetch(port, path, cookie)
            except OSError:
                result = (0.0, 0, -1, 0)
            with lock:
                results.append(result)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def drive(port: int, path: str, cookie: str, *, seconds: float, clients: int) -> dict:
    # Warm up under the same load, so that every gunicorn worker (not only the one a single
    # request reaches) has compiled the page's templates and filled what the page caches.
    fetch(port, path, cookie)
    load(port, path, cookie, seconds=min(WARM_UP, seconds / 5), clients=clients)
    results, elapsed = load(port, path, cookie, seconds=seconds, clients=clients)
    times = sorted(r[0] for r in results if r[1] == 200)
    queries = [r[2] for r in results if r[1] == 200]

    def pct(p):
        if not times:
            return float("nan")
        return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]

    return {
        "n": len(results),
        "errors": sum(1 for r in results if r[1] != 200),
        "statuses": sorted({r[1] for r in results if r[1] != 200}),
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "rps": len(results) / elapsed if elapsed else 0.0,
        "queries": (min(queries), max(queries)) if queries else (-1, -1),
        "bytes": statistics.median(r[3] for r in results) if results else 0,
    }


def slow_queries(path: str, top: int = 12) -> None:
    """The statements slower than BENCH_SLOW_MS in the run, grouped by their text (parameters
    apart): how often, median ms, on which pages. Where indexes are missing, they show here."""
    rows = [json.loads(line) for line in Path(path).read_text().splitlines()] if Path(path).exists() else []
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["sql"], []).append(row)
    print(f"\nSlow statements (>= {os.environ.get('BENCH_SLOW_MS', '100')} ms): {len(rows)} in {len(groups)} kinds")
    ranked = sorted(groups.items(), key=lambda item: -sum(r["ms"] for r in item[1]))[:top]
    for sql, group in ranked:
        pages = ", ".join(sorted({r["path"] for r in group}))[:100]
        print(
            f"{len(group):>5} × median {statistics.median(r['ms'] for r in group):>6.0f} ms  {pages}\n"
            f"       {sql[:400]}"
        )
    Path(path).unlink(missing_ok=True)


def export_one(account: str, path: str, *, request: bool) -> None:
    """In a fresh process: GET `path` as `account` with Django's test client; print JSON."""
    _django()
    import logging

    logging.disable(logging.WARNING)
    from django.test import Client

    from bsrstars.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=account))
    result = {"seconds": 0.0, "status": 0, "bytes": 0}
    if request:
        started = time.perf_counter()
        response = client.get(path, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        result = {
            "seconds": time.perf_counter() - started,
            "status": response.status_code,
            "bytes": len(body),
            "type": response.get("Content-Type", ""),
        }
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_exports(big_event: int) -> None:
    print("\nExports (each in a fresh process; peak memory above a process that makes no request)")
    print(f"{'export':40} {'status':>6} {'seconds':>8} {'MB out':>7} {'peak MB':>8}")

    def child(account, path, request):
        command = [sys.executable, __file__, "--export-one", account, path]
        if not request:
            command.append("--no-request")
        out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        return json.loads(out.strip().splitlines()[-1])

    base = child(SME, "/", False)["peak_mb"]
    for name, account, path in EXPORTS:
        r = child(account, path.format(event=big_event), True)
        print(
            f"{name:40} {r['status']:>6} {r['seconds']:>8.2f} {r['bytes'] / 1e6:>7.2f} "
            f"{max(0.0, r['peak_mb'] - base):>8.0f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="per page (default 30)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument(
        "--only", default="", help="comma-separated substrings of page names (the trivial page always runs)"
    )
    parser.add_argument("--list", action="store_true", help="list the pages and exports, and stop")
    parser.add_argument("--rebuild", action="store_true", help="drop and build the database again")
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--exports-only", action="store_true")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-beat", action="store_true", help="no periodic KPI refresh (regions.refresh_kpis)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--build-dataset", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export-one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--no-request", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.build_dataset:
        _django()
        from bench import dataset

        dataset.build()
        return
    if args.export_one:
        export_one(*args.export_one, request=not args.no_request)
        return
    if args.list:
        for name, account, path in PAGES:
            print(f"page    {name:40} {account:30} {path}")
        for name, account, path in EXPORTS:
            print(f"export  {name:40} {account:30} {path}")
        return

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn too (the finally below)
    build(args.rebuild)
    wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    pages = [p for p in PAGES if p[0] == TRIVIAL or not wanted or any(w in p[0].lower() for w in wanted)]
    cookies = sessions({account for _, account, _ in pages})
    from bench import dataset

    ids = dataset.info()
    big_event = ids["big_event"]
    if not args.exports_only:
        load = os.getloadavg()
        print(
            f"\n{len(pages)} pages, {args.clients} clients, {args.seconds:g} s each, gunicorn {args.workers} workers, "
            f"{os.cpu_count()} CPUs, load average {load[0]:.1f} at the start"
        )
        server = serve(args.port, args.workers)
        stop = threading.Event()
        if not args.no_beat:
            threading.Thread(target=periodic_refresh, args=(stop,), daemon=True).start()
        columns = [("req", 5), ("err", 4), ("p50 ms", 8), ("p95 ms", 8), ("p99 ms", 8), ("req/s", 6), ("SQL", 7)]
        print(f"{'page':40} " + " ".join(f"{c:>{w}}" for c, w in columns) + f" {'p95 ×':>6}")
        trivial = None
        results = []
        try:
            for name, account, path in pages:
                r = drive(
                    args.port,
                    path.format(event=big_event, upcoming=ids["upcoming_event"]),
                    cookies[account],
                    seconds=args.seconds,
                    clients=args.clients,
                )
                if name == TRIVIAL:
                    trivial = r["p95"]
                low, high = r["queries"]
                sql = f"{low}" if low == high else f"{low}-{high}"
                ratio = r["p95"] / trivial if trivial else float("nan")
                errors = f"{r['errors']}" + (f" {r['statuses']}" if r["errors"] else "")
                print(
                    f"{name:40} {r['n']:>5} {errors:>4} {r['p50'] * 1000:>8.0f} {r['p95'] * 1000:>8.0f} "
                    f"{r['p99'] * 1000:>8.0f} {r['rps']:>6.1f} {sql:>7} {ratio:>6.1f}",
                    flush=True,
                )
                results.append((name, r["p95"]))
            # The trivial page again at the end: one disturbed sample at the start (other work on
            # the machine) would flatter every ratio, so the summary divides by the lower p95.
            again = drive(args.port, PAGES[0][2], cookies[PAGES[0][1]], seconds=args.seconds, clients=args.clients)
            base = min(p for p in (trivial, again["p95"]) if p)
            print(
                f"\n{TRIVIAL} p95 at the start {trivial * 1000:.0f} ms, at the end {again['p95'] * 1000:.0f} ms; "
                f"p95 × the lower ({base * 1000:.0f} ms), pages above 3× marked:"
            )
            for name, p95 in results:
                ratio = p95 / base
                print(f"  {name:40} {ratio:>6.1f}{'  > 3×' if ratio > 3 else ''}")
        finally:
            stop.set()
            server.terminate()
            server.wait(30)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        slow_queries(ENV["BENCH_SLOW_LOG"])
    if not args.no_exports:
        run_exports(big_event)


if __name__ == "__main__":
    main()
