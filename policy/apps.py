from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = _("Policy briefs")

    def ready(self):
        from bsrstars import home as home_registry

        from . import home

        home_registry.register(home.home_items)
        from bsrstars import navigation
        from bsrstars.accounts import roles
        from bsrstars.notifications.kinds import register_kind

        from . import kpi_providers, tasks  # noqa: F401 -- tasks: register the render task in every process

        kpi_providers.register()
        for kind in ("policy_review", "policy_comment", "policy_published", "policy_rendered"):
            register_kind(kind)
        navigation.add(
            navigation.Entry(
                "policy:list",
                _("Policy briefs"),
                _("Read, review and download the programme's evidence-backed policy briefs."),
                "policy.view_brief_list",
                audiences=frozenset({roles.PARTNER, roles.REGIONAL_AUTHORITY, roles.PROGRAMME_ADMIN}),
                in_nav=True,
            )
        )
        navigation.add(
            navigation.Entry(
                "policy:create",
                _("Write a policy brief"),
                _("Draft a brief with recommendations and live evidence from the programme's figures."),
                "policy.add_brief",
                audiences=frozenset({roles.PARTNER, roles.PROGRAMME_ADMIN}),
            )
        )
