"""Keyboard alone: sign in, register for an event and send a meeting request with Tab, Enter and
typing only. At every step the focused element shows a visible focus indicator and focus moves
forward in reading order (document order; down the page, along a row, or on to the next column
to the right, never back up)."""

import pytest

from events.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the focused element is: its visible text or name, where it sits, whether focus shows.
_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const order = Array.from(document.querySelectorAll("*")).indexOf(el);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || el.innerText || el.value || label || "").trim().slice(0, 80),
    label: label.trim(),
    top: box.top + window.scrollY, left: box.left + window.scrollX, height: box.height, width: box.width,
    visible: outline || shadow, inView: box.bottom > 0 && box.top < window.innerHeight,
    order, context: (el.closest("li, tr, section, form") || el).innerText.slice(0, 300),
  };
}"""


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.previous = None
        self.path = []

    def new_page(self):
        """Focus starts again at the top of the document after a page load."""
        self.previous = None
        self.path.append("--- " + self.page.url)

    def tab(self):
        self.page.keyboard.press("Tab")
        focus = self.page.evaluate(_FOCUS)
        assert focus is not None, f"Tab left the page's focus on <body>; so far: {self.path[-8:]}"
        self.path.append(f"{focus['tag']} {focus['text']!r}")
        assert focus["visible"], f"no visible focus indicator on {focus['tag']} {focus['text']!r}"
        assert focus["inView"], f"focused {focus['tag']} {focus['text']!r} is scrolled out of view"
        if self.previous is not None:
            prev = self.previous
            assert focus["order"] > prev["order"], f"focus went back in the document: {self.path[-2:]}"
            same_row = abs(focus["top"] - prev["top"]) < max(prev["height"], focus["height"], 1)
            next_column = focus["left"] >= prev["left"] + prev["width"]  # e.g. filters, then the list
            assert focus["top"] >= prev["top"] - 2 or same_row or next_column, (
                f"focus moved up the page: {self.path[-2:]}"
            )
        self.previous = focus
        return focus

    def tab_to(self, predicate, what, limit=150):
        for _ in range(limit):
            focus = self.tab()
            if predicate(focus):
                return focus
        raise AssertionError(f"{what} not reached with {limit} Tabs; path: {self.path[-12:]}")

    def press(self, key):
        self.page.keyboard.press(key)

    def type(self, text):
        self.page.keyboard.type(text)


def _text(needle):
    return lambda focus: needle in focus["text"]


def test_sign_in_register_and_request_a_meeting_with_the_keyboard_alone(page):
    event = Event.objects.get(title__startswith="Waste to Valuables")
    keys = Keyboard(page)

    # Sign in: the first Tab reaches the skip link; the form's fields follow in order.
    page.goto("/accounts/login/")
    keys.new_page()
    assert keys.tab()["text"] == "Skip to main content"
    keys.press("Enter")  # to <main>: the next Tab is the form's first field, not the header
    keys.previous = None
    assert keys.tab()["label"].startswith("Email")
    keys.type("sme@example.org")
    keys.tab_to(lambda f: f["tag"] == "input" and f["label"].startswith("Password"), "the password field", limit=3)
    keys.type("demo-bsr-2026")
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Log in", "the Log in button")
    keys.press("Enter")
    page.wait_for_url("**/")
    page.get_by_role("heading", level=1).wait_for()

    # Through the navigation to the event.
    keys.new_page()
    keys.tab_to(lambda f: f["tag"] == "a" and f["text"] == "Events", "the Events link")
    keys.press("Enter")
    page.wait_for_url("**/events/")
    keys.new_page()
    keys.tab_to(_text(event.title), "the event's link")
    keys.press("Enter")
    page.wait_for_url(f"**/events/{event.pk}/")

    # Register.
    keys.new_page()
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Register", "the Register button")
    keys.press("Enter")
    page.get_by_text("You are registered.").wait_for()

    # Request a meeting with the Vilnius SME from the participants' list.
    keys.new_page()
    keys.tab_to(_text("Participants"), "the Participants link")
    keys.press("Enter")
    page.wait_for_url(f"**/events/{event.pk}/participants/")
    keys.new_page()
    keys.tab_to(
        lambda f: "Request a meeting" in f["text"] and "UAB Vilniaus biotechnologijos" in f["context"],
        "the request control for UAB Vilniaus biotechnologijos",
    )
    keys.press("Enter")  # opens the request form on its own page
    page.wait_for_url(f"**/events/{event.pk}/requests/new/*/?next=participants")
    keys.new_page()
    message = keys.tab_to(lambda f: f["tag"] == "textarea", "the message field")
    assert message["label"].startswith("Message")
    keys.type("Algae proteins for your fermentation line?")
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Send the request", "the Send button")
    keys.press("Enter")
    page.get_by_text("Your request was sent").wait_for()
