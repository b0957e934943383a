"""Every policy URL as every role. EXPECTATIONS lists (url name, object, roles → status); the
lead's URL-permission matrix can read it. Objects: a published brief (PDF behind sign-in), a
public published brief, a version in review, a draft, all by the same author."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.urls import reverse

from bsrstars.outbox import services as outbox
from policy import services
from tests.factories import UserFactory, give_role, person
from tests.policy.factories import draft, in_review, partner, published

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "sme", "facilitator", "authority", "author", "other_partner", "admin"]
READERS = {"authority", "author", "other_partner", "admin"}
REVIEWERS = READERS
SIGNED_IN = set(ROLES) - {"anonymous"}
OWNERS = {"author", "admin"}
EVERYONE = set(ROLES)

# (url name, object or None, method, roles that get 200/302-to-success, status for them)
EXPECTATIONS = [
    ("policy:list", None, "get", READERS, 200),
    ("policy:public_list", None, "get", EVERYONE, 200),
    ("policy:create", None, "get", {"author", "other_partner", "admin"}, 200),
    ("policy:brief", "published", "get", READERS, 302),
    ("policy:versions", "published", "get", READERS, 200),
    ("policy:detail", "published", "get", READERS, 200),
    ("policy:detail", "review", "get", REVIEWERS, 200),
    ("policy:detail", "draft", "get", OWNERS, 200),
    ("policy:edit", "draft", "get", OWNERS, 200),
    ("policy:edit", "review", "get", OWNERS, 200),
    # Django lets a superuser pass every permission check; the page then sends them back.
    ("policy:edit", "published", "get", {"admin"}, 302),
    ("policy:review", "review", "get", REVIEWERS, 200),
    ("policy:review", "draft", "get", OWNERS, 200),
    ("policy:renditions", "published", "get", OWNERS, 200),
    ("policy:renditions", "draft", "get", OWNERS, 200),
    ("policy:renditions_status", "draft", "get", OWNERS, 200),
    ("policy:download", "published", "get", READERS, 200),
    ("policy:download", "public", "get", EVERYONE, 200),
    ("policy:download", "draft", "get", OWNERS, 200),
    ("policy:download", "review", "get", OWNERS, 200),
    ("policy:submit", "draft", "post", OWNERS, 302),
    ("policy:publish", "review", "post", OWNERS, 302),
    ("policy:new_version", "published", "post", OWNERS, 302),
]


def ready_pdf(version):
    """A finished rendition without running WeasyPrint (test_rendering.py covers that)."""
    rendition = services.request_rendering(version=version, by=version.brief.author)
    rendition.file.save("brief.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=True)
    outbox.claim(type(rendition), rendition.pk)
    outbox.finish(rendition)
    return rendition


@pytest.fixture
def world():
    author = partner()
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_role(admin, "programme_admin")
    versions = {
        "published": published(author, title="Behind sign-in"),
        "public": published(author, title="Open to all"),
        "review": in_review(author, title="Under review"),
        "draft": draft(author, title="Secret draft"),
    }
    versions["public"].brief.is_public = True
    versions["public"].brief.save()
    for version in versions.values():  # every version has a PDF, so downloads test permission only
        ready_pdf(version)
    people = {
        "anonymous": AnonymousUser(),
        "no_role": UserFactory(),
        "sme": person(),
        "facilitator": person("facilitator", org_kind="partner"),
        "authority": person("regional_authority", "SE224", org_kind="regional_authority"),
        "author": author,
        "other_partner": partner(),
        "admin": admin,
    }
    return {"versions": versions, "people": people}


def _url(name, obj, versions):
    if obj is None:
        return reverse(name)
    version = versions[obj]
    if name in ("policy:brief", "policy:versions"):
        return reverse(name, args=[version.brief_id])
    return reverse(name, args=[version.brief_id, version.number])


@pytest.mark.parametrize("role", ROLES)
def test_policy_urls_as_every_role(client, world, role):
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    for name, obj, method, allowed, status in EXPECTATIONS:
        if method == "post":
            continue  # state-changing: checked one by one below
        url = _url(name, obj, world["versions"])
        expected = status if role in allowed else (302 if role == "anonymous" else 403)
        response = client.get(url)
        assert response.status_code == expected, (name, obj, role, response.status_code)
        if expected == 302 and role not in allowed:
            assert response["Location"].startswith(reverse("account_login")), (name, obj)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,obj", [(n, o) for n, o, m, _a, _s in EXPECTATIONS if m == "post"])
def test_policy_actions_as_every_role(client, world, role, name, obj):
    allowed = next(a for n, o, m, a, _s in EXPECTATIONS if (n, o) == (name, obj))
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    version = world["versions"][obj]
    status_before = version.status
    response = client.post(_url(name, obj, world["versions"]))
    version.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302
        assert version.status != status_before or name == "policy:new_version"
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert version.status == status_before


def test_drafts_are_not_listed_for_other_partners(client, world):
    client.force_login(world["people"]["other_partner"])
    html = client.get(reverse("policy:list")).content.decode()
    assert "Behind sign-in" in html and "Under review" in html
    assert "Secret draft" not in html


def test_public_list_shows_published_briefs_only(client, world):
    html = client.get(reverse("policy:public_list")).content.decode()
    assert "Behind sign-in" in html and "Open to all" in html
    assert "Under review" not in html and "Secret draft" not in html
    assert "Fund cross-border vouchers." in html  # recommendations are public


def test_pdfs_are_kept_outside_the_media_root(world, settings):
    from pathlib import Path

    path = Path(world["versions"]["draft"].renditions.get().file.path).resolve()
    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents


def test_download_is_checked_on_every_request_and_counted(client, world):
    version = world["versions"]["published"]
    url = _url("policy:download", "published", world["versions"])
    client.force_login(world["people"]["authority"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert version.downloads.get().organisation == world["people"]["authority"].memberships.get().organisation
    client.logout()
    assert client.get(url).status_code == 302
    assert version.downloads.count() == 1
