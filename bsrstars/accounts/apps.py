from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bsrstars.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from bsrstars import home as home_registry

        from . import home

        home_registry.register(home.home_items)
        from . import kpi_providers

        kpi_providers.register()

        from bsrstars.notifications.kinds import register_kind

        from . import privacy, tasks  # noqa: F401 -- tasks: registered where invitations are enqueued

        privacy.register_sections()
        for kind in ("membership_requested", "membership_decided", "invitation_accepted"):
            register_kind(kind)

        from bsrstars import navigation

        from . import roles

        navigation.add(
            navigation.Entry(
                "accounts:profile",
                _("Your account"),
                _("Your name, language, time zone, password, email addresses and API token."),
                "accounts.view_own_account",
            )
        )
        navigation.add(
            navigation.Entry(
                "accounts:my_data",
                _("Your data"),
                _("Download everything the portal holds about you, or delete your account."),
                "accounts.view_own_account",
            )
        )
        navigation.add(
            navigation.Entry(
                "api-docs",
                _("API"),
                _("Pull programme data into your own tools (OpenAPI documentation)."),
                "accounts.use_api",
                # A developer's page: offered to the programme's data users, not on every
                # company's landing page (members find their API token under "Your account").
                audiences=frozenset({roles.PARTNER, roles.REGIONAL_AUTHORITY, roles.PROGRAMME_ADMIN}),
            )
        )
        navigation.add(
            navigation.Entry(
                "admin:index",
                _("Administration"),
                _("Manage people, organisations, roles and which regions are partner regions."),
                "accounts.use_admin_site",
                audiences=frozenset({roles.PROGRAMME_ADMIN}),
                in_nav=True,
            )
        )
