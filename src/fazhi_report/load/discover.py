"""Finding facts files: files as named, folders searched for the ``.yaml`` files that are facts.

``build``, ``validate``, ``summary``, a county file's ``汇总``, the importer's links and
``templates check`` all find facts files here, so every one of them skips the same files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from ..errors import InputFileError

#: The endings of a facts file, compared without case (``2024.YAML`` is one too).
FACTS_SUFFIXES = (".yaml", ".yml")


def is_facts_name(path: Path) -> bool:
    """Whether ``path``'s name ends like a facts file's."""
    return path.suffix.lower() in FACTS_SUFFIXES


class Found(NamedTuple):
    """What :func:`expand` found: the facts files, and the YAML files in folders that are not."""

    given: tuple[Path, ...]
    files: tuple[Path, ...]
    skipped: tuple[Path, ...]

    def require(self) -> tuple[Path, ...]:
        """The facts files; none at all is the clerk's error (shown after the skipped files)."""
        if not self.files:
            raise InputFileError(", ".join(map(str, self.given)), "没有找到事实文件（.yaml）")
        return self.files


def expand(paths: Sequence[Path]) -> Found:
    """Files as given; folders → their *.yaml files (recursively, sorted, hidden ones skipped).

    A file named twice (``reports/ reports/a.yaml``) is built once.
    """
    found: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(files_in(path, is_facts_name)):
                (found if looks_like_facts(candidate) else skipped).append(candidate)
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return Found(tuple(paths), tuple(unique.values()), tuple(skipped))


@functools.cache
def _facts_key() -> re.Pattern[str]:
    # Compiled on first use: a build of named files never looks into a folder.
    return re.compile(r"(?m)^[ \t\u3000]*(?:单位|年度|unit|year)[ \t\u3000]*[:：]")


def looks_like_facts(path: Path) -> bool:
    """A YAML file met in a folder is a facts file only if it has 单位 or 年度 at the top.

    Folders also hold other YAML (a CI set-up in examples/ci/); those are skipped, and said so.
    Files named on the command line are always taken as facts files.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return True  # let the build report why it cannot be read
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore") or head.decode("gb18030", errors="ignore")
        if not _facts_key().search(text):
            text = head.decode("gb18030", errors="ignore")
    return bool(_facts_key().search(text))


def files_in(folder: Path, wanted: Callable[[Path], bool]) -> Iterator[Path]:
    """The files below ``folder`` that ``wanted`` takes, hidden files and folders left out."""
    # Hidden folders hold CI set-ups (.github/workflows/*.yml), not facts.
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and wanted(path) and path.is_file():
            yield path
