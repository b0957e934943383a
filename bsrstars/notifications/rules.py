import rules

from bsrstars.accounts.rules import is_signed_in


@rules.predicate
def is_recipient(user, notification):
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm("notifications.view_inbox", is_signed_in)
rules.add_perm("notifications.change_notification", is_recipient)
