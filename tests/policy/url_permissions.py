"""Policy URLs and the policy-briefs API: who may do what. The partner writes every brief of the
world: one published (behind sign-in, with a finished PDF), one in review, one in review with an
open comment by authority_skane, and a draft. Another partner's view of them, and the other states
of each page, are in tests/policy/test_permissions.py. See tests/url_matrix.py."""

from django.core.files.base import ContentFile

from bsrstars.outbox import services as outbox
from policy import services
from tests.policy.factories import draft, in_review, published
from tests.url_matrix import AUTHORITIES, EVERYONE, NOT_ALLOWED, SIGNED_IN, Call, Expect

READERS = AUTHORITIES | {"partner", "admin"}  # published briefs; reviewers of one in review too
WRITERS = frozenset({"partner", "admin"})  # new briefs
OWNERS = frozenset({"partner", "admin"})  # the author (the partner) and programme admins


def ready_pdf(version):
    """A finished rendition with a stand-in file, without running WeasyPrint
    (tests/policy/test_rendering.py covers that)."""
    rendition = version.renditions.first() or services.request_rendering(version=version, by=version.brief.author)
    rendition.file.save("brief.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=True)
    outbox.claim(type(rendition), rendition.pk)
    outbox.finish(rendition)
    return rendition


def build(world):
    author = world.people["partner"]
    world.brief_published = published(author, title="Behind sign-in")
    ready_pdf(world.brief_published)
    world.brief_review = in_review(author, title="Under review")
    commented = in_review(author, title="Under review, with a comment")
    world.brief_comment = services.add_comment(
        version=commented, author=world.people["authority_skane"], text="Add Lithuania's figures."
    )
    world.brief_draft = draft(author, title="Secret draft")


def _brief(version):
    return lambda w: {"pk": getattr(w, version).brief_id}


def _version(version):
    return lambda w: {"pk": getattr(w, version).brief_id, "number": getattr(w, version).number}


def _new_brief(world, role):
    return {"title": "Test access abroad", "summary": "Why it matters.", "language": "en", "scope": "regional"}


def _rows(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def _edited_draft(world, role):
    version = world.brief_draft
    brief = {"title": "Secret draft, revised", "summary": version.summary, "language": "en", "scope": version.scope}
    return {
        **{f"brief-{key}": value for key, value in brief.items()},
        **_rows("sections", [{"heading": "Context", "body": "Test facilities abroad."}]),
        **_rows("recommendations", [{"text": "Fund vouchers.", "level": "eu", "addressee": "EC"}]),
        **_rows("evidence", [{"kind": "kpi_progress", "position": 1, "caption": "Progress"}]),
    }


URLS = {
    "policy:list": Expect(get=READERS),
    "policy:public_list": Expect(get=EVERYONE),
    "policy:create": Expect(get=WRITERS, post=Call(WRITERS, data=_new_brief)),
    "policy:brief": Expect(kwargs=_brief("brief_published"), get=READERS),
    "policy:versions": Expect(kwargs=_brief("brief_published"), get=READERS),
    # A draft: its author and programme admins only.
    "policy:detail": Expect(kwargs=_version("brief_draft"), get=OWNERS),
    "policy:edit": Expect(kwargs=_version("brief_draft"), get=OWNERS, post=Call(OWNERS, data=_edited_draft)),
    "policy:submit": Expect(kwargs=_version("brief_draft"), get=NOT_ALLOWED, post=OWNERS),
    # Reviewers read and comment while a version is in review.
    "policy:review": Expect(
        kwargs=_version("brief_review"), get=READERS, post=Call(READERS, data={"text": "Cite the source."})
    ),
    # The comment is authority_skane's on the partner's brief: either of them, or an admin.
    "policy:comment_resolve": Expect(
        kwargs=lambda w: {"pk": w.brief_comment.version.brief_id, "comment_pk": w.brief_comment.pk},
        get=NOT_ALLOWED,
        post={"partner", "authority_skane", "admin"},
    ),
    "policy:publish": Expect(kwargs=_version("brief_review"), get=NOT_ALLOWED, post=OWNERS),
    "policy:new_version": Expect(kwargs=_version("brief_published"), get=NOT_ALLOWED, post=OWNERS),
    # A new rendering of the published version (its PDF is done, so a new row is made).
    "policy:renditions": Expect(kwargs=_version("brief_published"), get=OWNERS, post=OWNERS),
    "policy:renditions_status": Expect(kwargs=_version("brief_published"), get=OWNERS),
    # Every download is counted (a Download row), so a permitted GET writes.
    "policy:download": Expect(kwargs=_version("brief_published"), get=Call(READERS, writes=READERS)),
    # API: every published brief is listed to anyone signed in (as on the public page).
    "policy-brief-list": Expect(get=SIGNED_IN),
    "policy-brief-detail": Expect(kwargs=_brief("brief_published"), get=SIGNED_IN),
}
