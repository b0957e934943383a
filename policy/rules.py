"""Who may do what with policy briefs. Object checks take a BriefVersion (or a ReviewComment).

- Partners and programme admins write briefs; the author edits the working version.
- Reviewers are partners, regional authorities and programme admins: they comment while a
  version is in review. The author resolves comments and publishes once none is open.
- Published versions are read and downloaded by partners, authorities and admins; a brief marked
  public can be downloaded by anyone. Drafts are seen by the author and admins only.
"""

import rules

from bsrstars.accounts.rules import is_partner, is_programme_admin, is_regional_authority, is_signed_in


@rules.predicate
def is_author(user, version):
    return version is not None and user.is_authenticated and version.brief.author_id == user.pk


@rules.predicate
def is_draft(user, version):
    return version is not None and version.status == "draft"


@rules.predicate
def is_in_review(user, version):
    return version is not None and version.status == "in_review"


@rules.predicate
def is_published(user, version):
    return version is not None and version.status == "published"


@rules.predicate
def is_public_brief(user, version):
    return version is not None and version.status == "published" and version.brief.is_public


@rules.predicate
def is_comment_author(user, comment):
    return comment is not None and comment.author_id == user.pk


@rules.predicate
def is_comment_on_own_brief(user, comment):
    return comment is not None and comment.version.brief.author_id == user.pk


is_reader = is_partner | is_regional_authority | is_programme_admin
is_writer = is_partner | is_programme_admin
is_reviewer = is_partner | is_regional_authority | is_programme_admin

rules.add_perm("policy.view_brief_list", is_reader)
rules.add_perm("policy.add_brief", is_writer)
rules.add_perm(
    "policy.view_version",
    is_signed_in & ((is_published & is_reader) | is_author | is_programme_admin | (is_in_review & is_reviewer)),
)
rules.add_perm("policy.change_version", ~is_published & (is_author | is_programme_admin))
rules.add_perm("policy.submit_version", is_draft & (is_author | is_programme_admin))
rules.add_perm("policy.comment_version", is_in_review & (is_reviewer | is_author))
rules.add_perm("policy.resolve_comment", is_comment_on_own_brief | is_comment_author | is_programme_admin)
rules.add_perm("policy.publish_version", is_in_review & (is_author | is_programme_admin))
rules.add_perm("policy.new_version", is_published & (is_author | is_programme_admin))
rules.add_perm("policy.render_version", is_author | is_programme_admin)
rules.add_perm("policy.download_version", is_public_brief | (is_published & is_reader) | is_author | is_programme_admin)
rules.add_perm("policy.view_downloads", is_author | is_programme_admin)
