from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bsrstars.permissions import permission_required

from . import selectors, services
from .models import Notification
from .rendering import render_title


@permission_required("notifications.view_inbox")
def inbox(request):
    """Signed-in people: their own notifications, newest first, 25 a page."""
    page = Paginator(selectors.inbox_of(request.user), 25).get_page(request.GET.get("page"))
    items = [(n, render_title(n)) for n in page.object_list]
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


def _notification(request, pk):
    return get_object_or_404(Notification, pk=pk)


def _own_notification(request, pk):
    """A notification is personal: superusers pass every permission check, but not this one."""
    notification = _notification(request, pk)
    if notification.recipient_id != request.user.pk:
        raise PermissionDenied
    return notification


@require_POST
@permission_required("notifications.change_notification", fn=_notification)
def mark_read(request, pk):
    """The recipient only: mark one read and follow its link, if it has a safe one."""
    notification = services.mark_read(notification=_own_notification(request, pk))
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@permission_required("notifications.view_inbox")
def mark_all_read(request):
    """Signed-in people: mark their whole inbox read."""
    services.mark_all_read(recipient=request.user)
    return redirect("notifications:inbox")
