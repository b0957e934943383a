import rules

from bsrstars.accounts.rules import is_facilitator, is_programme_admin, is_signed_in


@rules.predicate
def is_organiser(user, event):
    return event is not None and event.organiser_id == user.pk


@rules.predicate
def is_editing_co_organiser(user, event):
    return event is not None and any(c.user_id == user.pk and c.can_edit for c in event.co_organisers.all())


@rules.predicate
def is_co_organiser(user, event):
    return event is not None and any(c.user_id == user.pk for c in event.co_organisers.all())


@rules.predicate
def is_published(user, event):
    return event is not None and event.is_published


runs_event = is_organiser | is_co_organiser | is_programme_admin

rules.add_perm("events.view_event_list", is_signed_in)
rules.add_perm("events.view_event", is_signed_in & (is_published | runs_event))
rules.add_perm("events.add_event", is_facilitator | is_programme_admin)
rules.add_perm("events.change_event", is_organiser | is_editing_co_organiser | is_programme_admin)
rules.add_perm("events.view_registrations", runs_event)
rules.add_perm("events.register", is_signed_in & is_published)


@rules.predicate
def is_participant(user, event):
    """Holds a place (not the waiting list) at the event."""
    from .models import Registration, RegistrationStatus

    if event is None or not user.is_authenticated:
        return False
    return Registration.objects.filter(event=event, person=user, status=RegistrationStatus.REGISTERED).exists()


rules.add_perm("events.participate", is_participant)
rules.add_perm("events.view_participants", is_participant | runs_event)
rules.add_perm("events.run_schedule", is_organiser | is_editing_co_organiser | is_programme_admin)
rules.add_perm("events.view_agenda", is_participant | runs_event)
