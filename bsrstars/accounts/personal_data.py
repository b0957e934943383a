"""Everything the portal holds about a person, for the GDPR "my data" page.

Each app registers what it keeps: a function that exports it (JSON-ready) and one that erases
or anonymises it. Accounts registers its own sections below; other apps do so in ready().
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[object], object]
    erase: Callable[[object], None] | None = None


_SECTIONS: dict[str, Section] = {}


def register(name: str, export, erase=None) -> None:
    _SECTIONS[name] = Section(name, export, erase)


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def export_all(user) -> dict:
    return {section.name: section.export(user) for section in _SECTIONS.values()}


def erase_all(user) -> None:
    for section in _SECTIONS.values():
        if section.erase is not None:
            section.erase(user)
