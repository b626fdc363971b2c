"""The options several commands share, and the parsing of option values typer cannot do alone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from ..patterns import lazy

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="文件或文件夹",
        help="事实文件（.yaml）或包含事实文件的文件夹，可多个。",
        show_default=False,
    ),
]


#: What a warning is about, as both --strict options say it.
_WARNINGS = "缺少法定内容、逾期、年份不符、数字与上年相同等"
StrictOption = typer.Option(
    "--strict",
    help=f"警告视为错误：有警告（{_WARNINGS}）的文件不生成，退出码为 1（供 CI 使用）。",
)
StrictCheckOption = typer.Option(
    "--strict",
    help=f"警告视为错误：有警告（{_WARNINGS}）时退出码为 1（供 CI 使用）。",
)
DraftOption = typer.Option(
    "--draft", help="草稿：允许正文留有“待补充”“【待更新】”等占位符（报告中以【】标出）。"
)
JobsOption = typer.Option("-j", "--jobs", help="并行进程数（默认为 CPU 核数）。", min=1)


RootOption = typer.Option(
    "--root",
    help="事实文件中的“上年度”“汇总”“模板”可以指向的文件夹（默认只能指向各事实文件所在的文件夹之内）。",
)


_YEARS = lazy(r"^\d{4}(?:[-—～]\d{4})?(?:[,，]\d{4}(?:[-—～]\d{4})?)*$")


def years_option(value: str | None) -> str | None:
    """``--years``: a usage error (exit code 2) unless it reads 2024, 2023,2024 or 2023-2024."""
    if value is not None and not _YEARS.match(value.replace(" ", "")):
        raise typer.BadParameter("应为年度，如 2024、2023,2024 或 2023-2024")
    return value


def parse_years(value: str | None) -> list[int] | None:
    """``--years 2024``, ``2023,2024`` or ``2023-2024`` → the years."""
    if value is None:
        return None
    years: list[int] = []
    for part in re.split("[,，]", value.replace(" ", "")):
        first, _, last = re.sub("[—～]", "-", part).partition("-")
        years += range(int(first), int(last or first) + 1)
    return years
