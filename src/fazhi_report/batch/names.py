"""Final output names: who gets which output file when two reports have the same title, or
a report's title is the name of a file the batch itself writes (``index.html``)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..writers import fit


class Names:
    """Final output names, given in input order: the first report keeps its title as file name,
    a later report with the same title gets ``（facts-file-name）`` added, never overwriting; so
    does a report whose name is one of ``reserved`` (the batch's own files)."""

    def __init__(self, reserved: Iterable[Path] = ()) -> None:
        self._owner: dict[str, Path | None] = {_key(path): None for path in reserved}

    def claim(self, source: Path, intended: Sequence[Path]) -> tuple[list[Path], Path | None]:
        """The paths this report gets, and what it clashed with (if anything): an earlier facts
        file, or the reserved file itself."""
        clash = next(
            (self._owner[k] or Path(p) for p in intended if (k := _key(p)) in self._owner), None
        )
        paths = list(intended)
        attempt = 1
        while any(_key(p) in self._owner for p in paths):
            tag = source.stem if attempt == 1 else f"{source.stem}-{attempt}"
            paths = [_tagged(p, tag) for p in intended]
            attempt += 1
        for path in paths:
            self._owner[_key(path)] = source
        return paths, clash

    def reserved(self, path: Path) -> bool:
        """Whether ``path`` is one of the batch's own files."""
        return _key(path) in self._owner and self._owner[_key(path)] is None


def _tagged(path: Path, tag: str) -> Path:
    """``标题（tag）.docx``, the title cut so that the name still fits (:func:`writers.fit`)."""
    tail = f"（{tag}）{path.suffix}"
    return path.with_name(fit(path.stem, tail, path.parent) + tail)


def _key(path: Path) -> str:
    # Windows and macOS file systems ignore case: 'A.docx' and 'a.docx' are one file there.
    return os.path.normcase(os.path.abspath(path)).casefold()
