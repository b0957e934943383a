"""The URL permission matrix: every pattern of the root URLconf, tried as every role.

Each app declares what every one of its URLs allows in `tests/<app>/url_permissions.py`:

    URLS = {"events:rate": Expect(kwargs=lambda w: {...}, get=NOT_ALLOWED, post=Call(...)), ...}
    def build(world): ...   # optional: the app's objects, added to the shared world once

`tests/test_url_matrix.py` walks the URLconf, fills each pattern's parameters from the world
(objects of organisation / region / event A; the "other_" roles hold B) and checks every role:

- a role in the call's `roles` gets 2xx/3xx (or the status in `status`);
- anyone else gets 403 or 404, anonymous visitors a redirect to the login page (401 on the API);
- a state-changing call (POST, PATCH) by a role outside `writes` writes nothing to the database
  (no INSERT/UPDATE/DELETE but the session's), and one by a role in `writes` does write.

Every request runs in a savepoint that is rolled back, so the world is built once per worker
(and on_commit work — emails, tasks — never runs). A write is any INSERT/UPDATE/DELETE statement
that succeeded, even one that matched no row: stricter than comparing row counts.
"""

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import ROLES

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
FACILITATORS = frozenset({"facilitator", "other_facilitator", "co_organiser"})
AUTHORITIES = frozenset({"authority_skane", "authority_vilnius"})
SMES = frozenset({"sme", "other_sme"})

# Patterns the matrix leaves out, by the URLconf they come from, and why.
SKIPPED_URLCONFS = {
    "allauth.urls": "allauth's own login, signup, password and MFA pages (allauth tests them; ours in tests/accounts)",
}
SKIPPED_NAMESPACES = {
    "admin": "the Django admin: staff only, behind the programme-admin login (tests/accounts/test_admin.py)",
}
SKIPPED_VIEWS = {
    "django.views.static.serve": "static and media files (only with DEBUG, which tests run without)",
}


class _NotAllowed:
    """The view refuses the method itself (405 for everyone; 401 first for anonymous API callers)."""

    def __repr__(self):
        return "NOT_ALLOWED"


NOT_ALLOWED = _NotAllowed()


@dataclass(frozen=True)
class Call:
    """One method on one URL. `roles` reach it (2xx/3xx unless `status` says otherwise for a role);
    for state-changing methods, `writes` (default: `roles`) are the roles whose request changes
    something; `data` is the request body, a dict or a function of (world, role)."""

    roles: frozenset
    writes: frozenset | None = None
    data: dict | Callable | None = None
    status: dict = field(default_factory=dict)

    def writers(self) -> frozenset:
        return self.roles if self.writes is None else frozenset(self.writes)

    def body(self, world, role) -> dict:
        if callable(self.data):
            return self.data(world, role)
        return dict(self.data or {})


@dataclass(frozen=True)
class Expect:
    """What a URL name allows. `kwargs(world)` fills the pattern's parameters, `query` is added to
    GET requests; `get`/`post`/`patch` are Calls, role sets, NOT_ALLOWED or None (not tried).
    `known_bug` names a failure fixed elsewhere: the case is a strict xfail until it is fixed
    (delete the argument then)."""

    get: object = None
    post: object = None
    patch: object = None
    kwargs: Callable | None = None
    query: dict | Callable | None = None
    known_bug: str = ""
    format_known_bug: str = ""  # the same for the pattern's DRF format-suffix variant (`.json`)

    def calls(self, *, format_variant=False) -> list[tuple[str, object]]:
        methods = ("get",) if format_variant else ("get", "post", "patch")
        out = []
        for method in methods:
            value = getattr(self, method)
            if value is None:
                continue
            if isinstance(value, (set, frozenset)):
                value = Call(frozenset(value))
            out.append((method, value))
        return out


@dataclass(frozen=True)
class Pattern:
    name: str  # the URL name with its namespace, e.g. "events:rate"
    route: str  # the full route, for messages
    params: tuple[str, ...]
    format_variant: bool  # DRF's `.json` suffix route of the same name

    @property
    def case_id(self) -> str:
        return f"{self.name}.<format>" if self.format_variant else self.name


def _route_of(pattern) -> str:
    return str(pattern.pattern)


def _params(route: str) -> tuple[str, ...]:
    converters = re.findall(r"<(?:\w+:)?(\w+)>", route)
    groups = re.findall(r"\(\?P<(\w+)>", route)
    return tuple(dict.fromkeys(converters + groups))


def _callback_path(callback) -> str:
    target = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return f"{target.__module__}.{getattr(target, '__qualname__', target.__class__.__name__)}"


def walk(patterns=None, prefix="", namespace=""):
    """Every named pattern of the root URLconf but the skipped ones, in URLconf order."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + _route_of(entry)
        if isinstance(entry, URLResolver):
            urlconf = getattr(entry.urlconf_name, "__name__", entry.urlconf_name)
            if isinstance(urlconf, str) and urlconf in SKIPPED_URLCONFS:
                continue
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            if _callback_path(entry.callback) in SKIPPED_VIEWS:
                continue
            params = _params(route)
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed {route}>"
            yield Pattern(name, route, params, "format" in params)


def expectation_modules() -> list[str]:
    """tests/url_permissions.py (project pages) and every tests/<app>/url_permissions.py."""
    root = Path(__file__).resolve().parent
    found = ["tests.url_permissions"] if (root / "url_permissions.py").exists() else []
    found += [f"tests.{p.parent.name}.url_permissions" for p in sorted(root.glob("*/url_permissions.py"))]
    return found


def gather() -> tuple[dict[str, Expect], list, list[str]]:
    """All declared expectations, the modules that build world objects, and duplicate names."""
    expectations, builders, duplicates = {}, [], []
    for module_name in expectation_modules():
        module = importlib.import_module(module_name)
        for name, expect in module.URLS.items():
            if name in expectations:
                duplicates.append(f"{name} (again in {module_name})")
            expectations[name] = expect
        if hasattr(module, "build"):
            builders.append(module.build)
    return expectations, builders, duplicates


def build_world(builders) -> SimpleNamespace:
    """The people in every role, organisations A (the sme's) and B (other_sme's), regions A
    (SE224, authority_skane) and B (LT011, authority_vilnius), then each app's objects."""
    from django.test import Client

    from regions.models import Region
    from tests.factories import people_in_every_role
    from tests.smes.factories import company

    people = people_in_every_role()
    world = SimpleNamespace(people=people, sessions={})
    world.org_a = company("Own AB", registered_by=people["sme"])
    world.org_b = company("Other UAB", country="LT", region="LT011", registered_by=people["other_sme"])
    world.region_a, world.region_b = Region.objects.get(code="SE224"), Region.objects.get(code="LT011")
    for builder in builders:
        builder(world)
    for role, user in people.items():
        if user.is_authenticated:
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def writes_in(statements) -> list[str]:
    """The tables a request wrote to, leaving out the session (a login, a message)."""
    tables = []
    for sql in statements:
        match = _WRITE.match(sql)
        if match and match.group(2) != "django_session":
            tables.append(match.group(2))
    return tables


def request_body(method, data):
    """Keyword arguments for the test client: forms for POST, JSON for PATCH."""
    if method == "patch":
        return {"data": json.dumps(data), "content_type": "application/json"}
    return {"data": data}


def form_data(form, **changes) -> dict:
    """A form's initial values as POST data (objects as their keys), with `changes` applied:
    an edit page submitted as it stands, or with one field changed."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, (list, tuple)):
            value = [getattr(v, "pk", v) for v in value]
        else:
            value = getattr(value, "pk", value)
        data[name] = value
    data.update(changes)
    return data


def sample_upload(path, name: str):
    """A fresh upload of a file for each request (an upload is read once)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, Path(path).read_bytes(), content_type="text/csv")
