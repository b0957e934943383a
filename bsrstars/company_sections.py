"""Sections other modules add to a company's page (smes/ imports no domain app).

A module registers `render(request, organisation) -> str` in its AppConfig.ready(); the function
checks its own permission and returns '' for people who may not see the section.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

_SECTIONS: list[Callable] = []


def add(render: Callable) -> Callable:
    if render not in _SECTIONS:
        _SECTIONS.append(render)
    return render


def render_all(request, organisation) -> list[SafeString]:
    # The renderers return template output, escaped by the template engine.
    return [mark_safe(html) for render in _SECTIONS if (html := render(request, organisation))]  # noqa: S308
