from django.conf import settings

from bsrstars import navigation
from bsrstars.notifications.selectors import unread_count


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": [], "unread_notifications": 0, "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION}
    return {
        "nav_entries": navigation.nav_entries(user),
        "unread_notifications": unread_count(user),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
    }
