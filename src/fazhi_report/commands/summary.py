"""``summary``: many units' facts files → one table of all units (.xlsx .csv .html .docx).

Exit status (the CLI's): 0 when every file was read; 1 when some file (or its 上年度) was not —
the table is still written with the others, so a county gets it even when one unit's file is
broken, and CI still sees the failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..summary.collect import collect
from ..summary.compute import summarize
from ..writers.summary import FORMATS, render_summary
from ..writing import atomic_write
from . import Watcher
from .build import facts_files


@dataclass(frozen=True)
class Result:
    written: Path
    units: int
    problems: list[tuple[str, str]]  # (file, message)


def run_summary(
    paths: Sequence[Path],
    output: Path,
    watcher: Watcher,
    *,
    title: str | None = None,
    draft: bool = False,
) -> Result:
    """Read the units' facts files, write the summary to ``output``."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(
            f"不支持的汇总格式“{output.suffix or output.name}”",
            hint="-o 的文件名以 .xlsx、.csv、.html 或 .docx 结尾，如 -o 汇总.xlsx",
        )
    summary = summarize(collect(facts_files(paths, watcher), draft=draft), title)
    atomic_write(output, render_summary(summary, fmt))
    return Result(output, len(summary.ok_rows), summary.problems())
