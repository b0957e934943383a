"""What can be exported through bsrstars.downloads. Apps register their exports in
`AppConfig.ready()`, as they register KPI providers; the worker finds an export by its kind.

Every callable takes the person who asked and the export's parameters (a JSON-safe dict the
view built from its request, e.g. the filter's query string), so the worker reads exactly what
the page would have read, scoped to that person, when it runs.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Export:
    kind: str
    title: Callable[[dict], str]  # what the progress page calls it ("SME directory")
    filename: Callable[[dict], str]  # without the extension
    allowed: Callable[[object, dict], bool]  # checked again in the worker
    # A table: its rows (an iterator; stream them) and how many there are.
    rows: Callable[[object, dict], Iterable[dict]] | None = None
    count: Callable[[object, dict], int] | None = None
    sheet: str = "Data"
    formats: tuple[str, ...] = ("csv", "xlsx")
    # A document: its bytes, and whether it is short enough to make in the request.
    render: Callable[[object, dict], bytes] | None = None
    short: Callable[[object, dict], bool] | None = None
    back_url: Callable[[dict], str] | None = field(default=None)  # the page the export belongs to


_EXPORTS: dict[str, Export] = {}


def register(export: Export) -> Export:
    _EXPORTS[export.kind] = export
    return export


def get(kind: str) -> Export:
    return _EXPORTS[kind]


def kinds() -> list[str]:
    return sorted(_EXPORTS)
