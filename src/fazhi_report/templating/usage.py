"""Which facts a template reads, and which template line wrote each line of its output.

A :class:`FactsTracker` rides along one render (``templates check``): the sandbox's hooks report
every name looked up, attribute or item read, loop over a list, and value printed or handed to a
filter. Containers in the render context are known by identity, so a read lands on a facts path
such as ``主要举措[1].条目[2].要点``. A fact counts as used when the template read it, or printed,
filtered or sliced something holding it; merely testing it (``{% if 活动 %}``) does not print it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..load import Path_
from .budget import Tracker

#: Facts the build prints around the template's body (title, 主送, 署名, 附件 …) or uses for
#: derived values, and 数据, which prose refers to as {名称} before the template sees it.
OUTSIDE_TEMPLATE = frozenset(
    {
        *("单位", "简称", "单位类型", "党委名称", "年度", "版头", "标题", "主送", "抄送", "印发"),
        "署名",
        *("成文日期", "加盖印章", "公开", "模板", "上年度", "数据", "数据附表", "附件", "附注"),
    }
)
SECTION_TITLES = "章节标题"


class FactsTracker(Tracker):
    """Records what one render reads of its context, and where each output line came from."""

    def __init__(self) -> None:
        self.paths: dict[int, Path_] = {}
        self.touched: set[Path_] = set()
        self.consumed: set[Path_] = set()
        self.sections: set[str] = set()
        #: Output line (from 0) → the template file and line that began it.
        self.line_locations: dict[int, tuple[str, int]] = {}
        self._line = 0
        self._line_start = True

    # -- the hooks --------------------------------------------------------------------------

    def start(self, context: Mapping[str, Any]) -> None:
        for key, value in context.items():
            self._index(value, (key,))

    def resolve(self, name: str) -> None:
        if name.startswith(SECTION_TITLES + "."):
            self.sections.add(name.removeprefix(SECTION_TITLES + "."))
        else:
            self.touched.add((name,))

    def touch(self, obj: Any, key: Any) -> None:
        path = self.paths.get(id(obj))
        if path is None:
            return
        if isinstance(key, slice) or key in ("items", "values"):
            self.consumed.add(path)  # a slice or a view of it is then iterated or printed
        elif isinstance(key, str | int):
            self.touched.add((*path, key))

    def iterate(self, obj: Any) -> None:
        path = self.paths.get(id(obj))
        if path is None:
            return
        if isinstance(obj, list):
            self.touched.update((*path, i) for i in range(len(obj)))
        else:
            self.consumed.add(path)

    def consume(self, obj: Any) -> None:
        path = self.paths.get(id(obj))
        if path is not None:
            self.consumed.add(path)

    def piece(self, text: str, location: tuple[str, int] | None) -> None:
        """A piece of the report's output, and the template line that wrote it."""
        position = 0
        while position < len(text):
            if self._line_start:
                if location is not None:
                    self.line_locations.setdefault(self._line, location)
                self._line_start = False
            newline = text.find("\n", position)
            if newline < 0:
                break
            self._line += 1
            self._line_start = True
            position = newline + 1

    # -- the verdict ------------------------------------------------------------------------

    def used(self, path: Path_) -> bool:
        """Whether the render read the fact at ``path`` (a path in the facts file)."""
        if any(path[:n] in self.consumed for n in range(1, len(path) + 1)):
            return True
        # A text typed where a list is expected (导语: 一段话) is a one-item list in the context.
        return path in self.touched or (*path, 0) in self.touched

    def _index(self, value: Any, path: Path_) -> None:
        if isinstance(value, Mapping):
            self.paths[id(value)] = path
            for key, item in value.items():
                self._index(item, (*path, key))
        elif isinstance(value, list):
            self.paths[id(value)] = path
            for i, item in enumerate(value):
                self._index(item, (*path, i))


def fact_leaves(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Every filled-in text of a facts file's body, as paths; the parts the build prints itself
    (:data:`OUTSIDE_TEMPLATE`) and activities' own data are left out."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if (not path and key in OUTSIDE_TEMPLATE) or key == "数据":
                continue
            yield from fact_leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from fact_leaves(value, (*path, i))
    elif data not in (None, "") and path and path[0] != SECTION_TITLES:
        yield path


def unused_facts(data: Any, tracker: FactsTracker) -> list[Path_]:
    """The facts the render never read, each subtree that is unused as a whole named once."""
    leaves = list(fact_leaves(data))
    unused = {leaf for leaf in leaves if not tracker.used(leaf)}
    out: list[Path_] = []
    for leaf in leaves:
        if leaf not in unused:
            continue
        top = leaf
        for n in range(1, len(leaf)):
            prefix = leaf[:n]
            if all(other in unused for other in leaves if other[:n] == prefix):
                top = prefix
                break
        if top not in out:
            out.append(top)
    titles = data.get(SECTION_TITLES) if isinstance(data, Mapping) else None
    if isinstance(titles, Mapping):
        out += [(SECTION_TITLES, key) for key in titles if key not in tracker.sections]
    return out
