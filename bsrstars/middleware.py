import zoneinfo
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.defaults import bad_request

from bsrstars.views import page_not_found


class UserPreferencesMiddleware:
    """A signed-in person sees the portal in their own language and time zone.

    Runs after AuthenticationMiddleware; for anonymous visitors LocaleMiddleware's choice
    (cookie, then Accept-Language, then English) stands. Pages about an event activate the event's zone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        try:
            zone = zoneinfo.ZoneInfo((signed_in and user.timezone) or settings.DEFAULT_USER_TIMEZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo(settings.DEFAULT_USER_TIMEZONE)
        timezone.activate(zone)
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        self._remember_language(request, response)
        return response

    @staticmethod
    def _remember_language(request, response):
        """The language cookie follows the account (set on login, on a change elsewhere), so the
        pages after logging out stay in the person's language rather than the browser's."""
        if request.path_info.startswith("/api/"):  # API clients keep no language cookie
            return
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )


class RejectNulMiddleware:
    """A NUL byte (%00) in the URL is answered before any view runs: in the path with a 404 (no
    name, code or token holds one, so nothing is there; SQLite answered so already), in the
    query string with a 400 (a malformed filter, as DRF's own fields answer it).

    PostgreSQL cannot even compare text with a NUL (psycopg raises ValueError), so each view
    that looks a URL value up failed with a 500 there. One check here covers every view — pages,
    API, admin, allauth, views still to come — where path converters or per-view validation
    would have to be remembered each time. API paths get the API's JSON error shape.
    """

    MESSAGE = gettext_lazy("The address contains a NUL character.")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return page_not_found(request, Http404(self.MESSAGE))
        if "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": str(self.MESSAGE)}, status=400)
            return bad_request(request, SuspiciousOperation(str(self.MESSAGE)))
        return self.get_response(request)
