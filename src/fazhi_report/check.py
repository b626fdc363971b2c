"""``fazhi-report check``: audit any .docx against the GB/T 9704 layout spec (lands with issue 3)."""

from __future__ import annotations

from pathlib import Path

from .errors import UserError


def run_check(path: Path, *, as_json: bool = False) -> None:
    raise UserError("check 尚未实现")
