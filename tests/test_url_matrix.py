"""Every URL pattern of the portal as every role, GET and the state-changing methods; a pattern
without a declared expectation fails. How to declare one: tests/url_matrix.py and README
("Tests and CI")."""

from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tests import url_matrix as m
from tests.factories import ROLES

EXPECTATIONS, BUILDERS, DUPLICATES = m.gather()
PATTERNS = list(m.walk())


def _cases():
    for pattern in PATTERNS:
        expect = EXPECTATIONS.get(pattern.name)
        if expect is None:
            continue  # reported by test_every_url_pattern_has_a_declared_expectation
        bug = expect.format_known_bug if pattern.format_variant else expect.known_bug
        marks = [pytest.mark.xfail(strict=True, reason=f"known bug, fixed separately: {bug}")] if bug else []
        yield pytest.param(pattern, expect, id=pattern.case_id, marks=marks)


def test_every_url_pattern_has_a_declared_expectation():
    names = {p.name for p in PATTERNS}
    missing = sorted(names - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - names)
    problems = [
        f"no expectation declared for URL {name!r} (add it to tests/<app>/url_permissions.py)" for name in missing
    ]
    problems += [f"expectation declared for URL {name!r}, which no longer exists" for name in stale]
    problems += [f"expectation declared twice: {name}" for name in DUPLICATES]
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per worker inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = m.build_world(BUILDERS)
        world.client = Client()
        yield world
        transaction.set_rollback(True)


def _request(world, role, method, url, body):
    """One request in a savepoint that is rolled back: (response or None, tables written, error)."""
    client = world.client  # one client: each new one loads the middleware (WhiteNoise scans static files)
    client.cookies = SimpleCookie()
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    statements = []

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        statements.append(sql)  # only statements that succeeded: a refused INSERT wrote nothing
        return result

    try:
        with connection.execute_wrapper(record), transaction.atomic():
            response = getattr(client, method)(url, **m.request_body(method, body))
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 -- a crash is reported with the others, by URL and role
        return None, [], f"raised {exc.__class__.__name__}: {exc}"
    return response, m.writes_in(statements), None


def _status_problem(api, call, role, response) -> str:
    status = response.status_code
    if call is m.NOT_ALLOWED:
        expected = 401 if api and role == "anonymous" else 405
        return "" if status == expected else f"expected {expected}"
    if role in call.status:
        return "" if status == call.status[role] else f"expected {call.status[role]}"
    if role in call.roles:
        return "" if 200 <= status < 400 else "expected 2xx/3xx"
    if role == "anonymous" and api:
        return "" if status == 401 else "expected 401"
    if role == "anonymous":
        to_login = status == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        return "" if to_login else "expected a redirect to the login page"
    return "" if status in (403, 404) else "expected 403/404"


def _writers(method, call) -> frozenset:
    if call is m.NOT_ALLOWED:
        return m.NOBODY
    if method == "get":
        return frozenset(call.writes or ())  # a GET writes nothing unless declared
    return call.writers()


def _try(world, pattern, url, method, call, role) -> str:
    body = {} if call is m.NOT_ALLOWED else call.body(world, role)
    response, tables, error = _request(world, role, method, url, body)
    where = f"{method.upper()} {url} as {role}"
    if error:
        return f"{where}: {error}"
    problems = []
    status_problem = _status_problem(pattern.route.startswith("api/"), call, role, response)
    if status_problem:
        location = f" to {response['Location']}" if response.has_header("Location") else ""
        problems.append(f"got {response.status_code}{location}, {status_problem}")
    should_write = role in _writers(method, call)
    if tables and not should_write:
        problems.append(f"wrote to {sorted(set(tables))}, expected no change")
    if should_write and not tables:
        problems.append("changed nothing, expected a write")
    return f"{where}: {'; '.join(problems)}" if problems else ""


def _url(world, pattern, expect):
    kwargs = expect.kwargs(world) if expect.kwargs else {}
    if pattern.format_variant:
        kwargs = {**kwargs, "format": "json"}
    missing = set(pattern.params) - set(kwargs)
    assert not missing, f"{pattern.name}: declare kwargs for {sorted(missing)} ({pattern.route})"
    return reverse(pattern.name, kwargs=kwargs)


def _probe_role(expect) -> str:
    """Someone who reaches the page, to check that a POST nobody declared writes nothing."""
    get = expect.get if isinstance(expect.get, (set, frozenset)) else getattr(expect.get, "roles", m.NOBODY)
    return next((r for r in ROLES if r in get and r != "anonymous"), "admin")


@pytest.mark.django_db
@pytest.mark.parametrize(("pattern", "expect"), list(_cases()))
def test_url_as_every_role(world, pattern, expect):
    url = _url(world, pattern, expect)
    calls = expect.calls(format_variant=pattern.format_variant)
    assert calls, f"{pattern.name}: declare at least get="
    failures = []
    for method, call in calls:
        query = expect.query(world) if callable(expect.query) else expect.query
        target = f"{url}?{_encode(query)}" if method == "get" and query else url
        failures += [_try(world, pattern, target, method, call, role) for role in ROLES]
    if expect.post is None and expect.patch is None and not pattern.format_variant:
        # A POST nobody declared: whoever reaches the page must not change anything with it.
        failures.append(_undeclared_post(world, url, _probe_role(expect)))
    failures = [f for f in failures if f]
    assert not failures, f"{pattern.name} ({pattern.route}):\n" + "\n".join(failures)


def _undeclared_post(world, url, role) -> str:
    response, tables, error = _request(world, role, "post", url, {})
    where = f"POST {url} as {role} (no post= declared)"
    if error:
        return f"{where}: {error}"
    if response.status_code >= 500:
        return f"{where}: got {response.status_code}"
    return f"{where}: wrote to {sorted(set(tables))}; declare post=" if tables else ""


def _encode(query) -> str:
    return urlencode(query, doseq=True)
