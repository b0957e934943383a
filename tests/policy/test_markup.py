"""Section text is Markdown, and nothing a reader's browser or the PDF could run survives."""

from html.parser import HTMLParser

from policy.markup import render_markdown


def elements(html: str) -> list[tuple[str, dict]]:
    """The elements a browser would build from `html`, with their attributes."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


def test_markdown_renders_emphasis_lists_and_tables():
    html = render_markdown("Some **bold**\n\n- one\n- two\n\n|a|b|\n|-|-|\n|1|2|")
    assert "<strong>bold</strong>" in html
    assert "<li>one</li>" in html
    assert "<td>1</td>" in html


def test_script_tags_never_become_elements():
    html = render_markdown("Hi <script>alert(1)</script>\n\n<script>alert(2)</script>")
    assert "script" not in [tag for tag, _ in elements(html)]


def test_event_handlers_are_removed():
    html = render_markdown('<a href="/" onclick="steal()">x</a> <b onmouseover="x()">y</b>')
    assert [tag for tag, _ in elements(html)] == ["p"]  # raw HTML stays text, never an element
    assert not any(name.startswith("on") for _, attrs in elements(html) for name in attrs)


def test_javascript_links_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) and [ok](https://example.org)")
    assert [attrs.get("href") for tag, attrs in elements(html) if tag == "a"] == ["https://example.org"]
    assert 'href="https://example.org"' in html


def test_remote_images_are_removed():
    html = render_markdown("![chart](http://evil.example/pixel.png) ![x](file:///etc/passwd)")
    assert "<img" not in html
    assert "evil.example" not in html


def test_headings_inside_a_section_start_below_the_section_heading():
    assert render_markdown("# Inner").strip() == "<h3>Inner</h3>"
