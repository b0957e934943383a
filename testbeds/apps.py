from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestbedsConfig(AppConfig):
    name = "testbeds"
    verbose_name = _("Test facilities")

    def ready(self):
        from bsrstars import home as home_registry

        from . import home

        home_registry.register(home.home_items)
        from bsrstars import company_sections, navigation
        from bsrstars.accounts import roles
        from bsrstars.notifications.kinds import register_kind

        from . import kpi_providers, tasks  # noqa: F401 -- tasks: register the reminder scan in every process

        kpi_providers.register()
        company_sections.add(_company_section)
        for kind in ("testbeds_submitted", "testbeds_status", "testbeds_reviewed", "testbeds_decided"):
            register_kind(kind)
        register_kind("testbeds_booking")
        register_kind("testbeds_report_due")
        navigation.add(
            navigation.Entry(
                "testbeds:catalogue",
                _("Test facilities"),
                _("Find bio-economy test and demonstration facilities in the region and check when they are free."),
                "testbeds.view_catalogue",
                in_nav=True,
            )
        )
        navigation.add(
            navigation.Entry(
                "testbeds:my_applications",
                _("Apply for test-facility access"),
                _("Apply for a transnational access voucher and follow your applications and bookings."),
                "testbeds.apply",
                audiences=frozenset({navigation.SME_MEMBER}),
            )
        )
        navigation.add(
            navigation.Entry(
                "testbeds:operator",
                _("Your test facilities"),
                _("Keep your facilities, units and blackouts; review access applications; see utilisation."),
                "testbeds.operate",
                audiences=frozenset({roles.FACILITY_OPERATOR, roles.PROGRAMME_ADMIN}),
            )
        )
        navigation.add(
            navigation.Entry(
                "testbeds:decisions",
                _("Decide on access vouchers"),
                _("Open voucher calls and decide on applications the operators found feasible."),
                "testbeds.decide",
                audiences=frozenset({roles.PROGRAMME_ADMIN}),
            )
        )


def _company_section(request, organisation) -> str:
    """The company page's test-facility section, for its members, the authority of its region and
    programme admins (the selector scopes the rows; nobody else gets any)."""
    from django.template.loader import render_to_string

    from bsrstars.accounts.rules import organisation_ids

    from . import selectors

    user = request.user
    rows = list(selectors.company_accesses(user, organisation)) if user.is_authenticated else []
    context = {"rows": rows, "organisation": organisation, "is_member": organisation.pk in organisation_ids(user)}
    return render_to_string("testbeds/_company_section.html", context, request=request)
