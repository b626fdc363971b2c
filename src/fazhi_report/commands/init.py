"""``init``: a commented facts file to start from (the sample, or last year's file carried on)."""

from __future__ import annotations

from pathlib import Path

from ..scaffold import create_facts_file


def init(file: Path, *, from_last: Path | None, force: bool) -> Path:
    """Write the facts file; return where it was written."""
    return create_facts_file(file, from_last=from_last, force=force)
