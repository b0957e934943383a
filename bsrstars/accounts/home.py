"""What accounts put on a person's home: join requests to decide for the organisations they
administer, invitations waiting for them, and their own requests to join. Three queries."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bsrstars import home

from .models import Invitation, MembershipRequest, MembershipRequestStatus
from .rules import administered_organisation_ids, is_programme_admin

SHOWN = 8


def _requests_to_decide(user) -> list[home.Item]:
    administered = administered_organisation_ids(user)
    if not administered:
        return []
    rows = (
        MembershipRequest.objects.filter(organisation_id__in=administered, status=MembershipRequestStatus.PENDING)
        .values("organisation_id", "organisation__name")
        .annotate(n=Count("pk"), first=Min("created_at"))
        .order_by("organisation_id")
    )
    return [
        home.Item(
            kind=home.TASK,
            title=ngettext(
                "%(n)d request to join %(organisation)s to decide",
                "%(n)d requests to join %(organisation)s to decide",
                row["n"],
            )
            % {"n": row["n"], "organisation": row["organisation__name"]},
            count=row["n"],
            url=reverse("accounts:organisation_members", kwargs={"pk": row["organisation_id"]}),
            detail=_("The oldest has waited since %(day)s.") % {"day": home.local_day(row["first"])},
        )
        for row in rows
    ]


def _invitations(user, now) -> list[home.Item]:
    invitations = Invitation.objects.filter(
        email__iexact=user.email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).select_related("organisation")[:SHOWN]
    return [
        home.Item(
            kind=home.TASK,
            title=_("Invitation to join %(organisation)s") % {"organisation": invitation.organisation.name},
            count=1,
            deadline=invitation.expires_at,
            url=reverse("accounts:accept_invitation", kwargs={"token": invitation.token}),
        )
        for invitation in invitations
    ]


def _own_requests(user) -> list[home.Item]:
    pending = MembershipRequest.objects.filter(user=user, status=MembershipRequestStatus.PENDING).select_related(
        "organisation"
    )[:SHOWN]
    return [
        home.Item(
            kind=home.STATUS,
            title=request.organisation.name,
            url=reverse("accounts:organisation_detail", kwargs={"pk": request.organisation_id}),
            detail=_("You asked to join on %(day)s.") % {"day": home.local_day(request.created_at)},
            badges=(home.Badge(_("Waiting for a decision"), home.WARN),),
            group=_("Your requests to join"),
        )
        for request in pending
    ]


def _programme_queues() -> list[home.Item]:
    """For programme admins: join requests waiting anywhere and background work that failed
    (one count per outbox model: a fixed number of queries)."""
    from bsrstars.outbox.models import OutboxStatus
    from bsrstars.outbox.services import registered_models

    waiting = MembershipRequest.objects.filter(status=MembershipRequestStatus.PENDING).count()
    failed = [
        (str(model._meta.verbose_name_plural), model.objects.filter(status=OutboxStatus.FAILED).count())
        for model in registered_models()
    ]
    failed = [(name, n) for name, n in failed if n]
    rows = [(_("Requests to join an organisation, waiting"), str(waiting))]
    rows += [(_("Failed background work: %(what)s") % {"what": name}, str(n)) for name, n in failed]
    return [
        home.Item(
            kind=home.STATUS,
            title=_("Programme queues"),
            url=reverse("admin:index"),
            badges=(home.Badge(_("Background work failed"), home.ALERT),)
            if failed
            else (home.Badge(_("Background work running normally"), home.OK),),
            rows=tuple(rows),
            group=_("The programme"),
        )
    ]


def home_items(user) -> list[home.Item]:
    now = timezone.now()
    items = [*_requests_to_decide(user), *_invitations(user, now), *_own_requests(user)]
    if is_programme_admin(user):
        items += _programme_queues()
    return items
