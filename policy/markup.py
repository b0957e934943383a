"""Section text: Markdown (CommonMark, markdown-it-py) to HTML, then sanitised with nh3.

Raw HTML in the Markdown is not interpreted (markdown-it's `html` option is off) and the result
is cleaned again with an allow-list, so no script, no event handler, no style, no javascript:
link and no image at all reaches a page or a PDF (a brief has no uploads, so every image would
be a remote one). Headings inside a section start at h3: the section heading is h2.
"""

from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


def render_markdown(text: str) -> SafeString:
    import nh3

    parser = _parser()
    tokens = parser.parse(text or "")
    _shift_headings(tokens)
    html = parser.renderer.render(tokens, parser.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 -- sanitised by nh3 just above
