"""seed_demo gives partner@example.org and the authorities briefs to read, review and download."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from bsrstars.accounts.models import User
from policy.demo import PUBLISHED_TITLE, REVIEW_TITLE
from policy.models import BriefVersion, Rendition

pytestmark = pytest.mark.django_db


def test_demo_briefs_are_there_once_and_readable(demo_data_with_pdfs, client, settings, tmp_path):
    published = BriefVersion.objects.filter(title=PUBLISHED_TITLE).order_by("number")
    assert [(v.number, v.status) for v in published] == [(1, "published"), (2, "published")]
    for version in published:
        rendition = version.renditions.get()
        assert rendition.status == "done" and rendition.pages > 1
    review = BriefVersion.objects.get(title=REVIEW_TITLE)
    assert review.status == "in_review"
    assert review.comments.filter(resolved_at__isnull=True).count() == 2

    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115 -- devnull
    assert BriefVersion.objects.filter(title=PUBLISHED_TITLE).count() == 2
    assert Rendition.objects.count() == 2

    client.force_login(User.objects.get(email="partner@example.org"))
    latest = published.last()
    response = client.get(reverse("policy:download", args=[latest.brief_id, latest.number]))
    assert response["Content-Type"] == "application/pdf"
    page = client.get(reverse("policy:review", args=[review.brief_id, review.number])).content.decode()
    assert "Which five? Name them here." in page
