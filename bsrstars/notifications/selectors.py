from .models import Notification


def inbox_of(user):
    return Notification.objects.filter(recipient=user).select_related("recipient")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
