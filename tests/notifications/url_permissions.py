"""Inbox URLs: who may do what. The notification in the URLs is the sme's; see tests/url_matrix.py."""

from bsrstars.notifications.services import notify
from tests.url_matrix import NOT_ALLOWED, SIGNED_IN, Expect


def build(world):
    world.notification_a = notify(recipient=world.people["sme"], kind="welcome", payload={"name": "A"}, email=False)


URLS = {
    "notifications:inbox": Expect(get=SIGNED_IN),
    "notifications:mark_read": Expect(kwargs=lambda w: {"pk": w.notification_a.pk}, get=NOT_ALLOWED, post={"sme"}),
    "notifications:mark_all_read": Expect(get=NOT_ALLOWED, post=SIGNED_IN),
}
