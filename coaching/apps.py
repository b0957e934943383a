from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

KINDS = (
    "coaching_submitted",
    "coaching_decision",
    "coaching_assignment",
    "coaching_session",
    "coaching_dispute",
    "coaching_closed",
    "coaching_follow_up",
)


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching")

    def ready(self):
        from bsrstars import home as home_registry

        from . import home

        home_registry.register(home.home_items)
        from bsrstars import company_sections
        from bsrstars.notifications.kinds import register_kind

        from . import exports, kpi_providers, tasks  # noqa: F401 -- tasks: register the follow-up scan in every process

        kpi_providers.register()
        exports.register()
        for kind in KINDS:
            register_kind(kind)
        self._navigation()
        company_sections.add(_company_section)

    def _navigation(self):
        from bsrstars import navigation
        from bsrstars.accounts import roles

        entries = [
            (
                "coaching:calls",
                _("Coaching"),
                _("Calls for transnational coaching: apply, follow your application and your coaching."),
                "coaching.view_call_list",
                navigation.EVERYONE,
                True,
            ),
            (
                "coaching:my_applications",
                _("Your coaching applications"),
                _("Drafts, submitted applications and their status, your coach and hours."),
                "coaching.apply",
                navigation.SME_MEMBER,
                False,
            ),
            (
                "coaching:review",
                _("Review coaching applications"),
                _("Screen, accept, wait-list or reject applications; export the list."),
                "coaching.review",
                roles.FACILITATOR,
                False,
            ),
            (
                "coaching:overview",
                _("Coaching overview"),
                _("Every call's funnel and the hours delivered."),
                "coaching.view_overview",
                roles.FACILITATOR,
                False,
            ),
            (
                "coaching:call_create",
                _("Open a coaching call"),
                _("Dates, places overall and per region, hours per SME and target domains."),
                "coaching.add_call",
                roles.FACILITATOR,
                False,
            ),
            (
                "coaching:my_assignments",
                _("Your coaching assignments"),
                _("The SMEs you coach: plans, sessions and hours."),
                "coaching.view_my_assignments",
                roles.COACH,
                False,
            ),
            (
                "coaching:coach_profile",
                _("Your coach profile"),
                _("Expertise, languages and capacity used to suggest you to SMEs."),
                "coaching.change_own_coach_profile",
                roles.COACH,
                False,
            ),
        ]
        for url_name, label, description, permission, audience, in_nav in entries:
            extra = {roles.PROGRAMME_ADMIN} if audience == roles.FACILITATOR else set()
            navigation.add(
                navigation.Entry(
                    url_name, label, description, permission, audiences=frozenset({audience, *extra}), in_nav=in_nav
                )
            )


def _company_section(request, organisation):
    from .views import company_section

    return company_section(request, organisation)
