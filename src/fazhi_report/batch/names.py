"""Final output names: who gets which output file when two reports have the same title."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


class Names:
    """Final output names, given in input order: the first report keeps its title as file name,
    a later report with the same title gets ``（facts-file-name）`` added, never overwriting."""

    def __init__(self) -> None:
        self._owner: dict[str, Path] = {}

    def claim(self, source: Path, intended: Sequence[Path]) -> tuple[list[Path], Path | None]:
        """The paths this report gets, and the earlier facts file it clashed with (if any)."""
        clash = next((self._owner[k] for k in map(_key, intended) if k in self._owner), None)
        paths = list(intended)
        attempt = 1
        while any(_key(p) in self._owner for p in paths):
            tag = source.stem if attempt == 1 else f"{source.stem}-{attempt}"
            paths = [p.with_name(f"{p.stem}（{tag}）{p.suffix}") for p in intended]
            attempt += 1
        for path in paths:
            self._owner[_key(path)] = source
        return paths, clash


def _key(path: Path) -> str:
    # Windows and macOS file systems ignore case: 'A.docx' and 'a.docx' are one file there.
    return os.path.normcase(os.path.abspath(path)).casefold()
