from django.db.models import Count, Prefetch, Q, QuerySet

from bsrstars.accounts.rules import is_programme_admin

from .models import Event, EventOrganiser, Registration, RegistrationStatus


def events_for(user) -> QuerySet[Event]:
    """Published events, plus the ones `user` organises (drafts included); admins see all."""
    queryset = Event.objects.all()
    if not is_programme_admin(user):
        queryset = queryset.filter(Q(is_published=True) | Q(organiser=user) | Q(co_organisers__user=user)).distinct()
    return (
        queryset.select_related("organiser")
        .prefetch_related(
            "target_domains", Prefetch("co_organisers", queryset=EventOrganiser.objects.select_related("user"))
        )
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED), distinct=True
            ),
        )
        .order_by("start", "pk")
    )


def registration_of(user, event) -> Registration | None:
    return (
        Registration.objects.filter(event=event, person=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("organisation")
        .first()
    )


def registrations_of_event(event) -> QuerySet[Registration]:
    return event.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related(
        "person", "organisation", "organisation__region"
    )
