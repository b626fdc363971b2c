"""What each command does, one module per verb, on top of the library (mkdocs' ``commands/``):

- :mod:`.build`: ``build`` and ``validate`` (the batch engine over the facts files found);
- :mod:`.importing`: ``import``;
- :mod:`.check`: ``check``;
- :mod:`.summary`: ``summary``;
- :mod:`.templates`: ``templates list|show|export|check``;
- :mod:`.init`: ``init``;
- :mod:`.reference`: ``schema`` and ``indicators``;
- :mod:`.fonts`: ``fonts``.

Commands print nothing: they return what the CLI shows, tell a :class:`Watcher` what happens as it
happens, and raise :mod:`fazhi_report.errors`. Nothing below this layer imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..batch import Reporter, quiet


class Watcher(Protocol):
    """Whoever watches a command over many files (the CLI): told of the YAML files skipped in
    folders and of the files gone while they were read, and asked for a :class:`Reporter` once
    the number of files is known."""

    def skipped(self, paths: Sequence[Path]) -> None: ...
    def gone(self, paths: Sequence[Path]) -> None: ...
    def reporter(self, files: int) -> Reporter: ...


class Unwatched:
    """Nobody watches: a caller that reads what a command returns and the errors it raises (the
    editor imports a report this way)."""

    def skipped(self, paths: Sequence[Path]) -> None:
        pass

    def gone(self, paths: Sequence[Path]) -> None:
        pass

    def reporter(self, files: int) -> Reporter:
        return quiet()
