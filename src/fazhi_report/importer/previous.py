"""Linking an imported report to last year's facts file, when its 数据附表 shows last year's column.

A report ``build`` made with ``上年度`` prints a data table with last year's figures and 同比. The
import finds last year's facts file among the facts files in the folder it writes to — the same
单位, the year before, and every figure of that column the same under the same name — and names it
in ``上年度``, so the rebuilt report has its 同比 again. Nothing is linked on a partial match.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import FazhiError
from ..load import read_source

_LIMIT = 500  # facts files looked at: a folder of a county's units, not a whole disk


def find_previous(target: Path, unit: str, year: int, figures: dict[str, str]) -> str | None:
    """The path, relative to ``target``'s folder, of last year's facts file, or None."""
    folder = target.parent
    if not figures or not folder.is_dir():
        return None
    candidates = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    for path in candidates[:_LIMIT]:
        if path.resolve() == target.resolve():
            continue
        try:
            data = read_source(path).data
        except (FazhiError, OSError):
            continue
        if _matches(data, unit, year, figures):
            return os.path.relpath(path, folder).replace(os.sep, "/")
    return None


def _matches(data: dict[str, object], unit: str, year: int, figures: dict[str, str]) -> bool:
    if data.get("单位") != unit or str(data.get("年度", "")).strip() != str(year):
        return False
    known = data.get("数据")
    if not isinstance(known, dict):
        return False
    return all(known.get(name) == text for name, text in figures.items())
