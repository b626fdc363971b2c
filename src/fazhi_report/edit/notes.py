"""What ``validate`` says about a facts file, as notes the page shows at the field they are about.

:func:`field_note` is the one place that ties a problem to a field of the form: it takes what
every problem has — the path as ``validate`` prints it (``主要举措[1].条目[2].内容``), the message
and the hint — and gives the page the path's parts to find the field by (the page walks up to the
nearest field it shows). Errors and warnings both come as :class:`~fazhi_report.errors.Problem`
objects, each with its severity.
"""

from __future__ import annotations

from typing import Any, Literal

from msgspec import Struct
from msgspec.structs import asdict

from ..errors import Problem
from ..patterns import lazy

Level = Literal["error", "warning"]


class Note(Struct, frozen=True):
    """One message for the page: where (the field's path parts), what, how to fix it."""

    level: Level
    path: str
    parts: tuple[str | int, ...]
    message: str
    hint: str | None = None
    where: str = ""  # 文件:行:列, as validate prints it

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "parts": list(self.parts)}


_PART = lazy(r"\[(\d+)\]|\.?([^.\[\]]+)")


def field_note(
    path: str, message: str, hint: str | None, *, level: Level = "error", where: str = ""
) -> Note:
    """A note at the field ``path`` names (``[n]`` counts from 1, as clerks count)."""
    parts: list[str | int] = []
    for match in _PART.finditer(path):
        index, key = match.groups()
        parts.append(int(index) - 1 if index is not None else key)
    return Note(level, path, tuple(parts), message, hint, where)


def problem_note(problem: Problem) -> Note:
    """A problem (an error or a warning) at its field; one about the whole file (``line`` None)
    is shown for the file."""
    where = problem.where if problem.line is not None else ""
    return field_note(
        problem.path, problem.message, problem.hint, level=problem.severity, where=where
    )
