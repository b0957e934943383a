"""With Lithuanian chosen, every page a role can open shows no English that never went through
gettext (issue 14: the pages declared lang="lt" and were mostly English).

Every page of the URL permission matrix (tests/url_matrix.py) that answers HTML is requested as
a role that may open it (the landing page, profile and inbox as every role), and each form is
also submitted empty, to show its errors. Meanwhile the Lithuanian translation object tags what
it returns: a translated message, or one marked for translation that the catalogue does not hold
yet. The visible text (text nodes, and title / placeholder / aria-label / alt / button values;
no scripts or styles) is then split by those tags:

- text that went through gettext with a Lithuanian translation is fine;
- text that went through gettext but is not in the catalogue yet is *pending*: the lead runs
  makemessages and the translators translate it. It fails only the strict test, marked
  `translations` (its gate opens once the catalogues are declared complete);
- text that never went through gettext is *unmarked* and fails the first test, unless it is data:
  words of the database's own texts (names, titles, descriptions people typed; not the
  programme's reference texts — roles, KPI definitions, S3 domains, statistical indicators —
  which the UI shows as labels), numbers, codes, and the languages' own names in the switcher.

An unmarked text equal to an English msgid of the catalogue is shown with its translation: the
string is in the catalogue but this rendering bypassed gettext (e.g. translated at import time).
"""

import re
import zoneinfo
from collections import defaultdict
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils.translation import override as translation_override
from django.utils.translation import trans_real

from tests import url_matrix as m

LANGUAGE = "lt"
TRANSLATED, PENDING, CLOSE = "\ue000", "\ue001", "\ue002"  # private-use characters: never in real text

# Roles in the order a page is tried: the first one that may open a page renders it.
PREFERENCE = [
    "sme",
    "facilitator",
    "coach",
    "operator",
    "authority_vilnius",
    "partner",
    "admin",
    "other_sme",
    "co_organiser",
    "authority_skane",
    "other_facilitator",
    "no_role",
    "anonymous",
]
EVERY_ROLE_PAGES = ("home", "accounts:profile", "notifications:inbox")
SKIPPED = {"set_language", "account_logout", "healthz"}  # no page of their own

# Models whose texts are the programme's own labels (loaded by migrations), not data people typed.
REFERENCE_MODELS = {"accounts.Role", "regions.KPIDefinition", "regions.S3Domain", "regions.StatisticIndicator"}
# Names that stay as they are in every language.
PROPER_NAMES = {"BSR", "Stars", "S3", "Interreg", "NUTS", "NACE", "CSV", "XLSX", "PDF", "JSON", "API", "OpenAPI"}
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
TIME_ZONES = zoneinfo.available_timezones() | {"UTC"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class _VisibleText(HTMLParser):
    """Text nodes and the visible attributes of a page, leaving out scripts and styles, and content
    declared in another language (a policy brief keeps the language it was written in)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hidden or in another language)

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        hidden = tag in ("script", "style") or (lang is not None and not lang.startswith(LANGUAGE))
        if tag not in self.VOID:
            self._open.append((tag, hidden))
        if hidden or self._hidden():
            return
        self.texts += [value for name, value in attrs.items() if name in VISIBLE_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if any(name == tag for name, _ in self._open):
            while self._open and self._open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self._hidden():
            self.texts.append(data)


def _spans(text: str):
    """(kind, text) pieces of one text: 'bare' (not from gettext), 'translated' or 'pending'."""
    stack, piece = [], []
    for char in text:
        if char in (TRANSLATED, PENDING, CLOSE):
            if piece:
                yield (stack[-1] if stack else "bare"), "".join(piece)
                piece = []
            if char == CLOSE:
                if stack:
                    stack.pop()
            else:
                stack.append("translated" if char == TRANSLATED else "pending")
        else:
            piece.append(char)
    if piece:
        yield (stack[-1] if stack else "bare"), "".join(piece)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _tag(kind: str, text):
    if not isinstance(text, str) or not text:
        return text
    result = f"{kind}{text}{CLOSE}"
    return type(text)(result) if type(text) is not str else result  # keeps SafeString safe


def _tagging(translation):
    """Wrap the translation object's gettext and ngettext so that what they return is tagged."""
    catalog, gettext, ngettext = translation._catalog, translation.gettext, translation.ngettext

    def tagged_gettext(message):
        if message in catalog:
            return _tag(TRANSLATED, gettext(message))
        return _tag(PENDING, message.split(trans_real.CONTEXT_SEPARATOR, 1)[-1])

    def tagged_ngettext(singular, plural, number):
        try:
            catalog.plural(singular, number)
        except KeyError:
            chosen = singular if number == 1 else plural
            return _tag(PENDING, chosen.split(trans_real.CONTEXT_SEPARATOR, 1)[-1])
        return _tag(TRANSLATED, ngettext(singular, plural, number))

    return tagged_gettext, tagged_ngettext


def _data_words() -> set[str]:
    """Lower-cased words of every text people or factories stored (not the reference labels)."""
    words = set()
    for model in apps.get_models():
        if model._meta.label in REFERENCE_MODELS:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value:
                    words.update(w.lower() for w in WORD.findall(str(value)))
    for info in LANG_INFO.values():
        words.update(w.lower() for w in WORD.findall(info.get("name_local", "")))
    return words


def _english_msgids(translation) -> dict[str, str]:
    """The catalogue's English messages (without context) and their translation."""
    out = {}
    for key in translation._catalog.keys():  # noqa: SIM118 -- a TranslationCatalog, not a dict
        if isinstance(key, str) and key:
            value = translation._catalog.get(key)
            english = _clean(key.split(trans_real.CONTEXT_SEPARATOR, 1)[-1])
            if value and value != key:
                out.setdefault(english, _clean(value))
    return out


def _is_data(text: str, data_words: set[str]) -> bool:
    if text in TIME_ZONES:
        return True
    # Codes (S3 domains, NUTS, currencies) are written in capitals and read the same everywhere.
    words = [w for w in WORD.findall(text) if len(w) > 1 and w not in PROPER_NAMES and not w.isupper()]
    return all(w.lower() in data_words for w in words)


class Findings:
    def __init__(self):
        self.unmarked: dict[str, set[str]] = defaultdict(set)  # text -> pages
        self.pending: dict[str, set[str]] = defaultdict(set)
        self.errors: list[str] = []
        self.pages: list[str] = []  # the pages checked

    def add_page(self, where: str, html: str, data_words: set[str]):
        parser = _VisibleText()
        parser.feed(html)
        for text in parser.texts:
            for kind, piece in _spans(text):
                piece = _clean(piece)
                if not piece or not WORD.search(piece):
                    continue
                if kind == "pending":
                    self.pending[piece].add(where)
                elif kind == "bare" and not _is_data(piece, data_words):
                    self.unmarked[piece].add(where)


def _request(world, role, method, url):
    client = world.client
    client.cookies = SimpleCookie()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = LANGUAGE
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    with transaction.atomic():
        response = getattr(client, method)(url, {})
        transaction.set_rollback(True)
    return response


def _pages(expectations):
    """(url name, url, role, method) for every HTML page of the matrix."""
    for pattern in m.walk():
        expect = expectations.get(pattern.name)
        if expect is None or pattern.format_variant or pattern.route.startswith("api/") or pattern.name in SKIPPED:
            continue
        for method, call in expect.calls():
            if call is m.NOT_ALLOWED or method == "patch":
                continue
            roles = [r for r in PREFERENCE if r in call.roles]
            chosen = roles if pattern.name in EVERY_ROLE_PAGES and method == "get" else roles[:1]
            for role in chosen:
                yield pattern, expect, role, method


def _crawl(world, expectations) -> Findings:
    findings = Findings()
    data_words = _data_words()
    for pattern, expect, role, method in _pages(expectations):
        kwargs = expect.kwargs(world) if expect.kwargs else {}
        url = reverse(pattern.name, kwargs=kwargs)
        query = expect.query(world) if callable(expect.query) else expect.query
        if method == "get" and query:
            url = f"{url}?{urlencode(query, doseq=True)}"
        where = f"{method.upper()} {pattern.name} as {role}"
        try:
            response = _request(world, role, method, url)
        except Exception as exc:  # noqa: BLE001 -- reported with the findings, by page
            findings.errors.append(f"{where}: raised {exc.__class__.__name__}: {exc}")
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        findings.add_page(where, response.content.decode(), data_words)
        findings.pages.append(where)
    return findings


@pytest.fixture(scope="module")
def findings(django_db_setup, django_db_blocker):
    expectations, builders, _ = m.gather()
    translation = trans_real.translation(LANGUAGE)
    tagged_gettext, tagged_ngettext = _tagging(translation)
    with django_db_blocker.unblock(), transaction.atomic():
        world = m.build_world(builders)
        for user in world.people.values():
            if user.is_authenticated:
                user.language = LANGUAGE
                user.save(update_fields=["language"])
        world.client = Client()
        english = _english_msgids(translation)
        translation.gettext, translation.ngettext = tagged_gettext, tagged_ngettext
        try:
            with translation_override(settings.LANGUAGE_CODE):  # the requests leave theirs active
                result = _crawl(world, expectations)
        finally:
            del translation.gettext, translation.ngettext
        result.english = english
        yield result
        transaction.set_rollback(True)


def _listing(found: dict[str, set[str]], english: dict[str, str]) -> str:
    lines = []
    for text, pages in sorted(found.items(), key=lambda item: sorted(item[1])[0]):
        hint = f"  [catalogue: {english[text]!r}]" if text in english else ""
        shown = sorted(pages)
        more = f" (+{len(shown) - 3} more)" if len(shown) > 3 else ""
        lines.append(f"{'; '.join(shown[:3])}{more}: {text!r}{hint}")
    return "\n".join(lines)


@pytest.mark.django_db
def test_every_visible_text_is_marked_for_translation(findings):
    assert not findings.errors, "\n".join(findings.errors)
    unmarked = findings.unmarked
    assert not unmarked, (
        f"{len(unmarked)} text(s) shown in English with {LANGUAGE!r} chosen, never through gettext "
        "(wrap them in gettext / {% translate %}):\n" + _listing(unmarked, findings.english)
    )


if "translations" in __import__("tests.conftest", fromlist=["_GATES"])._GATES:

    @pytest.mark.translations
    @pytest.mark.django_db
    def test_every_marked_text_has_a_translation(findings):
        assert not findings.pending, (
            f"{len(findings.pending)} text(s) marked for translation but not in the {LANGUAGE!r} catalogue "
            "(run makemessages and translate):\n" + _listing(findings.pending, findings.english)
        )
