"""Project-level pages: landing, health and service status, privacy notice, accessibility
statement, language switch."""

import logging
from datetime import date

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from bsrstars import home as home_registry
from bsrstars import navigation
from bsrstars.accounts import services as account_services
from bsrstars.accounts.selectors import memberships_of, role_assignments_of

logger = logging.getLogger(__name__)


def _grouped(items) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(str(item.group), []).append(item)
    return list(groups.items())


def home(request):
    """Anyone. Signed-in people see first what waits for them (tasks with counts and deadlines),
    then their dates and the state of what they look after (bsrstars.home's providers), then
    what they can do, grouped by the roles they hold."""
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html")
    user = request.user
    waiting = SimpleLazyObject(lambda: home_registry.items_for(user))
    # The page is kept a minute per person (bsrstars.fragments): all of it is read only when it
    # is not.
    context = {
        "home": waiting,
        "status_groups": SimpleLazyObject(lambda: _grouped(waiting.statuses)),
        "sections": SimpleLazyObject(lambda: navigation.landing_sections(user)),
        "memberships": SimpleLazyObject(lambda: memberships_of(user)),
        "assignments": SimpleLazyObject(lambda: role_assignments_of(user)),
        "home_apps": " ".join(home_registry.portal_apps()),
        "home_seconds": home_registry.KEPT_SECONDS,
    }
    return render(request, "home.html", context)


def privacy(request):
    """Anyone: the privacy notice."""
    return render(request, "privacy.html", {"version": settings.PRIVACY_NOTICE_VERSION})


def accessibility(request):
    """Anyone: the accessibility statement (the model of the EU Web Accessibility Directive)."""
    return render(
        request,
        "accessibility.html",
        {
            "reviewed_on": date.fromisoformat(settings.ACCESSIBILITY_REVIEWED_ON),
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        },
    )


@require_POST
def set_language(request):
    """Anyone. Signed-in people keep the choice on their account (emails use it too)."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        account_services.update_preferences(user=request.user, language=language)
    return django_set_language(request)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # noqa: BLE001 -- health must report, never raise
        logger.warning("Health check: database unavailable: %s", exc)
        return "unavailable"


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        from bsrstars.celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001 -- health must report, never raise
        logger.warning("Health check: broker unavailable: %s", exc)
        return "unavailable"


def _service_states() -> tuple[str, str]:
    try:
        return _database_state(), _broker_state()
    except Exception:  # noqa: BLE001 -- belt and braces: health never raises
        return "unavailable", "unknown"


@never_cache
def healthz(request):
    """Anyone (load balancers and probes): 200 when the database answers, 503 when it does not."""
    database, broker = _service_states()
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database, "broker": broker}, status=status
    )


@never_cache
def service_status(request):
    """Anyone: the service status for people (what /healthz tells probes), in the layout."""
    database, broker = _service_states()
    labels = {
        "ok": gettext("Working"),
        "eager": gettext("Working (tasks run straight away, without a queue)"),
        "unavailable": gettext("Not answering"),
        "unknown": gettext("Unknown"),
    }
    components = [
        (gettext("Database"), database, labels.get(database, database)),
        (gettext("Background tasks (emails, PDFs, schedules)"), broker, labels.get(broker, broker)),
    ]
    return render(
        request,
        "status.html",
        {"components": components, "healthy": database == "ok", "checked_at": timezone.now()},
        status=200 if database == "ok" else 503,
    )


# Swagger UI sets inline styles on its elements; only the docs page relaxes style-src for that.
docs_csp = csp_update({"style-src": [UNSAFE_INLINE]})


def page_not_found(request, exception):
    """Anyone: a 404 in the API's shape under /api/ (for URLs no route matches, such as a
    malformed id), the portal's page elsewhere (in the layout, with a way back)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return render(request, "404.html", {"request_path": request.path}, status=404)


def permission_denied(request, exception):
    """Anyone: the 403 page says which role or membership would open the page (the reason the
    permission helper attached), and how to get it."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": gettext("You do not have permission to perform this action.")}, status=403)
    reason = str(exception.args[0]) if getattr(exception, "args", None) and exception.args[0] else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request):
    """Anyone: a plain page that needs no database, no context processors, no session."""
    try:
        return defaults.server_error(request)  # renders 500.html without a request context
    except Exception:  # noqa: BLE001 -- the error page must not fail in turn
        return HttpResponseServerError("Server error", content_type="text/plain")
