import zoneinfo

from django.conf import settings
from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """A signed-in person sees the portal in their own language and time zone.

    Runs after AuthenticationMiddleware; for anonymous visitors LocaleMiddleware's choice
    (cookie, then Accept-Language) stands. Pages about an event activate the event's zone.
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
            return self.get_response(request)
        finally:
            timezone.deactivate()
