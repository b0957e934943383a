"""Policy URLs beyond the URL permission matrix (tests/test_url_matrix.py, declared in
tests/policy/url_permissions.py), which tries each URL on one object as every role of
tests/factories.ROLES, with the partner as author. Here: the same pages on briefs in the other
states, and another partner (`other_partner`) who is not the author. EXPECTATIONS lists (url name,
object, method, roles that get the status, status); the pairs the matrix tries already are in
MATRIX, and only another partner is tried on them here. Objects: a published brief (PDF behind
sign-in), a public published brief, a version in review, a draft, all by the partner."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from bsrstars.outbox import services as outbox
from policy import services
from tests import factories
from tests.policy.factories import draft, in_review, partner, published

pytestmark = pytest.mark.django_db

ROLES = [*factories.ROLES, "other_partner"]
READERS = {"authority_skane", "authority_vilnius", "partner", "other_partner", "admin"}
REVIEWERS = READERS
OWNERS = {"partner", "admin"}  # the author and programme admins
EVERYONE = set(ROLES)

# (url name, object or None, method, roles that get 200/302-to-success, status for them)
EXPECTATIONS = [
    ("policy:list", None, "get", READERS, 200),
    ("policy:public_list", None, "get", EVERYONE, 200),
    ("policy:create", None, "get", {"partner", "other_partner", "admin"}, 200),
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
    ("policy:renditions_status", "published", "get", OWNERS, 200),
    ("policy:renditions_status", "draft", "get", OWNERS, 200),
    ("policy:download", "published", "get", READERS, 200),
    ("policy:download", "public", "get", EVERYONE, 200),
    ("policy:download", "draft", "get", OWNERS, 200),
    ("policy:download", "review", "get", OWNERS, 200),
    ("policy:submit", "draft", "post", OWNERS, 302),
    ("policy:publish", "review", "post", OWNERS, 302),
    ("policy:new_version", "published", "post", OWNERS, 302),
]

# (url name, object) pairs the matrix tries as every role of tests/factories.ROLES.
MATRIX = {
    ("policy:list", None),
    ("policy:public_list", None),
    ("policy:create", None),
    ("policy:brief", "published"),
    ("policy:versions", "published"),
    ("policy:detail", "draft"),
    ("policy:edit", "draft"),
    ("policy:review", "review"),
    ("policy:renditions", "published"),
    ("policy:renditions_status", "published"),
    ("policy:download", "published"),
    ("policy:submit", "draft"),
    ("policy:publish", "review"),
    ("policy:new_version", "published"),
}


def ready_pdf(version):
    """A finished rendition without running WeasyPrint (test_rendering.py covers that)."""
    rendition = services.request_rendering(version=version, by=version.brief.author)
    rendition.file.save("brief.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=True)
    outbox.claim(type(rendition), rendition.pk)
    outbox.finish(rendition)
    return rendition


@pytest.fixture
def world():
    people = {**factories.people_in_every_role(), "other_partner": partner()}
    author = people["partner"]
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
    return {"versions": versions, "people": people}


def _url(name, obj, versions):
    if obj is None:
        return reverse(name)
    version = versions[obj]
    if name in ("policy:brief", "policy:versions"):
        return reverse(name, args=[version.brief_id])
    return reverse(name, args=[version.brief_id, version.number])


def _gets(role):
    """The GET cases to try as `role`: another partner all of them, the others what the matrix does not."""
    return [row for row in EXPECTATIONS if row[2] == "get" and (role == "other_partner" or row[:2] not in MATRIX)]


@pytest.mark.parametrize("role", ROLES)
def test_policy_urls_as_every_role(client, world, role):
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    for name, obj, _method, allowed, status in _gets(role):
        url = _url(name, obj, world["versions"])
        expected = status if role in allowed else (302 if role == "anonymous" else 403)
        response = client.get(url)
        assert response.status_code == expected, (name, obj, role, response.status_code)
        if expected == 302 and role not in allowed:
            assert response["Location"].startswith(reverse("account_login")), (name, obj)


@pytest.mark.parametrize("role", ["partner", "other_partner"])
@pytest.mark.parametrize("name,obj", [(n, o) for n, o, m, _a, _s in EXPECTATIONS if m == "post"])
def test_policy_actions_move_the_brief_only_for_its_author(client, world, role, name, obj):
    """The matrix sees that the author's request writes; here, that it moves the brief on (and
    that another partner, whom the matrix does not have, is refused)."""
    allowed = next(a for n, o, m, a, _s in EXPECTATIONS if (n, o) == (name, obj))
    client.force_login(world["people"][role])
    version = world["versions"][obj]
    status_before, versions_before = version.status, version.brief.versions.count()
    response = client.post(_url(name, obj, world["versions"]))
    version.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302
        if name == "policy:new_version":
            assert version.brief.versions.count() == versions_before + 1
        else:
            assert version.status != status_before
    else:
        assert response.status_code == 403
        assert (version.status, version.brief.versions.count()) == (status_before, versions_before)


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
    client.force_login(world["people"]["authority_skane"])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert version.downloads.get().organisation == world["people"]["authority_skane"].memberships.get().organisation
    client.logout()
    assert client.get(url).status_code == 302
    assert version.downloads.count() == 1
