"""Shared fixtures. Tests marked `celery_worker` run only with a broker (CELERY_BROKER_URL),
`browser` only where Chromium is installed, `postgres` only on PostgreSQL, `gettext` only where
GNU gettext is installed, `translations` only once BSR_TRANSLATIONS_COMPLETE is set; elsewhere they are
deselected (not skipped) and the run says so in its summary, with its tests counted by kind.
BSR_REQUIRE_MARKERS (CI sets it per stage) names markers that must run: a closed gate for one
of them is an error, and any skipped test fails the run."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_EXECUTABLE") or shutil.which("chromium") or shutil.which("chromium-browser")


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _translations_complete() -> bool:
    """The lead declares the catalogues complete (BSR_TRANSLATIONS_COMPLETE=1, set in .ci/run);
    from then on an untranslated or fuzzy message fails the run."""
    return os.environ.get("BSR_TRANSLATIONS_COMPLETE", "") not in ("", "0")


_GATES = {
    "celery_worker": (lambda: bool(os.environ.get("CELERY_BROKER_URL")), "no CELERY_BROKER_URL"),
    "browser": (lambda: chromium_path() is not None, "no Chromium installed"),
    "postgres": (_on_postgres, "DATABASE_URL is not PostgreSQL"),
    "gettext": (lambda: bool(shutil.which("msgfmt") and shutil.which("xgettext")), "no GNU gettext (msgfmt)"),
    "translations": (_translations_complete, "catalogues not declared complete (BSR_TRANSLATIONS_COMPLETE)"),
}
_deselected_reasons: dict[str, int] = {}
_outcomes: dict[str, dict[str, int]] = {}  # marker ("" for unmarked) -> outcome -> count
_REQUIRE = "BSR_REQUIRE_MARKERS"


def _required_markers() -> list[str]:
    """Markers whose tests must run in this stage (set by .ci/run): a closed gate for one of them,
    or any skipped test, fails the run instead of shrinking it quietly."""
    return [m for m in os.environ.get(_REQUIRE, "").replace(",", " ").split() if m]


def pytest_configure(config):
    unknown = [m for m in _required_markers() if m not in _GATES]
    if unknown:
        raise pytest.UsageError(f"{_REQUIRE}: unknown marker(s) {', '.join(unknown)}; known: {', '.join(_GATES)}")
    closed = [f"{m} ({_GATES[m][1]})" for m in _required_markers() if not _GATES[m][0]()]
    if closed:
        raise pytest.UsageError(f"{_REQUIRE} says these tests must run here, but their gate is closed: {closed}")


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        closed = [
            reason for marker, (is_open, reason) in _GATES.items() if item.get_closest_marker(marker) and not is_open()
        ]
        if closed:
            drop.append(item)
            for reason in closed:
                _deselected_reasons[reason] = _deselected_reasons.get(reason, 0) + 1
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    if hasattr(config, "workeroutput"):  # an xdist worker: its controller prints the summary
        config.workeroutput["bsr_deselected"] = dict(_deselected_reasons)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not loaded
def pytest_testnodedown(node, error):
    # Every xdist worker collects the whole suite, so each reports the same deselections.
    _deselected_reasons.update(getattr(node, "workeroutput", {}).get("bsr_deselected", {}))


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcome = "xfailed" if hasattr(report, "wasxfail") else report.outcome
        kinds = [m for m in _GATES if m in report.keywords] or [""]
        for kind in kinds:
            counts = _outcomes.setdefault(kind, {})
            counts[outcome] = counts.get(outcome, 0) + 1


def pytest_sessionfinish(session, exitstatus):
    skipped = sum(counts.get("skipped", 0) for counts in _outcomes.values())
    if _required_markers() and skipped and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    for reason, count in _deselected_reasons.items():
        terminalreporter.write_line(f"deselected {count} test(s): {reason}")
    if hasattr(terminalreporter.config, "workeroutput"):
        return
    parts = []
    for kind in ("", *_GATES):
        counts = _outcomes.get(kind, {})
        shown = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none ran"
        parts.append(f"{kind or 'unmarked'}: {shown}")
    terminalreporter.write_line("tests by kind -- " + "; ".join(parts))
    skipped = sum(counts.get("skipped", 0) for counts in _outcomes.values())
    if _required_markers() and skipped:
        terminalreporter.write_line(f"{_REQUIRE} is set: {skipped} skipped test(s) fail this run", red=True)


@pytest.fixture(autouse=True)
def _fresh_caches():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process for this test, whatever the broker setting."""
    from bsrstars.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


def _database_url_for(settings_dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


@contextmanager
def running_worker(database_url: str, *, queue: str | None = None, settings_module="bsrstars.settings.test", env=None):
    """A real `celery worker` process consuming `queue` (a new one if not given), using
    `database_url` and the broker of CELERY_BROKER_URL; tasks published meanwhile go to its
    queue. Stopped on exit, unless the test killed it already."""
    from bsrstars.celery import app

    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    hostname = f"{uuid.uuid4().hex[:8]}-{queue}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **(env or {}),
    }
    log = open(ROOT / f".celery-{hostname}.log", "w")  # noqa: SIM115 -- closed at exit
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bsrstars",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            hostname,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    started = False
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early; see {log.name}")
            if app.control.ping(destination=[hostname], timeout=1):
                break
        else:
            raise RuntimeError(f"Celery worker did not answer within 60 s; see {log.name}")
        started = True
        yield process
    finally:
        app.conf.task_default_queue = previous_queue
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
        if started:  # a worker that never came up leaves its log to read
            Path(log.name).unlink(missing_ok=True)


def session_database_url() -> str:
    from django.db import connection

    return _database_url_for(connection.settings_dict)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process on its own queue, using this test session's database."""
    with running_worker(session_database_url()) as process:
        yield process


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture
def reference_data(db):
    """Regions, S3 domains and roles. Migrations load them once; a transactional test's flush
    removes them, so tests that need them after a flush ask for this fixture."""
    from bsrstars.accounts.models import Role
    from bsrstars.accounts.role_data import load_roles
    from regions.models import KPIDefinition, Region, S3Domain, StatisticIndicator
    from regions.reference_data import load_kpi_definitions, load_regions, load_s3_domains, load_statistic_indicators

    if not Region.objects.exists():
        load_regions(Region, set_partners=True)
        load_s3_domains(S3Domain)
    if not KPIDefinition.objects.exists():
        load_kpi_definitions(KPIDefinition)
        load_statistic_indicators(StatisticIndicator)
    if not Role.objects.exists():
        load_roles(Role)


def _seed_demo(pdfs: bool) -> None:
    from unittest import mock

    from django.core.management import call_command

    import policy.demo

    # Rendering the demo briefs' PDFs (WeasyPrint) is half of what seeding costs; only the tests
    # that open those PDFs ask for them (demo_data_with_pdfs). Their renditions stay pending.
    render = policy.demo._render_now if pdfs else (lambda version: None)
    with mock.patch.object(policy.demo, "_render_now", render):
        call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115 -- devnull


@pytest.fixture
def demo_data(reference_data):
    """The demo, as `seed_demo` makes it, but with the policy briefs' PDFs not yet rendered."""
    _seed_demo(pdfs=False)


@pytest.fixture
def demo_data_with_pdfs(reference_data):
    """The demo exactly as `seed_demo` makes it, the published briefs' PDFs included."""
    _seed_demo(pdfs=True)
