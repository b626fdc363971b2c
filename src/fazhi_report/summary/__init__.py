"""``fazhi-report summary``: many units' facts files → one table of all units (.xlsx .csv .html .docx).

- :mod:`.collect` reads the units (a broken file is a row with its error, never a stop);
- :mod:`.totals` and :mod:`.compute` make the columns, 合计 and 同比 from the parsed figures;
- :mod:`.tables` lays them out as plain tables, which :mod:`.xlsx` and :mod:`.flat` (.csv, .html)
  write, and :mod:`.document` builds the GB/T 9704 .docx 附表 from.

Exit status (the CLI's): 0 when every file was read; 1 when some file (or its 上年度) was not —
the table is still written with the others, so a county gets it even when one unit's file is
broken, and CI still sees the failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from ..writing import atomic_write

if TYPE_CHECKING:
    from .compute import Summary

FORMATS = ("xlsx", "csv", "html", "docx")


@dataclass(frozen=True)
class Result:
    written: Path
    units: int
    problems: list[tuple[str, str]]  # (file, message)


def run_summary(
    files: Sequence[Path], output: Path, *, title: str | None = None, draft: bool = False
) -> Result:
    """Read the units' facts files, write the summary to ``output``."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(
            f"不支持的汇总格式“{output.suffix or output.name}”",
            hint="-o 的文件名以 .xlsx、.csv、.html 或 .docx 结尾，如 -o 汇总.xlsx",
        )
    from .collect import collect
    from .compute import summarize

    summary = summarize(collect(files, draft=draft), title)
    atomic_write(output, render(summary, fmt))
    return Result(output, len(summary.ok_rows), summary.problems())


def render(summary: Summary, fmt: str) -> bytes:
    """The bytes of one format (each writer is imported only when its format is asked for)."""
    from . import tables

    if fmt == "csv":
        from .flat import render_csv

        return render_csv(tables.main_sheet(summary, with_changes=True))
    if fmt == "html":
        from .flat import render_html

        return render_html(summary.title, tables.all_sheets(summary))
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(tables.all_sheets(summary))
    from ..writers.docx import render_docx
    from .document import summary_document

    return render_docx(summary_document(summary))
