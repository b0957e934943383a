from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "bsrstars.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from bsrstars import navigation

        from . import tasks  # noqa: F401 -- register the tasks where rows are enqueued, not only in workers

        navigation.add(
            navigation.Entry(
                "notifications:inbox",
                _("Inbox"),
                _("Messages from the programme and from other participants."),
                "notifications.view_inbox",
            )
        )
