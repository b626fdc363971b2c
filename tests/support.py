"""Helpers the test modules share: a small valid facts file."""

from __future__ import annotations

from pathlib import Path

#: The three keys every facts file needs; tests append what they are about.
MINIMAL = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"


def write_facts(folder: Path, extra: str = "", name: str = "f.yaml") -> Path:
    """``MINIMAL`` + ``extra`` as a facts file in ``folder``."""
    path = folder / name
    path.write_text(MINIMAL + extra, encoding="utf-8")
    return path
