from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "bsrstars.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from bsrstars import navigation
        from bsrstars.accounts import personal_data

        from . import tasks  # noqa: F401 -- register the tasks where rows are enqueued, not only in workers
        from .models import Notification

        personal_data.register(
            "notifications",
            lambda user: list(
                Notification.objects.filter(recipient=user).values("kind", "payload", "created_at", "read_at")
            ),
            lambda user: Notification.objects.filter(recipient=user).delete(),
        )

        navigation.add(
            navigation.Entry(
                "notifications:inbox",
                _("Inbox"),
                _("Messages from the programme and from other participants."),
                "notifications.view_inbox",
            )
        )
