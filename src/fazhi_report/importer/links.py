"""Links from an imported report to other facts files, found beside the facts file it becomes.

- ``上年度``: a report ``build`` made with 上年度 prints a data table with last year's figures
  and 同比. The import finds last year's facts file among the facts files in the folder it writes
  to — the same 单位, the year before, every figure of that column the same under the same name.
- ``汇总``: a county report made from its units' files prints their 汇总表 as an attachment. The
  import finds the folder (below the one it writes to) whose facts files are those units, adds
  them up as ``build`` does, and lets the prose refer to the sums.

Nothing is linked on a partial match: the attachment is then kept as text.
"""

from __future__ import annotations

import os
from pathlib import Path

from msgspec import Struct

from ..errors import FazhiError
from ..load import expand, is_facts_name, read_source
from ..rollup import totals
from ..summary.collect import collect
from ..summary.compute import summarize

_LIMIT = 500  # facts files looked at: a folder of a county's units, not a whole disk
_DEPTH = 2  # how far below the facts file's folder a folder of units is looked for


def find_previous(target: Path, unit: str, year: int, figures: dict[str, str]) -> str | None:
    """The path, relative to ``target``'s folder, of last year's facts file, or None."""
    folder = target.parent
    if not figures or not folder.is_dir():
        return None
    candidates = sorted(p for p in folder.iterdir() if is_facts_name(p))
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


class RollupLink(Struct, frozen=True):
    entry: str  # the 汇总 value: the units' folder, relative, ending in “/”
    figures: dict[str, str]  # each summed indicator → its 合计 as printed


def find_rollup(target: Path, units: list[str]) -> RollupLink | None:
    """The folder of ``units``' facts files below ``target``'s folder, and their sums."""
    base = target.parent
    for folder in _folders(base):
        files = [p for p in expand([folder]).files[:_LIMIT] if p.resolve() != target.resolve()]
        if set(units) <= {_unit(p) for p in files}:
            summary = summarize(collect(files, draft=True), derived_rates=True)
            figures = {name: q.text for name, q in totals(summary).items()}
            entry = os.path.relpath(folder, base).replace(os.sep, "/") + "/"
            return RollupLink(entry, figures)
    return None


def _folders(base: Path) -> list[Path]:
    found: list[Path] = []
    layer = [base]
    for _ in range(_DEPTH):
        layer = [child for folder in layer for child in _subfolders(folder)]
        found += layer
    return found


def _subfolders(folder: Path) -> list[Path]:
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    return [c for c in children if c.is_dir() and not c.name.startswith(".")]


def _unit(path: Path) -> str:
    try:
        return str(read_source(path).data.get("单位", ""))
    except (FazhiError, OSError):
        return ""
