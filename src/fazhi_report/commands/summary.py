"""``summary``: many units' facts files → one table of all units (.xlsx .csv .html .docx).

Exit status (the CLI's): 0 when every file was read; 1 when some file (or its 上年度) was not —
the table is still written with the others, so a county gets it even when one unit's file is
broken, and CI still sees the failure.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from msgspec import Struct, field

from ..errors import UserError
from ..summary.collect import collect, one_year
from ..summary.compute import summarize
from ..writers import given_name
from ..writers.summary import FORMATS, render_summary
from ..writing import atomic_write
from . import Watcher
from .build import checked_root, facts_files


class Result(Struct, frozen=True):
    written: Path
    units: int
    problems: list[tuple[str, str]]  # (file, message)
    #: (column, why) for each column whose figures did not all go into its 合计
    left_out: list[tuple[str, str]] = field(default_factory=list)
    #: (file, 年度) of each file left out for its 年度 (``--years``)
    other_years: list[tuple[str, int]] = field(default_factory=list)
    #: The 年度 whose figures the 合计 adds together, when there are several (``--years``)
    years_added: list[int] = field(default_factory=list)


def run_summary(
    paths: Sequence[Path],
    output: Path,
    watcher: Watcher,
    *,
    title: str | None = None,
    draft: bool = False,
    years: Collection[int] | None = None,
    merge_units: bool = False,
    root: Path | None = None,
) -> Result:
    """Read the units' facts files (those of ``years``: of one 年度 when not given), write the
    summary to ``output``; the result says what the 合计 left out and why. The files a unit's
    file names stay inside ``root`` (default: that file's folder)."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(
            f"不支持的汇总格式“{output.suffix or output.name}”",
            hint="-o 的文件名以 .xlsx、.csv、.html 或 .docx 结尾，如 -o 汇总.xlsx",
        )
    given_name(output)
    files = facts_files(paths, watcher)
    collected = collect(files, draft=draft, years=years, root=checked_root(root))
    if years is None:
        one_year(collected)
    summary = summarize(collected, title, merge_units=merge_units)
    atomic_write(output, render_summary(summary, fmt))
    return Result(
        output,
        len(summary.ok_rows),
        summary.problems(),
        summary.left_out(),
        summary.other_years,
        summary.years if len(summary.years) > 1 else [],
    )
