"""The catalogues in locale/ match the sources and each other.

- `gettext` (CI installs GNU gettext): the committed catalogues hold exactly the messages that
  `make messages` extracts from the sources today (none missing, none obsolete), and every
  compiled catalogue (.mo) holds what its .po says (`make messages` was run after the last edit).
- `translations` (switched on by BSR_TRANSLATIONS_COMPLETE once the translators are done): no
  message is untranslated or fuzzy in any of the five languages.
- Unmarked: each language's catalogue exists and declares its plural forms (Lithuanian has three).
"""

import gettext as gettext_module
import os
import re
import shlex
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

from tests.conftest import ROOT

LANGUAGES = ["sv", "da", "fi", "lt", "nb"]
# n -> plural form index each language's Plural-Forms must give.
PLURALS = {
    "sv": {0: 1, 1: 0, 2: 1, 5: 1, 21: 1},
    "da": {0: 1, 1: 0, 2: 1, 5: 1, 21: 1},
    "fi": {0: 1, 1: 0, 2: 1, 5: 1, 21: 1},
    "nb": {0: 1, 1: 0, 2: 1, 5: 1, 21: 1},
    # Lithuanian: 1, 21, 101 (one); 2-9, 22-29 (few); 0, 10-20, 30 (many).
    "lt": {0: 2, 1: 0, 2: 1, 9: 1, 10: 2, 11: 2, 12: 2, 19: 2, 20: 2, 21: 0, 22: 1, 101: 0, 111: 2},
}
NPLURALS = {"sv": 2, "da": 2, "fi": 2, "nb": 2, "lt": 3}


def _po_path(root, language):
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def _mo_path(root, language):
    return root / "locale" / language / "LC_MESSAGES" / "django.mo"


def _key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _label(key):
    context, msgid, plural = key
    text = msgid if len(msgid) <= 90 else msgid[:87] + "..."
    return (f"[{context}] " if context else "") + repr(text) + (" (plural)" if plural else "")


def _makemessages_args() -> list[str]:
    """The makemessages options of `make messages` (the one command that refreshes catalogues),
    read from the Makefile so this check extracts exactly what that command does."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        if "manage.py makemessages" in line:
            return shlex.split(line.split("manage.py", 1)[1])
    raise AssertionError("`make messages` no longer runs manage.py makemessages")


def _source_files() -> list[str]:
    """The tree's files as git sees them (untracked but not ignored ones too); outside a git
    checkout, every file but the virtualenv's, git's and the run's own."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        names = listed.split("\0")
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", ".git", "node_modules", "media", "private-media", "staticfiles", "__pycache__"}
        names = [
            str(path.relative_to(ROOT))
            for path in ROOT.rglob("*")
            if not skip & set(path.relative_to(ROOT).parts) and path.is_file()
        ]
    return [name for name in names if name and (ROOT / name).is_file()]


def test_every_language_has_a_catalogue_with_its_plural_forms():
    assert sorted(LANGUAGES + ["en"]) == sorted(code for code, _ in settings.LANGUAGES)
    for language in LANGUAGES:
        po = polib.pofile(str(_po_path(ROOT, language)))
        assert po.metadata.get("Language") == language, language
        header = po.metadata.get("Plural-Forms", "")
        match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*", header)
        assert match, f"{language}: Plural-Forms header missing or malformed: {header!r}"
        assert int(match.group(1)) == NPLURALS[language], f"{language}: {header}"
        plural = gettext_module.c2py(match.group(2))
        wrong = {n: plural(n) for n, form in PLURALS[language].items() if plural(n) != form}
        assert not wrong, f"{language}: Plural-Forms {header!r} picks the wrong form for {wrong}"
        for entry in po:
            if entry.msgid_plural and entry.translated():
                assert len(entry.msgstr_plural) == NPLURALS[language], (language, _label(_key(entry)))


@pytest.mark.gettext
def test_catalogues_hold_exactly_the_messages_of_the_sources(tmp_path):
    """`make messages`' extraction, run in a copy of the tree, finds no message the committed
    catalogues lack and the catalogues keep no message the sources dropped. (Entries msgmerge
    marks obsolete, `#~`, are kept for the translators' memory: msgfmt does not compile them.)"""
    copy = tmp_path / "tree"
    for name in _source_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    subprocess.run(
        [sys.executable, "manage.py", *_makemessages_args()],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bsrstars.settings.test"},
    )
    problems = []
    for language in LANGUAGES:
        committed = polib.pofile(str(_po_path(ROOT, language)))
        fresh = polib.pofile(str(_po_path(copy, language)))
        have = {_key(e) for e in committed if not e.obsolete}
        want = {_key(e) for e in fresh if not e.obsolete}
        problems += [f"{language}: missing {_label(k)}" for k in sorted(want - have)]
        problems += [f"{language}: obsolete {_label(k)}" for k in sorted(have - want)]
    assert not problems, "Catalogues out of date with the sources; run `make messages`:\n" + "\n".join(
        problems[:60] + ([f"... and {len(problems) - 60} more"] if len(problems) > 60 else [])
    )


def _messages(mo_file):
    return {
        _key(entry): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in polib.mofile(str(mo_file))
        if entry.msgid  # the header
    }


@pytest.mark.gettext
def test_compiled_catalogues_match_their_sources(tmp_path):
    """Each .mo holds what msgfmt makes of its .po today (format strings checked too)."""
    problems = []
    for language in LANGUAGES:
        compiled = tmp_path / f"{language}.mo"
        result = subprocess.run(
            ["msgfmt", "--check-format", "-o", str(compiled), str(_po_path(ROOT, language))],
            capture_output=True,
            text=True,
        )
        if result.returncode:
            problems.append(f"{language}: msgfmt rejects the catalogue:\n{result.stderr}")
            continue
        committed, fresh = _messages(_mo_path(ROOT, language)), _messages(compiled)
        stale = sorted(k for k in committed.keys() | fresh.keys() if committed.get(k) != fresh.get(k))
        if stale:
            problems.append(f"{language}: django.mo is stale ({len(stale)} message(s) differ, e.g. {_label(stale[0])})")
    assert not problems, "Compiled catalogues out of date; run `make messages`:\n" + "\n".join(problems)


@pytest.mark.translations
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = polib.pofile(str(_po_path(ROOT, language)))
    untranslated = [_label(_key(e)) for e in po.untranslated_entries()]
    fuzzy = [_label(_key(e)) for e in po.fuzzy_entries()]
    lines = [f"untranslated: {label}" for label in untranslated] + [f"fuzzy: {label}" for label in fuzzy]
    assert not lines, f"{language}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy:\n" + "\n".join(
        lines[:40] + ([f"... and {len(lines) - 40} more"] if len(lines) > 40 else [])
    )
