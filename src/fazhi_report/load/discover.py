"""Finding facts files: files as named, folders searched for the ``.yaml`` files that are facts.

``build``, ``validate``, ``summary``, a county file's ``汇总``, the importer's links and
``templates check`` all find facts files here, so every one of them skips the same files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from ..errors import InputFileError
from ..patterns import lazy

#: The endings of a facts file, compared without case (``2024.YAML`` is one too).
FACTS_SUFFIXES = (".yaml", ".yml")


def is_facts_name(path: Path) -> bool:
    """Whether ``path``'s name ends like a facts file's."""
    return path.suffix.lower() in FACTS_SUFFIXES


class Found(NamedTuple):
    """What :func:`expand` found: the facts files, the YAML files in folders that are not, and
    those that were gone by the time they were read (a shared folder being reorganised)."""

    given: tuple[Path, ...]
    files: tuple[Path, ...]
    skipped: tuple[Path, ...]
    gone: tuple[Path, ...] = ()

    def require(self) -> tuple[Path, ...]:
        """The facts files; none at all is the clerk's error (shown after the skipped files)."""
        if not self.files:
            raise InputFileError(", ".join(map(str, self.given)), "没有找到事实文件（.yaml）")
        return self.files


class FolderTooLarge(InputFileError):
    """A folder holds more entries than the caller's limit: not a folder of facts files."""

    def __init__(self, folder: Path, limit: int) -> None:
        super().__init__(
            folder, f"文件夹中的文件和文件夹超过 {limit:,} 个，不像是事实文件所在的文件夹"
        )
        self.limit = limit


def expand(paths: Sequence[Path], *, limit: int | None = None) -> Found:
    """Files as given; folders → their *.yaml files (recursively, sorted, hidden ones skipped).

    A file named twice (``reports/ reports/a.yaml``) is built once. A file or folder that
    vanishes during the walk is listed in :attr:`Found.gone`, never an error. ``limit`` bounds
    the entries a folder may have (:class:`FolderTooLarge`).
    """
    found: list[Path] = []
    skipped: list[Path] = []
    gone: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(files_in(path, is_facts_name, gone=gone, limit=limit)):
                kind = _kind(candidate)
                if kind is None:
                    gone.append(candidate)
                else:
                    (found if kind else skipped).append(candidate)
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return Found(tuple(paths), tuple(unique.values()), tuple(skipped), tuple(sorted(gone)))


#: 单位 or 年度 as a top-level key (compiled on first use: a build of named files never looks
#: into a folder).
_FACTS_KEY = lazy(r"(?m)^[ \t\u3000]*(?:单位|年度|unit|year)[ \t\u3000]*[:：]")


def looks_like_facts(path: Path) -> bool:
    """A YAML file met in a folder is a facts file only if it has 单位 or 年度 at the top.

    Folders also hold other YAML (a CI set-up in examples/ci/); those are skipped, and said so.
    Files named on the command line are always taken as facts files.
    """
    return _kind(path) is not False  # one that cannot be read: the build says why


def _kind(path: Path) -> bool | None:
    """True: a facts file (or unreadable: the build says why); False: other YAML; None: gone."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except FileNotFoundError:
        return None
    except OSError:
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore") or head.decode("gb18030", errors="ignore")
        if not _FACTS_KEY.search(text):
            text = head.decode("gb18030", errors="ignore")
    return bool(_FACTS_KEY.search(text))


def files_in(
    folder: Path,
    wanted: Callable[[Path], bool],
    *,
    gone: list[Path] | None = None,
    limit: int | None = None,
) -> Iterator[Path]:
    """The files below ``folder`` that ``wanted`` takes, hidden files and folders left out.

    Symbolic links to folders are not followed. What vanishes while it is walked (a folder
    moved away, a file deleted) is appended to ``gone``; more than ``limit`` entries raise
    :class:`FolderTooLarge`.
    """
    seen = 0

    def lost(error: OSError) -> None:
        # A folder that could not be listed: gone if it vanished; one without permission is
        # left out as before (a home folder's private corners).
        if isinstance(error, FileNotFoundError) and gone is not None and error.filename:
            gone.append(Path(error.filename))

    for top, folders, names in os.walk(folder, onerror=lost):
        # Hidden folders hold CI set-ups (.github/workflows/*.yml), not facts.
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        seen += len(folders) + len(names)
        if limit is not None and seen > limit:
            raise FolderTooLarge(folder, limit)
        for name in sorted(names):
            path = Path(top) / name
            if name.startswith(".") or not wanted(path):
                continue
            if path.is_file():
                yield path
            elif gone is not None and not path.exists():  # deleted since listed, or a dead link
                gone.append(path)
