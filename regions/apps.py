from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from bsrstars import navigation
        from bsrstars.accounts import roles

        navigation.add(
            navigation.Entry(
                "regions:list",
                _("Regions"),
                _("The NUTS regions of the programme countries and the partner regions."),
                "regions.view_region",
                in_nav=True,
            )
        )
        navigation.add(
            navigation.Entry(
                "regions:domains",
                _("S3 domains"),
                _("The smart-specialisation domains and their NACE links."),
                "regions.view_s3domain",
            )
        )
        navigation.add(
            navigation.Entry(
                "regions:figures",
                _("Programme figures"),
                _("The programme's indicators as computed from the portal."),
                "regions.view_programme_figures",
                audiences=frozenset(
                    {roles.PARTNER, roles.REGIONAL_AUTHORITY, roles.FACILITATOR, roles.PROGRAMME_ADMIN}
                ),
                in_nav=True,
            )
        )
