"""``import``: finished reports (.docx, .doc/.wps, .txt, .md) → facts files, through the batch."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..batch import import_options
from ..importer import expand_reports
from . import Watcher
from .build import run_batch


def import_reports(
    paths: Sequence[Path],
    watcher: Watcher,
    *,
    output: Path | None,
    template: str | None,
    force: bool,
    jobs: int | None,
) -> None:
    """Import each report named or found in folders into its facts file."""
    files = expand_reports(paths)
    chosen = None if template in (None, "auto") else template  # “-t auto”: the default, said
    options = import_options(files, output=output, template=chosen, force=force)
    run_batch(files, options, jobs, watcher)
