from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and matchmaking")

    def ready(self):
        from bsrstars import home as home_registry

        from . import home

        home_registry.register(home.home_items)
        from bsrstars import navigation
        from bsrstars.accounts import roles
        from bsrstars.notifications.kinds import register_kind

        from . import exports, kpi_providers, tasks  # noqa: F401 -- tasks: register the expiry scan in every process

        kpi_providers.register()
        exports.register()

        register_kind("event_registration")
        register_kind("meeting_request")
        register_kind("schedule")
        register_kind("no_show")
        register_kind("follow_up")
        navigation.add(
            navigation.Entry(
                "events:list",
                _("Events"),
                _("Research–business matchmaking events, policy learning and webinars; register your organisation."),
                "events.view_event_list",
                in_nav=True,
            )
        )
        navigation.add(
            navigation.Entry(
                "events:create",
                _("Create an event"),
                _("Set up an event with its registration window, places and matchmaking sessions."),
                "events.add_event",
                audiences=frozenset({roles.FACILITATOR, roles.PROGRAMME_ADMIN}),
            )
        )
