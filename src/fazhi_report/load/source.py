"""A loaded facts file (:class:`Source`) and positions in it.

Paths are printed as a clerk counts (``主要举措[1].标题``); positions are 1-based line and column,
from a byte offset in the raw file (before it could be decoded) or an index in the decoded text.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from ..errors import Problem
from ..patterns import lazy

Path_ = tuple[str | int, ...]


class Source(Struct):
    """A loaded facts file: its data, where each part came from, and any warnings.

    ``problems`` are the loader's own findings that did not stop parsing; ``quiet`` are paths
    whose model errors would only repeat one of them (a value under a rejected tag, say).
    """

    path: Path
    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # each with severity “warning”
    problems: list[Problem] = field(default_factory=list)
    quiet: set[Path_] = field(default_factory=set)
    #: keys a full-width slip hid, per mapping path: their "缺少必填项" errors would mislead.
    hidden_keys: dict[Path_, set[str]] = field(default_factory=dict)
    #: the raw text of each plain/quoted scalar value, for hints (e.g. it contains a “：”).
    raw: dict[Path_, str] = field(default_factory=dict)

    @property
    def display(self) -> str:
        return str(self.path)

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while True:
            if probe in table:
                return table[probe]
            if key and probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def problem(
        self, path: Path_, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        line, col = self.locate(path, key=key)
        return Problem(self.display, line, col, format_path(path), message, hint)

    def is_quiet(self, path: Path_) -> bool:
        """True if a loader problem already covers ``path`` (or an ancestor of it)."""
        return any(path[:n] in self.quiet for n in range(len(path) + 1))


def format_path(path: Path_) -> str:
    """``('主要举措', 0, '标题')`` → ``主要举措[1].标题`` (1-based, as a clerk counts)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of byte ``offset`` in mostly-UTF-8 ``raw``.

    For a file that could not be read as text: the column counts characters, any bytes that do
    not decode as UTF-8 counting as replacement characters.
    """
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
    return line, column


_LINE_BREAK = lazy(r"\r\n|\r|\n")


class Lines:
    """Index ↔ (line, column) with YAML's notion of a line break (after U+2028 etc. are gone)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def at(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` without its line break."""
        if not 1 <= number <= len(self.starts):
            return ""
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
